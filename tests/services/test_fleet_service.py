"""The fleet service the GUI and the CLI share: files in and out, one session for what-ifs."""

from __future__ import annotations

import pytest

from app.domain import DomainError
from app.services.fleet import (
    FleetSession,
    demand_chart,
    example_portfolios,
    load_portfolio,
    portfolio_yaml,
    save_portfolio,
)
from app.store.io_formats import catalog_from_dir


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


@pytest.fixture(scope="module")
def cascade():
    return next(p for p in example_portfolios() if p.name == "saas-cascade.yaml")


def test_examples_are_listed_and_round_trip(tmp_path, cascade):
    assert [p.name for p in example_portfolios()] == ["enterprise-platform.yaml", "saas-cascade.yaml"]
    portfolio = load_portfolio(cascade)
    saved = save_portfolio(portfolio, tmp_path / "copy.yaml")
    assert load_portfolio(saved) == portfolio
    assert "cascade" in portfolio_yaml(portfolio)


def test_a_what_if_resizes_only_what_changed(catalog, cascade):
    portfolio = load_portfolio(cascade)
    session = FleetSession(catalog, portfolio, cascade.parent)
    first = session.plan(compare=False, failures=False)
    sized = len(session.cache)
    # a profile and a priority change: no sizing redone
    entries = list(portfolio.workloads)
    entries[1] = entries[1].edited(priority="best_effort")
    entries[0] = entries[0].edited(profile=entries[0].profile.edited(pattern="flat"))
    flat = portfolio.edited(workloads=entries)
    second = session.plan(flat, compare=False, failures=False)
    assert len(session.cache) == sized
    assert second.units[0].demand_rps_by_hour[3] == second.units[0].demand_rps_by_hour[15]
    assert first.units[0].demand_rps_by_hour[3] < first.units[0].demand_rps_by_hour[15]
    # the evaluation's traffic changed: its one pool is sized again, nothing else
    w = entries[1].workload
    assert w is not None and w.batch is not None
    more = w.model_copy(update={"batch": w.batch.model_copy(update={"total_requests": 40_000})})
    entries[1] = entries[1].edited(workload=more)
    session.plan(portfolio.edited(workloads=entries), compare=False, failures=False)
    assert len(session.cache) == sized + 1


def test_fail_a_node_at_a_chosen_hour_and_chart_a_chosen_day(catalog, cascade):
    session = FleetSession(catalog, load_portfolio(cascade), cascade.parent)
    plan = session.plan(compare=False, failure_hour=3)
    assert {f.hour_label for f in plan.failures} == {"Mon 03:00"}
    with pytest.raises(DomainError, match="0 to 167"):
        session.plan(compare=False, failure_hour=168)
    chart = demand_chart(plan, day=2)
    assert chart.title.endswith("Wed (base pools, burst, preempted)") or "Wed" in chart.title
    with pytest.raises(DomainError, match="Monday"):
        demand_chart(plan, day=7)


def test_edits_are_validated_like_files(cascade):
    portfolio = load_portfolio(cascade)
    with pytest.raises(DomainError, match="urgent"):
        portfolio.workloads[0].edited(priority="urgent")
    with pytest.raises(DomainError, match="24 hourly levels"):
        portfolio.workloads[0].profile.edited(levels=[1.0])


def test_a_scenario_name_needs_a_project(catalog, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: p\nworkloads: [{scenario: Saved one}]\nfleet: {pools: [{name: g, instance: RunPod 1x H100 SXM}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DomainError, match="needs a project"):
        FleetSession(catalog, load_portfolio(path), tmp_path)

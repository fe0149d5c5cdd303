"""The decision package's Fleet section, read back with pypdf: present when a portfolio's plan is
given (verdict, pools, demand chart, placement, failure table, chargeback), absent otherwise; and
`archwise report --portfolio` adds it, a bad portfolio file is refused with exit 2."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.fleet_results import CHARGEBACK_RULE
from app.report import write_decision_package
from app.services.fleet import FleetSession, example_portfolios, load_portfolio
from app.store.io_formats import catalog_from_dir


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan():
    path = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    return FleetSession(catalog_from_dir(), load_portfolio(path), path.parent).plan()


def _text(path) -> str:
    return flat(" ".join(p.extract_text() for p in PdfReader(path).pages))


def fleet_heading(text: str, portfolio: str) -> bool:
    """The Fleet heading, numbered after the last section before it (the numbers are generated:
    a section added before it, such as the benchmark plan, shifts it)."""
    m = re.search(rf"(\d+) Fleet: {re.escape(portfolio)}", text)
    before = [int(n) for n in re.findall(r"(\d+) (?:Assumptions and sources|Benchmark plan)", text)]
    return m is not None and int(m.group(1)) == max(before) + 1


def test_fleet_section_carries_the_plan(tmp_path, case, meta, plan):
    scenario, sizing, catalog = case
    path = write_decision_package(tmp_path / "f.pdf", scenario, sizing, None, catalog, meta, fleet=plan)
    text = _text(path)
    assert fleet_heading(text, plan.portfolio)
    assert plan.verdict in text
    for pool in plan.pools:
        assert pool.name in text and f"${pool.cost_usd_per_month:,.0f}" in text
    demand = next(c for c in plan.charts if c.key == "fleet_demand")
    assert demand.title.split(" (")[0] in text  # the busiest day's stacked demand chart ("GPUs by workload, Tue")
    assert f"Placement at {plan.placement_hour_label}" in text
    first = plan.placement[0]
    assert f"{first.gpus_used:g} / {first.gpus}" in text
    assert "When a node fails" in text
    for case_ in plan.failures:
        assert case_.hour_label in text
    assert "Chargeback per team" in text
    assert flat(f"Chargeback rule: {CHARGEBACK_RULE}.") in text  # the rule the shares follow (D19)
    for team in plan.teams:
        assert team.team in text and f"${team.cost_usd_per_month:,.0f}" in text
    s = plan.sharing
    assert f"Sharing saves {s.saving_owned_gpus:,} owned GPUs and ${s.saving_usd_per_month:,.0f} a month" in text
    assert f"GPUs: {s.gpus_line}" in text


def test_no_portfolio_no_fleet_section(tmp_path, case, meta):
    scenario, sizing, catalog = case
    path = write_decision_package(tmp_path / "n.pdf", scenario, sizing, None, catalog, meta)
    assert re.search(r"\d+ Fleet: ", _text(path)) is None


def test_report_command_with_a_portfolio(tmp_path, capsys):
    from app.paths import EXAMPLES_DIR

    out = tmp_path / "pkg.pdf"
    portfolio = next(p for p in example_portfolios() if p.stem == "saas-cascade")
    args = ["report", str(EXAMPLES_DIR / "rag-assistant-cloud.yaml"), "-o", str(out), "--project",
            str(tmp_path / "p.archwise")]  # fmt: skip
    assert main([*args, "--portfolio", str(portfolio)]) == 0
    text = _text(out)
    assert fleet_heading(text, "SaaS assistant cascade") and "Chargeback per team" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    out.unlink()
    assert main([*args, "--portfolio", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
    assert not out.exists()

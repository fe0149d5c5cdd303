"""Portfolio records refuse bad input at the boundary, one clear message each; profiles and
windows read as documented."""

from __future__ import annotations

import copy

import pytest
from fleet_helpers import ONE_GPU, batch, serving

from app.domain import DomainError, Traffic, parse
from app.domain.portfolio import HourlyProfile, JobSchedule, Portfolio, pattern_levels, window_bounds
from app.domain.workload import Recurrence
from app.engine.fleet.units import job_runs

GOOD = {
    "name": "p",
    "workloads": [serving("A", 1.0)],
    "fleet": {"pools": [{"name": "gpu", "instance": ONE_GPU}]},
}


def with_(path: str, value):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(GOOD)
    *head, last = path.split(".")
    node = data
    for key in head:
        node = node[int(key)] if key.isdigit() else node[key]
    node[last] = value
    return data


BAD = [
    (with_("workloads.0.profile", {"levels": [1.0] * 23}), "needs 24 hourly levels"),
    (with_("workloads.0.profile", {"levels": [0.0] * 24}), "all 0"),
    (with_("workloads.0.profile", {"levels": [2.0] + [1.0] * 23}), "between 0 and 1"),
    (with_("workloads.0.profile", {"days_per_week": 8}), "from 1 to 7"),
    (with_("workloads.0.routing", {"cascade": [{"model": "x", "answers": 0.5}]}), "add to 0.5"),
    (with_("workloads.0.routing", {"cascade": [{"model": "x", "hosted": "y", "answers": 1}]}), "exactly one of"),
    (with_("workloads.0.pools", ["nowhere"]), "no pool named nowhere"),
    (with_("workloads.0.scenario", "Saved"), "exactly one of scenario"),
    (with_("workloads", [serving("A", 1.0), serving("A", 2.0)]), "two workloads are named A"),
    (with_("workloads", []), "workloads"),
    (with_("fleet.pools", []), "pools"),
    (with_("fleet.pools", [{"name": "b", "instance": ONE_GPU, "burst": True}]), "at least one base pool"),
    (with_("fleet.pools", [{"name": "g", "instance": ONE_GPU}, {"name": "G", "instance": ONE_GPU}]), "two pools"),
    (with_("fleet.pools.0.nodes", -1), "from 0 to 100,000"),
    (with_("fleet.pools.0.nodes", "many"), "nodes"),
    (with_("fleet.pools.0.max_nodes", 4) | {}, None),  # max_nodes with auto is fine
    (with_("fleet.max_utilisation", 0), "above 0"),
    (with_("fleet.max_utilisation", float("nan")), "must be above 0 and at most 1, got nan"),
    (with_("workloads.0.schedule", {"window": "25:00-03:00"}), "is not HH:MM-HH:MM"),
    (with_("workloads.0.priority", "urgent"), "'urgent' is not one of"),
    (with_("workloads.0.surprise", 1), "surprise"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_portfolios_are_refused_with_one_clear_line(data, message):
    if message is None:
        parse(Portfolio, data)
        return
    with pytest.raises(DomainError) as err:
        parse(Portfolio, data, what="portfolio.yaml")
    text = str(err.value)
    assert message in text, text
    assert "\n" not in text and text.startswith("portfolio.yaml: ")


def test_max_nodes_goes_with_auto_only():
    data = with_("fleet.pools", [{"name": "g", "instance": ONE_GPU, "nodes": 2, "max_nodes": 4}])
    with pytest.raises(DomainError, match="max_nodes goes with nodes: auto"):
        parse(Portfolio, data)


def test_diurnal_pattern_is_the_workloads_own_day():
    """x3 for 6 peak hours: those hours (9..14, centred) at 1, the others at (24 - 18) / 18 / 3 of it."""
    traffic = Traffic(requests_per_s=5.0, peak_to_mean=3.0, peak_hours_per_day=6)
    levels = pattern_levels(HourlyProfile().pattern, traffic)
    assert levels[9:15] == (1.0,) * 6
    assert levels[8] == pytest.approx(6 / 18 / 3) and levels[15] == pytest.approx(6 / 18 / 3)
    assert pattern_levels(HourlyProfile().pattern, Traffic(requests_per_s=5.0, pattern="steady")) == (1.0,) * 24


def test_a_profile_is_scaled_to_its_highest_level():
    day = HourlyProfile(levels=[0.5] * 12 + [0.25] * 12).day()
    assert day[0] == 1.0 and day[20] == 0.5


def test_windows_in_whole_hours():
    assert window_bounds("22:00-06:00") == (22, 8)
    assert window_bounds("22:30-06:00") == (22, 8)  # touches 22:00 to 06:00
    assert window_bounds("00:00-00:00") == (0, 24)


def test_runs_of_each_recurrence():
    daily = job_runs(JobSchedule(window="22:00-02:00", recurrence=Recurrence.DAILY))
    assert len(daily) == 7 and list(daily[6]) == [166, 167, 0, 1]  # Sunday night wraps to Monday
    assert len(job_runs(JobSchedule(window="01:00-05:00", recurrence=Recurrence.BUSINESS_DAYS))) == 5
    weekly = job_runs(JobSchedule(window="01:00-05:00", recurrence=Recurrence.WEEKLY))
    assert len(weekly) == 1 and list(weekly[0]) == [1, 2, 3, 4]  # one window: Monday's, not every day's
    anytime = job_runs(JobSchedule(window="00:00-00:00", recurrence=Recurrence.WEEKLY))
    assert len(anytime) == 1 and len(anytime[0]) == 168


def test_a_batch_job_takes_its_window_from_its_batch_block():
    from app.domain import Candidates, Scenario
    from app.engine.fleet.units import schedule_of

    entry = parse(Portfolio, with_("workloads", [batch("N", 1000, "20:00-06:00", recurrence="business_days")]))
    w = entry.workloads[0]
    assert w.workload is not None
    s = Scenario(name="N", workload=w.workload, candidates=Candidates())
    assert schedule_of(w, s) == JobSchedule(window="20:00-06:00", recurrence=Recurrence.BUSINESS_DAYS)


@pytest.mark.parametrize("bad", [-1, 100_001, 2.5, "many", True])
def test_a_bad_node_count_names_the_field_and_its_values_without_validator_internals(bad):
    with pytest.raises(DomainError) as err:
        parse(Portfolio, with_("fleet.pools.0.nodes", bad), what="portfolio.yaml")
    text = str(err.value)
    assert text.startswith("portfolio.yaml: fleet.pools.0.nodes: a whole number from 0 to 100,000, or auto"), text
    assert "function-" not in text and "literal[" not in text and ";" not in text


@pytest.mark.parametrize(("given", "read"), [(3, 3), (0, 0), ("auto", "auto"), (4.0, 4)])
def test_good_node_counts_still_read(given, read):
    assert parse(Portfolio, with_("fleet.pools.0.nodes", given)).fleet.pools[0].nodes == read


def test_a_refused_edit_names_the_record_in_words_not_its_class():
    from fleet_helpers import portfolio

    pf = portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}])
    with pytest.raises(DomainError, match=r"^Fleet: pools: "):
        pf.fleet.edited(pools=[])
    with pytest.raises(DomainError, match=r"^Pool 'gpu': nodes: "):
        pf.fleet.pools[0].edited(nodes=-1)
    with pytest.raises(DomainError, match=r"^Portfolio 'test': A name is required$"):
        pf.edited(name="")

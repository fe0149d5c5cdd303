"""A weekly job can name its day(s): a weekend batch runs on Saturday, not in Monday's window
beside the weekday peak (GUI tester D27: "Weekend essay feedback" had no day field and the fleet
drew it on Monday 16:00-18:00 next to the tutoring and coding peaks).

Saturday is day 5 (Monday 0): its 08:00-20:00 window is hours 5 x 24 + 8 = 128 to 139 of the week."""

from __future__ import annotations

from app.domain import parse
from app.domain.workload import BatchSpec
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, batch, plan, portfolio, serving

WEEKDAY_PEAK = [0.0] * 8 + [1.0] * 8 + [0.0] * 8  # 08:00-16:00


def _job_hours(run_days: list[str]) -> tuple[dict, list[dict]]:
    """The essay job (weekly, 08:00-20:00, on `run_days`) and a pool of two 8-GPU nodes."""
    job = batch("Essays", 40_000, "08:00-20:00", recurrence="weekly")
    job["workload"]["batch"]["run_days"] = run_days
    return job, [{"name": "own", "instance": EIGHT_GPU, "nodes": 2}]


def test_a_saturday_job_runs_on_saturday_only(catalog):
    job, pools = _job_hours(["Sat"])
    pf = portfolio([serving("Tutoring", 10.0, WEEKDAY_PEAK), job], pools)
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.feasible
    essays = next(u for u in fp.units if u.name == "Essays")
    held = [h for h, g in enumerate(essays.gpus_by_hour) if g > 0]
    assert held and all(128 <= h < 140 for h in held)  # Saturday 08:00-20:00
    weekday_peak = {d * 24 + h for d in range(5) for h in range(8, 16)}
    assert not weekday_peak & set(held)


def test_without_a_day_the_run_stays_in_mondays_window(catalog):
    job, pools = _job_hours([])
    fp = plan(portfolio([job], pools), catalog, failures=False, compare=False)
    held = [h for h, g in enumerate(next(u for u in fp.units if u.name == "Essays").gpus_by_hour) if g > 0]
    assert held and all(8 <= h < 20 for h in held)


def test_run_days_read_from_yaml_and_said_in_the_summary():
    b = parse(BatchSpec, {"total_requests": 40_000, "recurrence": "weekly", "start_window": "08:00-20:00",
                          "run_days": ["Sun", "Sat", "Sat"]})  # fmt: skip
    assert b.run_days == ["Sat", "Sun"]
    assert "(weekly on Sat, Sun, 08:00-20:00)" in b.summary()

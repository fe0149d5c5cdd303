"""A batch job's requests and GPU-hours per week follow its recurrence: the plan's week holds one
run of a once-a-month job (the week it runs), but its weekly figures and chargeback average that run
over the month. Hand calculation at 730 h a month: 168 / 730 = 0.2301 runs a week, so 2,000,000
requests per run are 460,274 a week (the GUI tester saw 2,000,000 a week: 4.35 runs a month billed
while the scenario prices one); daily: 7 runs, 14,000,000 a week; business days 5; weekly 1."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio

RUNS_A_WEEK = {"once": 168 / 730, "monthly": 168 / 730, "daily": 7.0, "business_days": 5.0, "weekly": 1.0}


@pytest.mark.parametrize("recurrence", sorted(RUNS_A_WEEK))
def test_requests_per_week_follow_the_recurrence(catalog, recurrence):
    pf = portfolio(
        [batch("Monthly report", 200_000, "22:00-06:00", recurrence=recurrence)],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}],
    )
    fp = plan(pf, catalog, failures=False, compare=False)
    k = fp.kpis[0]
    assert k.requests_per_week == pytest.approx(200_000 * RUNS_A_WEEK[recurrence], rel=1e-9)


def test_a_once_a_month_job_is_charged_one_run_a_month(catalog):
    def kpi(recurrence: str):
        pf = portfolio(
            [batch("Monthly report", 200_000, "22:00-06:00", recurrence=recurrence)],
            [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}],
        )
        return plan(pf, catalog, failures=False, compare=False).kpis[0]

    once, weekly = kpi("once"), kpi("weekly")
    assert weekly.gpu_hours_per_week > 0
    # the same single run in the plan's week, but once a month instead of every week
    assert once.gpu_hours_per_week == pytest.approx(weekly.gpu_hours_per_week * 168 / 730, rel=1e-9)

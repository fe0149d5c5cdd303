"""Every weekly figure of a fleet plan is an average week of the month, as the monthly cost bills it
(issue 18: a monthly job's run counted once a month in $/month but every week in kWh/week, the
teams' shares, $/request and the weekly costs).

Hand calculation: a monthly job of 60,000 requests runs w replica-hours on 1-GPU burst nodes at
$6/node-hour (per second); an average week holds 168 / 730 = 0.2301 of its run. A weekly job is
the same run every week (weight 1). So, monthly against weekly on the same week's placement:
kWh/week x 168 / 730 (a burst node is powered only while rented), $/request = $6 x w / 60,000
(the month's bill over the month's requests), and team shares by the month's bill."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio, serving

OWN = {"name": "own", "instance": ONE_GPU, "nodes": 0}
BURST = {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0}
AVERAGE = 168 / 730


def _job(catalog, recurrence: str):
    pf = portfolio([batch("Report", 60_000, "01:00-09:00", recurrence=recurrence)], [OWN, BURST])
    return plan(pf, catalog, failures=False, compare=False)


def test_a_monthly_runs_energy_and_cost_per_request_count_it_once_a_month(catalog):
    monthly, weekly = _job(catalog, "monthly"), _job(catalog, "weekly")
    assert monthly.units[0].replicas_by_hour == weekly.units[0].replicas_by_hour  # the same week placed
    assert weekly.energy_kwh_per_week > 0
    assert monthly.energy_kwh_per_week == pytest.approx(weekly.energy_kwh_per_week * AVERAGE, rel=1e-9)
    assert monthly.pools[1].energy_kwh_per_week == pytest.approx(weekly.pools[1].energy_kwh_per_week * AVERAGE)
    assert monthly.kpis[0].energy_kwh_per_week == pytest.approx(weekly.kpis[0].energy_kwh_per_week * AVERAGE)
    w = next(s.unit_hours_per_run for s in monthly.replica_specs if s.unit == "Report")
    assert monthly.kpis[0].cost_per_request_usd == pytest.approx(6.0 * w / 60_000, rel=1e-9)
    assert monthly.kpis[0].cost_usd_per_week == pytest.approx(6.0 * w * AVERAGE, rel=1e-9)
    assert monthly.cost_usd_per_week == pytest.approx(6.0 * w * AVERAGE, rel=1e-9)
    assert weekly.kpis[0].cost_per_request_usd == pytest.approx(6.0 * w / 60_000, rel=1e-9)


def test_team_shares_follow_the_months_bill(catalog):
    pools = [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}, BURST]
    pf = portfolio(
        [
            serving("Chat", 0.01, team="app", pools=["gpu"]),
            batch("Report", 60_000, "01:00-09:00", recurrence="monthly", team="data", pools=["burst"]),
        ],
        pools,
    )
    fp = plan(pf, catalog, failures=False, compare=False)
    w = next(s.unit_hours_per_run for s in fp.replica_specs if s.unit == "Report")
    chat_month = 3.99 * 730  # one owned node all month
    job_month = 6.0 * w  # one run a month
    share = {t.team: t.share for t in fp.teams}
    assert share["data"] == pytest.approx(job_month / (chat_month + job_month), rel=1e-9)
    assert share["app"] == pytest.approx(chat_month / (chat_month + job_month), rel=1e-9)

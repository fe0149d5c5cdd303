"""A burst pool bills what the cloud bills: per second of use, and a monthly job's run once a month
(issue 18: the fleet billed the run's last hour whole, 4 h for 3.28 h of work, and the month as the
plan's week x 4.35, so a once-a-month run was paid 4.35 times).

Hand calculation: a monthly job of R requests on 1-GPU burst nodes at $6/node-hour runs
w = R / (req/s per replica x 3600) replica-hours a run; a month holds one run: $6 x w."""

from __future__ import annotations

import math

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio

OWN = {"name": "own", "instance": ONE_GPU, "nodes": 0}  # a base pool with no node: all runs burst
BURST = {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0}


def _work(fp, unit: str) -> float:
    return next(s.unit_hours_per_run for s in fp.replica_specs if s.unit == unit)


def test_a_monthly_burst_run_is_billed_once_a_month_per_second(catalog):
    pf = portfolio([batch("Month end", 60_000, "01:00-09:00", recurrence="monthly")], [OWN, BURST])
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.feasible
    w = _work(fp, "Month end")
    assert math.ceil(w) > w + 0.05  # a run that ends within an hour: billing whole hours would differ
    pool = fp.pools[1]
    assert pool.cost_usd_per_week == pytest.approx(6.0 * w * 168 / 730, rel=1e-9)  # an average week of the month
    assert pool.cost_usd_per_month == pytest.approx(6.0 * w, rel=1e-9)  # one run a month, not x 730/168
    assert fp.cost_usd_per_month == pytest.approx(6.0 * w, rel=1e-9)
    assert fp.kpis[0].cost_usd_per_month == pytest.approx(6.0 * w, rel=1e-9)
    assert fp.teams[0].cost_usd_per_month == pytest.approx(6.0 * w, rel=1e-9)
    assert any("Burst pool burst (RunPod 1x H100 SXM) is billed per second" in n for n in fp.notes)


def test_a_weekly_burst_run_is_billed_each_week_of_the_month(catalog):
    pf = portfolio([batch("Week end", 60_000, "01:00-09:00", recurrence="weekly")], [OWN, BURST])
    fp = plan(pf, catalog, failures=False, compare=False)
    w = _work(fp, "Week end")
    assert fp.pools[1].cost_usd_per_month == pytest.approx(6.0 * w * 730 / 168, rel=1e-9)


def test_the_team_chart_bills_the_monthly_run_once(catalog):
    pf = portfolio([batch("Month end", 60_000, "01:00-09:00", recurrence="monthly")], [OWN, BURST])
    fp = plan(pf, catalog, failures=False, compare=False)
    w = _work(fp, "Month end")
    chart = next(c for c in fp.charts if c.key == "fleet_chargeback")
    fleet_share = next(s for s in chart.series if s.name == "Fleet share")
    assert fleet_share.y == [pytest.approx(6.0 * w, rel=1e-9)]

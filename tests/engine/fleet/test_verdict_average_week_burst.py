"""The verdict's burst node-hours are an average week's, as the pool's cost bills them (CLI
reviewer tcli4 finding 10: a monthly 120,000-request run rented 34 nodes for one hour; the verdict
said "34 burst node-hours per week" while the pool billed 33.1 node-hours once a month = 7.6 a week).

Hand: one run = requests / (req/s per replica x 3600) replica-hours (one GPU a node: node-hours,
billed per second); an average week holds 168 / 730 of the month's one run."""

from __future__ import annotations

import re

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import ONE_GPU, batch, plan, portfolio, rate


def test_a_monthly_run_counts_once_a_month_in_the_verdict(catalog: Catalog):
    pools = [{"name": "base", "instance": ONE_GPU, "nodes": 0}, {"name": "rent", "instance": ONE_GPU, "burst": True}]
    pf = portfolio([batch("Close", 120_000, "21:00-06:00", recurrence="monthly")], pools)
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.feasible
    node_hours_run = 120_000 / (rate(fp, "Close", "rent") * 3600)
    week = node_hours_run * 168 / pf.fleet.assumptions.hours_per_month
    said = float(re.search(r"\+ ([\d.,]+) burst node-hours billed in an average week", fp.verdict).group(1))
    assert said == pytest.approx(week, abs=0.06)
    price = catalog.instance(ONE_GPU).price_on_demand_usd_per_hour
    assert fp.pools[1].cost_usd_per_month == pytest.approx(node_hours_run * price, rel=0.01)

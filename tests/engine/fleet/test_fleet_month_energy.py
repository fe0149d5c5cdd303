"""The fleet's kWh and CO2e per month (issue 18 asks for them a month; the plan gave them per week):
the month is the average week's figure x hours a month / 168 (AVERAGE_WEEK_RULE), for the fleet,
each pool, each workload and team, and the same numbers in `fleet --json`, the CLI text and the PDF's
table.

Hand calculation: with hours_per_month = 720 a month is 720 / 168 = 4.285714 weeks, so 100 kWh in
an average week is 428.57 kWh a month. A monthly job's run counts once a month: its kWh a month is
the kWh of one run, the weekly job's kWh a week on the same placement."""

from __future__ import annotations

import json

import pytest

from app.cli.fleet_cmd import render_plan
from app.report.fleet_section import kpi_rows as report_kpi_rows
from app.services.fleet import fleet_json
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, ONE_GPU, batch, plan, portfolio, serving

WEEKS = 720 / 168  # 4.285714 weeks a month at hours_per_month 720


def test_month_is_the_average_week_times_hours_a_month_over_168(catalog):
    pf = portfolio(
        [serving("Chat", 20, team="Alpha"), serving("Search", 8, priority="batch", team="Beta")],
        [{"name": "Cloud", "instance": EIGHT_GPU, "nodes": 2}],
        assumptions={"hours_per_month": 720},
    )
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.energy_kwh_per_week > 0 and fp.co2e_kg_per_week is not None
    assert fp.energy_kwh_per_month == pytest.approx(fp.energy_kwh_per_week * WEEKS, rel=1e-12)
    assert fp.co2e_kg_per_month == pytest.approx(fp.co2e_kg_per_week * WEEKS, rel=1e-12)
    assert fp.pools[0].energy_kwh_per_month == pytest.approx(fp.pools[0].energy_kwh_per_week * WEEKS, rel=1e-12)
    for k in fp.kpis:
        assert k.energy_kwh_per_month == pytest.approx(k.energy_kwh_per_week * WEEKS, rel=1e-12)
        assert k.co2e_kg_per_month == pytest.approx(k.co2e_kg_per_week * WEEKS, rel=1e-12)
    for t in fp.teams:
        assert t.co2e_kg_per_month == pytest.approx(t.co2e_kg_per_week * WEEKS, rel=1e-12)
    # the same numbers in --json, the CLI text and the PDF's per-workload table
    data = json.loads(fleet_json(fp))
    assert data["energy_kwh_per_month"] == pytest.approx(fp.energy_kwh_per_month, rel=1e-12)
    assert data["co2e_kg_per_month"] == pytest.approx(fp.co2e_kg_per_month, rel=1e-12)
    assert data["kpis"][0]["energy_kwh_per_month"] == pytest.approx(fp.kpis[0].energy_kwh_per_month, rel=1e-12)
    text = render_plan(fp)
    assert f"{fp.energy_kwh_per_month:,.0f} kWh/month ({fp.energy_kwh_per_week:,.0f}/week)" in text
    rows = report_kpi_rows(fp)
    assert rows[0][-2:] == ["kWh/month", "kg CO2e/month"]
    assert rows[1][-2] == f"{fp.kpis[0].energy_kwh_per_month:,.0f}"


def test_a_monthly_run_counts_once_in_the_month(catalog):
    pools = [
        {"name": "own", "instance": ONE_GPU, "nodes": 0},
        {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0},
    ]
    monthly, weekly = (
        plan(portfolio([batch("Report", 60_000, "01:00-09:00", recurrence=r)], pools), catalog, failures=False,
             compare=False)
        for r in ("monthly", "weekly")
    )  # fmt: skip
    assert weekly.energy_kwh_per_week > 0
    assert monthly.energy_kwh_per_month == pytest.approx(weekly.energy_kwh_per_week, rel=1e-9)  # one run
    assert weekly.energy_kwh_per_month == pytest.approx(weekly.energy_kwh_per_week * 730 / 168, rel=1e-9)

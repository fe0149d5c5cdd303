"""CO2e for the fleet as a whole and in every output (tgui4 D28): the fleet's total is the pools' kWh x
their grid intensity (the portfolio's assumption, else the catalog's figure for the node's region)
/ 1000, the workloads' shares sum to it; where a pool's grid has no figure (an on-prem node has no
region) the CLI, the Fleet page and the report say "unknown" with the reason, never 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.cli.fleet_cmd import render_plan
from app.report.fleet_section import kpi_rows as report_kpi_rows
from app.store.io_formats import catalog_from_dir
from app.ui.fleet.results import KPI_COLUMNS, kpi_rows, verdict_text
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio, serving

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"
US_GRID = 366.2  # g CO2e/kWh, catalog/grid_regions.yaml "us" (EIA national average); Lambda's region


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _two(pool: dict, **fleet) -> object:
    return portfolio(
        [serving("Chat", 20, team="Alpha"), serving("Search", 8, priority="batch", team="Beta")], [pool], **fleet
    )


def test_cloud_pool_co2e_is_kwh_times_region_grid(catalog):
    assert catalog.instance(EIGHT_GPU).region == "us"
    fp = plan(_two({"name": "Cloud", "instance": EIGHT_GPU, "nodes": 2}), catalog, failures=False)
    kwh_week = fp.pools[0].energy_kwh_per_week
    assert kwh_week > 0
    # one pool: kg a week = kWh a week x 366.2 g/kWh / 1000
    assert fp.co2e_kg_per_week == pytest.approx(kwh_week * US_GRID / 1000, rel=1e-9)
    assert fp.co2e_note == ""
    for k in fp.kpis:
        assert k.co2e_kg_per_week == pytest.approx(k.energy_kwh_per_week * US_GRID / 1000, rel=1e-9)
        assert k.co2e_kg_per_week > 0
    # the workloads' shares sum to the fleet's figure
    assert_allclose(sum(k.co2e_kg_per_week for k in fp.kpis), fp.co2e_kg_per_week, rtol=1e-9)
    # shown in the CLI, the Fleet page's table and verdict, and the report's table
    text = render_plan(fp)
    assert "kg CO2e/month" in text
    both = f"CO2e {fp.co2e_kg_per_month:,.0f} kg/month ({fp.co2e_kg_per_week:,.0f} kg/week)"
    assert both in text
    col = KPI_COLUMNS.index("kg CO2e/month")
    assert [r[col] for r in kpi_rows(fp)] == [f"{k.co2e_kg_per_month:,.0f}" for k in fp.kpis]
    assert both in verdict_text(fp)
    rows = report_kpi_rows(fp)
    assert rows[0][-1] == "kg CO2e/month"
    assert all(r[-1] not in ("", "0", "unknown") for r in rows[1:])


def test_on_prem_pool_without_region_is_unknown_not_zero(catalog):
    assert not catalog.instance(DGX).region
    fp = plan(_two({"name": "Owned", "instance": DGX, "nodes": 1}), catalog, failures=False)
    assert fp.energy_kwh_per_week > 0
    assert fp.co2e_kg_per_week is None
    assert "Owned: On-prem 8x H100 SXM (DGX H100) has no region" in fp.co2e_note
    assert all(k.co2e_kg_per_week is None for k in fp.kpis)
    col = KPI_COLUMNS.index("kg CO2e/month")
    assert {r[col] for r in kpi_rows(fp)} == {"unknown"}
    assert f"CO2e unknown: {fp.co2e_note}" in verdict_text(fp)
    text = render_plan(fp)
    assert "/week), CO2e unknown, " in text
    assert f"CO2e unknown: {fp.co2e_note}" in text
    assert {r[-1] for r in report_kpi_rows(fp)[1:]} == {"unknown"}


def test_portfolio_grid_assumption_prices_the_on_prem_pool(catalog):
    fp = plan(
        _two({"name": "Owned", "instance": DGX, "nodes": 1}, assumptions={"grid_gco2e_per_kwh": 400.0}),
        catalog,
        failures=False,
    )
    # 1 pool: kWh a week x 400 g/kWh / 1000
    assert fp.co2e_kg_per_week == pytest.approx(fp.energy_kwh_per_week * 400.0 / 1000, rel=1e-9)
    assert_allclose(sum(k.co2e_kg_per_week for k in fp.kpis), fp.co2e_kg_per_week, rtol=1e-9)

"""The Fleet page's CO2e (tgui4 D28): the shipped on-prem example's DGX pool has no region, so its
CO2e reads "unknown" (never 0, never "-") with the reason in the verdict; giving the portfolio a grid
intensity in the fleet's assumptions fills the column and the fleet's total, kWh x g/kWh / 1000."""

from __future__ import annotations

import pytest

from app.services.fleet import example_portfolios
from app.ui.fleet.results import KPI_COLUMNS

WAIT = 120_000


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 768)


def test_grid_intensity_fills_the_co2e_column(page, qtbot):
    ex = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(ex)
    col = KPI_COLUMNS.index("kg CO2e/month")
    assert {page.kpis.item(r, col).text() for r in range(page.kpis.rowCount())} == {"unknown"}
    assert "CO2e unknown" in page.verdict.text() and "has no region" in page.verdict.text()

    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        page.fleet_form.grid.setValue(400)
    plan = page.plan
    assert page.portfolio.fleet.assumptions.grid_gco2e_per_kwh == 400
    assert plan.co2e_kg_per_week == pytest.approx(plan.energy_kwh_per_week * 400 / 1000, rel=1e-9)
    assert plan.co2e_kg_per_month == pytest.approx(plan.energy_kwh_per_month * 400 / 1000, rel=1e-9)
    cells = [page.kpis.item(r, col).text() for r in range(page.kpis.rowCount())]
    assert cells == [f"{k.energy_kwh_per_month * 400 / 1000:,.0f}" for k in plan.kpis]
    assert f"CO2e {plan.co2e_kg_per_month:,.0f} kg/month ({plan.co2e_kg_per_week:,.0f} kg/week)" in page.verdict.text()

"""The report's Fleet section gives the CO2e per workload and for the fleet (tgui4 D28), read back with
pypdf: the shipped example's on-prem pool has no region, so its CO2e is "unknown" with the reason, never
0; with the portfolio's grid intensity (400 g/kWh) each workload's kg = its kWh x 400 / 1000."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from app.domain import Assumptions
from app.report import write_decision_package
from app.services.fleet import FleetSession, example_portfolios, load_portfolio
from app.store.io_formats import catalog_from_dir


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def portfolio():
    path = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    return path, load_portfolio(path)


def _plan(portfolio, **assumptions):
    path, pf = portfolio
    if assumptions:
        a = Assumptions.model_validate({**pf.fleet.assumptions.model_dump(), **assumptions})
        pf = pf.edited(fleet=pf.fleet.edited(assumptions=a))
    return FleetSession(catalog_from_dir(), pf, path.parent).plan()


def test_unknown_grid_is_said_with_its_reason(tmp_path, case, meta, portfolio):
    plan = _plan(portfolio)
    scenario, sizing, catalog = case
    text = _text(write_decision_package(tmp_path / "f.pdf", scenario, sizing, None, catalog, meta, fleet=plan))
    assert plan.co2e_kg_per_week is None
    assert "CO2e unknown; busiest hour" in text
    assert "CO2e unknown: grid intensity unknown (DGX H100: On-prem 8x H100 SXM (DGX H100) has no region)" in text


def test_grid_intensity_gives_kg_per_workload(tmp_path, case, meta, portfolio):
    plan = _plan(portfolio, grid_gco2e_per_kwh=400.0)
    scenario, sizing, catalog = case
    text = _text(write_decision_package(tmp_path / "g.pdf", scenario, sizing, None, catalog, meta, fleet=plan))
    assert plan.co2e_kg_per_week == pytest.approx(plan.energy_kwh_per_week * 0.4, rel=1e-9)
    month = plan.co2e_kg_per_month
    assert f"{month:,.0f} kg CO2e a month ({plan.co2e_kg_per_week:,.0f} kg a week)" in text
    for k in plan.kpis:
        assert k.co2e_kg_per_week == pytest.approx(k.energy_kwh_per_week * 0.4, rel=1e-9)
        assert k.co2e_kg_per_month == pytest.approx(k.energy_kwh_per_month * 0.4, rel=1e-9)
        assert f"{k.co2e_kg_per_month:,.0f}" in text
    assert "CO2e unknown" not in text

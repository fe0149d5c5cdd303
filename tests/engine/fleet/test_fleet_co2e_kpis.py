"""Fleet KPIs give each workload's CO2e, not only its kWh (GUI tester D28: the sustainability office's
figure was missing, and an on-prem pool, which has no region, had no way to take a grid intensity).

Hand: kg CO2e/week = kWh/week x gCO2e/kWh / 1000, the intensity being the fleet's
grid_gco2e_per_kwh when set, else the pool region's catalog figure (Lambda's region "us")."""

from __future__ import annotations

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio, serving

DGX = "On-prem 8x H100 SXM (DGX H100)"


def _kpi(catalog: Catalog, instance: str, **assumptions: float):
    pools = [{"name": "own", "instance": instance, "nodes": 1}]
    fp = plan(portfolio([serving("Chat", 2.0)], pools, assumptions=assumptions), catalog, failures=False, compare=False)
    return fp, fp.kpis[0]


def test_an_on_prem_pool_takes_the_fleet_grid_intensity(catalog: Catalog):
    _, k = _kpi(catalog, DGX, grid_gco2e_per_kwh=380.0)
    assert k.energy_kwh_per_week > 0
    assert k.co2e_kg_per_week == pytest.approx(k.energy_kwh_per_week * 0.380, rel=1e-9)


def test_without_a_grid_figure_the_co2e_is_not_guessed(catalog: Catalog):
    _, k = _kpi(catalog, DGX)  # on-prem: no region, no fleet intensity
    assert k.co2e_kg_per_week is None


def test_a_cloud_pool_takes_its_region(catalog: Catalog):
    us = next(g.grid_gco2e_per_kwh for g in catalog.grid_regions if g.name == "us")
    assert catalog.instance(EIGHT_GPU).region == "us"
    _, k = _kpi(catalog, EIGHT_GPU)
    assert k.co2e_kg_per_week == pytest.approx(k.energy_kwh_per_week * us / 1000, rel=1e-9)


def test_a_team_sums_its_workloads_co2e(catalog: Catalog):
    pools = [{"name": "own", "instance": DGX, "nodes": 1}]
    work = [serving("Chat", 2.0, team="Tutoring"), serving("Help", 1.0, team="Tutoring")]
    fp = plan(portfolio(work, pools, assumptions={"grid_gco2e_per_kwh": 380.0}), catalog, failures=False, compare=False)
    (team,) = fp.teams
    assert team.co2e_kg_per_week == pytest.approx(sum(k.co2e_kg_per_week for k in fp.kpis), rel=1e-9)
    assert team.co2e_kg_per_week == pytest.approx(sum(k.energy_kwh_per_week for k in fp.kpis) * 0.380, rel=1e-9)

"""The scenario's grid intensity is the site's: it counts the energy of nodes whose region has no
catalog figure (on-prem) and never replaces a cloud region's own figure (tgui5 D4: setting 380 g/kWh
for the on-prem site moved Lambda "us" from 366.2 to 380, +131 kg CO2e a month)."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_hybrid_p100_is_on_prem_row import SCENARIO

US = 366.2  # catalog/grid_regions.yaml "us" (EIA national average), Lambda's region
SITE = 380.0


def _sized(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(hybrid_base_percentile=50, **assumptions)
    return size(parse(Scenario, data), catalog)


def test_site_grid_counts_on_prem_and_leaves_cloud_regions(catalog):
    assert catalog.instance("Lambda 1x H100 SXM").region == "us"
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").region in (None, "")
    c = _sized(catalog, grid_gco2e_per_kwh=SITE).deployments
    cloud, onprem, h = c.row("cloud", "on_demand"), c.row("on_prem", "capex"), c.row("hybrid", "mixed")
    assert cloud.grid_gco2e_per_kwh == pytest.approx(US)  # was 380
    assert cloud.co2e_kg_per_month == pytest.approx(cloud.energy_kwh_per_month * US / 1000, rel=1e-9)
    assert onprem.grid_gco2e_per_kwh == pytest.approx(SITE)
    assert onprem.co2e_kg_per_month == pytest.approx(onprem.energy_kwh_per_month * SITE / 1000, rel=1e-9)
    # the hybrid: base on the site's grid, burst on Lambda's region
    assert h.burst_node_hours_per_month > 0 and not h.co2e_missing
    c0 = _sized(catalog).deployments  # no site figure: the base's CO2e is unknown
    assert c0.row("on_prem", "capex").co2e_kg_per_month is None
    assert c0.row("cloud", "on_demand").co2e_kg_per_month == pytest.approx(cloud.co2e_kg_per_month, rel=1e-12)
    assert h.energy_kwh_per_month > 0
    assert US < h.grid_gco2e_per_kwh < SITE

"""Each deployment row whose CO2e is n/a says why (`co2e_unknown`), and a hybrid's blended grid is
given to the catalog's 0.01 g, not as float noise (tcli5 N14: `co2e_missing: []` on null rows;
`grid_gco2e_per_kwh: 300.00000000000006`)."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_hybrid_p100_is_on_prem_row import SCENARIO

HARDWARE = [
    "On-prem 8x H100 SXM (DGX H100)",
    "Lambda 1x H100 SXM",
    "Qubrid 8x H100 80GB bare metal",
    "GCP TPU v6e-8",
]


def _sized(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["candidates"]["hardware"] = HARDWARE
    data["assumptions"].update(hybrid_base_percentile=50, **assumptions)
    return size(parse(Scenario, data), catalog).deployments


def test_rows_without_co2e_say_why(catalog):
    assert not catalog.instance("Qubrid 8x H100 80GB bare metal").region
    c = _sized(catalog)
    lease, onprem = c.row("bare_metal", "lease"), c.row("on_prem", "capex")
    for r in (lease, onprem):
        assert r.energy_kwh_per_month is not None and r.co2e_kg_per_month is None
        assert r.co2e_unknown == (
            f"no grid intensity for {r.hardware} (no region): no catalog figure for the region and no site "
            "grid intensity set (assumptions)"
        )
    for r in c.rows:
        assert (r.co2e_kg_per_month is None) == bool(r.co2e_unknown), r.label
        if r.energy_kwh_per_month is None:  # the TPU: no TDP in the catalog
            assert r.co2e_unknown.startswith("energy unknown: no accelerator TDP of")
    # the site's grid set: the same rows have a figure and no reason
    c = _sized(catalog, grid_gco2e_per_kwh=300)
    assert c.row("on_prem", "capex").co2e_unknown == "" and c.row("bare_metal", "lease").co2e_unknown == ""


def test_hybrid_grid_is_rounded_to_a_hundredth(catalog):
    # base on the site's 300 g, burst on Lambda's "us" 366.2 g: the kWh-weighted blend lies between
    h = _sized(catalog, grid_gco2e_per_kwh=300).row("hybrid", "mixed")
    assert h.burst_node_hours_per_month > 0 and not h.co2e_missing
    assert 300 < h.grid_gco2e_per_kwh < 366.2
    assert h.grid_gco2e_per_kwh == round(h.grid_gco2e_per_kwh, 2)
    assert h.grid_gco2e_per_kwh == pytest.approx(h.co2e_kg_per_month * 1000 / h.energy_kwh_per_month, abs=0.005)

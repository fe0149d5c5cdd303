"""A hybrid's CO2e counts each side's energy on its own region's grid (issue 18: a P0 hybrid, all of
whose energy is on the cloud burst, read CO2e n/a because it took the owned base's region, which the
on-prem node does not have). A side with energy on an unknown grid leaves the total incomplete."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.energy import sides_co2e_kg

SCENARIO = {
    "name": "chat, owned base and cloud burst",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 40.0, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 1200, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["AWS p5.48xlarge", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"redundancy_replicas": 0},
}
US_EAST_1 = 323.05  # gCO2e/kWh, catalog/grid_regions.yaml (Google region-carbon-info 2024, us-east4)


def _scenario(percentile: float) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data["assumptions"]["hybrid_base_percentile"] = percentile
    return parse(Scenario, data)


def test_sides_co2e_sums_each_side_on_its_grid():
    # 1,000 kWh at 400 g + 500 kWh at 300 g = 400 + 150 = 550 kg
    assert sides_co2e_kg([("a", 1000.0, 400.0), ("b", 500.0, 300.0)]) == (pytest.approx(550.0), [])
    # the side on an unknown grid is left out and named; a side without energy needs no grid
    assert sides_co2e_kg([("a", 1000.0, None), ("b", 500.0, 300.0)]) == (pytest.approx(150.0), ["a"])
    assert sides_co2e_kg([("a", 0.0, None), ("b", 500.0, 300.0)]) == (pytest.approx(150.0), [])
    assert sides_co2e_kg([("a", 1000.0, None)]) == (None, ["a"])


def test_p0_hybrid_takes_the_burst_region_grid(catalog):
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").region in (None, "")
    assert catalog.instance("AWS p5.48xlarge").region == "us-east-1"
    h = size(_scenario(0.0), catalog).deployments.row("hybrid", "mixed")
    assert h is not None and h.nodes == 0  # nothing owned: all the energy is the burst's
    assert h.energy_kwh_per_month is not None and h.energy_kwh_per_month > 0
    # all of it on the us-east-1 grid: kWh x 323.05 g / 1000
    assert h.co2e_kg_per_month == pytest.approx(h.energy_kwh_per_month * US_EAST_1 / 1000.0, rel=1e-9)
    assert h.grid_gco2e_per_kwh == pytest.approx(US_EAST_1)
    assert h.co2e_missing == []


def test_owned_base_without_region_makes_the_co2e_incomplete_not_na(catalog):
    c = size(_scenario(60.0), catalog).deployments
    h = c.row("hybrid", "mixed")
    assert h is not None and h.nodes >= 1 and h.burst_node_hours_per_month
    assert h.co2e_missing == ["grid intensity for the base on On-prem 8x H100 SXM (DGX H100) (no region)"]
    # the burst's share is counted: more than nothing, less than all the energy at that grid
    assert h.co2e_kg_per_month is not None
    assert 0 < h.co2e_kg_per_month < h.energy_kwh_per_month * US_EAST_1 / 1000.0
    assert h.grid_gco2e_per_kwh is None
    assert any(n.startswith("CO2e incomplete for Hybrid") for n in c.notes)

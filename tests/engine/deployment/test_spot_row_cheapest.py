"""The spot row picks the cheapest option by spot pricing, a fleet with no hour above its floor included."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "70B on p5",
    "workload": {
        "name": "Internal chat 70B",
        "category": "inference_api",
        "traffic": {"requests_per_s": 6.0, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 10},
        "tokens": {"input_tokens": 1500, "output_tokens": 250},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["AWS p5.48xlarge"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [8],
    },
    "assumptions": {"redundancy_replicas": 0},
}


def test_spot_row_keeps_the_one_node_option_that_puts_nothing_on_spot(catalog):
    sizing = size(parse(Scenario, SCENARIO), catalog)
    c = sizing.deployments
    od, spot = c.row("cloud", "on_demand"), c.row("cloud", "spot")
    hourly = catalog.instance("AWS p5.48xlarge").price_on_demand_usd_per_hour
    # TP8 serves the peak (12 req/s) on one node: 1 node x 24 h at the on-demand price, nothing above
    # the floor for spot, so 1 x $55.04/h x 730 h = $40,179/month. The old row dropped this option and
    # took a two-node option at $45,809.
    assert hourly == pytest.approx(55.04)
    assert spot.cost_per_month_usd == pytest.approx(1 * hourly * 730, rel=1e-6)
    assert spot.cost_per_month_usd == pytest.approx(od.cost_per_month_usd)
    assert spot.nodes == 1
    assert spot.energy_kwh_per_month == pytest.approx(od.energy_kwh_per_month)

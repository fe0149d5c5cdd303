"""One pricing rule: an option's monthly cost and its deployments row price the same node-hours
(reviewer's diurnal chat: 20 req/s mean, x2.5 for 8 h a day). Tolerance 1e-9 relative."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

CHAT = {
    "name": "Diurnal support chat",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 20, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1200, "output_tokens": 300, "input_tokens_p95": 2500, "output_tokens_p95": 600},
        "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 60, "availability": 0.99},
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["AWS p5.48xlarge"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"horizon_years": 3, "pue": 1.3, "idle_power_fraction": 0.3, "busy_power_fraction": 0.7},
}


def test_on_demand_cost_uses_the_hourly_profile_node_hours(catalog):
    sz = size(parse(Scenario, CHAT), catalog)
    row = next(r for r in sz.deployments.rows if (r.deployment, r.pricing) == ("cloud", "on_demand"))
    o = sz.options[row.option_index]
    price = catalog.instance("AWS p5.48xlarge").price_on_demand_usd_per_hour
    # profile: 8 h at 50 req/s, 16 h at (24 - 8 x 2.5) / 16 x 20 = 5 req/s; ceil(rate / per replica)
    # replicas, packed 8 // gpus to a node
    per_node = 8 // o.gpus
    peak = np.ceil(np.ceil(50 / o.requests_per_s_per_replica - 1e-9) / per_node)
    floor = np.ceil(np.ceil(5 / o.requests_per_s_per_replica - 1e-9) / per_node)
    hand = (peak * 8 + floor * 16) * 730 / 24 * price
    assert o.spare_replicas == 0
    assert_allclose(o.cost_per_month_usd, hand, rtol=1e-9)
    assert_allclose(row.cost_per_month_usd, hand, rtol=1e-9)
    # the explanation lists what the cost really uses
    ex = next(e for e in o.explanations if e.quantity == "Cost per month")
    assert ex.inputs["peak nodes"] == peak and ex.inputs["floor nodes"] == floor
    assert ex.inputs["peak hours/day"] == 8.0
    assert_allclose(float(ex.inputs["node-hours/month"]) * price, hand, rtol=1e-9)
    assert "hourly_profile" in ex.source

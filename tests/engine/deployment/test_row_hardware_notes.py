"""A spot or reserved row on other hardware than the on-demand row says why, in its 'binds'."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size


def test_spot_row_on_other_hardware_says_the_on_demand_hardware_has_no_spot_price(catalog):
    data = {
        "name": "spot elsewhere",
        "workload": {
            "name": "chat",
            "category": "inference_api",
            "sensitivity": "public",  # Akash, a marketplace, holds public data only
            "traffic": {"requests_per_s": 0.8, "peak_to_mean": 3.0, "pattern": "diurnal", "peak_hours_per_day": 8},
            "tokens": {"input_tokens": 1500, "output_tokens": 300},
            "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 100},
        },
        "candidates": {
            "models": ["Llama-3.1-8B-Instruct"],
            "hardware": ["Akash 1x RTX 3090", "GCP g2-standard-4"],
            "precisions": ["bf16"],
            "runtimes": ["vLLM"],
        },
    }
    c = size(parse(Scenario, data), catalog).deployments
    od, spot = c.row("cloud", "on_demand"), c.row("cloud", "spot")
    assert od is not None and od.hardware == "Akash 1x RTX 3090"
    assert spot is not None and spot.hardware == "GCP g2-standard-4"
    assert "Akash 1x RTX 3090 (the on-demand row's hardware) has no spot price" in spot.binds
    assert "other hardware" not in od.binds

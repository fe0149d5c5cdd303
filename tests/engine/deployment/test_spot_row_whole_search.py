"""The spot row of a model is its cheapest spot plan over the whole search, not the spot plan of
whichever spot-priced option survived the top-40 cut (tgui5 D11: with three candidate models the
Qwen x p6-b200 option was cut and the Qwen spot row priced p5.48xlarge at $2,812/month where
p6-b200 costs $1,465)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.services.reporting import deployments_for_model

QWEN = "Qwen2.5-32B-Instruct"

SCENARIO = {
    "name": "Nightly claim summaries",
    "workload": {
        "name": "Nightly claim-file summaries (200,000 x 6k tokens by 06:00)",
        "category": "batch",
        "tokens": {
            "input_tokens": 6000,
            "output_tokens": 400,
            "input_tokens_p95": 12000,
            "output_tokens_p95": 800,
            "shared_prefix_tokens": 500,
            "prefix_cache_hit_ratio": 0.9,
        },
        "sensitivity": "confidential",
        "batch": {
            "total_requests": 200000,
            "deadline_hours": 8.0,
            "recurrence": "daily",
            "start_window": "22:00-06:00",
        },
    },
    "candidates": {"models": ["Llama-3.1-70B-Instruct", "Llama-3.1-8B-Instruct", QWEN]},
    "assumptions": {"electricity_usd_per_kwh": 0.227, "growth_per_quarter": 0.0678, "install_share": 0.08},
}


def test_qwen_spot_row_is_its_cheapest_spot_plan(catalog):
    s = parse(Scenario, SCENARIO)
    sizing = size(s, catalog)
    b200 = catalog.instance("AWS p6-b200.48xlarge")
    assert b200.price_on_demand_usd_per_hour == pytest.approx(113.9328)
    assert b200.price_spot_usd_per_hour == pytest.approx(21.0148)
    kept = [o for o in sizing.options if o.model == QWEN and o.hardware == "AWS p6-b200.48xlarge"]
    assert kept, "the Qwen x p6-b200 option (its cheapest spot plan) was cut from the options"
    # its on-demand month: $7,562 (248.63 $/run x 30.42 runs); on spot x 21.0148/113.9328, with 5 %
    # of the work redone: 7,562 x 0.18445 x 1.05 = $1,465/month (the old row: p5.48xlarge, $2,812)
    od = min(o.cost_per_month_usd for o in kept)
    assert od == pytest.approx(7562, rel=0.01)
    spot = deployments_for_model(s, catalog, sizing, QWEN).row("cloud", "spot")
    assert spot is not None
    assert spot.hardware == "AWS p6-b200.48xlarge"
    assert spot.cost_per_month_usd == pytest.approx(od * 21.0148 / 113.9328 * 1.05, rel=0.02)
    assert spot.cost_per_month_usd == pytest.approx(1465, rel=0.02)

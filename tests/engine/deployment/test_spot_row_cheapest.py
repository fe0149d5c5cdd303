"""The spot row picks the cheapest option by spot pricing, a fleet with no hour above its floor
included; when that cheapest plan puts nothing on spot (the on-demand plan under another label),
no spot row is shown and the notes say why (issue 18)."""

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


def test_no_spot_row_when_the_cheapest_spot_plan_puts_nothing_on_spot(catalog):
    sizing = size(parse(Scenario, SCENARIO), catalog)
    c = sizing.deployments
    od = c.row("cloud", "on_demand")
    inst = catalog.instance("AWS p5.48xlarge")
    assert inst.price_on_demand_usd_per_hour == pytest.approx(55.04)
    assert inst.price_spot_usd_per_hour is not None
    # TP8 serves the peak (12 req/s) on one node: 1 node x 730 h on demand = $40,179/month, and
    # nothing above that floor for spot. The old code showed it as "Cloud spot" at the same $40,179
    # (no spot hour in it); a two-node option would cost more ($45,809) than the on-demand row.
    assert od.cost_per_month_usd == pytest.approx(1 * 55.04 * 730, rel=1e-6)
    assert c.row("cloud", "spot") is None
    notes = " ".join(c.notes)
    assert "no spot row: on AWS p5.48xlarge every hour needs the on-demand floor's 1 node(s)" in notes
    assert "$40,179/month" in notes
    # p5 has both an on-demand and a spot price: the old note said no instance had both
    assert "has both an on-demand and a spot price" not in notes

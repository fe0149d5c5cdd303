"""With a budget, a deployment model with no row because every option is over the budget says so:
the limit is the budget and the cheapest figure, not "meets the limits" (issue 18)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "chat on a budget",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 3.0, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 1200, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
        "budget_usd_per_month": 12000,
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["AWS p5.48xlarge", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"redundancy_replicas": 0},
}


def test_cloud_missing_note_names_the_budget_and_the_cheapest_cloud_figure(catalog):
    assert catalog.instance("AWS p5.48xlarge").price_on_demand_usd_per_hour == pytest.approx(55.04)
    c = size(parse(Scenario, SCENARIO), catalog).deployments
    assert c.row("cloud", "on_demand") is None
    missing = " ".join(c.missing)
    # the cheapest p5 plan is one node all month: 55.04 x 730 = $40,179 > $12,000
    assert (
        "cloud: none within the budget: the cheapest cloud option that meets every other limit "
        "(AWS p5.48xlarge) costs $40,179/month, over the $12,000/month budget" in missing
    )
    assert "no cloud instance among the candidates meets the limits" not in missing
    assert c.row("hybrid", "mixed") is not None  # the burst side is priced though p5 alone is over budget


def test_spot_note_names_the_dual_priced_candidates_that_fail_the_limits(catalog):
    # RunPod (on-demand only) is feasible; AWS p5.48xlarge ($55.04 on demand, a spot price too) is
    # over the $12,000 budget. The old note said no instance had both prices.
    assert catalog.instance("RunPod 1x H100 SXM").price_spot_usd_per_hour is None
    assert catalog.instance("AWS p5.48xlarge").price_spot_usd_per_hour is not None
    data = {**SCENARIO, "candidates": {**SCENARIO["candidates"], "hardware": ["RunPod 1x H100 SXM", "AWS p5.48xlarge"]}}
    c = size(parse(Scenario, data), catalog).deployments
    assert c.row("cloud", "on_demand").hardware == "RunPod 1x H100 SXM"
    assert c.row("cloud", "spot") is None
    notes = " ".join(c.notes)
    assert "here no instance has both an on-demand and a spot price" not in notes
    assert (
        "no feasible option runs on an instance with both an on-demand and a spot price (AWS p5.48xlarge has "
        "both, but none of their options meets the limits, the budget included)" in notes
    )

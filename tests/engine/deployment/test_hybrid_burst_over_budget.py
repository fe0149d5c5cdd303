"""A hybrid is priced when every cloud option alone is over the budget: its burst side is the cloud
option that fails only the budget, and the budget applies to the hybrid's own month (issue 18: the
hybrid row said "not evaluated")."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "busy chat on a budget",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        # 6 peak hours at 40 x 2.5 = 100 req/s, 18 hours at 40 x (24 - 15) / 18 = 20 req/s
        "traffic": {"requests_per_s": 40.0, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 1200, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
        "budget_usd_per_month": 35000,
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["AWS p5.48xlarge", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    # no electricity or colocation cost: the on-prem month is capex / 48 + operations, by hand
    "assumptions": {"redundancy_replicas": 0, "electricity_usd_per_kwh": 0.0, "colo_usd_per_kw_month": 0.0},
}
DGX_MONTH = 270_000 / 48 + 270_000 * 0.15 / 12  # capex over 4 years + 15 %/year operations = $9,000
P5_HOUR = 55.04


def _with_budget(budget: float) -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data["workload"]["budget_usd_per_month"] = budget
    return parse(Scenario, data)


def test_hybrid_bursts_on_a_cloud_option_that_is_over_the_budget_alone(catalog):
    assert catalog.instance("AWS p5.48xlarge").price_on_demand_usd_per_hour == pytest.approx(P5_HOUR)
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").capex_usd == pytest.approx(270_000)
    sizing = size(_with_budget(35_000), catalog)
    c = sizing.deployments
    assert c.row("cloud", "on_demand") is None  # every p5 plan alone is over $35,000
    h = c.row("hybrid", "mixed")
    assert h is not None, c.missing
    assert h.hardware == "On-prem 8x H100 SXM (DGX H100) + AWS p5.48xlarge"
    base = sizing.options[h.option_index]
    assert base.gpus == 1  # one GPU a replica: 8 replicas on the one owned node
    # P60 of the day is the 20 req/s level: one owned node (8 replicas x r >= 20 req/s) that serves
    # 8r < 100 req/s, so the 6 peak hours burst: ceil((100 - 8r) / r) replicas on one p5 node,
    # 6 h x 730 / 24 = 182.5 node-h a month at $55.04
    r = base.requests_per_s_per_replica
    assert 20 <= 8 * r < 100 and -(-(100 - 8 * r) // r) <= 8
    assert h.nodes == 1 and h.burst_hours_per_day == 6 and h.burst_nodes_max == 1
    assert h.burst_node_hours_per_month == pytest.approx(182.5)
    assert h.cost_per_month_usd == pytest.approx(DGX_MONTH + 182.5 * P5_HOUR, rel=1e-9)  # $19,044.80
    assert any("AWS p5.48xlarge alone (serving all the traffic) costs" in a for a in h.assumptions)
    assert not any(m.startswith("hybrid:") for m in c.missing)


def test_a_hybrid_over_the_budget_is_priced_in_the_missing_note(catalog):
    # on-prem alone: 2 nodes, $18,000 a month, within $18,500; the hybrid's $19,044.80 is not
    c = size(_with_budget(18_500), catalog).deployments
    assert c.row("on_prem", "capex").cost_per_month_usd == pytest.approx(2 * DGX_MONTH, rel=1e-9)
    assert c.row("hybrid", "mixed") is None
    assert (
        "hybrid: none within the budget: the cheapest hybrid at base P60 (On-prem 8x H100 SXM (DGX H100) + "
        "AWS p5.48xlarge) costs $19,045/month, over the $18,500/month budget" in c.missing
    )

"""`pricing: spot` prices the options by the rule the deployment comparison's spot row uses
(`engine.spot`, tcli5 N12): serving keeps its quietest hour's nodes on on-demand and runs only the
nodes above them on spot, at spot x (1 + spot_interruption_rate); interruptible work runs all on
spot at spot x (1 + rate). Before, a serving option ran all on spot with no surcharge ($18,231 for
AWS p5 on npc.yaml) and a batch option left out the x 1.05 ($234.18 for the weekly TPU run).

Hand figures (npc.yaml: 30 req/s, 19 quiet hours -> 1 node, 5 peak hours -> 4 nodes of 2 replicas,
7 replicas of 13.3 req/s since the step-level p95s; 3 nodes before):
CoreWeave: 1 x 730 h x $49.24 + 3 nodes x 5 h x 30.4167 d x $19.71 x 1.05 = 45,387.52;
AWS p5.48xlarge: 730 x $55.04 + 456.25 node-h x $17.6289 x 1.05 = 48,624.54.
Weekly batch on GCP TPU v5litepod-8: 27.505 node-h a run x $1.95941 x 1.05 = $56.59 a run,
x 4.345 runs = $245.89 a month."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_on_prem_colo_option_month import SCENARIO as NPC

NPC_SPOT = {
    **NPC,
    "candidates": {**NPC["candidates"], "hardware": ["CoreWeave HGX H100 8x", "AWS p5.48xlarge"]},
    "assumptions": {**NPC["assumptions"], "pricing": "spot"},
}
PHARMA_SPOT = {
    "name": "Pharma document extraction",
    "workload": {
        "name": "Clinical-report field extraction (weekly)",
        "category": "batch",
        "tokens": {"input_tokens": 6000, "output_tokens": 700},
        "batch": {"total_requests": 120000, "recurrence": "weekly", "start_window": "20:00-08:00", "run_days": ["Sat"]},
        "sensitivity": "confidential",
    },
    "candidates": {
        "models": ["Qwen2.5-14B-Instruct"],
        "hardware": ["GCP TPU v5litepod-8"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"horizon_years": 3, "pricing": "spot", "electricity_usd_per_kwh": 0.18, "pue": 1.5},
}
DAYS = 730 / 24


def test_serving_on_spot_keeps_an_on_demand_floor_and_pays_interruptions(catalog):
    result = size(parse(Scenario, NPC_SPOT), catalog)
    by_hw = {o.hardware: o for o in result.options if o.gpus == 4 and o.nodes == 4}
    cw, aws = by_hw["CoreWeave HGX H100 8x"], by_hw["AWS p5.48xlarge"]
    assert cw.cost_per_month_usd == pytest.approx(730 * 49.24 + 3 * 5 * DAYS * 19.71 * 1.05, rel=1e-6)  # 45,387.52
    assert aws.cost_per_month_usd == pytest.approx(730 * 55.04 + 3 * 5 * DAYS * 17.6289 * 1.05, rel=1e-6)  # 48,624.54
    row = result.deployments.row("cloud", "spot")
    best = min(cw.cost_per_month_usd, aws.cost_per_month_usd)
    assert row.cost_per_month_usd == pytest.approx(best, rel=1e-9)
    cost = next(e for e in cw.explanations if e.quantity == "Cost per month")
    assert "quietest hour's nodes on on-demand ($49.24/h)" in str(cost.inputs["price basis"])
    assert "spot_interruption_rate" in cost.formula


def test_batch_on_spot_pays_the_work_redone(catalog):
    result = size(parse(Scenario, PHARMA_SPOT), catalog)
    opt = result.recommended
    assert opt.hardware == "GCP TPU v5litepod-8" and opt.nodes == 3
    assert opt.cost_per_run_usd == pytest.approx(27.505 * 1.95941 * 1.05, rel=1e-3)  # 56.59
    assert opt.cost_per_month_usd == pytest.approx(245.89, rel=1e-3)
    assert result.deployments.row("cloud", "spot").cost_per_month_usd == pytest.approx(opt.cost_per_month_usd, rel=1e-9)

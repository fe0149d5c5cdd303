"""At a traffic no GPU count allowed can serve, the verdict names the GPU count, not a latency
floor or the memory of a candidate that does not even fit (tgui3 D7: 1e9 req/s named "TTFT floor
5.6 s"; with a budget this scenario named the TPU's memory)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.violations import SANITY_MAX_TOTAL_GPUS


def scenario(rate: float) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Frame description at any traffic",
            "workload": {
                "name": "Frames",
                "category": "multimodal",
                "traffic": {"requests_per_s": rate},
                "tokens": {"input_tokens": 200, "output_tokens": 120, "images_per_request": 4},
                "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
                "budget_usd_per_month": 8000,
            },
            "candidates": {
                "models": ["Qwen3-VL-30B-A3B-Instruct"],
                "hardware": ["RunPod 1x L40S", "GCP TPU v6e-1"],
            },
        },
    )


@pytest.fixture(scope="module")
def huge(catalog):
    return size(scenario(1e9), catalog)


def test_the_gpu_count_binds_not_a_latency_floor(huge):
    assert not huge.feasible
    assert [b.constraint for b in huge.binding_constraints] == ["gpus"]
    b = huge.binding_constraints[0]
    assert b.available == SANITY_MAX_TOTAL_GPUS
    # 1e9 req/s mean (peak x2 default would be more): at most a few thousand req/s a GPU, so far
    # more than 100,000 GPUs
    assert b.required > SANITY_MAX_TOTAL_GPUS
    assert "every candidate that fits needs more GPUs than" in b.detail
    assert "GPU count binds" in huge.error
    assert "TTFT" not in huge.error


def test_at_the_baseline_traffic_it_is_feasible(catalog):
    assert size(scenario(2.0), catalog).feasible


def test_a_scenario_cap_still_says_the_capacity_it_lacks(catalog):
    # a cap the scenario sets: the throughput constraint (how much more capacity) still binds first
    s = scenario(200.0)
    s = s.model_copy(update={"constraints": s.constraints.model_copy(update={"max_total_gpus": 2})})
    z = size(s, catalog)
    assert not z.feasible
    assert [b.constraint for b in z.binding_constraints] == ["throughput"]

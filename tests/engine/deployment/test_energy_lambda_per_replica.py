"""The energy explanation's lambda is what its label says (tcli3 finding 9): the mean over the hours
with traffic of each hour's req/s per serving replica, not the workload's mean rate.

Hand calculation (tcli3 chat.yaml on RunPod 1x H100, TP1xPP2 at ~4.3 req/s a replica): 3.0 req/s
mean, peak_to_mean 2.5 over 8 peak hours -> 7.5 req/s for 8 h on 2 replicas = 3.75 each, and
(24 x 3.0 - 8 x 7.5) / 16 = 0.75 req/s for 16 h on 1 replica; lambda = (3.75 x 8 + 0.75 x 16) / 24
= 1.75 req/s per serving replica (the old figure was 3.0)."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.energy import ENERGY_QUANTITY

LAMBDA = "lambda, mean of the hours with traffic [req/s per serving replica]"


def test_lambda_is_the_hours_mean_per_serving_replica(catalog):
    s = parse(
        Scenario,
        {
            "name": "tcli3 chat",
            "workload": {
                "name": "Support chat diurnal",
                "category": "inference_api",
                "traffic": {"requests_per_s": 3.0, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 8},
                "tokens": {
                    "input_tokens": 1200,
                    "output_tokens": 300,
                    "input_tokens_p95": 2400,
                    "output_tokens_p95": 600,
                },
                "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 70, "availability": 0.99},
            },
            "candidates": {
                "models": ["Qwen2.5-32B-Instruct"],
                "hardware": ["RunPod 1x H100 SXM"],
                "gpu_counts": [2],
                "precisions": ["bf16"],
                "runtimes": ["vLLM"],
            },
            "assumptions": {"redundancy_replicas": 0},
        },
    )
    o = size(s, catalog).recommended
    assert 3.75 < o.requests_per_s_per_replica < 7.5  # the peak needs 2 replicas, the rest 1
    ex = next(e for e in o.explanations if e.quantity == ENERGY_QUANTITY)
    assert abs(float(ex.inputs[LAMBDA]) - 1.75) < 1e-6

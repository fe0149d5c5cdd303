"""Energy per 1M tokens with the host left out (`Option.energy_accel_wh_per_million_tokens`), by hand."""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

DGX = "On-prem 8x H100 SXM (DGX H100)"
MODEL = "Test Llama-3-8B"


@pytest.fixture(scope="module")
def steady(catalog):
    scenario = parse(
        Scenario,
        {
            "name": "Steady chat on our DGX",
            "workload": {
                "name": "Steady chat on our DGX",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.5, "peak_to_mean": 1.0, "pattern": "steady"},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": [MODEL], "hardware": [DGX], "precisions": ["bf16"]},
            "assumptions": {"redundancy_replicas": 0},
        },
    )
    return size(scenario, catalog)


def test_accelerator_only_energy_leaves_the_host_out_by_hand(steady):
    # As test_power_busy_share: one DGX H100, one GPU serving a share a x s of (TDP 700 W - 73 W) (the
    # step model: s the option's kernel_share), 7 idle at 73 W, host 4,600 W, PUE 1.4, 730 h,
    # 1,576.8 M tokens a month. Without the
    # host: (8 x 73 + 627 a s) x 1.4 W; the whole node: (8 x 73 + 627 a s + 4,600) x 1.4 W.
    o = steady.recommended
    assert o is not None and o.gpus == 1 and o.nodes == 1 and not o.energy_incomplete
    a = 1 - math.exp(-0.5 * o.request_s)
    k = o.kernel_share
    tokens_m = 0.5 * 3600 * 730 * 1200 / 1e6
    accel_wh = (8 * 73 + 627 * a * k) * 1.4 * 730 / tokens_m
    whole_wh = (8 * 73 + 627 * a * k + 4600) * 1.4 * 730 / tokens_m
    assert_allclose(o.energy_wh_per_million_tokens, whole_wh, rtol=1e-9)
    assert_allclose(o.energy_accel_wh_per_million_tokens, accel_wh, rtol=1e-9)
    # about 0.49 kWh per 1M tokens of the 3.5 with the host: the host is most of an idle DGX
    assert 450 < o.energy_accel_wh_per_million_tokens < 550

"""Power follows each GPU's own busy time: the share k of a decode step it runs kernels, not waiting
on the tensor-parallel all-reduces or the runtime's per-step work (`engine.power.decode_kernel_share`).
Before, a serving GPU drew busy power the whole step, so a TP 8 replica's GPUs were charged as if
each ran as hard as a TP 1 GPU (ML.ENERGY measured 104-149 W per GPU for Llama-3-70B at TP 8 on
A100 40GB against 201-208 W for Llama-3-8B on one). Since 2026-12-01 the share k is the model under
the busy_power_fraction override (the default follows the step: tests/engine/test_power_step_activity.py),
so these tests state the override (0.54, the default before) where the engine's share is k."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions, Scenario, parse
from app.engine import size
from app.engine.estimate import _setup, kernel_share
from app.engine.evaluate import evaluate
from app.engine.power import PowerModel, decode_kernel_share, dedicated_kwh, node_busy_share

DGX = "On-prem 8x H100 SXM (DGX H100)"
MODEL = "Test Llama-3-8B"


def test_kernel_share_by_hand():
    # a 22.45 ms step with 2.85 ms of all-reduce and 1.5 ms of per-step overhead: 18.1 / 22.45
    assert_allclose(decode_kernel_share(22.45e-3, 2.85e-3, 1.5e-3), 18.1 / 22.45, rtol=1e-12)
    assert_allclose(decode_kernel_share(22.45e-3, 2.85e-3, 1.5e-3), 0.806236, rtol=1e-6)
    # TP 1: no all-reduce, only the overhead: 1 - 1.5 / 18 = 0.916667
    assert_allclose(decode_kernel_share(18e-3, 0.0, 1.5e-3), 1 - 1.5 / 18, rtol=1e-12)
    # no step to share out: 1; waits longer than the step (bad input): 0, never negative
    assert_allclose(decode_kernel_share(np.array([0.0, 1e-3]), np.array([0.0, 2e-3]), 0.0), [1.0, 0.0])


def test_busy_share_of_the_node_scales_by_k():
    # 2 one-GPU replicas on an 8-GPU node, each serving 1 req/s of ln 2-s requests (a = 0.5) and
    # running kernels 0.8 of each step: 2 x 1 x 0.5 x 0.8 / 8 = 0.1 of the node's GPU time
    share = node_busy_share(2.0, 2.0, 1, 1.0, 8, math.log(2), 0.8)
    assert_allclose(share, 0.1, rtol=1e-12)
    # and in kWh: node 8 x 100 W idle + 8 x 0.1 x (300 - 100) W + 400 W host = 1,360 W, PUE 1.5,
    # 720 h: 1,468.8 kWh (k = 1, the model before: 8 x 100 + 2 x 0.5 x 200 + 400 = 1,400 W, 1,512 kWh)
    pm = PowerModel(idle_w=100, busy_w=300, host_w=400, pue=1.5, idle_from_catalog=True, host_known=True)
    day = np.full(24, 2.0)
    assert_allclose(dedicated_kwh(pm, 8, 1.0, 2.0, 1.0, 1, math.log(2), day, 720.0, 0.8), 1468.8, rtol=1e-12)
    assert_allclose(dedicated_kwh(pm, 8, 1.0, 2.0, 1.0, 1, math.log(2), day, 720.0), 1512.0, rtol=1e-12)


OVERRIDE = Assumptions(busy_power_fraction=0.54)


def _evaluation(catalog, tp: int, batch: float):
    config = {
        "model": MODEL,
        "hardware": DGX,
        "gpus": tp,
        "tensor_parallel": tp,
        "input_tokens": 1000,
        "output_tokens": 200,
        "assumptions": OVERRIDE,
    }
    space, pts, wl, a, *_ = _setup(catalog, config, batch, None)
    return evaluate(space, pts, wl, a, batch=np.array([batch]))


def test_tp8_gpus_wait_on_all_reduce_so_run_kernels_less_of_a_step(catalog):
    one, eight = _evaluation(catalog, 1, 16.0), _evaluation(catalog, 8, 16.0)
    for ev in (one, eight):
        step, comm = ev.step[0, 0], ev.step_comm[0, 0]
        overhead = ev.features.step_overhead_s[0]
        # the step less its all-reduces and its per-step overhead, over the step
        assert_allclose(ev.kernel_share[0, 0], (step - comm - overhead) / step, rtol=1e-12)
        assert_allclose(ev.operating_kernel_share[0], ev.kernel_share[0, 0])
    assert one.step_comm[0, 0] == 0.0 and eight.step_comm[0, 0] > 0.0
    assert eight.kernel_share[0, 0] < one.kernel_share[0, 0] < 1.0
    # the public helper gives the same figure (what bench/energy_accuracy.py reads)
    k8 = kernel_share(
        catalog,
        model=MODEL,
        hardware=DGX,
        gpus=8,
        input_tokens=1000,
        output_tokens=200,
        concurrency=16,
        assumptions=OVERRIDE,
    )
    assert_allclose(k8, eight.kernel_share[0, 0], rtol=1e-12)


@pytest.fixture(scope="module")
def steady_chat(catalog):
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
            "assumptions": {"redundancy_replicas": 0, "busy_power_fraction": 0.54},
        },
    )
    return size(scenario, catalog)


def test_wh_per_million_tokens_of_a_scenario_by_hand(steady_chat):
    # One DGX H100 (8 GPUs) serving 0.5 req/s with one one-GPU replica. That GPU serves a = 1 -
    # exp(-0.5 T) of the time (T: one request alone, the option's request_s) and runs kernels a share k
    # of each step then (the option's kernel_share), at 0.54 x 700 = 378 W, 73 W idle (catalog) otherwise;
    # the other 7 idle; host 4,600 W; PUE 1.4: power = (8 x 73 + 305 a k + 4,600) x 1.4 [W].
    # A month of 730 h: kWh = power x 730 / 1000. Tokens: 0.5 req/s x 3,600 s x 730 h x 1,200 tokens =
    # 1.5768e9. Wh per 1M tokens = kWh x 1000 / 1,576.8.
    o = steady_chat.recommended
    assert o is not None and o.gpus == 1 and o.nodes == 1 and o.spare_replicas == 0
    assert o.request_s is not None and 0.5 < o.request_s < 30
    a = 1 - math.exp(-0.5 * o.request_s)
    k = o.kernel_share
    assert 0.8 < k < 1.0
    power_w = (8 * 73 + 305 * a * k + 4600) * 1.4
    kwh = power_w * 730 / 1000
    tokens = 0.5 * 3600 * 730 * 1200
    assert_allclose(tokens, 1.5768e9)
    assert Assumptions().hours_per_month == 730
    assert_allclose(o.energy_kwh_per_month, kwh, rtol=1e-9)
    assert_allclose(o.energy_wh_per_million_tokens, kwh * 1000 / (tokens / 1e6), rtol=1e-9)
    # about 7.5 kW (5.3 kW IT x PUE 1.4) x 730 h / 1,576.8 M tokens: 3.5 kWh per 1M tokens, nearly all
    # of it the node idling (at the old k = 1 the one serving GPU's share would read a little higher)
    assert 3300 < o.energy_wh_per_million_tokens < 3600

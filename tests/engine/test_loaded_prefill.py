"""Prefill under load: packed into shared chunked-prefill steps, a prompt pays its FLOPs and its
all-reduce wire time, not the per-layer all-reduce latency (hand-checked numbers)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from app.engine import estimate
from app.engine import roofline as rf


def _features(**values: float) -> rf.Features:
    """A one-point Features with every field 0 except those given."""
    base = {name: np.array([0.0]) for name in (f.name for f in dataclasses.fields(rf.Features))}
    base.update({k: np.array([float(v)]) for k, v in values.items()})
    return rf.Features(**base)


SEVENTY_B_TP8 = dict(  # a Llama-3-70B-like shape on 8 H100s over NVLink
    params_active=70e9,
    layers=80,
    heads=64,
    head_dim=128,
    hidden=8192,
    tp=8,
    pp=1,
    peak_flops=989e12,
    mfu_prefill=0.5,
    link=450e9,
    hop_link=50e9,
    allreduce_latency_s=10e-6,
    allreduce_bus_eff=0.82,
)


def test_loaded_prefill_drops_the_per_layer_allreduce_latency():
    f = _features(**SEVENTY_B_TP8)
    # FLOPs of a 128-token prompt: 2 x 70e9 x 128 + 4 x 80 x 64 x 128 x 128 x 64 (causal attention)
    flops = 2 * 70e9 * 128 + 4 * 80 * 64 * 128 * 128 * 64
    compute = flops / (8 * 989e12 * 0.5)  # 4.535 ms
    wire = 2 * 7 / 8 * 128 * 8192 * 2 / (450e9 * 0.82)  # 9.95 us per all-reduce
    alone = compute + 160 * (10e-6 + wire)  # two all-reduces per layer, 80 layers
    loaded = compute + 160 * wire
    assert rf.prefill_s(f, 128.0)[0] == pytest.approx(alone, rel=1e-9)
    assert rf.prefill_busy_s(f, 128.0)[0] == pytest.approx(loaded, rel=1e-9)
    assert alone - loaded == pytest.approx(1.6e-3, rel=1e-9)  # 160 x 10 us


def test_loaded_prefill_equals_prefill_on_one_gpu():
    f = _features(**{**SEVENTY_B_TP8, "tp": 1})
    assert rf.prefill_busy_s(f, 512.0)[0] == pytest.approx(rf.prefill_s(f, 512.0)[0], rel=1e-12)


def test_loaded_prefill_drops_the_pipeline_hop_latency():
    f = _features(**{**SEVENTY_B_TP8, "tp": 1, "pp": 4})
    # three hops of 20 us each are paid once per packed step, their bytes are still sent
    assert rf.prefill_s(f, 128.0)[0] - rf.prefill_busy_s(f, 128.0)[0] == pytest.approx(3 * rf.HOP_LATENCY_S)


def test_a_loaded_tp8_replica_pays_prefill_without_the_allreduce_latency(catalog):
    # 128-token prompts, 1,024 in flight on 8 H100s (vLLM profile: 10 us all-reduce latency).
    # The closed loop gives TPOT = step / (1 - rate x t_p); solved for t_p it must be the
    # unloaded prefill minus 2 x 80 layers x 10 us = 1.6 ms (the old model used the whole prefill).
    e = estimate(
        catalog,
        model="Llama-3.1-70B-Instruct",
        hardware="NVIDIA H100 SXM",
        gpus=8,
        precision="fp8",
        runtime="vLLM",
        input_tokens=128,
        output_tokens=128,
        concurrency=1024,
    )
    loop = next(x for x in e.explanations if x.quantity == "TPOT under load").inputs
    step, prefill, rate = loop["decode step ms"] * 1e-3, loop["prefill ms"] * 1e-3, e.requests_per_s
    busy = (1 - step / (e.tpot_ms * 1e-3)) / rate
    assert busy == pytest.approx(prefill - 160 * 10e-6, rel=1e-3)

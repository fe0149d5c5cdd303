"""Pipeline-parallel decode: the per-step overhead is paid once per micro-batch, not once per
stage (hand-checked numbers)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from app.engine import roofline as rf


def _features(**values: float) -> rf.Features:
    """A one-point Features with every field 0 except those given."""
    base = {f.name: np.array([0.0]) for f in dataclasses.fields(rf.Features)}
    base.update({k: np.array([float(v)]) for k, v in values.items()})
    return rf.Features(**base)


DENSE_8B_PP2 = dict(  # an 8B dense model, 1 byte per weight, on two stages over PCIe
    params_total=8e9,
    params_active=8e9,
    dense_params=8e9,
    layers=32,
    heads=32,
    head_dim=128,
    kv_heads=8,
    hidden=4096,
    tp=1,
    pp=2,
    weight_bytes=1.0,
    kv_bytes=2.0,
    bandwidth=1e12,
    mbu=0.8,
    peak_flops=1e15,
    mfu_decode=0.5,
    link=32e9,
    hop_link=32e9,
    allreduce_bus_eff=1.0,
    step_overhead_s=1e-3,
)


def test_one_sequence_pays_the_overhead_once():
    f = _features(**DENSE_8B_PP2)
    t, _ = rf.decode_token_s(f, np.array([[1.0]]), context=0.0)
    weights = 8e9 / 2 / (1e12 * 0.8)  # 5 ms per stage: half the weights at 800 GB/s
    hop = rf.HOP_LATENCY_S + 1 / 2 * 4096 * 2 / 32e9  # batch / PP sequences' activations per hop
    assert t[0, 0] == pytest.approx(2 * weights + 1e-3 + hop, rel=1e-9)  # not 2 x (5 + 1) ms


def test_a_full_pipeline_pays_it_per_stage():
    f = _features(**DENSE_8B_PP2)
    t, parts = rf.decode_token_s(f, np.array([[64.0]]), context=0.0)
    hop = rf.HOP_LATENCY_S + 32 * 4096 * 2 / 32e9
    # two micro-batches of 32 each cross both stages: 2 x stage step (its overhead included)
    assert t[0, 0] == pytest.approx(2 * parts["t"][0, 0] + hop, rel=1e-9)


def test_without_pipeline_nothing_changes():
    f = _features(**{**DENSE_8B_PP2, "pp": 1})
    t, parts = rf.decode_token_s(f, np.array([[1.0, 8.0]]), context=0.0)
    assert np.allclose(t, parts["t"])

"""MoE decode: the routed experts' FLOPs run in grouped GEMMs of tokens x k / touched experts
rows, which fill their tiles less than one dense GEMM does (hand-checked numbers)."""

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


MIXTRAL_LIKE = dict(  # 8 experts of 5.64e9 parameters, top-2; 1.6e9 dense (attention, embeddings)
    params_total=46.7e9,
    params_active=1.6e9 + 2 * 5.6375e9,
    dense_params=1.6e9,
    routed_params=45.1e9,
    experts=8,
    experts_per_token=2,
    layers=32,
    heads=32,
    head_dim=128,
    kv_heads=8,
    hidden=4096,
    tp=1,
    pp=1,
    weight_bytes=1.0,
    kv_bytes=1.0,
    bandwidth=1e18,  # memory never binds here: the test isolates the compute term
    link=1e12,
    allreduce_bus_eff=1.0,
    mbu=1.0,
    peak_flops=1e15,
    mfu_decode=0.5,
)


def test_rows_per_expert_and_their_fill():
    f = _features(**MIXTRAL_LIKE)
    rows, fill = rf.expert_gemm_fill(f, np.array([[727.0]]))
    # 727 tokens x 2 picks over 8 experts, all touched (1 - 0.75^727 = 1)
    assert rows[0, 0] == pytest.approx(727 * 2 / 8)
    assert fill[0, 0] == pytest.approx((181.75 + 48) / (181.75 + 96))  # 0.827
    # batch 1: 2 experts touched (1 - 0.75 = 0.25 of 8), one row each
    rows1, fill1 = rf.expert_gemm_fill(f, np.array([[1.0]]))
    assert rows1[0, 0] == pytest.approx(1.0)
    assert fill1[0, 0] == pytest.approx(49 / 97)  # at worst half a dense GEMM's efficiency


def test_dense_models_keep_one_gemm():
    f = _features(**{**MIXTRAL_LIKE, "experts": 0, "experts_per_token": 0, "routed_params": 0, "dense_params": 46.7e9})
    rows, fill = rf.expert_gemm_fill(f, np.array([[64.0]]))
    assert rows[0, 0] == 64.0 and fill[0, 0] == 1.0


def test_compute_bound_moe_step_pays_the_expert_fill():
    f = _features(**MIXTRAL_LIKE)
    t = rf.decode_stage_s(f, np.array([[727.0]]), context=0.0)["t"][0, 0]
    compute = 1e15 * 0.5
    routed = 2 * (2 * 5.6375e9) * 727  # routed FLOPs of the step
    dense = 2 * 1.6e9 * 727
    fill = (181.75 + 48) / (181.75 + 96)  # 0.827
    assert t == pytest.approx((dense + routed / fill) / compute, rel=1e-9)
    # the old model: all active FLOPs at the dense efficiency, 18 % faster here
    assert t > 1.18 * (dense + routed) / compute

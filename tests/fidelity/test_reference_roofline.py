"""bench/validation/roofline.py, the independent check on the engine: hand-calculated cases."""

from __future__ import annotations

import importlib

import pytest
from numpy.testing import assert_allclose

from app.domain import Accelerator, Band, EfficiencyProfile, Model, Precision


@pytest.fixture(scope="module")
def rf(accuracy):  # accuracy puts the repository root on sys.path
    return importlib.import_module("bench.validation.roofline")


def _llama3_8b(**kw) -> Model:
    # Meta-Llama-3-8B config.json shapes (the hand-check case)
    data = dict(
        name="Llama-3-8B",
        source="test",
        as_of="2026-01-01",
        params_total_b=8.03,
        layers=32,
        hidden_size=4096,
        attention_heads=32,
        kv_heads=8,
        head_dim=128,
        attention_kind="gqa",
        vocab_size=128256,
        max_context_tokens=8192,
    )
    data.update(kw)
    return Model(**data)


def _gpu(bw=3350.0, bf16=989.4) -> Accelerator:
    return Accelerator(
        name="GPU",
        vendor="test",
        source="test",
        as_of="2026-01-01",
        efficiency_class="x",
        memory_gib=80,
        memory_bandwidth_gb_s=bw,
        tflops_bf16=bf16,
        scale_up_bandwidth_gb_s=450,
    )


def _eff(mbu=0.5, mfu=0.5, overhead_ms=0.0) -> EfficiencyProfile:
    band = lambda v: Band(low=v, expected=v, high=v)
    return EfficiencyProfile(
        name="x",
        source="test",
        as_of="2026-01-01",
        efficiency_class="x",
        mfu_prefill=band(mfu),
        mbu_decode=band(mbu),
        mfu_decode=band(mfu),
        step_overhead_ms=overhead_ms,
        allreduce_latency_us=0.0,
    )


def test_kv_bytes_per_token_llama3_8b(rf):
    # 2 x 32 layers x 8 KV heads x 128 x 2 bytes = 131,072 bytes (issue 4)
    assert rf.kv_bytes_per_token_per_gpu(_llama3_8b(), Precision.BF16, 1) == 131_072
    # TP 16 > 8 KV heads: each GPU still holds one head (replication), so 1/8 not 1/16
    assert rf.kv_bytes_per_token_per_gpu(_llama3_8b(), Precision.BF16, 16) == 131_072 / 8


def test_batch_one_decode_is_bandwidth_bound(rf):
    s = rf.Setup(_llama3_8b(), _gpu(), 1, Precision.BF16, Precision.BF16, _eff(mbu=0.5))
    # weights 8.03e9 x 2 B = 16.06 GB; KV 1,000 tokens x 131,072 B = 0.131 GB; at 3,350 GB/s x 0.5
    expected = (16.06e9 + 1000 * 131_072) / (3350e9 * 0.5)
    assert_allclose(s.decode_step_s(1, 1000), expected, rtol=1e-9)


def test_moe_reads_more_experts_as_batch_grows(rf):
    mixtral = _llama3_8b(
        name="moe", params_total_b=46.7, params_active_b=12.9, experts=8, experts_per_token=2, vocab_size=32000
    )
    dense, routed = rf.expert_params_b(mixtral)
    # total = dense + routed and active = dense + routed x 2/8
    assert_allclose([dense + routed, dense + routed / 4], [46.7, 12.9], rtol=1e-12)
    assert_allclose(rf.touched_params_b(mixtral, 1), 12.9, rtol=1e-12)
    assert rf.touched_params_b(mixtral, 4) < rf.touched_params_b(mixtral, 64) <= 46.7


def test_offline_throughput_by_hand(rf):
    s = rf.Setup(_llama3_8b(), _gpu(), 1, Precision.BF16, Precision.BF16, _eff(mbu=0.5, mfu=0.5))
    t = s.decode_step_s(64, 128 + 64)
    t_p = s.prefill_s(128)
    est = rf.offline(s, 128, 128, 64)
    assert_allclose(est.output_tokens_per_s, 128 / (t_p + 128 * t / 64), rtol=1e-12)

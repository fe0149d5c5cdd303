"""Memory arithmetic checked by hand (README: "How the numbers are computed", memory)."""

from __future__ import annotations

import pytest

from app.engine import estimate

GIB = 1024**3


def est(catalog, **kw):
    base = dict(
        model="Test Llama-3-8B",
        hardware="NVIDIA H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=1000,
        output_tokens=200,
        concurrency=1,
    )
    base.update(kw)
    return estimate(catalog, **base)


def test_llama3_8b_bf16_weights_are_16_06_gb(catalog):
    e = est(catalog)
    # 8.03e9 params x 2 bytes = 16.06e9 bytes
    assert e.memory.weights_gib * GIB == pytest.approx(16.06e9, rel=1e-9)


def test_llama3_8b_kv_per_token_is_131072_bytes(catalog):
    # 2 (K, V) x 32 layers x 8 KV heads x 128 head dim x 2 bytes
    assert est(catalog).memory.kv_bytes_per_token == 131_072


def test_fp8_kv_halves_the_cache_per_token(catalog):
    assert est(catalog, kv_precision="fp8").memory.kv_bytes_per_token == 65_536


def test_kv_heads_replicate_when_tp_exceeds_them(catalog):
    # TP 8 = 8 KV heads: one head per GPU; the 70B has 64 query heads so TP 16 is not on one node,
    # use the 8B at TP 4 (2 heads per GPU) and TP 8 (1 head per GPU): per-GPU KV halves, then stops
    tp4 = est(catalog, hardware="AWS p5.48xlarge", gpus=4).memory.kv_bytes_per_token
    tp8 = est(catalog, hardware="AWS p5.48xlarge", gpus=8).memory.kv_bytes_per_token
    assert tp4 == 2 * 32 * 2 * 128 * 2
    assert tp8 == 2 * 32 * 1 * 128 * 2


def test_mla_caches_the_latent(catalog):
    # DeepSeek-V3: 61 layers x (kv_lora_rank 512 + rope 64) x 1 byte (FP8 KV), replicated per TP rank
    e = est(catalog, model="Test DeepSeek-V3", hardware="AWS p5en.48xlarge", gpus=8, precision="fp8")
    assert e.memory.kv_bytes_per_token == 61 * (512 + 64) * 1


def test_int4_weights_carry_group_scales(catalog):
    e = est(catalog, precision="int4")
    # 0.5 byte per weight + one FP16 scale per group of 128
    assert e.memory.weights_gib * GIB == pytest.approx(8.03e9 * (0.5 + 2 / 128), rel=1e-9)


def test_weights_split_by_tensor_and_pipeline_parallel(catalog):
    one = est(catalog, model="Llama-3-70B-Instruct", hardware="AWS p5.48xlarge", gpus=8, tensor_parallel=8)
    two = est(
        catalog,
        model="Llama-3-70B-Instruct",
        hardware="AWS p5.48xlarge",
        gpus=8,
        tensor_parallel=4,
        pipeline_parallel=2,
    )
    assert one.memory.weights_gib * GIB == pytest.approx(70.554e9 * 2 / 8)  # catalog count, FP16, 8 ways
    assert two.memory.weights_gib == pytest.approx(one.memory.weights_gib)


def test_max_sequences_from_the_kv_budget(catalog):
    e = est(catalog, input_tokens=4000, output_tokens=96)
    m = e.memory
    usable = 80 * 0.9  # H100 80 GiB x gpu_memory_fraction
    budget = usable - m.weights_gib - m.reserve_gib - m.activation_gib
    assert m.kv_cache_gib == pytest.approx(budget)
    per_seq = 4096 * 131_072 / GIB  # 4,096 tokens = 256 pages of 16
    assert m.max_concurrent_sequences == int(budget // per_seq)


def test_a_model_that_cannot_fit_says_so(catalog):
    e = est(
        catalog,
        model="Llama-3-70B-Instruct",
        hardware="Raspberry Pi 5 (4GB)",
        gpus=1,
        precision="fp16",
        runtime="llama.cpp",
    )
    assert not e.fits
    assert e.regime.startswith("does not fit")

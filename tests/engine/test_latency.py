"""Latency arithmetic: decode bound by bandwidth at batch 1, prefill by compute, TP on the link."""

from __future__ import annotations

import pytest

from app.engine import estimate


def test_decode_at_batch_1_is_bound_by_bandwidth(catalog):
    e = estimate(
        catalog,
        model="Test Llama-3-8B",
        hardware="NVIDIA H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=128,
        output_tokens=128,
        concurrency=1,
    )
    assert e.regime == "memory-bound decode"
    prof = next(p for p in catalog.efficiency if p.name == "nvidia-hopper")
    # bytes per step: 16.06e9 weights + 192 tokens (128 + 128/2) of KV at 131,072 B
    bytes_moved = 16.06e9 + 192 * 131_072
    t_mem = bytes_moved / (3350e9 * prof.mbu_decode.expected)
    expected = t_mem + prof.step_overhead_ms * 1e-3
    # TPOT also carries the prefill share of a closed loop at batch 1 (tiny for 128 tokens): within 2%
    assert e.tpot_ms == pytest.approx(expected * 1e3, rel=0.02)


def test_prefill_is_compute_bound(catalog):
    e = estimate(
        catalog,
        model="Test Llama-3-8B",
        hardware="NVIDIA H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=2048,
        output_tokens=1,
        concurrency=1,
    )
    prof = next(p for p in catalog.efficiency if p.name == "nvidia-hopper")
    flops = 2 * 8.03e9 * 2048 + 2 * 32 * 32 * 128 * 2048**2  # linear + causal attention
    t = flops / (989.4e12 * prof.mfu_prefill.expected)
    # TTFT = prefill + the first decode step's overhead (and one step at concurrency 1)
    assert e.ttft_ms > t * 1e3
    assert e.ttft_ms < t * 1e3 + 20


def test_nvlink_beats_pcie_for_tensor_parallel_decode(catalog):
    kw = dict(
        model="Llama-3-70B-Instruct", gpus=4, precision="bf16", input_tokens=500, output_tokens=200, concurrency=32
    )
    sxm = estimate(catalog, hardware="NVIDIA A100 80GB SXM", **kw)
    pcie = estimate(catalog, hardware="NVIDIA A100 80GB PCIe", **kw)
    assert pcie.tpot_ms > sxm.tpot_ms


def test_more_concurrency_raises_throughput_and_tpot(catalog):
    kw = dict(
        model="Test Llama-3-8B",
        hardware="NVIDIA H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=500,
        output_tokens=500,
    )
    lo = estimate(catalog, concurrency=1, **kw)
    hi = estimate(catalog, concurrency=64, **kw)
    assert hi.output_tokens_per_s > 10 * lo.output_tokens_per_s
    assert hi.tpot_ms > lo.tpot_ms


def test_moe_reads_more_experts_as_batch_grows(catalog):
    kw = dict(
        model="Test DeepSeek-V3",
        hardware="AWS p5en.48xlarge",
        gpus=8,
        precision="fp8",
        input_tokens=200,
        output_tokens=200,
    )
    one = estimate(catalog, concurrency=1, **kw)
    many = estimate(catalog, concurrency=64, **kw)
    # at batch 1 only 8 of 256 experts per layer are read: the step is far below a dense 671B read
    dense_read_ms = 671e9 / 8 / 4800e9 * 1e3
    assert one.tpot_ms < dense_read_ms
    assert many.tpot_ms > one.tpot_ms


def test_rate_beyond_capacity_is_saturated(catalog):
    e = estimate(
        catalog,
        model="Test Llama-3-8B",
        hardware="NVIDIA L4",
        gpus=1,
        precision="bf16",
        input_tokens=2000,
        output_tokens=500,
        rate=1000,
    )
    assert e.regime.startswith("saturated")
    assert e.requests_per_s < 1000


def test_bands_bracket_the_expected_value(catalog):
    e = estimate(
        catalog,
        model="Test Llama-3-8B",
        hardware="NVIDIA H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=500,
        output_tokens=200,
        concurrency=8,
    )
    for key, band in e.bands.items():
        assert band.low <= band.expected <= band.high, key
    assert e.bands["tpot_ms"].low < e.bands["tpot_ms"].high


def test_bad_configuration_is_a_clear_error(catalog):
    from app.domain import DomainError

    with pytest.raises(DomainError, match="tensor parallel 3"):
        estimate(
            catalog,
            model="Test Llama-3-8B",
            hardware="AWS p5.48xlarge",
            gpus=3,
            precision="bf16",
            input_tokens=10,
            output_tokens=10,
            concurrency=1,
        )
    with pytest.raises(DomainError, match="closest"):
        estimate(
            catalog,
            model="Lama-3-8B",
            hardware="NVIDIA H100 SXM",
            gpus=1,
            precision="bf16",
            input_tokens=10,
            output_tokens=10,
            concurrency=1,
        )

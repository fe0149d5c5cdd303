"""What a request counts for in "per 1M tokens" figures, and what an embedding model's request
costs in time: every token the model processes (prompt text + image tokens + generated tokens),
and an embedding model generates none and has no decode step (an expert tester's findings:
embedding jobs claimed 1 output token and a decode step; multimodal $/1M counted text only).

Hand figures (shipped catalog, read 2026-11-30): Qwen3-Embedding-0.6B 0.596 B parameters, 28
layers, 16 heads of 128; NVIDIA H100 SXM 989.4 dense BF16 TFLOP/s; nvidia-hopper prefill MFU
0.50 (as tests/engine/test_embedding_batch.py). Qwen3-VL-8B-Instruct: 1,024 tokens per image
(catalog/models.yaml). A month is 730 h (Assumptions.hours_per_month); weekly = 730/168 runs."""

from __future__ import annotations

from numpy.testing import assert_allclose
from scenario_builders import claim_photos, embedding_reindex, scenario

from app.engine import size

# one 512-token request's prefill: 2 x params x tokens + causal attention 4 x layers x heads x head_dim x n x n/2
EMBED_FLOPS = 2 * 0.596e9 * 512 + 4 * 28 * 16 * 128 * 512 * 256  # 6.4037e11 FLOP
EMBED_BUSY_S = EMBED_FLOPS / (989.4e12 * 0.50)  # 1.2945 ms of one H100


def test_an_embedding_request_is_its_prefill_alone_and_counts_its_prompt_tokens(catalog):
    o = size(scenario(embedding_reindex()), catalog).recommended
    assert o.generates is False
    # one vector back: no decode step after the prefill (before: + one 2 ms decode step, 3.35 ms)
    assert_allclose(o.request_s, EMBED_BUSY_S, rtol=1e-6)
    assert_allclose(EMBED_BUSY_S * 1e3, 1.2945, rtol=1e-4)
    assert o.tpot_ms == 0.0 and o.tokens_per_s == 0.0  # nothing is generated
    # per 1M tokens: the 512 prompt tokens of each request, not 513
    assert o.tokens_per_request == 512
    requests = 10_000_000 * 730 / 168  # 4.345 weekly runs a month
    assert_allclose(o.cost_per_million_tokens_usd, o.cost_per_month_usd / (requests * 512 / 1e6), rtol=1e-9)


def test_an_embedding_run_counts_vectors_not_output_tokens(catalog):
    figs = size(scenario(embedding_reindex()), catalog).workload_kind.figures
    assert figs["vectors per run"] == 10_000_000
    assert "output tokens per run" not in figs


def test_a_generative_model_on_a_one_token_job_still_counts_its_token(catalog):
    """Only an embedding model drops the output: a generative model's 1 token is generated."""
    sz = size(scenario(embedding_reindex(models=("Qwen3-8B",))), catalog)
    o = sz.options[0]
    assert o.generates is True and o.tokens_per_request == 513


def test_a_multimodal_request_counts_its_image_tokens(catalog):
    o = size(scenario(claim_photos()), catalog).recommended
    # 450 prompt text tokens + 3 images x 1,024 tokens + 300 generated = 3,822 tokens a request
    assert o.tokens_per_request == 450 + 3 * 1024 + 300 == 3822
    tokens_a_month = 0.8 * 3600 * 730 * 3822  # mean 0.8 req/s over a 730 h month
    assert_allclose(o.cost_per_million_tokens_usd, o.cost_per_month_usd / (tokens_a_month / 1e6), rtol=1e-9)

"""A weekly re-index of a document store with an embedding model is a batch job: each request is
one prefill that returns one vector (output tokens 1). Embedding models are its candidates, and a
run's time to finish is bound by prefill compute, checked by hand.

Hand figures (shipped catalog, read 2026-11-30): Qwen3-Embedding-0.6B, 0.596 B parameters, 28
layers, 16 heads of 128 (its config.json); NVIDIA H100 SXM, 989.4 dense BF16 TFLOP/s; the
nvidia-hopper profile's prefill MFU 0.50 (catalog/efficiency.yaml)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose
from scenario_builders import EMBEDDER, embedding_reindex, scenario

from app.domain import DomainError, Scenario, unfit_reason
from app.engine import size


def reindex(output_tokens: int = 1, category: str = "batch", models=(EMBEDDER,)) -> Scenario:
    return scenario(embedding_reindex(output_tokens, category, tuple(models)))


def test_a_reindex_finishes_in_the_time_its_prefill_compute_allows(catalog):
    sz = size(reindex(), catalog)
    assert sz.feasible and sz.recommended.model == EMBEDDER
    # one request's prefill: 2 x params x tokens + causal attention 4 x layers x heads x head_dim x n x n/2
    flops = 2 * 0.596e9 * 512 + 4 * 28 * 16 * 128 * 512 * 256  # 6.4037e11 FLOP
    busy = flops / (989.4e12 * 0.50)  # 1.2945 ms of one H100 per request
    assert_allclose(sz.recommended.requests_per_s_per_replica, 1 / busy, rtol=1e-6)  # 772.5 req/s
    # 10,000,000 requests at 772.5 req/s on the one replica the 347 req/s deadline rate needs
    assert sz.recommended.replicas == 1
    hours = 10_000_000 * busy / 3600  # 3.596 h of the 8 h deadline
    figs = sz.workload_kind.figures
    assert_allclose(figs["completion time per run [h]"], hours, rtol=1e-6)
    assert_allclose(hours, 3.5957, rtol=1e-4)
    assert_allclose(figs["tokens embedded per second per replica"], 512 / busy, rtol=1e-6)
    assert any("is an embedding model: each request is one prefill of 512 tokens" in n for n in sz.workload_kind.notes)


def test_embedders_are_offered_to_an_embedding_job_and_only_to_it(catalog):
    embedder = catalog.model(EMBEDDER)
    assert unfit_reason(embedder, reindex().workload) == ""
    batch_text = reindex(output_tokens=200).workload
    assert "a batch job of 1 output token per request (one vector each) may use it" in unfit_reason(
        embedder, batch_text
    )
    # with no model named, the embedding job's candidates include the catalog's embedders
    open_list = reindex(models=())
    names = {o.model for o in size(open_list, catalog).options}
    assert EMBEDDER in names or "Qwen3-Embedding-8B" in names
    with pytest.raises(DomainError, match="is an embedding model"):
        size(reindex(category="inference_api"), catalog)  # a service still needs a generator

"""Each workload template (catalog/workloads.yaml, one per category) sizes and yields its figures."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Category, FineTuneMethod, Model, Scenario, Workload, parse
from app.engine import size
from app.paths import CATALOG_DIR

VL = dict(
    name="Test VL-7B",
    source="https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct/blob/main/config.json",
    as_of="2026-11-24",
    modality="vision-language",
    params_total_b=8.29,
    layers=28,
    hidden_size=3584,
    intermediate_size=18944,
    attention_heads=28,
    kv_heads=4,
    head_dim=128,
    attention_kind="gqa",
    vocab_size=152064,
    max_context_tokens=128000,
    tokens_per_image=1024,
)
EMB = dict(
    name="Test embedder",
    source="https://huggingface.co/BAAI/bge-large-en-v1.5/blob/main/config.json",
    as_of="2026-11-24",
    modality="embedding",
    params_total_b=0.335,
    layers=24,
    hidden_size=1024,
    intermediate_size=4096,
    attention_heads=16,
    kv_heads=16,
    head_dim=64,
    attention_kind="mha",
    vocab_size=30522,
    max_context_tokens=512,
    embedding_dim=1024,
)


def templates() -> dict[Category, Workload]:
    data = yaml.safe_load((CATALOG_DIR / "workloads.yaml").read_text(encoding="utf-8"))
    return {w.category: w for w in (parse(Workload, r) for r in data["records"])}


@pytest.fixture(scope="module")
def kinds_catalog(catalog):
    return catalog.merged_with(models=[parse(Model, VL), parse(Model, EMB)])


def sized(cat, workload: Workload, model="Test Llama-3-8B", hardware=("AWS p5.48xlarge",)):
    s = parse(
        Scenario,
        {
            "name": workload.name,
            "workload": workload.model_dump(mode="json"),
            "candidates": {"models": [model], "hardware": list(hardware), "precisions": ["bf16", "fp8"]},
        },
    )
    return size(s, cat)


def test_batch_sizes_to_the_deadline(kinds_catalog):
    w = templates()[Category.BATCH]
    sz = sized(kinds_catalog, w)
    k = sz.workload_kind
    assert k.kind == "batch"
    assert k.figures["completion time per run [h]"] <= w.batch.deadline_hours
    assert k.figures["GPU-hours per run"] > 0


def test_synthetic_data_and_evaluation_are_batch_jobs(kinds_catalog):
    for cat in (Category.SYNTHETIC_DATA, Category.EVALUATION):
        sz = sized(kinds_catalog, templates()[cat])
        assert sz.workload_kind.kind == "batch"


def test_fine_tuning_memory_and_gpu_hours_by_hand(kinds_catalog):
    w = templates()[Category.FINE_TUNING]
    sz = sized(kinds_catalog, w)
    k = sz.workload_kind
    assert k.kind == "fine_tuning"
    # LoRA: 4 x active params x tokens x epochs FLOPs (no weight gradients)
    flops = 4 * 8.03e9 * w.fine_tuning.dataset_tokens * w.fine_tuning.epochs
    assert k.figures["training FLOPs [PFLOP]"] == pytest.approx(flops / 1e15)
    # base weights frozen in BF16 (2 B/param) dominate the state: 8.03e9 x 2 B = 14.96 GiB
    assert k.figures["trainable state per replica [GiB]"] > 8.03e9 * 2 / 1024**3
    assert k.figures["GPU-hours"] > 0


def test_full_fine_tuning_needs_more_memory_than_lora_than_qlora(kinds_catalog):
    w = templates()[Category.FINE_TUNING]
    state = {}
    for method in ("full", "lora", "qlora"):
        ft = w.fine_tuning.model_copy(update={"method": FineTuneMethod(method)})
        ww = w.model_copy(update={"fine_tuning": ft})
        state[method] = sized(kinds_catalog, ww).workload_kind.figures["trainable state per replica [GiB]"]
    assert state["full"] > state["lora"] > state["qlora"]


def test_rag_index_memory_and_embedding_time(kinds_catalog):
    w = templates()[Category.RAG]
    w = w.model_copy(update={"rag": w.rag.model_copy(update={"embedding_model": "Test embedder"})})
    k = sized(kinds_catalog, w).workload_kind
    r = w.rag
    expected = r.corpus_documents * r.chunks_per_document * 1024 * r.vector_bytes_per_dim * r.index_overhead
    assert k.figures["vector index memory [GiB]"] == pytest.approx(expected / 1024**3)
    assert k.figures["GPU-hours to embed the corpus"] > 0


def test_agent_task_latency_chains_the_calls(kinds_catalog):
    w = templates()[Category.AGENT]
    sz = sized(kinds_catalog, w)
    k = sz.workload_kind
    o = sz.recommended or sz.options[0]
    assert k.figures["task latency p95 [s]"] == pytest.approx(
        w.agent.calls_per_task * (o.e2e_p95_ms + w.agent.tool_latency_ms) / 1000
    )


def test_multimodal_images_add_prefill_tokens(kinds_catalog):
    w = templates()[Category.MULTIMODAL]
    with_images = sized(kinds_catalog, w, model="Test VL-7B")
    assert with_images.workload_kind.figures["image tokens per request"] == w.tokens.images_per_request * 1024
    text_only = w.model_copy(
        update={"category": Category.INFERENCE_API, "tokens": w.tokens.model_copy(update={"images_per_request": 0})}
    )
    plain = sized(kinds_catalog, text_only, model="Test VL-7B")
    assert with_images.options[0].ttft_ms > plain.options[0].ttft_ms


def test_a_text_model_cannot_take_images(kinds_catalog):
    sz = sized(kinds_catalog, templates()[Category.MULTIMODAL], model="Test Llama-3-8B")
    assert not sz.feasible
    assert "modality" in {b.constraint for b in sz.binding_constraints}

"""RAG sized with its retrieval path, and runtimes told apart by their sourced properties.

The scenarios are written from scratch the way a user would (not copied from catalog/examples).
Hand calculations use the catalog's own inputs (model shape, accelerator peaks, efficiency
profile) and the formulas stated in the README."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine.size import size

GIB = 1024.0**3

# An HR-policy assistant for 800 employees: 50,000 documents, answers cite 5 retrieved chunks.
HR_ASSISTANT = {
    "name": "HR policy assistant",
    "workload": {
        "name": "HR questions",
        "category": "rag",
        "traffic": {"requests_per_s": 0.2, "peak_to_mean": 3, "pattern": "diurnal"},
        "tokens": {"input_tokens": 3500, "output_tokens": 300, "input_tokens_p95": 5000, "output_tokens_p95": 600},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
        "sensitivity": "confidential",
        "rag": {
            "corpus_documents": 50000,
            "chunks_per_document": 8,
            "chunk_tokens": 512,
            "embedding_dim": 1024,
            "embed_on": "cpu",
            "index_in": "host",
            "top_k": 5,
        },
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["AWS g6e.4xlarge", "Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
}


def scenario(base: dict, **changes) -> Scenario:
    import copy

    data = copy.deepcopy(base)
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    return parse(Scenario, data)


def profile(catalog, name):
    return next(p for p in catalog.efficiency if p.name == name)


def test_user_rag_sizes_feasible_with_sensible_numbers(catalog):
    sz = size(scenario(HR_ASSISTANT), catalog)
    assert sz.feasible, sz.error
    o = sz.recommended
    assert 0 < o.ttft_p95_ms < 1500 and 0 < o.tpot_ms < 60
    assert set(o.retrieval_ms) == {"embed_query", "search"}
    k = sz.workload_kind
    # index: 400,000 chunks x (1024 x 4 B + M=32 x 2 x 4 B of HNSW links) (FAISS wiki formula)
    assert k.figures["vector index memory [GiB]"] == pytest.approx(400_000 * (1024 * 4 + 32 * 2 * 4) / GIB)
    assert k.figures["TTFT p95 as users see it [ms]"] == pytest.approx(o.ttft_p95_ms)
    assert any(n.startswith("Request path: 1. embed") for n in k.notes)
    steps = {e.quantity for e in o.explanations}
    assert {"RAG step 1: embed the query", "RAG step 2: vector search", "RAG retrieval before prefill"} <= steps


def test_retrieval_steps_match_hand_calculation(catalog):
    sz = size(scenario(HR_ASSISTANT), catalog)
    o = sz.recommended
    # search, HNSW in host RAM: ef 64 x 2M (M = 32) = 4,096 vector reads, each 100 ns DRAM latency
    # + 4,096 B at 10 GB/s per core = 509.6 ns -> 2.0873 ms
    assert o.retrieval_ms["search"] == pytest.approx(4096 * (100e-9 + 4096 / 10e9) * 1e3, rel=1e-9)
    # embed on the host CPU (Xeon 8480+: 114.7 BF16 TFLOP/s, 307.2 GB/s; cpu-server MFU 0.15, MBU 0.40,
    # 1 ms overhead): Qwen3-Embedding-0.6B, 32 tokens: compute 2 x 0.596e9 x 32 / (114.7e12 x 0.15)
    # = 2.2 us, weights 0.596e9 x 2 B / (307.2e9 x 0.40) = 9.70 ms -> memory-bound, + 1 ms
    cpu = profile(catalog, "cpu-server")
    weights = 0.596e9 * 2 / (307.2e9 * cpu.mbu_decode.expected)
    assert o.retrieval_ms["embed_query"] == pytest.approx((weights + cpu.step_overhead_ms * 1e-3) * 1e3, rel=1e-9)


def test_ttft_includes_retrieval(catalog):
    with_rag = size(scenario(HR_ASSISTANT), catalog).recommended
    plain = scenario(HR_ASSISTANT)
    plain = plain.model_copy(update={"workload": plain.workload.model_copy(update={"rag": None})})
    without = size(plain, catalog)
    same = next(
        x
        for x in without.options
        if (x.hardware, x.gpus, x.precision) == (with_rag.hardware, with_rag.gpus, with_rag.precision)
    )
    retrieval = sum(with_rag.retrieval_ms.values())
    assert retrieval > 0
    # embedding on the CPU and the index in host RAM leave the GPU's work unchanged: TTFT grows by exactly the path
    assert with_rag.ttft_ms == pytest.approx(same.ttft_ms + retrieval, rel=1e-9)
    assert with_rag.ttft_p95_ms == pytest.approx(same.ttft_p95_ms + retrieval, rel=1e-6)


def test_rerank_adds_a_step_on_the_gpu(catalog):
    s = scenario(HR_ASSISTANT, workload__rag__rerank=True, workload__rag__rerank_candidates=20)
    o = size(s, catalog).recommended
    assert "rerank" in o.retrieval_ms
    # bge-reranker-v2-m3 (568M, of which the 250,002 x 1,024 embedding table is a FLOP-free lookup)
    # over 20 x (32 + 512) tokens on the option's GPU: compute-bound roofline
    accel = catalog.find("accelerators", o.accelerator)
    eff = profile(catalog, accel.efficiency_class)
    tokens = 20 * (32 + 512)
    compute = 2 * (0.568e9 - 250_002 * 1024) * tokens / (accel.tflops_bf16 * 1e12 * eff.mfu_prefill.expected)
    memory = 0.568e9 * 2 / (accel.memory_bandwidth_gb_s * 1e9 * eff.mbu_decode.expected)
    assert o.retrieval_ms["rerank"] == pytest.approx((max(compute, memory) + eff.step_overhead_ms * 1e-3) * 1e3)


def test_index_bigger_than_host_ram_is_refused(catalog):
    # 30 M documents x 10 chunks = 300 M vectors x 4,352 B = 1,216 GiB of HNSW index; g6e.4xlarge has 128 GiB
    s = scenario(
        HR_ASSISTANT,
        workload__rag__corpus_documents=30_000_000,
        workload__rag__chunks_per_document=10,
        candidates__hardware=["AWS g6e.4xlarge"],
    )
    sz = size(s, catalog)
    assert not sz.feasible
    bc = next(b for b in sz.binding_constraints if b.constraint == "host_memory")
    index = 300e6 * (1024 * 4 + 32 * 2 * 4) / GIB
    embedder = 0.596e9 * 2 / GIB  # Qwen3-Embedding-0.6B in BF16, on the host CPU (embed_on: cpu)
    assert bc.required == pytest.approx(index + embedder + 8.0, abs=0.01)  # + the stated 8 GiB OS reserve
    assert bc.available == pytest.approx(128.0)
    assert "vector index" in bc.detail and "index_in: gpu" in bc.fix


def test_index_on_the_gpu_takes_kv_cache(catalog):
    host = size(scenario(HR_ASSISTANT, candidates__hardware=["Lambda 1x H100 SXM"]), catalog).recommended
    gpu = size(
        scenario(HR_ASSISTANT, candidates__hardware=["Lambda 1x H100 SXM"], workload__rag__index_in="gpu"), catalog
    ).recommended
    index_gib = 400_000 * (1024 * 4 + 32 * 2 * 4) / GIB
    assert host.memory.kv_cache_gib - gpu.memory.kv_cache_gib == pytest.approx(index_gib, rel=1e-6)


# ------------------------------------------------------------------------------------------ runtimes

CHAT = {
    "name": "Support chat with a long system prompt",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2, "peak_to_mean": 2},
        "tokens": {
            "input_tokens": 3000,
            "output_tokens": 200,
            "shared_prefix_tokens": 2000,
            "prefix_cache_hit_ratio": 0.9,
        },
        "sla": {"ttft_p95_ms": 2000},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM", "Triton"],
    },
}


def by_runtime(sz):
    out = {}
    for o in sz.options:
        out.setdefault(o.runtime, o)
    return out


def test_runtime_without_default_prefix_caching_prefills_the_shared_prefix(catalog):
    opts = by_runtime(size(scenario(CHAT), catalog))
    v, t = opts["vLLM"], opts["Triton"]
    m = catalog.find("models", "Llama-3.1-8B-Instruct")
    a = catalog.find("accelerators", "NVIDIA H100 SXM")
    eff = profile(catalog, "nvidia-hopper")  # both use the class profile (multiplier 1.0)
    flops_s = a.tflops_bf16 * 1e12 * eff.mfu_prefill.expected
    heads_dim = m.layers * m.attention_heads * m.head_dim

    def floor_ms(new, cached):  # 2 P n + 4 L H d n (c + n/2), over peak x MFU, + step overhead
        flops = 2 * m.active_params_b * 1e9 * new + 4 * heads_dim * new * (cached + new / 2)
        return (flops / flops_s + eff.step_overhead_ms * 1e-3) * 1e3

    cached = 2000 * 0.9
    assert v.ttft_ms == pytest.approx(floor_ms(3000 - cached, cached), rel=1e-9)
    assert t.ttft_ms == pytest.approx(floor_ms(3000, 0.0), rel=1e-9)  # Triton: enable_kv_cache_reuse is off
    assert t.ttft_ms > v.ttft_ms


def test_runtime_scheduler_defaults_apply_unless_the_scenario_sets_them(catalog):
    s = scenario(CHAT, candidates__runtimes=["vLLM", "llama.cpp"])
    opts = by_runtime(size(s, catalog))
    caps = {r: next(e for e in o.explanations if e.quantity == f"Runtime {r}").value for r, o in opts.items()}
    # vLLM on an 80 GiB H100 (>= 70 GiB, not A100): max_num_seqs 1024; llama-server: 4 parallel slots
    assert caps == {"vLLM": 1024, "llama.cpp": 4}
    assert opts["llama.cpp"].batch_size <= 4 < opts["vLLM"].requests_per_s_per_replica * 1e9
    assert opts["llama.cpp"].requests_per_s_per_replica < opts["vLLM"].requests_per_s_per_replica
    # on an A100 vLLM's smaller defaults apply (256 sequences)
    a100 = by_runtime(size(scenario(CHAT, candidates__hardware=["RunPod 1x A100 SXM 80GB"]), catalog))
    assert next(e for e in a100["vLLM"].explanations if e.quantity == "Runtime vLLM").value == 256
    # the scenario's assumption overrides every runtime's default
    pinned = by_runtime(
        size(
            scenario(CHAT, candidates__runtimes=["vLLM", "llama.cpp"], assumptions={"max_concurrent_sequences": 8}),
            catalog,
        )
    )
    assert {
        r: next(e for e in o.explanations if e.quantity.startswith("Runtime")).value for r, o in pinned.items()
    } == {
        "vLLM": 8,
        "llama.cpp": 8,
    }


def test_runtime_without_fp8_gets_no_fp8_options(catalog):
    s = scenario(CHAT, candidates__runtimes=["llama.cpp"], candidates__precisions=["bf16", "fp8"])
    sz = size(s, catalog)
    assert sz.options and {o.precision.value for o in sz.options} == {"bf16"}
    both = size(scenario(CHAT, candidates__runtimes=["vLLM", "llama.cpp"], candidates__precisions=["fp8"]), catalog)
    assert {o.runtime for o in both.options} == {"vLLM"}
    assert "llama.cpp does not serve FP8 weights" in " ".join(both.strategy)


def test_nvidia_only_runtime_is_not_offered_on_amd(catalog):
    s = scenario(
        CHAT, candidates__hardware=["DigitalOcean gpu-mi300x1-192gb"], candidates__runtimes=["vLLM", "TensorRT-LLM"]
    )
    sz = size(s, catalog)
    assert {o.runtime for o in sz.options} == {"vLLM"}
    assert "TensorRT-LLM does not run on AMD Instinct MI300X" in " ".join(sz.strategy)


def test_strategy_advises_on_runtime_from_the_numbers(catalog):
    sz = size(scenario(CHAT, candidates__runtimes=["vLLM", "Triton", "SGLang"]), catalog)
    text = " ".join(sz.strategy)
    assert "Runtime: vLLM" in text and "Triton" in text and "reuses no prefix by default" in text
    # SGLang on this configuration: same factors, KV-bound scheduler; no evidence separates it
    assert "no published comparison found separates" in text and "SGLang" in text

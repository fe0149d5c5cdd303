"""The RAG request path before generation: embed the query -> search the vector index ->
(optionally) re-rank the candidates. Each step's latency [s] and where it runs (the replica's
accelerator or the host CPU), the index's memory [B] and whether the host's RAM holds it.

Computed per hardware of the space (few), then gathered onto the points. The same roofline as
serving: an encoder pass over `tokens` costs max(2 x matmul params x tokens / (peak x MFU),
params x 2 B / (bandwidth x MBU)) plus one step overhead (matmul params leave out the
input-embedding table, a lookup).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.domain import (
    Accelerator,
    EfficiencyProfile,
    IndexPlacement,
    IndexType,
    Model,
    Precision,
    RagSpec,
    RetrievalDevice,
)
from app.domain.units import GIB
from app.engine.space import Points, Space
from app.engine.tables import find_efficiency, math_tflops

# Defaults when the scenario names no embedder / re-ranker (each a stated, public model):
# Qwen3-Embedding-0.6B, 0.596 B params, 1024 dims (huggingface.co/Qwen/Qwen3-Embedding-0.6B, config.json;
# also in catalog/models.yaml); BAAI bge-reranker-v2-m3, a 568 M-parameter XLM-RoBERTa-large
# cross-encoder (huggingface.co/BAAI/bge-reranker-v2-m3, model card, read 2026-11-30).
# The third figure is the parameters a token's matmuls touch: the total less the input-embedding
# table (vocab x hidden), a lookup with no FLOPs: Qwen3-Embedding-0.6B 151,669 x 1,024 (config.json);
# bge-reranker-v2-m3 250,002 x 1,024 (XLM-RoBERTa config.json; 568 M params per the model card).
DEFAULT_EMBEDDER = ("Qwen3-Embedding-0.6B", 0.596e9, 0.596e9 - 151_669 * 1024)
DEFAULT_RERANKER = ("bge-reranker-v2-m3", 0.568e9, 0.568e9 - 250_002 * 1024)
MODEL_BYTES_PER_PARAM = 2.0  # encoders served in BF16/FP16

# HNSW memory per vector = d x bytes + M x 2 x 4 bytes of links (FAISS wiki, "Guidelines to choose
# an index": IndexHNSWFlat "memory usage is (d * 4 + M * 2 * 4) bytes per vector"; hnswlib's
# layer-0 lists hold 2M neighbours, 4-byte ids).
HNSW_LINK_BYTES = 4
# One HNSW query expands about ef_search candidates, reading each one's 2M layer-0 neighbours
# (Malkov & Yashunin 2018, alg. 2): ef x 2M vector fetches. A single query runs on one core,
# whose fetches are latency-bound: ~100 ns DRAM load-to-use latency plus the vector at ~10 GB/s
# per core. Both stated, not measured: they put 1M x 1024-dim HNSW32 at ~2 ms, the order the
# ann-benchmarks plots show for high recall.
DRAM_LATENCY_S = 100e-9
CORE_BANDWIDTH_B_S = 10e9
# Host RAM the OS, the serving processes and the retrieval service keep for themselves [GiB]
# (stated): the index must fit in what is left.
HOST_RESERVE_GIB = 8.0


@dataclass(frozen=True)
class Encoder:
    """An encoder model in the path (embedder or re-ranker): its name and parameter count."""

    name: str
    params: float  # all parameters (what memory holds and a memory-bound pass reads)
    matmul_params: float  # without the input-embedding table (what the FLOPs count)


@dataclass(frozen=True)
class Step:
    """One step on one device: latency [s], and which device it runs on."""

    seconds: float
    device: str  # accelerator name, or "host CPU (<name>)"


@dataclass(frozen=True)
class PathOnHardware:
    """The whole retrieval path for one hardware choice."""

    embed: Step
    search: Step
    rerank: Step | None
    gpu_busy_s: float  # accelerator time per request (embed/rerank on GPU), shares it with prefill
    gpu_bytes: float  # index and encoder weights held on the replica's accelerators (whole replica)
    host_bytes: float  # index and CPU-side encoder weights in host RAM
    host_ram_bytes: float  # the node's RAM (inf when the record does not say)

    @property
    def seconds(self) -> float:
        return self.embed.seconds + self.search.seconds + (self.rerank.seconds if self.rerank else 0.0)


@dataclass
class RetrievalArrays:
    """The path gathered onto the points (N,), plus the per-hardware detail for explanations."""

    seconds: np.ndarray  # added to TTFT
    gpu_busy_s: np.ndarray
    gpu_bytes_per_device: np.ndarray
    host_need_bytes: np.ndarray
    host_have_bytes: np.ndarray
    by_hardware: list[PathOnHardware]
    index_bytes: float
    embedder: Encoder
    reranker: Encoder | None
    search_reads: float  # vectors read per query


def index_bytes(r: RagSpec, dim: int) -> float:
    """Vector index memory [B]: chunks x (dim x bytes/dim + HNSW links), or x index_overhead when set."""
    vectors = r.chunks * dim * r.vector_bytes_per_dim
    if r.index_overhead is not None:
        return vectors * r.index_overhead
    if r.index_type is IndexType.HNSW:
        return vectors + r.chunks * r.hnsw_m * 2 * HNSW_LINK_BYTES
    return vectors


def vectors_read(r: RagSpec) -> float:
    """Vectors one query reads: HNSW ~ ef x 2M (ef at least the candidates wanted); flat: all."""
    if r.index_type is IndexType.FLAT:
        return r.chunks
    wanted = r.rerank_candidates if r.rerank else r.top_k
    return min(max(r.ef_search, wanted) * 2 * r.hnsw_m, r.chunks)


def encoder_pass_s(enc: Encoder, tokens: float, accel: Accelerator, profiles: list[EfficiencyProfile]) -> float:
    """One encoder forward over `tokens` on `accel` [s]: max(2 x matmul params x tokens /
    (peak x MFU), params x 2 B / (bandwidth x MBU)) + one step overhead."""
    eff = find_efficiency(profiles, None, accel.efficiency_class)
    peak, _ = math_tflops(accel, Precision.BF16)
    compute = 2 * enc.matmul_params * tokens / max(peak * 1e12 * eff.band("mfu_prefill", "expected"), 1.0)
    bandwidth = accel.memory_bandwidth_gb_s * 1e9 * eff.band("mbu_decode", "expected")
    memory = enc.params * MODEL_BYTES_PER_PARAM / bandwidth
    overhead = (eff.profile.step_overhead_ms if eff.profile else 2.0) * 1e-3
    return max(compute, memory) + overhead


def search_s(r: RagSpec, dim: int, accel: Accelerator, profiles: list[EfficiencyProfile], on_gpu: bool) -> float:
    """One query's index search [s]. Flat: a bandwidth-bound scan of every vector (all cores or
    the GPU). HNSW on the host: latency-bound fetches on one core; on a GPU: the reads at the
    GPU's bandwidth plus one kernel-launch overhead."""
    vec = dim * r.vector_bytes_per_dim
    reads = vectors_read(r)
    eff = find_efficiency(profiles, None, accel.efficiency_class)
    bw = accel.memory_bandwidth_gb_s * 1e9 * eff.band("mbu_decode", "expected")
    overhead = (eff.profile.step_overhead_ms if eff.profile else 2.0) * 1e-3 if on_gpu else 0.0
    if r.index_type is IndexType.FLAT or on_gpu:
        return reads * vec / bw + overhead
    return reads * (DRAM_LATENCY_S + vec / CORE_BANDWIDTH_B_S)


def encoder_of(name: str | None, default: tuple[str, float, float], models: dict[str, Model]) -> Encoder:
    if name:
        m = models.get(name.casefold())
        if m is not None:
            params = m.params_total_b * 1e9
            return Encoder(m.name, params, max(params - m.vocab_size * m.hidden_size, 0.5 * params))
    return Encoder(*default)


def path_on(
    r: RagSpec,
    dim: int,
    accel: Accelerator,
    host: Accelerator | None,
    ram_gib: float | None,
    profiles: list[EfficiencyProfile],
    embedder: Encoder,
    reranker: Encoder | None,
) -> PathOnHardware:
    """The retrieval path when the generator runs on `accel` and its host CPU is `host`."""
    cpu = host or accel  # no host CPU record: the accelerator stands in (flagged in the notes)
    cpu_label = f"host CPU ({cpu.name})"
    gpu_busy = gpu_bytes = host_bytes = 0.0

    def encode(enc: Encoder, tokens: float, where: RetrievalDevice) -> Step:
        nonlocal gpu_busy, gpu_bytes, host_bytes
        weights = enc.params * MODEL_BYTES_PER_PARAM
        if where is RetrievalDevice.GPU:
            t = encoder_pass_s(enc, tokens, accel, profiles)
            gpu_busy += t
            gpu_bytes += weights
            return Step(t, accel.name)
        host_bytes += weights
        return Step(encoder_pass_s(enc, tokens, cpu, profiles), cpu_label)

    embed = encode(embedder, r.query_tokens, r.embed_on)
    idx = index_bytes(r, dim)
    if r.index_in is IndexPlacement.GPU:
        gpu_bytes += idx
        search = Step(search_s(r, dim, accel, profiles, on_gpu=True), accel.name)
    else:
        host_bytes += idx
        search = Step(search_s(r, dim, cpu, profiles, on_gpu=False), cpu_label)
    rerank = None
    if r.rerank and reranker is not None:
        rerank = encode(reranker, r.rerank_candidates * (r.query_tokens + r.chunk_tokens), r.rerank_on)
    return PathOnHardware(
        embed=embed,
        search=search,
        rerank=rerank,
        gpu_busy_s=gpu_busy,
        gpu_bytes=gpu_bytes,
        host_bytes=host_bytes,
        host_ram_bytes=ram_gib * GIB if ram_gib else math.inf,
    )


def retrieval_arrays(space: Space, pts: Points, r: RagSpec) -> RetrievalArrays:
    """The path for every point of `pts`: per hardware once, gathered by index."""
    models: dict[str, Model] = space.encoders
    embedder = encoder_of(r.embedding_model, DEFAULT_EMBEDDER, models)
    emb_model = models.get((r.embedding_model or "").casefold())
    dim = (emb_model.embedding_dim if emb_model is not None else None) or r.embedding_dim
    reranker = encoder_of(r.rerank_model, DEFAULT_RERANKER, models) if r.rerank else None
    paths = []
    for hw in space.hardware:
        host = hw.accelerator if hw.accelerator.kind.value == "cpu" else space.host_cpu
        ram = hw.instance.ram_gib if hw.instance is not None else None
        paths.append(path_on(r, dim, hw.accelerator, host, ram, space.efficiency_profiles, embedder, reranker))
    h = pts.hardware

    def col(f: Callable[[PathOnHardware], float]) -> np.ndarray:
        values: np.ndarray = np.array([f(p) for p in paths], dtype=np.float64)
        out: np.ndarray = values[h]
        return out

    return RetrievalArrays(
        seconds=col(lambda p: p.seconds),
        gpu_busy_s=col(lambda p: p.gpu_busy_s),
        gpu_bytes_per_device=col(lambda p: p.gpu_bytes) / pts.gpus,
        host_need_bytes=col(lambda p: p.host_bytes) + HOST_RESERVE_GIB * GIB,
        host_have_bytes=col(lambda p: p.host_ram_bytes),  # one node's RAM holds the index
        by_hardware=paths,
        index_bytes=index_bytes(r, dim),
        embedder=embedder,
        reranker=reranker,
        search_reads=vectors_read(r),
    )

"""Workloads: what is asked of the system (traffic, tokens, SLA, sensitivity, budget)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from app.domain.common import (
    DomainModel,
    Fraction,
    Name,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
)
from app.domain.ranges import Within


class Category(StrEnum):
    RAG = "rag"
    AGENT = "agent"
    MULTIMODAL = "multimodal"
    BATCH = "batch"
    SYNTHETIC_DATA = "synthetic_data"
    FINE_TUNING = "fine_tuning"
    INFERENCE_API = "inference_api"
    EVALUATION = "evaluation"


class Sensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    REGULATED = "regulated"

    @property
    def level(self) -> int:
        return list(Sensitivity).index(self)


class TrafficPattern(StrEnum):
    STEADY = "steady"
    DIURNAL = "diurnal"
    SPIKY = "spiky"
    BATCH = "batch"


class Traffic(DomainModel):
    requests_per_s: PositiveFloat  # mean arrival rate
    peak_to_mean: Annotated[float, Within(1, 1000)] = 2.0
    pattern: TrafficPattern = TrafficPattern.DIURNAL
    # Fraction of the month at or near peak; drives autoscaled hours.
    peak_hours_per_day: Annotated[float, Within(0, 24)] = 8.0

    @property
    def peak_requests_per_s(self) -> float:
        return self.requests_per_s * self.peak_to_mean


class Tokens(DomainModel):
    input_tokens: PositiveInt  # mean prompt length, shared prefix included
    output_tokens: PositiveInt
    input_tokens_p95: PositiveInt | None = None
    output_tokens_p95: PositiveInt | None = None
    shared_prefix_tokens: NonNegativeInt = 0  # system prompt / documents reused across requests
    prefix_cache_hit_ratio: Fraction = 0.0
    images_per_request: NonNegativeFloat = 0.0

    @model_validator(mode="after")
    def _consistent(self) -> Tokens:
        if self.shared_prefix_tokens > self.input_tokens:
            raise ValueError("shared_prefix_tokens cannot exceed input_tokens")
        if self.input_tokens_p95 is not None and self.input_tokens_p95 < self.input_tokens:
            raise ValueError("input_tokens_p95 cannot be below the mean input_tokens")
        if self.output_tokens_p95 is not None and self.output_tokens_p95 < self.output_tokens:
            raise ValueError("output_tokens_p95 cannot be below the mean output_tokens")
        return self

    @property
    def context_tokens(self) -> int:
        """Tokens a sequence holds in the KV cache at its end (p95 lengths when given)."""
        return (self.input_tokens_p95 or self.input_tokens) + (self.output_tokens_p95 or self.output_tokens)


class Sla(DomainModel):
    ttft_p95_ms: PositiveFloat | None = None
    tpot_p95_ms: PositiveFloat | None = None
    e2e_p95_ms: PositiveFloat | None = None
    availability: Annotated[float, Within(0, 1, low_open=True, high_open=True)] = 0.999


class BatchSpec(DomainModel):
    """Offline work: a fixed number of requests to finish before a deadline."""

    total_requests: PositiveInt
    deadline_hours: PositiveFloat


class FineTuneMethod(StrEnum):
    FULL = "full"
    LORA = "lora"
    QLORA = "qlora"


class FineTuneSpec(DomainModel):
    method: FineTuneMethod = FineTuneMethod.LORA
    dataset_tokens: PositiveFloat  # tokens per epoch
    epochs: PositiveFloat = 1.0
    sequence_length: PositiveInt = 4096
    micro_batch_size: PositiveInt = 1
    lora_rank: PositiveInt = 16


class IndexType(StrEnum):
    HNSW = "hnsw"  # graph index: approximate, fast, graph links on top of the vectors
    FLAT = "flat"  # exact brute-force scan: no overhead, scans every vector per query


class IndexPlacement(StrEnum):
    HOST = "host"  # the vector index lives in the serving node's RAM (FAISS CPU, hnswlib, most vector DBs)
    GPU = "gpu"  # on the replica's GPUs (FAISS GPU, cuVS), taking memory from the KV cache


class RetrievalDevice(StrEnum):
    GPU = "gpu"  # the replica's accelerator (co-located with the generator)
    CPU = "cpu"  # the host CPU


class RagSpec(DomainModel):
    """A RAG workload's corpus and request path: embed the query -> search the index ->
    (optionally) re-rank -> generate. Defaults and their sources: README, scenario reference."""

    corpus_documents: PositiveInt
    chunks_per_document: PositiveFloat = 10.0
    chunk_tokens: PositiveInt = 512
    embedding_model: str | None = None  # catalog Model (modality embedding); None = Qwen3-Embedding-0.6B
    embedding_dim: PositiveInt = 1024
    vector_bytes_per_dim: PositiveFloat = 4.0  # fp32; 1 for int8, 0.125 for binary
    # Multiplier on the raw vectors that overrides the index type's own overhead (None = computed:
    # HNSW adds M x 2 x 4 bytes of links per vector, FAISS wiki; flat adds nothing).
    index_overhead: Annotated[float, Within(1, 10)] | None = None
    reindex_hours: PositiveFloat = 24.0  # deadline to embed the whole corpus
    # request path
    query_tokens: PositiveInt = 32  # the user's question as the embedder sees it
    index_type: IndexType = IndexType.HNSW
    hnsw_m: Annotated[int, Within(2, 256)] = 32  # links per vector (FAISS IndexHNSWFlat M)
    ef_search: Annotated[int, Within(1, 10_000)] = 64  # HNSW candidate list per query
    index_in: IndexPlacement = IndexPlacement.HOST
    embed_on: RetrievalDevice = RetrievalDevice.GPU
    top_k: PositiveInt = 5  # chunks handed to the generator
    rerank: bool = False
    rerank_candidates: PositiveInt = 20  # chunks the re-ranker scores (search returns this many)
    rerank_model: str | None = None  # catalog Model; None = a 568M cross-encoder (bge-reranker-v2-m3)
    rerank_on: RetrievalDevice = RetrievalDevice.GPU

    @model_validator(mode="after")
    def _consistent(self) -> RagSpec:
        if self.rerank and self.rerank_candidates < self.top_k:
            raise ValueError("rerank_candidates must be at least top_k (the re-ranker picks top_k of them)")
        return self

    @property
    def chunks(self) -> float:
        return self.corpus_documents * self.chunks_per_document


class AgentSpec(DomainModel):
    calls_per_task: PositiveFloat = 5.0  # sequential model calls per task
    tool_latency_ms: NonNegativeFloat = 300.0  # per call, outside the model


class Workload(DomainModel):
    name: Name
    category: Category
    description: str = ""
    traffic: Traffic
    tokens: Tokens
    sla: Sla = Field(default_factory=Sla)
    sensitivity: Sensitivity = Sensitivity.INTERNAL
    budget_usd_per_month: PositiveFloat | None = None
    users: PositiveInt | None = None
    batch: BatchSpec | None = None
    fine_tuning: FineTuneSpec | None = None
    rag: RagSpec | None = None
    agent: AgentSpec | None = None

    @model_validator(mode="after")
    def _category_needs(self) -> Workload:
        needs = {
            Category.BATCH: ("batch", "a batch workload needs batch (total_requests, deadline_hours)"),
            Category.SYNTHETIC_DATA: (
                "batch",
                "a synthetic-data workload needs batch (total_requests, deadline_hours)",
            ),
            Category.FINE_TUNING: ("fine_tuning", "a fine-tuning workload needs fine_tuning (dataset_tokens, method)"),
        }
        if self.category in needs:
            field, message = needs[self.category]
            if getattr(self, field) is None:
                raise ValueError(message)
        if self.category is Category.MULTIMODAL and self.tokens.images_per_request <= 0:
            raise ValueError("a multimodal workload needs tokens.images_per_request > 0")
        return self

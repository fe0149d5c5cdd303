"""Models: the architecture figures the engine needs, and quality scores with their benchmarks."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from app.domain.common import DomainModel, Fraction, NonNegativeInt, PositiveFloat, PositiveInt, Sourced
from app.domain.ranges import Within


class AttentionKind(StrEnum):
    MHA = "mha"  # one KV head per query head
    GQA = "gqa"  # groups of query heads share a KV head
    MQA = "mqa"  # one KV head
    MLA = "mla"  # multi-head latent attention (DeepSeek-V2/V3): a compressed KV latent


class Modality(StrEnum):
    TEXT = "text"
    VISION_LANGUAGE = "vision-language"
    EMBEDDING = "embedding"


class QualityScore(DomainModel):
    benchmark: str  # "MMLU (5-shot)", "GPQA Diamond", "MTEB avg"
    score: Annotated[float, Within(0, 100)]  # percent
    source: str = ""


class Model(Sourced):
    """A model's shape. Parameter counts are in billions; sizes are element counts."""

    family: str = ""
    hf_repo: str | None = None
    modality: Modality = Modality.TEXT
    params_total_b: PositiveFloat
    params_active_b: PositiveFloat | None = None  # MoE: parameters used per token
    layers: PositiveInt
    hidden_size: PositiveInt
    intermediate_size: PositiveInt | None = None
    attention_heads: PositiveInt
    kv_heads: PositiveInt
    head_dim: PositiveInt
    attention_kind: AttentionKind
    kv_lora_rank: PositiveInt | None = None  # MLA latent size
    qk_rope_head_dim: NonNegativeInt | None = None  # MLA decoupled RoPE key part, cached too
    experts: NonNegativeInt = 0  # routed experts; 0 for dense
    experts_per_token: NonNegativeInt = 0
    shared_experts: NonNegativeInt = 0
    moe_intermediate_size: PositiveInt | None = None
    vocab_size: PositiveInt
    max_context_tokens: PositiveInt
    embedding_dim: PositiveInt | None = None  # embedding models: output vector size
    tokens_per_image: PositiveInt | None = None  # vision-language: tokens one image costs
    license: str = ""
    open_weights: bool = True
    quality: list[QualityScore] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Model:
        if self.kv_heads > self.attention_heads:
            raise ValueError(f"kv_heads ({self.kv_heads}) cannot exceed attention_heads ({self.attention_heads})")
        if self.attention_heads % self.kv_heads:
            raise ValueError(
                f"attention_heads ({self.attention_heads}) must be a multiple of kv_heads ({self.kv_heads})"
            )
        kind = self.attention_kind
        if kind is AttentionKind.MHA and self.kv_heads != self.attention_heads:
            raise ValueError("MHA needs kv_heads equal to attention_heads (use gqa or mqa)")
        if kind is AttentionKind.MQA and self.kv_heads != 1:
            raise ValueError("MQA needs exactly one KV head")
        if kind is AttentionKind.MLA and self.kv_lora_rank is None:
            raise ValueError("MLA needs kv_lora_rank (the latent size)")
        if self.params_active_b is not None and self.params_active_b > self.params_total_b:
            raise ValueError("params_active_b cannot exceed params_total_b")
        if self.experts_per_token > self.experts:
            raise ValueError(f"experts_per_token ({self.experts_per_token}) cannot exceed experts ({self.experts})")
        if self.experts and not self.experts_per_token:
            raise ValueError("a mixture-of-experts model needs experts_per_token")
        return self

    @property
    def is_moe(self) -> bool:
        return self.experts > 0

    @property
    def active_params_b(self) -> float:
        return self.params_active_b or self.params_total_b

    def best_quality(self, benchmark: str) -> float | None:
        for q in self.quality:
            if q.benchmark == benchmark:
                return q.score
        return None


__all__ = ["AttentionKind", "Modality", "Model", "QualityScore", "Fraction"]

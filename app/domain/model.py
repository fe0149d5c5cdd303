"""Models: the architecture figures the engine needs, and quality scores with their benchmarks."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from app.domain.common import DomainModel, Fraction, NonNegativeInt, PositiveFloat, PositiveInt, Sourced
from app.domain.ranges import Within

# How far the query width (attention_heads x head_dim) may stray from hidden_size, either way.
QUERY_WIDTH_RATIO = 4.0


class AttentionKind(StrEnum):
    MHA = "mha"  # one KV head per query head
    GQA = "gqa"  # groups of query heads share a KV head
    MQA = "mqa"  # one KV head
    MLA = "mla"  # multi-head latent attention (DeepSeek-V2/V3): a compressed KV latent


class Modality(StrEnum):
    TEXT = "text"
    VISION_LANGUAGE = "vision-language"
    EMBEDDING = "embedding"


# Weight formats a published or measured score may have been taken at; "" = as the evaluator ran
# the model (its released weights, BF16 for every model in the shipped catalog).
BASE_PRECISIONS = ("", "bf16", "fp16", "fp32")


class QualityScore(DomainModel):
    benchmark: str  # "MMLU (5-shot)", "GPQA Diamond", "MTEB avg"; the evaluator in brackets
    score: Annotated[float, Within(0, 10000)]  # in `unit`: percent [0..100], or an arena rating
    source: str = ""
    unit: str = "%"  # "%" (accuracy and the like) or "Elo" (LMArena's Bradley-Terry rating)
    # the weight format the score was measured at: "" = the released (BF16) weights; "fp8",
    # "int4", ... = a quantised checkpoint's own published or measured score
    precision: str = ""
    as_of: dt.date | None = None  # the evaluator's snapshot or the run's date
    stderr_pts: Annotated[float, Within(0, 100)] | None = None  # [percentage points]
    ci_pts: Annotated[float, Within(0, 1000)] | None = None  # +- 95 % interval, in the benchmark's points
    n: NonNegativeInt | None = None  # samples scored (an arena: votes)

    @model_validator(mode="after")
    def _percent_within_100(self) -> QualityScore:
        if self.unit == "%" and self.score > 100:
            raise ValueError(f"a score in % cannot exceed 100, got {self.score:g} (an arena rating has unit Elo)")
        return self


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
    # vision-language: the vision encoder's parameters [billions], part of params_total_b (resident)
    # but not of the per-token active count: it runs once per image, over its patches
    vision_params_b: PositiveFloat | None = None
    # patches the vision encoder runs per image, before merging into tokens; None = tokens_per_image
    vision_patches_per_image: PositiveInt | None = None
    license: str = ""
    open_weights: bool = True
    quality: list[QualityScore] = Field(default_factory=list)
    # why the model has no score comparable with the other candidates of its size class
    # ("no comparable public score: ..."); empty when it has one
    quality_note: str = ""

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
        if not self.experts:
            for moe_only in ("experts_per_token", "shared_experts", "moe_intermediate_size"):
                if getattr(self, moe_only):
                    raise ValueError(f"{moe_only} is set but experts is 0 (a dense model has no experts)")
        if self.experts_per_token > self.experts:
            raise ValueError(f"experts_per_token ({self.experts_per_token}) cannot exceed experts ({self.experts})")
        if self.experts and not self.experts_per_token:
            raise ValueError("a mixture-of-experts model needs experts_per_token")
        if self.vision_params_b is not None and self.vision_params_b >= self.params_total_b:
            raise ValueError("vision_params_b is part of params_total_b, so it must be smaller")
        if self.params_active_b is not None and self.params_active_b > self.language_params_b:
            raise ValueError(
                "params_active_b cannot exceed params_total_b"
                + (" less vision_params_b (it counts the language model only)" if self.vision_params_b else "")
            )
        if kind is not AttentionKind.MLA:
            for mla_only in ("kv_lora_rank", "qk_rope_head_dim"):
                if getattr(self, mla_only) is not None:
                    raise ValueError(f"{mla_only} applies to MLA attention only, not {kind.value.upper()}")
        self._check_widths()
        return self

    def _check_widths(self) -> None:
        """The query width (attention_heads x head_dim) may differ from hidden_size: published
        models set head_dim explicitly (Qwen3-0.6B 16 x 128 over 1,024, Gemma 2 16 x 256 over
        3,584, DeepSeek-V3 2.3x). Beyond QUERY_WIDTH_RATIO either way it is a typo, not a design.
        The embedding table (vocab_size x hidden_size) is part of the parameters, so it cannot
        exceed params_total_b."""
        width = self.attention_heads * self.head_dim
        low, high = 1 / QUERY_WIDTH_RATIO, QUERY_WIDTH_RATIO
        if not low <= width / self.hidden_size <= high:
            raise ValueError(
                f"attention_heads x head_dim ({self.attention_heads} x {self.head_dim} = {width:,}) must be within "
                f"{QUERY_WIDTH_RATIO:g}x of hidden_size ({self.hidden_size:,}); check head_dim"
            )
        embedding_b = self.vocab_size * self.hidden_size / 1e9
        if embedding_b > self.params_total_b:
            raise ValueError(
                f"params_total_b ({self.params_total_b:g}) is below the embedding table alone "
                f"(vocab_size x hidden_size = {embedding_b:.4g} B); check the parameter count and the widths"
            )

    @property
    def is_moe(self) -> bool:
        return self.experts > 0

    @property
    def language_params_b(self) -> float:
        """The language model's parameters [billions]: total less the vision encoder."""
        return self.params_total_b - (self.vision_params_b or 0.0)

    @property
    def active_params_b(self) -> float:
        """Parameters each generated or prefilled text token passes through [billions] (MoE: the
        routed share; vision-language: without the vision encoder, which runs per image)."""
        return self.params_active_b or self.language_params_b

    @property
    def reads_images(self) -> bool:
        return self.modality is Modality.VISION_LANGUAGE

    @property
    def vision_flops_per_image(self) -> float:
        """Vision encoder FLOPs for one image: 2 x vision params x patches [FLOP] (every patch
        through every encoder weight once; the encoder's self-attention is not counted). 0 when
        the record does not give the encoder's size."""
        if not self.vision_params_b:
            return 0.0
        patches = self.vision_patches_per_image or self.tokens_per_image or 0
        return 2.0 * self.vision_params_b * 1e9 * patches

    def best_quality(self, benchmark: str) -> float | None:
        q = self.quality_at(benchmark)
        return q.score if q is not None else None

    def quality_at(self, benchmark: str, precision: str = "") -> QualityScore | None:
        """The score on `benchmark` measured at `precision` when one is recorded, else the score
        at the released weights (BF16); None when the model has no score on it."""
        base = None
        for q in self.quality:
            if q.benchmark != benchmark:
                continue
            if precision and q.precision == precision:
                return q
            if q.precision in BASE_PRECISIONS and base is None:
                base = q
        return base


__all__ = ["AttentionKind", "BASE_PRECISIONS", "Modality", "Model", "QualityScore", "Fraction"]

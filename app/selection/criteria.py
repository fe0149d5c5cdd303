"""The selection criteria, declared once: name, unit, direction, getter and default weight.

A criterion reads one figure from a `Candidate` (a self-hosted `Option` or a `HostedOption`,
with the catalog records behind it and the workload). A getter returns None when the figure
is unknown or does not apply; `missing_score` says what such a cell scores after
normalisation (0 = the worst of the field: no evidence, no credit; 0.5 = neutral, for a
figure that does not apply to that kind of row, such as throughput per GPU for an API).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.domain import (
    Category,
    HostedApi,
    HostedOption,
    Instance,
    Model,
    Option,
    QualityScore,
    Runtime,
    Sensitivity,
    Workload,
)
from app.domain.deployment import OPS_BURDEN
from app.domain.model import BASE_PRECISIONS

Direction = Literal["benefit", "cost"]

# Highest data sensitivity a deployment may receive. A self-hosted deployment (on-prem or in
# the organisation's own cloud account) keeps the data inside its own boundary, so it may take
# regulated data; a hosted API may take what its catalog record's max_sensitivity says.
SELF_HOSTED_MAX_SENSITIVITY = Sensitivity.REGULATED

# Context fit is capped: beyond 4x the needed context more window buys nothing for this
# workload, and an uncapped 1M-token model would squash every other row to 0 in min-max.
CONTEXT_FIT_CAP = 4.0

# License openness [0..3]. Keywords are matched case-insensitively in Model.license.
PERMISSIVE_LICENSES = ("apache", "mit", "bsd", "openrail", "cc-by-4", "cc by 4")
NON_COMMERCIAL_MARKERS = ("non-commercial", "noncommercial", "-nc", " nc ", "research only")


@dataclass(frozen=True)
class Candidate:
    """One row of the matrix: a deployment and the records behind it."""

    label: str
    kind: Literal["self_hosted", "hosted"]
    workload: Workload
    option: Option | None = None
    option_index: int | None = None  # index into Sizing.options
    hosted: HostedOption | None = None
    hosted_index: int | None = None  # index into Sizing.hosted
    model: Model | None = None
    instance: Instance | None = None
    runtime: Runtime | None = None
    api: HostedApi | None = None


@dataclass(frozen=True)
class Context:
    """Matrix-wide facts a getter may need (the quality benchmark all rows are compared on)."""

    quality_benchmark: str | None = None
    # True when some candidate's host power is unknown (its energy counts the accelerators only):
    # energy per 1M tokens is then ranked with the host left out for every row, like for like
    energy_accelerators_only: bool = False
    # an embedding job (one vector a request, no generated token): p95 TTFT is the request's latency
    embedding_job: bool = False


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    unit: str
    direction: Direction
    default_weight: float
    description: str  # how the figure is obtained, in one or two sentences
    getter: Callable[[Candidate, Context], float | None] = field(repr=False)
    missing_score: float = 0.0
    digits: int = 1  # for display
    # True: a missing figure exists but is not known (a score nobody published), so the row's
    # rank is shown over the figure's plausible range (selection.missing); False: it does not apply
    unknown_when_missing: bool = False
    # the score of a missing cell on a self-hosted row, where the figure applies but is not known
    # (None: `missing_score`, as for a hosted row): energy with no TDP in the catalog scores the
    # field's worst, no evidence, no credit (tgui5 D6: an unknown TPU's 0.5 ranked above a known 199 Wh)
    unknown_score: float | None = None

    def value(self, cand: Candidate, ctx: Context) -> float | None:
        v = self.getter(cand, ctx)
        if v is None or not math.isfinite(v):
            return None
        return float(v)


# -- getters -----------------------------------------------------------------------------------


def served_precision(c: Candidate) -> str:
    """The weight format the row serves the model in ("" for a hosted API: the provider's)."""
    return c.option.precision.value if c.option is not None else ""


def quality_score(c: Candidate, ctx: Context) -> QualityScore | None:
    """The row's score on the matrix's benchmark: the one measured at the served precision when
    recorded (a quantised checkpoint's own), else the one at the released weights."""
    if c.model is None or ctx.quality_benchmark is None:
        return None
    return c.model.quality_at(ctx.quality_benchmark, served_precision(c))


def quality_note(c: Candidate, ctx: Context) -> str:
    """What the quality cell stands on, in words: no score, measured at BF16 while served
    quantised, or the quantised checkpoint's own score and its delta to BF16."""
    if ctx.quality_benchmark is None or c.model is None:
        return ""
    q = quality_score(c, ctx)
    if q is None:
        return "no score on this benchmark: unknown, not zero"
    served = served_precision(c)
    if served and served not in BASE_PRECISIONS:
        if q.precision == served:
            base = c.model.quality_at(ctx.quality_benchmark)
            delta = f" ({q.score - base.score:+.1f} pts vs BF16)" if base is not None and base is not q else ""
            return f"{served.upper()} checkpoint's own score{delta}"
        return f"quality measured at BF16; served {served.upper()}"
    return ""


def _quality(c: Candidate, ctx: Context) -> float | None:
    q = quality_score(c, ctx)
    return q.score if q is not None else None


def _ttft(c: Candidate, ctx: Context) -> float | None:
    if c.option is not None:
        return c.option.ttft_p95_ms
    return c.api.typical_ttft_ms if c.api is not None else None


def _tpot(c: Candidate, ctx: Context) -> float | None:
    if c.option is not None:
        return c.option.tpot_ms
    if c.api is not None and c.api.typical_output_tokens_per_s:
        return 1000.0 / c.api.typical_output_tokens_per_s
    return None


def _throughput_per_gpu(c: Candidate, ctx: Context) -> float | None:
    if c.option is None or c.option.gpus <= 0:
        return None
    return c.option.tokens_per_s / c.option.gpus


def _cost_per_mtok(c: Candidate, ctx: Context) -> float | None:
    if c.option is not None:
        # an option the engine could not price (a bare accelerator: no price in the catalog) has
        # no cost, not a cost of 0: unknown, scored at the field's worst (tgui6 D12: an unpriced
        # Apple M3 Ultra scored 0.00 $/1M tok, the best of the field, and was recommended)
        return c.option.cost_per_million_tokens_usd if c.option.priced else None
    return c.hosted.cost_per_million_tokens_usd if c.hosted is not None else None


def _memory_headroom(c: Candidate, ctx: Context) -> float | None:
    if c.option is None or c.option.memory.capacity_gib <= 0:
        return None
    return 100.0 * c.option.memory.free_gib / c.option.memory.capacity_gib


def needed_context_tokens(workload: Workload) -> int:
    """The context a row's model must hold [tokens]: `Workload.sequence_tokens`."""
    return workload.sequence_tokens


def max_context_tokens(c: Candidate) -> int | None:
    if c.kind == "hosted" and c.api is not None and c.api.context_tokens:
        return c.api.context_tokens
    return c.model.max_context_tokens if c.model is not None else None


def _context_fit(c: Candidate, ctx: Context) -> float | None:
    have = max_context_tokens(c)
    if have is None:
        return None
    return min(have / needed_context_tokens(c.workload), CONTEXT_FIT_CAP)


def max_sensitivity(c: Candidate) -> Sensitivity:
    if c.kind == "self_hosted":
        return SELF_HOSTED_MAX_SENSITIVITY
    raw = (c.api.max_sensitivity if c.api is not None else "public").strip().lower()
    try:
        return Sensitivity(raw)
    except ValueError:  # an unknown label is treated as the most restrictive
        return Sensitivity.PUBLIC


def _compliance(c: Candidate, ctx: Context) -> float:
    return float(max_sensitivity(c).level - c.workload.sensitivity.level)


def license_openness(model: Model | None) -> float | None:
    """3 permissive open weights, 2 open weights under a custom licence, 1 non-commercial, 0 closed."""
    if model is None:
        return None
    if not model.open_weights:
        return 0.0
    lic = f" {model.license.lower()} "
    if any(m in lic for m in NON_COMMERCIAL_MARKERS):
        return 1.0
    if any(p in lic for p in PERMISSIVE_LICENSES):
        return 3.0
    return 2.0


def _license(c: Candidate, ctx: Context) -> float | None:
    if c.kind == "hosted":
        return 0.0  # weights stay with the provider, whatever model serves them
    return license_openness(c.model)


def operational_burden(c: Candidate) -> float:
    """Points of operational work; see the criterion's description for the formula."""
    if c.kind == "hosted" or c.option is None:
        return 0.0
    o = c.option
    burden = math.log2(max(o.gpus, 1))
    node_gpus = c.instance.accelerator_count if c.instance is not None else o.gpus
    if o.gpus > node_gpus:
        burden += 2.0  # multi-node replica: inter-node fabric, gang scheduling
    if o.pipeline_parallel > 1:
        burden += 1.0
    burden += 0.5 * math.log2(max(o.replicas, 1))
    burden += OPS_BURDEN.get(o.deployment, 0.0)  # the deployment model's own work (domain.deployment)
    if c.runtime is not None:
        f = c.runtime.features
        burden += sum(not x for x in (f.continuous_batching, f.paged_kv))
        if c.workload.tokens.shared_prefix_tokens > 0 and not f.prefix_caching:
            burden += 1.0
    return burden


def _burden(c: Candidate, ctx: Context) -> float:
    return operational_burden(c)


def _energy_per_mtok(c: Candidate, ctx: Context) -> float | None:
    if c.kind == "hosted" or c.option is None:
        return None  # providers publish no energy per token: not applicable
    if ctx.energy_accelerators_only:
        return c.option.energy_accel_wh_per_million_tokens
    return c.option.energy_wh_per_million_tokens


def host_power_unknown(c: Candidate) -> bool:
    """True when the candidate's energy leaves its host out (no host power in the catalog)."""
    o = c.option
    return o is not None and o.energy_incomplete and any(g.startswith("host power") for g in o.energy_missing)


ENERGY_ACCELERATORS_NOTE = (
    "accelerators only, host left out for every row: some candidates' host power is unknown, "
    "so a figure with the host would not compare with one without"
)


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "quality",
        "Quality",
        "%",
        "benefit",
        3.0,
        "The model's score on the chosen benchmark (by default the one most candidate models "
        "report): published by one evaluator, or the team's own evaluation ('Own: ...'); a hosted "
        "API uses the scores of the model it serves. A model without a score is unknown, not 0: it "
        "scores the middle of the field and its rank is shown over the whole plausible range.",
        _quality,
        missing_score=0.5,
        unknown_when_missing=True,
    ),
    Criterion(
        "ttft_p95",
        "p95 TTFT",
        "ms",
        "cost",
        2.0,
        "Time to first token at the 95th percentile under the workload's load (sizing engine); "
        "a hosted API uses the typical time to first token its catalog record states.",
        _ttft,
        digits=0,
    ),
    Criterion(
        "tpot",
        "TPOT",
        "ms",
        "cost",
        1.0,
        "Time per output token at the operating point (sizing engine); a hosted API uses 1,000 ms over "
        "the typical output speed its catalog record states.",
        _tpot,
    ),
    Criterion(
        "throughput_per_gpu",
        "Throughput per GPU",
        "tok/s/GPU",
        "benefit",
        1.0,
        "Output tokens/s per replica / GPUs per replica. Not applicable to a hosted API (scores 0.5).",
        _throughput_per_gpu,
        missing_score=0.5,
        digits=0,
    ),
    Criterion(
        "cost_per_mtok",
        "Cost per 1M tokens",
        "USD",
        "cost",
        3.0,
        "All-in cost per million tokens at the workload's traffic (engine: cloud hours or "
        "on-prem TCO; token prices for a hosted API). An option with no price (a bare accelerator the "
        "catalog prices nowhere) has an unknown cost, not a cost of 0: it scores the field's worst (0): "
        "no evidence, no credit.",
        _cost_per_mtok,
        digits=2,
        unknown_score=0.0,
    ),
    Criterion(
        "memory_headroom",
        "Memory headroom",
        "%",
        "benefit",
        1.0,
        "Free memory per GPU / GPU memory capacity, at the operating point. Not "
        "applicable to a hosted API (scores 0.5).",
        _memory_headroom,
        missing_score=0.5,
    ),
    Criterion(
        "context_fit",
        "Context fit",
        "x",
        "benefit",
        1.0,
        f"Model context window / the workload's p95 context (input + output), capped at "
        f"{CONTEXT_FIT_CAP:g}x. Below 1x the row is excluded.",
        _context_fit,
        digits=2,
    ),
    Criterion(
        "compliance",
        "Sensitivity margin",
        "levels",
        "benefit",
        2.0,
        "Highest data sensitivity the deployment may receive minus the workload's "
        "(public 0, internal 1, confidential 2, regulated 3); self-hosted may receive "
        "regulated data. Below 0 the row is excluded.",
        _compliance,
        digits=0,
    ),
    Criterion(
        "license",
        "License openness",
        "0-3",
        "benefit",
        1.0,
        "3 open weights under a permissive licence (Apache, MIT), 2 open weights under a "
        "custom licence (Llama, Qwen), 1 non-commercial, 0 closed or hosted only.",
        _license,
        digits=0,
    ),
    Criterion(
        "burden",
        "Operational burden",
        "points",
        "cost",
        1.0,
        "log2(GPUs per replica) + 2 if a replica spans nodes + 1 if pipeline-parallel + "
        "0.5 x log2(replicas) + 1 per missing runtime feature (continuous batching, paged "
        "KV; prefix caching when prompts share a prefix) + the deployment model's own work (cloud VM 1, "
        "bare metal 2, on-prem 4, hybrid 5); 0 for a hosted API.",
        _burden,
    ),
    Criterion(
        "energy_per_mtok",
        "Energy per 1M tokens",
        "Wh",
        "cost",
        1.0,
        "Facility energy per million tokens at the workload's traffic: accelerator power between idle and "
        "busy by the share of each hour a replica serves, plus host power, x PUE, over the tokens served "
        "(a physical estimate for cloud). Lower scores higher (min-max like every cost criterion). Not "
        "applicable to a hosted API (scores 0.5). A self-hosted option whose energy is unknown (no TDP "
        "in the catalog) scores the field's worst (0): no evidence, no credit.",
        _energy_per_mtok,
        missing_score=0.5,
        digits=0,
        unknown_score=0.0,
    ),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}


LATENCY_CRITERIA = ("ttft_p95", "tpot")
EMBEDDING_TTFT_NAME = "p95 latency per request"
EMBEDDING_TTFT_DESCRIPTION = (
    "Latency of one request (one prefill returning one vector: there is no first token) at the 95th "
    "percentile under the workload's load (sizing engine)."
)
OFFLINE_CATEGORIES = (Category.BATCH, Category.SYNTHETIC_DATA, Category.EVALUATION, Category.FINE_TUNING)


def latency_free(workload: Workload | None) -> bool:
    """An offline job (batch, synthetic data, evaluation, fine-tuning, an embedding re-index: any
    workload with a batch deadline) whose SLA sets no latency target: nobody waits on a token."""
    if workload is None:
        return False
    offline = workload.category in OFFLINE_CATEGORIES or workload.batch is not None
    sla = workload.sla
    return offline and all(x is None for x in (sla.ttft_p95_ms, sla.tpot_p95_ms, sla.e2e_p95_ms))


def default_weights(workload: Workload | None = None) -> dict[str, float]:
    """Each criterion's default weight; for a latency-free offline job (`latency_free`) the latency
    criteria default to 0, so p95 TTFT and TPOT cannot decide between designs nobody waits on."""
    weights = {c.key: c.default_weight for c in CRITERIA}
    if latency_free(workload):
        weights.update(dict.fromkeys(LATENCY_CRITERIA, 0.0))
    return weights


def latency_weights_note(workload: Workload | None, weights: dict[str, float] | None) -> str:
    """What the matrix and report say when the latency criteria default to 0 ('' otherwise)."""
    if not latency_free(workload) or any(k in (weights or {}) for k in LATENCY_CRITERIA):
        return ""
    return (
        "p95 TTFT and TPOT weigh 0 by default here: an offline job with no latency target in its SLA "
        "(set a TTFT/TPOT target or a weight to count them)."
    )

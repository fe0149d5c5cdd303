"""Workloads: what is asked of the system (traffic, tokens, SLA, sensitivity, budget)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal

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
from app.domain.wording import with_article


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
    requests_per_s: PositiveFloat = Field(
        description="Mean arrival rate of model requests, over the whole month. For an agent workload this is "
        "model calls per second (tasks per second x calls per task), not tasks per second."
    )
    peak_to_mean: Annotated[float, Within(1, 1000)] = 2.0
    pattern: TrafficPattern = TrafficPattern.DIURNAL
    # Fraction of the month at or near peak; drives autoscaled hours.
    peak_hours_per_day: Annotated[float, Within(0, 24)] = 8.0

    @property
    def peak_requests_per_s(self) -> float:
        return self.requests_per_s * self.peak_to_mean

    @model_validator(mode="after")
    def _day_fits(self) -> Traffic:
        """A day of P peak hours at R x the mean keeps the stated mean only if P x R <= 24 (the other
        24 - P hours then run at (24 - P x R) / (24 - P) x the mean >= 0, `traffic_day.day_shares`);
        0 or 24 peak hours leave no room for a peak above the mean. P is taken as stated and as the
        whole hours the day is drawn with. A steady pattern is flat and ignores both."""
        ptm, stated = self.peak_to_mean, self.peak_hours_per_day
        if self.pattern is TrafficPattern.STEADY or ptm <= 1.0:
            return self
        hours = int(round(stated))
        drawn = f"{stated:g}" if hours == stated else f"{stated:g} (drawn as {hours})"
        if hours in (0, 24):
            raise ValueError(
                f"peak_hours_per_day {drawn} with peak_to_mean {ptm:g}: a day needs 1 to 23 peak hours to "
                "peak above its mean (or peak_to_mean 1)"
            )
        if max(stated, hours) * ptm > 24.0 + 1e-9:
            most = int(24.0 / ptm + 1e-9)
            fix = f"at most {most} peak hours at x{ptm:g} or " if most >= 1 else ""
            raise ValueError(
                f"peak_hours_per_day {drawn} x peak_to_mean {ptm:g} = {max(stated, hours) * ptm:g} is over 24: "
                f"the day cannot keep its mean; use {fix}peak_to_mean at most {24.0 / max(stated, hours):.3g}"
            )
        return self


class Tokens(DomainModel):
    input_tokens: PositiveInt  # mean prompt length, shared prefix included
    output_tokens: PositiveInt
    input_tokens_p95: PositiveInt | None = None
    output_tokens_p95: PositiveInt | None = None
    shared_prefix_tokens: NonNegativeInt = 0  # system prompt / documents reused across requests
    prefix_cache_hit_ratio: Fraction = 0.0
    images_per_request: NonNegativeFloat = Field(
        default=0.0,
        description="Images sent with each request (pages, photos); their tokens go into every prefill and only "
        "models that read images are offered. A batch job over scanned documents says it here too.",
    )

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


class Recurrence(StrEnum):
    """How often a batch job runs."""

    ONCE = "once"
    DAILY = "daily"
    BUSINESS_DAYS = "business_days"  # Monday to Friday
    WEEKLY = "weekly"
    MONTHLY = "monthly"  # one run a month, 12 a year


# The days of the week a weekly, monthly or one-off run may be placed on (Monday first).
DayName = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def sorted_days(days: Sequence[str]) -> list[str]:
    """The named days once each, Monday first."""
    return [d for d in WEEKDAYS if d in set(days)]


_DAY_WORDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(word: str) -> int:
    """The index of a day written as its name or its first three letters or more ("sat", "Saturday")."""
    w = word.strip().casefold()
    for i, name in enumerate(_DAY_WORDS):
        if len(w) >= 3 and name.startswith(w):
            return i
    raise ValueError(f"'{word.strip()}' is not a day of the week: write day names, e.g. Sat, Sun or Mon-Fri")


def days_from_text(text: str) -> list[str]:
    """Days written by a person, as WEEKDAYS once each, Monday first: names or their first three
    letters or more, separated by commas or spaces, and ranges ("Sat, Sun", "saturday sunday",
    "Mon-Wed, Fri"); "" is no day. ValueError in plain words for anything else."""
    out: set[str] = set()
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", text.strip())):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if dash:
            a, b = _day(first), _day(last)
            if b < a:
                raise ValueError(f"'{part}' runs backwards: write the earlier day first, e.g. Mon-Fri")
            out.update(WEEKDAYS[a : b + 1])
        else:
            out.add(WEEKDAYS[_day(part)])
    return sorted_days(sorted(out))


# Runs per week of each recurrence; a month is hours_per_month / 24 / 7 weeks (730 h: 4.345).
RUNS_PER_WEEK = {Recurrence.DAILY: 7.0, Recurrence.BUSINESS_DAYS: 5.0, Recurrence.WEEKLY: 1.0}
# Recurrences with a run every (business) day: a run's day is not chosen
RUNS_DAILY = (Recurrence.DAILY, Recurrence.BUSINESS_DAYS)
# The longest a run may take before the next one starts [h].
# A monthly run must end within the shortest month, 28 days.
RUN_PERIOD_HOURS = {
    Recurrence.DAILY: 24.0,
    Recurrence.BUSINESS_DAYS: 24.0,
    Recurrence.WEEKLY: 168.0,
    Recurrence.MONTHLY: 28 * 24.0,
}
_WINDOW = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$")


def window_hours(window: str) -> float:
    """Length of a daily start window "HH:MM-HH:MM" [h]; it may cross midnight ("22:00-06:00" = 8 h)
    and equal ends mean the whole day (24 h). ValueError when it does not read as a window."""
    m = _WINDOW.match(window.strip())
    if m is None:
        raise ValueError(f"start_window {window!r} is not HH:MM-HH:MM (24 h clock, e.g. 22:00-06:00)")
    start = int(m.group(1)) * 60 + int(m.group(2))
    end = int(m.group(3)) * 60 + int(m.group(4))
    return ((end - start) % 1440 or 1440) / 60.0


class BatchSpec(DomainModel):
    """Offline work: `total_requests` per run, each run finished within `deadline_hours` of its
    start (or within its daily `start_window`), repeated as `recurrence` says.

    The rate a run needs is derived here and nowhere else (`requests_per_s`); batch kinds need no
    traffic block."""

    total_requests: PositiveInt = Field(description="Requests one run must answer.")
    deadline_hours: PositiveFloat | None = Field(
        default=None,
        description="Hours from a run's start to its last answer (empty: the start window's length).",
    )
    recurrence: Recurrence = Field(
        default=Recurrence.ONCE,
        description="How often the job runs; with the cost per run it makes the cost per month.",
    )
    start_window: str | None = Field(
        default=None,
        description="Daily window a run starts and must finish in, HH:MM-HH:MM, e.g. 22:00-06:00 (8 h).",
    )
    run_days: list[DayName] = Field(
        default_factory=list,
        description="Days a weekly, monthly or one-off run may use its window, e.g. Sat, Sun (empty: Monday); "
        "daily and business-days runs ignore it.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> BatchSpec:
        days = sorted_days(self.run_days)
        if self.run_days != days:  # once each, Monday first
            object.__setattr__(self, "run_days", days)
        if self.start_window is not None:
            window = window_hours(self.start_window)
            if window >= 24.0 and self.deadline_hours is None:
                # equal ends read as the whole day: without a deadline that silently made a 24 h run
                raise ValueError(
                    f"start_window {self.start_window.strip()} starts and ends at the same time: "
                    "give its end (e.g. 22:00-06:00) or deadline_hours"
                )
            if self.deadline_hours is not None and self.deadline_hours > window + 1e-9:
                raise ValueError(  # short: two lines beside the field at 1366 px
                    f"deadline_hours {self.deadline_hours:g} h is over the {window:g} h start window: "
                    "shorten it or widen the window"
                )
        elif self.deadline_hours is None:
            raise ValueError("a run needs deadline_hours or start_window (e.g. 22:00-06:00) to finish within")
        period = RUN_PERIOD_HOURS.get(self.recurrence)
        if period is not None and self.hours_per_run > period:
            raise ValueError(
                f"{with_article(self.recurrence.value.replace('_', ' '))} job must finish within {period:g} h, "
                f"before the next run; deadline_hours is {self.hours_per_run:g} h"
            )
        return self

    @property
    def hours_per_run(self) -> float:
        """Hours a run may take [h]: the deadline, else the start window's length."""
        if self.deadline_hours is not None:
            return self.deadline_hours
        return window_hours(self.start_window or "00:00-00:00")

    @property
    def requests_per_s(self) -> float:
        """The steady rate that finishes a run in time [req/s] = total_requests / (hours_per_run x 3600).

        The one place a batch job's rate comes from: 200,000 requests in 8 h -> 6.94 req/s."""
        return self.total_requests / (self.hours_per_run * 3600.0)

    def at_rate(self, requests_per_s: float) -> BatchSpec:
        """This job with the work a run holds at `requests_per_s` over the same hours (a what-if on
        the rate changes the work, never a second, typed rate): rate x hours_per_run x 3600."""
        total = max(1, round(requests_per_s * self.hours_per_run * 3600.0))
        return self.model_copy(update={"total_requests": total})

    def summary(self) -> str:
        """ "200,000 requests per run within 8 h (business days, 22:00-06:00) = 6.94 req/s"."""
        days = f" on {', '.join(self.run_days)}" if self.run_days and self.recurrence not in RUNS_DAILY else ""
        when = self.recurrence.value.replace("_", " ") + days + (f", {self.start_window}" if self.start_window else "")
        return (
            f"{self.total_requests:,} requests per run within {self.hours_per_run:g} h ({when}) "
            f"= {self.requests_per_s:,.3g} req/s"
        )

    def runs_per_month(self, hours_per_month: float = 730.0) -> float:
        """Runs in a month of `hours_per_month` hours: daily 30.4, business days 21.7, weekly 4.35
        at 730 h, monthly 1; a one-off job runs once (its month is the month it runs)."""
        per_week = RUNS_PER_WEEK.get(self.recurrence)
        return 1.0 if per_week is None else per_week * hours_per_month / (24.0 * 7.0)


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
    calls_per_task: PositiveFloat = Field(
        default=5.0,
        description="Sequential model calls per task. The traffic rate counts these calls, not tasks: "
        "requests_per_s = tasks per second x calls per task.",
    )
    tool_latency_ms: NonNegativeFloat = 300.0  # per call, outside the model


# Work described by its total, deadline and recurrence, not by an arrival rate.
BATCH_CATEGORIES = frozenset({Category.BATCH, Category.SYNTHETIC_DATA, Category.EVALUATION})


class Workload(DomainModel):
    name: Name
    category: Category
    description: str = ""
    # Arrivals; optional for batch kinds (their rate comes from `batch`) and for fine-tuning.
    traffic: Traffic | None = None
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
            Category.BATCH: (
                "batch",
                "a batch job needs its work per run: batch.total_requests and batch.deadline_hours",
            ),
            Category.SYNTHETIC_DATA: (
                "batch",
                "a synthetic-data job needs its work per run: batch.total_requests and batch.deadline_hours",
            ),
            Category.FINE_TUNING: (
                "fine_tuning",
                "a fine-tuning job needs its training data: fine_tuning.dataset_tokens (and method)",
            ),
        }
        if self.category in needs:
            field, message = needs[self.category]
            if getattr(self, field) is None:
                raise ValueError(message)
        if self.traffic is None and not self.is_batch_job and self.category is not Category.FINE_TUNING:
            kind = self.category.value.replace("_", " ")
            if self.category is Category.EVALUATION:
                raise ValueError(
                    "an evaluation needs its work per run (batch.total_requests, batch.deadline_hours) or a rate "
                    "(traffic.requests_per_s)"
                )
            raise ValueError(f"{with_article(kind)} workload needs traffic (requests_per_s)")
        if self.category is Category.MULTIMODAL and self.tokens.images_per_request <= 0:
            raise ValueError("a multimodal workload needs tokens.images_per_request > 0")
        return self

    @property
    def is_batch_job(self) -> bool:
        """A batch kind with its batch block: sized from total work and deadline, not a rate."""
        return self.category in BATCH_CATEGORIES and self.batch is not None

    @property
    def is_embedding_job(self) -> bool:
        """A batch job whose requests each return one vector (output_tokens 1): an embedding model
        may run it (a weekly re-index of a document store), sized by its prefill alone."""
        return self.is_batch_job and self.tokens.output_tokens == 1

    @property
    def sequence_tokens(self) -> int:
        """Tokens one sequence needs the model's context to hold [tokens]: the p95 prompt + output
        (`Tokens.context_tokens`); an embedding job's request returns one vector, no generated
        token, so only its prompt (512, not 513)."""
        t = self.tokens
        return (t.input_tokens_p95 or t.input_tokens) if self.is_embedding_job else t.context_tokens

    @property
    def offered_traffic(self) -> Traffic | None:
        """The arrivals to size for: a batch job's steady rate from its batch block (any typed
        traffic is ignored: the rate is derived once, `BatchSpec.requests_per_s`), else the typed
        traffic; None for a fine-tuning job without serving traffic."""
        if self.is_batch_job and self.batch is not None:
            return Traffic(
                requests_per_s=self.batch.requests_per_s,
                peak_to_mean=1.0,
                pattern=TrafficPattern.BATCH,
                peak_hours_per_day=min(self.batch.hours_per_run, 24.0),
            )
        return self.traffic

    def load_summary(self) -> str:
        """The load in words, once: a batch job's work and derived rate, else the typed traffic."""
        if self.is_batch_job and self.batch is not None:
            return self.batch.summary()
        t = self.traffic
        if t is None:
            return "no serving traffic (a training run)"
        return f"{t.requests_per_s:,.3g} req/s mean, ×{t.peak_to_mean:g} at peak ({t.pattern.value})"

    @property
    def mean_requests_per_s(self) -> float | None:
        """Mean arrivals to size for [req/s]: a batch job's derived rate or the typed one."""
        t = self.offered_traffic
        return t.requests_per_s if t is not None else None

    @property
    def peak_requests_per_s(self) -> float:
        """Peak arrivals to size for [req/s] (0 for a training job without serving traffic)."""
        t = self.offered_traffic
        return t.peak_requests_per_s if t is not None else 0.0

    @property
    def arrival_pattern(self) -> TrafficPattern:
        """How requests arrive (burstiness); a batch or training job is fed steadily."""
        t = self.offered_traffic
        return t.pattern if t is not None else TrafficPattern.BATCH

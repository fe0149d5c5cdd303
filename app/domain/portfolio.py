"""A portfolio: several workloads sharing one fleet of node pools (issue 17).

What an architect writes in a portfolio YAML, validated at the boundary (every record is frozen
and refuses unknown fields). The fleet planner (`app.engine.fleet`) reads these records; the
service (`app.services.fleet`) resolves the scenario names and files they point at.

Time: a representative week of 168 hours, Monday 00:00 to Sunday 23:00. A workload's hourly
profile gives 24 levels (share of its peak rate) for each of its active days; jobs (batch,
fine-tuning, evaluation) run in daily windows and must finish each run before its window closes.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import ConfigDict, Field, field_validator, model_validator

from app.domain.common import DomainModel, Name, Precision, parse
from app.domain.ranges import Within
from app.domain.scenario import Assumptions, Candidates
from app.domain.traffic_day import day_shares
from app.domain.workload import Category, DayName, Recurrence, Traffic, Workload, window_hours

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def hour_label(h: int) -> str:
    """Hour of the representative week (0 = Monday 00:00 .. 167) -> 'Tue 15:00'."""
    return f"{DAY_NAMES[h // HOURS_PER_DAY]} {h % HOURS_PER_DAY:02d}:00"


class FrozenModel(DomainModel):
    """A domain record that cannot change once validated (the planner's inputs and outputs).

    Change one with `edited(field=value, ...)`: a validated copy (pydantic's `model_copy(update=...)`
    skips validation, so a GUI edit made that way could hold a value no file could)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, use_enum_values=False, validate_assignment=False
    )

    what: ClassVar[str] = "Record"  # what a refusal calls it, in words (never the class name)

    def edited(self, **changes: Any) -> Self:
        """A copy with `changes`, validated like a file's record; DomainError (one line) when refused,
        led by the record's `what` and its name (when it has one)."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        name = getattr(self, "label", None) or getattr(self, "name", None)
        return parse(type(self), data, what=f"{self.what} '{name}'" if isinstance(name, str) and name else self.what)


class PriorityClass(StrEnum):
    """Who gives way when capacity runs short: interactive > batch > training > best effort."""

    INTERACTIVE = "interactive"
    BATCH = "batch"
    TRAINING = "training"
    BEST_EFFORT = "best_effort"

    @property
    def rank(self) -> int:
        """0 for the most important class; a larger rank is preempted first."""
        return list(PriorityClass).index(self)


def default_priority(workload: Workload) -> PriorityClass:
    """The priority a workload gets when added to a portfolio: training for a fine-tuning run,
    batch for a batch job, interactive for anything that serves traffic."""
    if workload.category is Category.FINE_TUNING and workload.traffic is None:
        return PriorityClass.TRAINING
    if workload.is_batch_job:
        return PriorityClass.BATCH
    return PriorityClass.INTERACTIVE


class ProfilePattern(StrEnum):
    DIURNAL = "diurnal"
    BUSINESS_HOURS = "business_hours"
    FLAT = "flat"


def pattern_levels(pattern: ProfilePattern, traffic: Traffic | None = None) -> tuple[float, ...]:
    """24 hourly levels [share of the day's busiest hour] of a named pattern. Stated shapes, not
    measured ones; write `levels` from your own traffic logs to replace them:

    - diurnal: the workload's own day, the one shape `archwise size` prices too
      (`app.domain.traffic_day.day_shares`): traffic.peak_hours_per_day hours at peak_to_mean x the
      mean in the middle of the day, the other hours at the rate that keeps the mean; flat for a
      steady workload. Without traffic (a job), the shape of the default traffic (x2 for 8 hours);
    - business_hours: 1.0 from 09:00 to 17:00 (hours 9..16), 0.1 otherwise;
    - flat: 1.0 every hour."""
    if pattern is ProfilePattern.DIURNAL:
        shares = day_shares(traffic if traffic is not None else Traffic(requests_per_s=1.0))
        top = max(shares)
        return tuple(x / top for x in shares)
    if pattern is ProfilePattern.BUSINESS_HOURS:
        return tuple(1.0 if 9 <= h < 17 else 0.1 for h in range(HOURS_PER_DAY))
    return (1.0,) * HOURS_PER_DAY


class HourlyProfile(FrozenModel):
    """When a serving workload's requests arrive: 24 levels per active day.

    The levels shape the week; they do not change how much traffic there is: the plan keeps the
    workload's declared mean rate (traffic.requests_per_s, a mean over the whole month), so
    hour h of the week carries mean x week[h] / mean(week). The default `diurnal` pattern is the
    workload's own day (peak_to_mean for peak_hours_per_day), exactly the day `archwise size`
    prices; written levels or another pattern set their own peak-to-mean, and the plan says so
    when it differs from the workload's."""

    what: ClassVar[str] = "Hourly profile"

    pattern: ProfilePattern = ProfilePattern.DIURNAL
    levels: list[Annotated[float, Within(0, 1)]] | None = Field(
        default=None, description="24 hourly levels, 00:00 first, each from 0 to 1 (empty: the pattern's)"
    )
    days_per_week: Annotated[int, Within(1, 7)] = Field(
        default=7, description="Active days, Monday first (5 = Monday to Friday)"
    )
    off_day_level: Annotated[float, Within(0, 1)] = Field(
        default=0.0, description="Traffic on the other days, as a share of an active day's"
    )

    @model_validator(mode="after")
    def _possible(self) -> HourlyProfile:
        if self.levels is not None:
            if len(self.levels) != HOURS_PER_DAY:
                raise ValueError(f"profile.levels needs 24 hourly levels (00:00 to 23:00), got {len(self.levels)}")
            if max(self.levels) <= 0:
                raise ValueError("profile.levels are all 0: the workload would never receive a request")
        return self

    def day(self, traffic: Traffic | None = None) -> tuple[float, ...]:
        """The 24 levels, scaled so the highest is 1 (`traffic`: the workload's, for `diurnal`)."""
        levels = tuple(self.levels) if self.levels is not None else pattern_levels(self.pattern, traffic)
        top = max(levels)
        return tuple(x / top for x in levels)

    def week(self, traffic: Traffic | None = None) -> tuple[float, ...]:
        """168 levels, Monday 00:00 first: active days carry `day()`, the rest x off_day_level."""
        day = self.day(traffic)
        out: list[float] = []
        for d in range(DAYS_PER_WEEK):
            k = 1.0 if d < self.days_per_week else self.off_day_level
            out += [x * k for x in day]
        return tuple(out)


def window_bounds(window: str) -> tuple[int, int]:
    """(start hour, length in whole hours) of a daily window "HH:MM-HH:MM". The plan works in whole
    hours: the start rounds down to its hour and the length to the hours the window touches;
    equal ends are the whole day. ValueError when it does not read as a window."""
    length = window_hours(window)
    start_text = window.strip().split("-")[0].strip()
    hh, mm = (int(x) for x in start_text.split(":"))
    hours = math.ceil(length + mm / 60.0 - 1e-9)
    return hh, min(hours, HOURS_PER_DAY)


class JobSchedule(FrozenModel):
    """When a job (batch, evaluation, fine-tuning) may run and by when a run must finish.

    Each run may use the hours of its daily `window`; a daily run must finish before its window
    closes, a business-days run likewise Monday to Friday, a weekly, monthly or one-off run must
    finish within one window (its `days`', else Monday's: the week it runs); the whole-day window
    00:00-00:00 lets such a run use any hour of the week."""

    what: ClassVar[str] = "Job schedule"

    window: str = Field(default="00:00-00:00", description="Daily hours a run may use, HH:MM-HH:MM")
    recurrence: Recurrence = Recurrence.DAILY
    days: tuple[DayName, ...] = Field(
        default=(), description="Days a weekly, monthly or one-off run may use its window (empty: Monday)"
    )

    @model_validator(mode="after")
    def _readable(self) -> JobSchedule:
        window_bounds(self.window)  # ValueError with the window's own message
        start, _, end = self.window.strip().partition("-")
        if start.strip() == end.strip() and start.strip() not in ("00:00", "24:00"):
            # as a scenario's start_window refuses it (CLI reviewer tcli4 finding 3: "22:00-22:00" was
            # silently read as 24 h): only 00:00-00:00 names the whole day
            raise ValueError(
                f"schedule window {self.window.strip()} starts and ends at the same time: give its end "
                "(e.g. 22:00-06:00), or 00:00-00:00 for the whole day"
            )
        return self


class Stage(FrozenModel):
    """One step of a cascade: a model served on the fleet, or a hosted API, and the share of the
    workload's requests it answers."""

    what: ClassVar[str] = "Cascade stage"

    model: str | None = Field(default=None, description="A catalog model served on the fleet")
    hosted: str | None = Field(default=None, description="A catalog hosted API")
    answers: Annotated[float, Within(0, 1)] = Field(description="Share of the workload's requests answered here")

    @model_validator(mode="after")
    def _one_target(self) -> Stage:
        if (self.model is None) == (self.hosted is None):
            raise ValueError("a cascade stage names exactly one of model or hosted")
        return self

    @property
    def target(self) -> str:
        return self.model or self.hosted or ""


class Routing(FrozenModel):
    """How a workload's requests reach a model.

    cascade: stages in order (smallest first). Every request goes to the first stage; those it
    does not answer are escalated to the next, so stage k receives 1 - (answers of the stages
    before it) of the requests and is sized and costed for that traffic. The answers add to 1.
    fallback: a hosted API that takes the requests the fleet cannot carry (saturated or failed),
    priced per request; without one those requests miss their SLA."""

    what: ClassVar[str] = "Routing"

    cascade: list[Stage] = Field(default_factory=list)
    fallback: str | None = None

    @model_validator(mode="after")
    def _split(self) -> Routing:
        if self.cascade:
            seen: set[str] = set()
            for stage in self.cascade:
                if stage.target in seen:
                    raise ValueError(
                        f"routing.cascade names {stage.target} twice: each stage is a different model or hosted API"
                    )
                seen.add(stage.target)
            total = sum(s.answers for s in self.cascade)
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"routing.cascade answers add to {total:g}; they must add to 1")
            if self.cascade[-1].answers <= 0:
                raise ValueError("routing.cascade: the last stage must answer what reaches it (answers > 0)")
        return self

    def received(self) -> list[float]:
        """Share of the workload's requests each stage receives: 1 - answers of the stages before."""
        out, answered = [], 0.0
        for s in self.cascade:
            out.append(max(1.0 - answered, 0.0))
            answered += s.answers
        return out


class PortfolioWorkload(FrozenModel):
    """One workload of the portfolio: where its numbers come from, who pays, how it may be served.

    Exactly one source: `scenario` (a scenario saved in the project), `file` (a scenario YAML, its
    path relative to the portfolio file) or `workload` (written inline, with `candidates`).
    `model` fixes the model served; empty lets Archwise choose the cheapest candidate that meets
    the SLA on each pool."""

    what: ClassVar[str] = "Workload"

    name: Name | None = None
    scenario: str | None = None
    file: str | None = None
    workload: Workload | None = None
    candidates: Candidates | None = None
    model: str | None = None
    precision: Precision | None = None
    priority: PriorityClass = PriorityClass.INTERACTIVE
    team: Annotated[str, Field(min_length=1, max_length=200)] = "unassigned"
    profile: HourlyProfile = Field(default_factory=HourlyProfile)
    schedule: JobSchedule | None = Field(
        default=None, description="Jobs only: window and recurrence (default: the batch block's, else any hour, weekly)"
    )
    routing: Routing = Field(default_factory=Routing)
    pools: list[str] = Field(default_factory=list, description="Pools it may run on (empty: any)")
    reindex: bool = Field(
        default=False,
        description="A RAG workload's corpus re-embedding as a job (GPU-hours from the engine's RAG figures), "
        "instead of its serving",
    )

    @model_validator(mode="after")
    def _one_source(self) -> PortfolioWorkload:
        given = [k for k in ("scenario", "file", "workload") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "each workload needs exactly one of scenario (a saved scenario's name), file (a scenario YAML) "
                f"or workload (inline); got {', '.join(given) if given else 'none'}"
            )
        if self.candidates is not None and self.workload is None:
            raise ValueError("candidates go with an inline workload; a scenario carries its own")
        if self.reindex and (self.routing.cascade or self.routing.fallback):
            raise ValueError("a re-indexing job has no routing: it embeds the corpus, it answers no requests")
        if self.routing.cascade and self.model is not None:
            raise ValueError("a cascade names its models in its stages: leave model empty")
        return self

    @property
    def label(self) -> str:
        return self.name or self.scenario or (self.workload.name if self.workload else None) or self.file or "?"


class NodePool(FrozenModel):
    """A set of identical nodes (a catalog instance or on-prem node type).

    `nodes`: a count, or "auto" to let the planner size it. A burst pool is rented by the hour
    only when the base pools run out (its `nodes` is the most it may rent; "auto": no limit).
    `failure_domains`: racks or zones the nodes are spread evenly over (one failing loses its
    share of the nodes)."""

    what: ClassVar[str] = "Pool"

    name: Name
    instance: str
    nodes: Annotated[int, Within(0, 100_000)] | Literal["auto"] = "auto"
    max_nodes: Annotated[int, Within(1, 100_000)] | None = Field(default=None, description="Most nodes when auto")
    burst: bool = False
    price_usd_per_hour: Annotated[float, Within(0, 1e6, low_open=True)] | None = Field(
        default=None, description="Per node-hour; empty: the catalog's price (on-prem: amortised TCO)"
    )
    failure_domains: Annotated[int, Within(1, 1000)] = 1

    @field_validator("nodes", mode="before")
    @classmethod
    def _count_or_auto(cls, value: Any) -> Any:
        """One plain line for a bad count: without it the union's two branches each report their
        own validator internals ("function-before[_whole(), ...]", "literal['auto']")."""
        if isinstance(value, str) and value.strip().casefold() == "auto":
            return "auto"
        whole = isinstance(value, int) and not isinstance(value, bool)
        if isinstance(value, float) and value.is_integer():
            whole, value = True, int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            whole, value = True, int(value.strip())
        if not whole or not 0 <= value <= 100_000:
            raise ValueError(f"a whole number from 0 to 100,000, or auto (got {value!r})")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> NodePool:
        if isinstance(self.nodes, int) and self.max_nodes is not None:
            raise ValueError(f"pool {self.name}: max_nodes goes with nodes: auto")
        return self


class FleetSpec(FrozenModel):
    """The node pools and the assumptions the planner holds the fleet to."""

    what: ClassVar[str] = "Fleet"

    pools: list[NodePool] = Field(min_length=1)
    # 1 by default: a replica's rate is already its rate at the SLA (engine.size's rule, the headroom
    # the latency targets need), and spares and reserve nodes carry failures; a cap below 1 keeps GPUs
    # free on top and, on small nodes, strands whole replicas (tcli6 N6: 0.9 of a 1-GPU node held none)
    max_utilisation: Annotated[float, Within(0, 1, low_open=True)] = Field(
        default=1.0, description="Share of each pool's GPUs the plan may fill"
    )
    reserve_nodes: Annotated[int, Within(0, 10_000)] = Field(
        default=0, description="Nodes per base pool kept free for failures"
    )
    availability_target: Annotated[float, Within(0, 1, low_open=True, high_open=True)] = Field(
        default=0.999, description="P(the peak is carried) the reserve is sized for"
    )
    assumptions: Assumptions = Field(default_factory=Assumptions)

    @model_validator(mode="after")
    def _unique(self) -> FleetSpec:
        seen: set[str] = set()
        for p in self.pools:
            key = p.name.casefold()
            if key in seen:
                raise ValueError(f"two pools are named {p.name}")
            seen.add(key)
        if all(p.burst for p in self.pools):
            raise ValueError("the fleet needs at least one base pool (burst: false)")
        return self


class Portfolio(FrozenModel):
    """Several workloads sharing one fleet."""

    what: ClassVar[str] = "Portfolio"

    name: Name
    description: str = ""
    workloads: list[PortfolioWorkload] = Field(min_length=1)
    fleet: FleetSpec

    @model_validator(mode="after")
    def _names(self) -> Portfolio:
        seen: set[str] = set()
        pools = {p.name.casefold(): p.name for p in self.fleet.pools}  # as the user spelt them
        for w in self.workloads:
            key = w.label.casefold()
            if key in seen:
                raise ValueError(f"two workloads are named {w.label}: give each a name")
            seen.add(key)
            for p in w.pools:
                if p.casefold() not in pools:
                    raise ValueError(
                        f"workload {w.label}: no pool named {p} (pools: {', '.join(sorted(pools.values()))})"
                    )
        return self


__all__ = [
    "DAY_NAMES",
    "HOURS_PER_WEEK",
    "hour_label",
    "FleetSpec",
    "FrozenModel",
    "HourlyProfile",
    "JobSchedule",
    "NodePool",
    "Portfolio",
    "PortfolioWorkload",
    "PriorityClass",
    "ProfilePattern",
    "Routing",
    "Stage",
    "pattern_levels",
    "window_bounds",
]

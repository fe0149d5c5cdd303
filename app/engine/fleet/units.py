"""Portfolio entries -> schedulable units, each with its replica spec on every pool.

A unit is what the planner places: a serving workload, one stage of a cascade, a hosted stage
(no GPUs), or a job (batch, evaluation, fine-tuning). Its capacity on a pool is NOT derived here:
it is the existing engine's answer (`app.engine.size`) for the unit's scenario narrowed to that
pool's node type (and to the chosen model and precision, when given): the recommended option's
max sustainable rate per replica at the SLA (`Option.requests_per_s_per_replica`), its GPUs, its
parallelism, and for a training run its GPUs and hours (`Option.train_gpus`, `train_hours`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from app.domain import (
    Catalog,
    Category,
    DomainError,
    HostedApi,
    Instance,
    Scenario,
    Sourced,
    Traffic,
    TrafficPattern,
    WorkloadKindResult,
)
from app.domain.fleet_results import ReplicaSpec, Unfit, UnitKind
from app.domain.portfolio import (
    DAYS_PER_WEEK,
    HOURS_PER_DAY,
    HOURS_PER_WEEK,
    JobSchedule,
    NodePool,
    Portfolio,
    PortfolioWorkload,
    PriorityClass,
    window_bounds,
)
from app.domain.workload import RUNS_PER_WEEK, WEEKDAYS, Recurrence, Workload, sorted_days
from app.engine import availability as av
from app.engine.cost import hosted_image_tokens
from app.engine.size import size

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class Unit:
    """One schedulable thing. Arrays over pools are indexed like `Portfolio.fleet.pools`."""

    name: str
    entry: str
    stage: str
    team: str
    priority: PriorityClass
    kind: UnitKind
    tokens_in: float  # per request
    tokens_out: float
    demand: np.ndarray  # (168,) req/s (serving, hosted); zeros for a job
    runs: list[np.ndarray]  # job: each run's allowed hours (int indices into the week)
    allowed: np.ndarray  # (P,) bool: may run on the pool (the entry's `pools`, and it fits there)
    rate: np.ndarray  # (P,) req/s per replica at the SLA (0: cannot serve there)
    footprint: np.ndarray  # (P,) GPUs per replica (or per gang) taken from a node
    work: np.ndarray  # (P,) job: replica- or gang-hours per run (inf: cannot run there)
    max_parallel: float  # job: most replicas/gangs at once (a training run: its priced GPUs / gang GPUs)
    hosted_usd_per_request: float  # hosted stage: its API price per request
    fallback: str | None
    fallback_usd_per_request: float  # 0 without a fallback
    requests_per_run: float = 0.0  # batch job
    mtok_per_run: float = 0.0  # job: tokens per run [millions]
    tokens_out_p95: float | None = None
    specs: list[ReplicaSpec | None] = field(default_factory=list)
    profile_note: str = ""  # the entry's hourly profile sets another peak-to-mean than its traffic; a job: its schedule
    runs_per_week: float | None = (
        None  # job: runs in an average week (monthly, once: 168 / hours a month); None: len(runs)
    )
    # (P,) serving: spare replicas its SLA availability needs on each pool (ReplicaSpec.spare_replicas),
    # held beside its serving replicas in each hour with demand; None: none
    spares: np.ndarray | None = None

    @property
    def serving(self) -> bool:
        return self.kind == "serving"


def _footprint(gpus: int, node_gpus: int) -> float:
    """GPUs one replica takes from a node: node_gpus / floor(node_gpus / gpus) when it fits one node
    (a 3-GPU replica on an 8-GPU node takes 4: only two fit), else whole nodes (ceil(gpus / node) x node)."""
    if gpus <= node_gpus:
        return node_gpus / math.floor(node_gpus / gpus)
    return math.ceil(gpus / node_gpus) * node_gpus


def _max_gangs(specs: list[ReplicaSpec | None]) -> float:
    """A training run's most gangs at once: the largest `max_gangs` of its pools' specs (1 without one)."""
    return float(max((sp.max_gangs or 1 for sp in specs if sp is not None), default=1))


def _without_budget(s: Scenario) -> Scenario:
    """The unit's scenario for a fleet: its monthly budget applies to a dedicated deployment, not
    to a share of a fleet, so it is left out (the fleet's cost is reported instead)."""
    return s.model_copy(update={"workload": s.workload.model_copy(update={"budget_usd_per_month": None})})


def narrowed(s: Scenario, pool_instance: str, node_gpus: int, model: str | None, entry: PortfolioWorkload) -> Scenario:
    """The scenario asked of the engine for one pool: its hardware is the pool's node type only,
    one replica stays inside one node (max_gpus = node GPUs) unless it is a training run, and the
    model (and precision) are the entry's choice when it makes one."""
    cand = s.candidates.model_copy(update={"hardware": [pool_instance]})
    if model is not None:
        cand = cand.model_copy(update={"models": [model]})
    if entry.precision is not None:
        cand = cand.model_copy(update={"precisions": [entry.precision]})
    cons = s.constraints
    if s.workload.category is not Category.FINE_TUNING:
        cons = cons.model_copy(update={"max_gpus": node_gpus})
    return _without_budget(s).model_copy(update={"candidates": cand, "constraints": cons})


def model_image_tokens(catalog: Catalog, w: Workload, model: str | None) -> float:
    """Image tokens a self-hosted model processes per request [tokens]: images per request x the
    model's tokens_per_image (as `Evaluation.tokens_per_request` counts them for `size`); 0
    without images or model."""
    images = w.tokens.images_per_request
    if images <= 0 or not model:
        return 0.0
    return images * float(catalog.model(model).tokens_per_image or 0)


def hosted_usd_per_request(api: HostedApi, tokens_in: float, tokens_out: float) -> float:
    """(input tokens x input price + output tokens x output price) / 1e6 [USD per request]; cached
    input pricing is not applied (a stated simplification: the list price is the upper bound)."""
    return (tokens_in * api.price_input_usd_per_mtok + tokens_out * api.price_output_usd_per_mtok) / 1e6


def job_runs(schedule: JobSchedule, run_hours: float | None = None) -> list[np.ndarray]:
    """Each run's allowed hours in the week. Daily: one run per day in its window; business days:
    Monday to Friday; weekly, monthly or once: ONE run in the window of its `days` (Monday when none
    is named; the week it runs),
    as `archwise size` sizes it (the work finished within the window, never spread over the
    window of every day), or, with `run_hours` (a deadline longer than a day: a weekly job's
    deadline_hours, a re-index's reindex_hours), the run_hours from Monday's window start, at most
    the week; a weekly run with the whole-day window and no deadline may use any hour of the week.
    A window that crosses midnight wraps (Sunday night's run ends on Monday morning of the
    steady-state week)."""
    start, length = window_bounds(schedule.window)
    daily = [(d * HOURS_PER_DAY + start + np.arange(length)) % HOURS_PER_WEEK for d in range(DAYS_PER_WEEK)]
    if schedule.recurrence is Recurrence.DAILY:
        return daily
    if schedule.recurrence is Recurrence.BUSINESS_DAYS:
        return daily[:5]
    # the run's days: `schedule.days` (e.g. Sat for a weekend job), else Monday (GUI tester D27)
    days = [WEEKDAYS.index(d) for d in sorted_days(schedule.days)] or [0]
    if run_hours is not None:
        hours = min(max(int(math.ceil(run_hours - 1e-9)), 1), HOURS_PER_WEEK)
        return [(days[0] * HOURS_PER_DAY + start + np.arange(hours)) % HOURS_PER_WEEK]
    if length >= HOURS_PER_DAY and not schedule.days:
        return [np.arange(HOURS_PER_WEEK)]
    return [np.concatenate([daily[d] for d in days])]


def run_hours_of(entry: PortfolioWorkload, s: Scenario) -> float | None:
    """Hours one run of a weekly, monthly or one-off job may take when its deadline is longer than
    a day [h]: a re-index's rag.reindex_hours over 24, a batch block's deadline_hours over 24
    without a start window; None: the window bounds the run (see `job_runs`)."""
    if entry.schedule is not None:
        return None
    if entry.reindex and s.workload.rag is not None:
        hours = s.workload.rag.reindex_hours
        return hours if hours > HOURS_PER_DAY else None
    b = s.workload.batch
    if b is not None and b.start_window is None and b.hours_per_run > HOURS_PER_DAY:
        return b.hours_per_run
    return None


def schedule_note(entry: PortfolioWorkload, s: Scenario) -> str:
    """What the plan assumes of a re-index's schedule (the scenario gives a deadline, no period),
    said in the plan's notes; "" for any other job or an entry with its own `schedule:`."""
    if entry.schedule is not None or not entry.reindex or s.workload.rag is None:
        return ""
    hours = s.workload.rag.reindex_hours
    if hours > HOURS_PER_DAY:
        return (
            f"{entry.label}: the corpus is re-embedded once a week, within {hours:g} h from Monday 00:00 "
            "(its reindex_hours); set `schedule:` on the entry for another window or recurrence"
        )
    return (
        f"{entry.label}: the corpus is re-embedded every day, within {hours:g} h from 00:00 (its reindex_hours); "
        "set `schedule:` on the entry (e.g. recurrence: weekly) for fewer runs"
    )


def average_runs_per_week(recurrence: Recurrence, hours_per_month: float) -> float:
    """Runs in an average week [1/week]: daily 7, business days 5, weekly 1; a monthly or one-off
    job runs once a month, 168 / hours_per_month (0.230 at 730 h). The plan's week holds one run of
    such a job (the week it runs: what the fleet must carry); its monthly figures use this rate."""
    per_week = RUNS_PER_WEEK.get(recurrence)
    return per_week if per_week is not None else HOURS_PER_WEEK / hours_per_month


def schedule_of(entry: PortfolioWorkload, s: Scenario) -> JobSchedule:
    """The entry's schedule, else the batch block's window and recurrence (a re-index: daily from
    00:00 for rag.reindex_hours up to 24 h, weekly beyond), else any hour, weekly."""
    return _schedule_from(entry, s.workload)


def planned_schedule(entry: PortfolioWorkload, workload: Workload | None) -> JobSchedule | None:
    """The schedule the planner uses for the entry (what an editor shows): `schedule_of` for a job
    (a batch or evaluation run, a training run without traffic, a re-index), None for a serving
    workload without its own `schedule:` or a workload that is not readable."""
    if entry.schedule is not None:
        return entry.schedule
    if workload is None or not is_job_entry(entry, workload):
        return None
    return _schedule_from(entry, workload)


def is_job_entry(entry: PortfolioWorkload, workload: Workload | None) -> bool:
    """True when the planner places the entry as a job (its hourly profile unused): a batch or
    evaluation run, a training run without traffic, a re-index."""
    if workload is None:
        return False
    return (entry.reindex and workload.rag is not None) or _is_job_workload(workload)


def _schedule_from(entry: PortfolioWorkload, workload: Workload) -> JobSchedule:
    if entry.schedule is not None:
        return entry.schedule
    if entry.reindex and workload.rag is not None:
        hours = min(int(math.ceil(workload.rag.reindex_hours)), HOURS_PER_DAY)
        window = "00:00-00:00" if hours >= HOURS_PER_DAY else f"00:00-{hours:02d}:00"
        # a deadline over a day is one weekly run (run_hours_of), never a daily run cut to 24 h
        rec = Recurrence.WEEKLY if workload.rag.reindex_hours > HOURS_PER_DAY else Recurrence.DAILY
        return JobSchedule(window=window, recurrence=rec)
    b = workload.batch
    if b is not None:
        if b.start_window is not None:
            window = b.start_window
        else:
            hours = min(int(math.ceil(b.hours_per_run)), HOURS_PER_DAY)
            window = "00:00-00:00" if hours >= HOURS_PER_DAY else f"00:00-{hours:02d}:00"
        rec = b.recurrence if b.recurrence is not Recurrence.ONCE else Recurrence.WEEKLY
        return JobSchedule(window=window, recurrence=rec, days=tuple(b.run_days))
    return JobSchedule(window="00:00-00:00", recurrence=Recurrence.WEEKLY)


def week_shape(entry: PortfolioWorkload, traffic: Traffic | None) -> tuple[np.ndarray, str]:
    """(168 multiples of the declared mean rate [1], note). The entry's profile shapes the week and
    the declared mean is kept:

        shape[h] = week[h] / mean(week),   demand[h] = traffic.requests_per_s x share x shape[h]

    where week is `HourlyProfile.week(traffic)` (the default diurnal pattern is the workload's own
    day, `app.domain.traffic_day.day_shares`, the day `archwise size` prices). The note says when
    the profile's peak-to-mean (max / mean of the week) differs from the workload's peak_to_mean by
    more than 1 % (a steady workload's is 1): written levels, another pattern, fewer active days,
    or peak hours x peak_to_mean over 24 (a day that cannot keep its mean at that peak)."""
    week = np.array(entry.profile.week(traffic), dtype=np.float64)
    mean = float(week.mean())  # > 0: the profile refuses all-zero levels and has an active day
    shape = week / mean
    if traffic is None:
        return shape, ""
    own = 1.0 if traffic.pattern is TrafficPattern.STEADY else traffic.peak_to_mean
    ratio = float(shape.max())
    if abs(ratio - own) <= 0.01 * own:
        return shape, ""
    return shape, (
        f"{entry.label}: its hourly profile puts the busiest hour at x{ratio:.3g} the mean (the workload says "
        f"x{own:.3g}); the plan keeps the declared mean of {traffic.requests_per_s:,.4g} req/s, so the busiest hour "
        f"carries {traffic.requests_per_s * ratio:,.4g} req/s"
    )


def _is_job(s: Scenario) -> bool:
    return _is_job_workload(s.workload)


def _is_job_workload(w: Workload) -> bool:
    return w.is_batch_job or (w.category is Category.FINE_TUNING and w.traffic is None)


def build_units(
    portfolio: Portfolio,
    scenarios: dict[str, Scenario],
    catalog: Catalog,
    instances: list[Instance],
    sized: dict[tuple[str, str, str], tuple[ReplicaSpec | None, str]] | None = None,
) -> tuple[list[Unit], list[Unfit]]:
    """The units of a portfolio and why some cannot run on some pools. `scenarios` maps each
    entry's label to its resolved scenario; `sized` is a cache the caller may keep between
    what-if steps (key: unit, pool, scenario JSON), so a change re-sizes only what it touches."""
    pools = portfolio.fleet.pools
    cache = sized if sized is not None else {}
    units: list[Unit] = []
    unfit: list[Unfit] = []
    for entry in portfolio.workloads:
        s = scenarios[entry.label]
        w = s.workload
        stages = entry.routing.cascade or []
        offered = w.offered_traffic
        week, profile_note = week_shape(entry, offered)
        fallback = entry.routing.fallback
        fb_price = 0.0
        if fallback is not None:
            fb_api = catalog.hosted_api(fallback)
            fb_in = w.tokens.input_tokens + (hosted_image_tokens(fb_api, w) or 0.0)  # images at the input price
            fb_price = hosted_usd_per_request(fb_api, fb_in, w.tokens.output_tokens)
        targets: list[tuple[str, str | None, str | None, float]] = []  # (unit name, model, hosted, share received)
        if stages:
            for st, share in zip(stages, entry.routing.received(), strict=True):
                targets.append((f"{entry.label} / {st.target}", st.model, st.hosted, share))
        else:
            targets.append((entry.label, entry.model, None, 1.0))
        if entry.reindex and w.rag is None:
            raise DomainError(f"workload {entry.label}: reindex needs a RAG workload (category rag with a rag block)")
        job = _is_job(s) or entry.reindex
        for name, model, hosted, share in targets:
            tin, tout = float(w.tokens.input_tokens), float(w.tokens.output_tokens)
            demand = np.zeros(HOURS_PER_WEEK)
            if not job and offered is not None:
                demand = offered.requests_per_s * share * week
            if hosted is not None:
                api = catalog.hosted_api(hosted)
                tin += hosted_image_tokens(api, w) or 0.0  # the images it bills, as `size` prices them
                units.append(
                    Unit(
                        name=name, entry=entry.label, stage=hosted, team=entry.team, priority=entry.priority,
                        kind="hosted", tokens_in=tin, tokens_out=tout, demand=demand, runs=[],
                        allowed=np.zeros(len(pools), dtype=bool), rate=np.zeros(len(pools)),
                        footprint=np.ones(len(pools)), work=np.full(len(pools), np.inf), max_parallel=0.0,
                        hosted_usd_per_request=hosted_usd_per_request(api, tin, tout), fallback=None,
                        fallback_usd_per_request=0.0, specs=[None] * len(pools),
                        profile_note="" if job else profile_note,
                    )
                )  # fmt: skip
                profile_note = ""  # said once per entry
                continue
            if model is not None:
                catalog.model(model)  # DomainError naming the closest when unknown
            sub = s
            if share < 1.0 and w.traffic is not None:
                traffic = w.traffic.model_copy(update={"requests_per_s": w.traffic.requests_per_s * share})
                sub = s.model_copy(update={"workload": w.model_copy(update={"traffic": traffic})})
            specs: list[ReplicaSpec | None] = []
            for p, inst in zip(pools, instances, strict=True):
                if entry.pools and p.name.casefold() not in {x.casefold() for x in entry.pools}:
                    specs.append(None)
                    continue
                spec, why = _spec(name, p, inst, sub, model, entry, catalog, cache)
                specs.append(spec)
                if spec is None:
                    unfit.append(Unfit(unit=name, pool=p.name, reason=why))
            rate = np.array([sp.requests_per_s if sp else 0.0 for sp in specs])
            foot = np.array([sp.footprint_gpus if sp else 1.0 for sp in specs])
            work = np.array([sp.unit_hours_per_run if sp and sp.unit_hours_per_run else np.inf for sp in specs])
            spares = np.array([float(sp.spare_replicas) if sp else 0.0 for sp in specs])
            runs: list[np.ndarray] = job_runs(schedule_of(entry, s), run_hours_of(entry, s)) if job else []
            training = w.category is Category.FINE_TUNING
            allowed = np.array([sp is not None for sp in specs])
            # the tokens the model processes: text + image tokens (`size`'s per 1M tokens counts them)
            first = next((sp.model for sp in specs if sp is not None), None)
            tin += model_image_tokens(catalog, w, model or first)
            req_run, mtok_run = 0.0, 0.0
            if entry.reindex and w.rag is not None:
                mtok_run = w.rag.chunks * w.rag.chunk_tokens / 1e6
            elif job and w.batch is not None:
                req_run = float(w.batch.total_requests)
                mtok_run = req_run * (tin + tout) / 1e6
            per_week = None
            hpm = portfolio.fleet.assumptions.hours_per_month
            if job and entry.schedule is not None and entry.schedule.recurrence not in RUNS_PER_WEEK:
                # the entry's own monthly (or one-off) schedule: one run a month, whatever the job
                # (tcli6 N25: a monthly training run was counted every week of the month)
                per_week = average_runs_per_week(entry.schedule.recurrence, hpm)
            elif job and w.batch is not None and entry.schedule is None and not entry.reindex:
                per_week = average_runs_per_week(w.batch.recurrence, hpm)
            batch_rate = w.batch is not None and entry.schedule is None and not entry.reindex
            if job and w.fine_tuning is not None and not batch_rate:
                mtok_run = w.fine_tuning.dataset_tokens * w.fine_tuning.epochs / 1e6
            units.append(
                Unit(
                    name=name, entry=entry.label, stage=model or "", team=entry.team, priority=entry.priority,
                    kind="job" if job else "serving", tokens_in=tin, tokens_out=tout, demand=demand, runs=runs,
                    allowed=allowed, rate=rate, footprint=foot, work=work,
                    max_parallel=_max_gangs(specs) if training else math.inf, hosted_usd_per_request=0.0,
                    fallback=fallback, fallback_usd_per_request=fb_price, requests_per_run=req_run,
                    mtok_per_run=mtok_run, specs=specs, tokens_out_p95=w.tokens.output_tokens_p95,
                    profile_note=schedule_note(entry, s) if job else profile_note, runs_per_week=per_week,
                    spares=None if job or not spares.any() else spares,
                )
            )  # fmt: skip
            profile_note = ""  # said once per entry
    return units, unfit


def _spec(
    name: str,
    pool: NodePool,
    inst: Instance,
    s: Scenario,
    model: str | None,
    entry: PortfolioWorkload,
    catalog: Catalog,
    cache: dict[tuple[str, str, str], tuple[ReplicaSpec | None, str]],
) -> tuple[ReplicaSpec | None, str]:
    """The replica spec of unit `name` on `pool` (cached by the scenario asked), or (None, why)."""
    scenario = narrowed(s, inst.name, inst.accelerator_count, model, entry)
    key = (name, pool.name, scenario.model_dump_json())
    hit = cache.get(key)
    if hit is not None:
        return hit
    if s.accelerators or s.instances or s.models:  # the scenario's own records, as services.catalog_for
        acc: list[Sourced] = [*s.accelerators]
        ins: list[Sourced] = [*s.instances]
        mod: list[Sourced] = [*s.models]
        catalog = catalog.merged_with(accelerators=acc, instances=ins, models=mod)
    try:
        sz = size(scenario, catalog, detailed=False)
    except DomainError as exc:
        found: tuple[ReplicaSpec | None, str] = (None, str(exc))
        cache[key] = found
        return found
    o = sz.recommended
    if not sz.feasible or o is None:
        why = sz.error or "no feasible option"
        if sz.binding_constraints:
            why += ": " + "; ".join(b.detail or b.constraint for b in sz.binding_constraints[:2])
        found = (None, why)
        cache[key] = found
        return found
    node = inst.accelerator_count
    if entry.reindex:
        return _reindex_spec(name, pool, inst, s, sz.workload_kind, cache, key)
    training = o.train_gpu_hours is not None
    # A training run is data-parallel over gangs of the GPUs that hold its sharded state: the plan
    # gives it as many gangs as are free each hour, up to the GPUs it is priced on (`size`'s whole
    # nodes); its work is its GPU-hours in gang-hours, so 7.2 GPU-h of a 1-GPU LoRA fits in 6 free
    # GPUs for 1.2 h where one rigid 8-GPU unit would not fit beside a serving replica.
    gang = int(o.train_state_gpus or o.train_gpus or o.gpus) if training else o.gpus
    gpus = gang
    max_gangs: int | None = None
    unit_hours: float | None = None
    source = f"engine.size of '{s.name}' on {inst.name}: recommended option {o.label}"
    if training:
        priced = max(int(o.train_gpus or gang), gang)
        max_gangs = max(priced // gang, 1)
        unit_hours = float(o.train_gpu_hours or 0.0) / gang
        source += (
            f"; one run = {float(o.train_gpu_hours or 0.0):,.1f} GPU-h in gangs of {gang} GPU(s) that hold its state, "
            f"up to {max_gangs} gang(s) at once ({priced} GPUs, {float(o.train_hours or 0.0):,.1f} h as priced): "
            f"{unit_hours:,.1f} gang-hours per run (Option.train_gpu_hours, train_state_gpus, train_gpus)"
        )
    elif s.workload.is_batch_job and s.workload.batch is not None:
        unit_hours = s.workload.batch.total_requests / (o.requests_per_s_per_replica * SECONDS_PER_HOUR)
        source += (
            f"; replica-hours per run = {s.workload.batch.total_requests:,} requests / "
            f"({o.requests_per_s_per_replica:,.4g} req/s x 3600)"
        )
    else:
        source += f"; {o.requests_per_s_per_replica:,.4g} req/s per replica at the SLA (requests_per_s_per_replica)"
    serving = not training and not s.workload.is_batch_job
    spare = int(o.spare_replicas) if serving else 0
    target = s.workload.sla.availability if serving else None
    if serving:
        source += (
            f"; N + {spare}: {spare} spare replica(s) for its SLA availability {av.percent(target or 0.0)}"
            + (f" (P(peak served) {av.percent(o.availability)})" if o.availability is not None else "")
            + " (Option.spare_replicas)"
        )
    spec = ReplicaSpec(
        unit=name,
        pool=pool.name,
        option=o.label,
        model=o.model,
        gpus=gpus,
        tensor_parallel=o.tensor_parallel,
        footprint_gpus=_footprint(gpus, node),
        requests_per_s=0.0 if training else o.requests_per_s_per_replica,
        unit_hours_per_run=unit_hours,
        max_gangs=max_gangs,
        ttft_p95_ms=o.ttft_p95_ms,
        tpot_ms=o.tpot_ms,
        e2e_p95_ms=o.e2e_p95_ms,
        ttft_ms=o.ttft_ms,
        batch_size=o.batch_size,
        source=source,
        spare_replicas=spare,
        availability_target=target,
        availability=o.availability if serving else None,
        request_s=o.request_s,
        kernel_share=o.kernel_share,
        peak_requests_per_s=o.peak_requests_per_s_per_replica,
    )
    found = (spec, "")
    cache[key] = found
    return found


def _reindex_spec(
    name: str,
    pool: NodePool,
    inst: Instance,
    s: Scenario,
    kind: WorkloadKindResult | None,
    cache: dict[tuple[str, str, str], tuple[ReplicaSpec | None, str]],
    key: tuple[str, str, str],
) -> tuple[ReplicaSpec | None, str]:
    """A corpus re-embedding on one GPU per replica: GPU-hours per run from the engine's RAG figure
    ("GPU-hours to embed the corpus" = corpus tokens / (peak x MFU / (2 x embedder params)) / 3600,
    engine.kinds.rag)."""
    figures = kind.figures if kind is not None else {}
    hours = figures.get("GPU-hours to embed the corpus")
    if hours is None:
        found: tuple[ReplicaSpec | None, str] = (None, "the engine gives no embedding figure on this node")
    else:
        tok_s = figures.get("embedding throughput per GPU [tokens/s]", 0.0)
        spec = ReplicaSpec(
            unit=name, pool=pool.name, option=f"corpus re-embedding on 1x {inst.accelerator}",
            model=(s.workload.rag.embedding_model if s.workload.rag else None) or "Qwen3-Embedding-0.6B",
            gpus=1, tensor_parallel=1, footprint_gpus=_footprint(1, inst.accelerator_count), requests_per_s=0.0,
            unit_hours_per_run=float(hours),
            source=f"engine.kinds.rag on {inst.name}: {figures.get('corpus tokens', 0):,.0f} corpus tokens at "
            f"{tok_s:,.0f} tokens/s per GPU = {hours:,.2f} GPU-hours per run",
        )  # fmt: skip
        found = (spec, "")
    cache[key] = found
    return found


__all__ = [
    "DAYS_PER_WEEK",
    "Unit",
    "build_units",
    "hosted_usd_per_request",
    "job_runs",
    "run_hours_of",
    "schedule_note",
    "schedule_of",
]

"""size(scenario, catalog) -> Sizing: enumerate, evaluate, keep the feasible, rank, explain."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from app.domain import (
    Assumptions,
    Band,
    BindingConstraint,
    Catalog,
    Category,
    HostedApi,
    HostedOption,
    Option,
    Scenario,
    Sensitivity,
    Sizing,
    Workload,
)
from app.engine import charts, deployment, kinds, strategy
from app.engine.cost import (
    AVAILABILITY_SOURCES,
    OfferedLoad,
    Plan,
    hosted_cost,
    hosted_image_basis,
    hosted_image_tokens,
    hourly_price,
    plan_for,
)
from app.engine.deployment.energy_chart import KEY as ENERGY_KEY
from app.engine.deployment.energy_chart import energy_chart
from app.engine.evaluate import Evaluation, evaluate, load_kernel_share, with_sla
from app.engine.options import band_values, build, headlines
from app.engine.power import power_notes
from app.engine.records import set_fields
from app.engine.space import Points, Space, build_space, enumerate_points, region_exclusions, why_empty
from app.engine.violations import masks

MAX_OPTIONS = 40
# the deployment groups whose must-keep point is each model's cheapest at the group's own price
PRICE_GROUPS = {
    "cloud_spot": "price_spot_usd_per_hour",
    "cloud_reserved_1y": "price_reserved_usd_per_hour",
    "cloud_reserved_3y": "price_reserved_3y_usd_per_hour",
}
HARDWARE_SHARE = 0.75  # of the options list at most, one best point per hardware (see pick)
COST_TIE = 1e-3  # feasible points within 0.1 % a month of the cheapest tie for first (see pick)
BAND_KEYS = ("ttft_p95_ms", "tpot_ms", "tokens_per_s", "cost_per_month_usd", "cost_per_million_tokens_usd")


class Cancelled(Exception):
    """The caller asked to stop (a newer request superseded this one)."""


class LastEvaluation:
    """The last evaluation, reused when a scenario differs from the last one only in its traffic
    rate or its SLA (a traffic or SLA slider): evaluate() never reads the rate, and the SLA only
    judges the curves at the end (`with_sla`), so a whole-catalog search redoes only that and the
    plan. One entry; the catalog is held and compared by identity, so an edited catalog (a new
    object) never matches. Its arrays are made read-only: an in-place write would corrupt the
    next sizing."""

    RATE_FIELDS = {"requests_per_s", "peak_to_mean", "peak_hours_per_day"}

    def __init__(self) -> None:
        self._entry: tuple | None = None  # (catalog, key, Evaluation)

    def key(self, scenario: Scenario) -> str:
        return scenario.model_dump_json(exclude={"workload": {"traffic": self.RATE_FIELDS, "sla": True}})

    def get(self, catalog: Catalog, key: str):
        entry = self._entry
        return entry[2] if entry is not None and entry[0] is catalog and entry[1] == key else None

    def put(self, catalog: Catalog, key: str, ev) -> None:
        for holder in (ev, ev.features, ev.points):
            for value in vars(holder).values():
                if isinstance(value, np.ndarray):
                    value.setflags(write=False)
        self._entry = (catalog, key, ev)

    def clear(self) -> None:
        self._entry = None


def traffic(s: Scenario) -> OfferedLoad:
    """The load to size for: mean and peak req/s, hours a run holds the nodes (None: a month),
    and the spare-replica override (None: the assumptions').

    A batch job runs a fixed amount of work to a deadline: the rate is what finishes a run in
    time (`BatchSpec.requests_per_s`, derived there only), for the run's hours, without spare
    replicas. A training job without serving traffic serves nothing: one replica, no spare."""
    w = s.workload
    if w.is_batch_job and w.batch is not None:
        rate = w.batch.requests_per_s
        return OfferedLoad(rate, rate, w.batch.hours_per_run, 0)
    t = w.offered_traffic
    if t is None:
        return OfferedLoad(0.0, 0.0, None, 0)
    return OfferedLoad(t.requests_per_s, t.peak_requests_per_s)


def training_job(s: Scenario) -> bool:
    """A fine-tuning workload without serving traffic: its options are priced as training runs."""
    return s.workload.category is Category.FINE_TUNING and s.workload.fine_tuning is not None and not s.workload.traffic


def size(
    scenario: Scenario,
    catalog: Catalog,
    progress=None,
    cancelled=None,
    simulate: bool = False,
    detailed: bool = True,
    reuse: LastEvaluation | None = None,
    deployments: bool = True,
    charts_wanted: Collection[str] | None = None,
    lead: str | None = None,
) -> Sizing:
    """The whole answer for `scenario` against `catalog` (scenario's inline records win).

    `simulate` also runs the discrete-event simulation of the recommended option (~0.1-1 s).
    `detailed=False` leaves out the options' uncertainty bands and explanations (about half the
    time of a small sizing): a preview for what-if sliders; every other figure is the same.
    `reuse`: the caller's LastEvaluation (the Analysis page keeps one for its sliders); with it, a
    scenario that differs from the last only in its rate or SLA skips the evaluation.
    `deployments=False` leaves out the deployment comparison and the options' horizon costs (most
    of a what-if step's time; every option's deployment and energy figures are still there):
    `deployment.completed` adds them when a page, the report or a command needs them.
    `charts_wanted`: the chart keys to build (None: all). A what-if preview leaves out the costly
    traffic and energy curves while no plot shows them (a tab behind, workshop mode's one chart);
    every chart it builds is the same as in a full sizing.
    `lead`: the label of a feasible option the charts and the strategy lead with instead of the
    engine's pick (the selection matrix's recommendation); `Sizing.chart_lead` says which did. A
    hosted API's label (HostedOption.label) leads the cost chart with its price instead
    (`Sizing.chart_lead_hosted`)."""
    given = catalog
    key = reuse.key(scenario) if reuse is not None else ""
    if scenario.accelerators or scenario.instances or scenario.models:  # else the catalog as given (no copy)
        catalog = catalog.merged_with(
            accelerators=scenario.accelerators, instances=scenario.instances, models=scenario.models
        )
    report = progress or (lambda _pct: None)
    stop = cancelled or (lambda: False)
    w, a = scenario.workload, scenario.assumptions
    load = traffic(scenario)
    ev = reuse.get(given, key) if reuse is not None else None
    if ev is not None:
        ev = with_sla(ev, w)
        space, pts = ev.space, ev.points
    else:
        space = build_space(scenario, catalog)
        pts = enumerate_points(space)
        if len(pts) == 0:
            from app.domain import DomainError

            raise DomainError(why_empty(space))
        report(10)
        ev = evaluate(space, pts, w, a)
        if reuse is not None:
            reuse.put(given, key, ev)
    if stop():
        raise Cancelled()
    report(50)
    job = kinds.training_gpu_hours(space, pts, w) if training_job(scenario) else None
    pl = plan_points(space, pts, ev, w, a, load, job)
    mk = masks(ev, pl, scenario)
    chosen = pick(ev, pl, mk, a)
    if stop():
        raise Cancelled()
    bands = (
        band_table(space, pts.take(chosen), scenario, load, None if job is None else job[chosen])
        if detailed
        else [{}] * len(chosen)
    )
    heads = headlines(ev, pl, chosen, scenario)
    options = [
        build(ev, pl, mk, int(i), scenario, bands[n], explained=detailed, h=heads[n]) for n, i in enumerate(chosen)
    ]
    if a.busy_power_fraction is None and ev.mem_share is not None and ev.comp_share is not None:
        # the step's u_mem and u_comp where the option's s was read (its own load), for the Explain panel
        u_mem = load_kernel_share(ev, load.mean_rate, w.is_batch_job, ev.mem_share)[chosen]
        u_comp = load_kernel_share(ev, load.mean_rate, w.is_batch_job, ev.comp_share)[chosen]
        for o, um, uc in zip(options, u_mem.tolist(), u_comp.tolist(), strict=True):
            set_fields(o, step_mem_share=um, step_comp_share=uc)
    refused: list[BindingConstraint] = []
    if job is not None:  # a training run: each option's run per the method, not its serving figures
        for o in options:
            kinds.attach_training(scenario, catalog, o)
            limits = kinds.training_limits(scenario, catalog, o) if o.feasible else []
            if limits:  # a run that cannot hold one micro-batch, or a sequence past the context
                set_fields(o, feasible=False, violations=[*o.violations, *limits])
                refused += [b for b in limits if b not in refused]
        options.sort(key=lambda o: not o.feasible)  # stable: the ranking within each side holds
    mark_pareto(options)
    for rank, o in enumerate(options, 1):
        set_fields(o, rank=rank)
    report(80)
    feasible = any(o.feasible for o in options)
    recommended = options[0] if feasible else None
    from app.engine.verdict import binding_constraints, verdict

    binding = [] if feasible else [*refused, *binding_constraints(ev, pl, mk, scenario)]
    error, error_kind = (None, None) if feasible else verdict(binding, w)
    sizing = Sizing(
        scenario=scenario.name,
        feasible=feasible,
        error=error,
        error_kind=error_kind,
        binding_constraints=binding,
        recommended=recommended,
        options=options,
        hosted=hosted_options(catalog, scenario, load.mean_rate, load.active_hours, recommended),
        evaluated_points=int(len(pts) * ev.batch.size),
        sources=sources(space, catalog, scenario) + AVAILABILITY_SOURCES,
        scope_notes=region_exclusions(scenario, catalog) + power_notes(a, catalog, [o.accelerator for o in options]),
        assumptions_used=assumptions_used(scenario, load.mean_rate, load.peak_rate),
        detailed=detailed,
    )
    sizing.workload_kind = kinds.figures(scenario, catalog, sizing)
    sizing.chart_lead = next((n for n, o in enumerate(options) if o.feasible and o.label == lead), 0)
    sizing.strategy, sizing.avoid = strategy.derive(sizing, ev, pl, mk, chosen, scenario, sizing.chart_lead)
    hosted_lead = next((h for h in sizing.hosted if h.allowed and h.label == lead), None)
    sizing.chart_lead_hosted = hosted_lead.label if hosted_lead is not None else None
    sizing.charts = charts.build(
        sizing, ev, pl, mk, chosen, scenario, load, charts_wanted, sizing.chart_lead, hosted_lead
    )
    if deployments:
        deployment.attach(sizing, scenario, catalog)
    else:
        deployment.attach_options(sizing, scenario, catalog, horizon=False)
    if charts_wanted is None or ENERGY_KEY in charts_wanted:
        sizing.charts.append(energy_chart(sizing, scenario, catalog))
    if simulate and recommended is not None:
        from app.engine.simulate import simulate as run_simulation

        # the operating point's rate: a serving replica's share of peak; a batch job's replicas run
        # flat out while a run lasts (`cost.plan`'s operating rate), the point its analytic figures are
        rate = recommended.requests_per_s_per_replica and (
            recommended.requests_per_s_per_replica
            if scenario.workload.is_batch_job
            else load.peak_rate / max(recommended.replicas - recommended.spare_replicas, 1)
        )
        sizing.simulation = run_simulation(space, recommended, scenario, rate=rate or None)
    report(100)
    return sizing


def deployment_groups(space) -> list[tuple[str, ...]]:
    """Each hardware's deployment models, as group labels: a cloud instance is in one group per
    price it has (on-demand, reserved 1 y / 3 y, spot), a bare-metal offer in 'bare_metal', an
    on-prem node in 'on_prem' (also the hybrid's base); a bare accelerator named in the scenario
    in 'unpriced'."""
    out = []
    for h in space.hardware:
        inst = h.instance
        if inst is None:
            out.append(("unpriced",))
            continue
        dep = inst.deployment.value
        if dep != "cloud":
            out.append((dep,))
            continue
        prices = (
            ("on_demand", inst.price_on_demand_usd_per_hour),
            ("reserved_1y", inst.price_reserved_usd_per_hour),
            ("reserved_3y", inst.price_reserved_3y_usd_per_hour),
            ("spot", inst.price_spot_usd_per_hour),
        )
        out.append(tuple(f"cloud_{k}" for k, v in prices if v is not None) or ("cloud",))
    return out


def pick(ev, pl, mk, a: Assumptions | None = None) -> np.ndarray:
    """The points worth showing, ranked: feasible first by monthly cost (those within COST_TIE of
    the cheapest tie for first), then fewer GPUs, then fewer pipeline stages, then p95 TTFT floor;
    then the points that break only the budget, cheapest first, tied the same way (when the budget
    is all that binds, the first option is the cheapest one that meets the SLA, the one the
    verdict names); the rest by how few limits they break, then fewer GPUs.

    A diverse top-K: the list always holds
      - each candidate model's best point (feasible or not: the matrix shows every model),
      - the best feasible point of each (model, deployment model) pair, the deployment models
        being cloud on-demand, reserved 1 y, reserved 3 y, spot, bare metal and on-prem (the
        hybrid's base): the deployment comparison is built from the list, so what it calls
        missing is missing from the whole search,
      - for spot and reserved 1 y / 3 y, also each model's point cheapest at that price (the
        rank's cost x the group's price / the price ranked on): the spot and reserved rows are
        then each model's cheapest such plan of the whole search (tgui5 D11),
      - each hardware's best point (for up to HARDWARE_SHARE of MAX_OPTIONS hardware, best first),
    then the next best points of any kind up to MAX_OPTIONS, all in rank order. The kept points
    may exceed MAX_OPTIONS when the must-keep set alone does (three models x six deployment
    models is 18 at most). The top 40 by rank alone were often 40 variants of one model on one
    kind of deployment."""
    pts = ev.points
    cost = np.nan_to_num(pl.cost_per_month, nan=np.inf)
    budget_only = mk.broken["budget"] & (mk.count() == 1)
    cost = np.where(mk.feasible | budget_only, cost, 0.0)  # otherwise cost is not what ranks them
    # the feasible points within COST_TIE of the cheapest tie for first, fewer GPUs first: a month's
    # cost that differs by a few dollars of modelled electricity (owned nodes cost the same whatever
    # runs on them) is below the energy model's resolution (bench/energy_accuracy.py: 13 % mean error)
    # The same tie among the points that break only the budget (none feasible: the first of them is
    # the one the verdict names). Within a tie, fewer GPUs a replica, then fewer pipeline stages: a
    # model that fits one device runs as data-parallel replicas, not TP1xPP8 (no bubbles, no hops).
    # The tie holds within each hardware first (its best point is the one the list keeps for it: a
    # DGX's TP1xPP8 won its own node by cents of electricity), then across them.
    hw = np.asarray(pts.hardware)
    for group in (mk.feasible, budget_only):
        group_cost = np.where(group, cost, np.inf)
        if not group_cost.size:
            continue
        hw_best = np.full(int(hw.max()) + 1, np.inf)
        np.minimum.at(hw_best, hw, group_cost)
        own = hw_best[hw]
        cost = np.where(group & np.isfinite(own) & (cost <= own * (1 + COST_TIE)), own, cost)
        best = group_cost.min()
        if np.isfinite(best):
            cost = np.where(group & (cost <= best * (1 + COST_TIE)), best, cost)
    order = np.lexsort((ev.ttft_floor, pts.pp, pts.gpus, cost, mk.count(), ~budget_only, ~mk.feasible))
    n = len(order)
    hardware = np.asarray(pts.hardware)[order]
    model = np.asarray(pts.model)[order]
    feasible = np.asarray(mk.feasible)[order]

    def firsts(keys: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        """Positions (in `order`) of each key's first point, among the positions `where` allows."""
        pos = np.arange(n) if where is None else np.flatnonzero(where)
        _, idx = np.unique(keys[pos], return_index=True)
        return pos[idx]

    def cheapest_at(label: str, where: np.ndarray) -> np.ndarray:
        """Positions of each model's point cheapest at the group's own price (spot, reserved): the
        rank's monthly cost x (the group's hourly price / the price the rank used) on its hardware,
        so the spot row is the cheapest spot plan of the whole search, not the spot plan of the
        point that ranked first on on-demand prices (tgui5 D11: $2,812/month kept, $1,465 cut)."""
        assert a is not None
        used = hourly_price(ev.space, a)[0]
        own = np.array(
            [
                np.nan if h.instance is None else getattr(h.instance, PRICE_GROUPS[label]) or np.nan
                for h in ev.space.hardware
            ],
            dtype=np.float64,
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = own / used
        at = np.nan_to_num(np.asarray(pl.cost_per_month, dtype=np.float64)[order] * ratio[hardware], nan=np.inf)
        pos = np.flatnonzero(where)
        out = [p[np.argmin(at[p])] for m in np.unique(model[pos]) if (p := pos[model[pos] == m]).size]
        return np.asarray(out, dtype=int)

    heads = np.sort(firsts(hardware))[: int(MAX_OPTIONS * HARDWARE_SHARE)]
    must = [firsts(model)]
    groups = deployment_groups(ev.space) if n else []
    for label in sorted({g for gs in groups for g in gs}):
        in_group = np.array([label in gs for gs in groups], dtype=bool)
        where = in_group[hardware] & feasible
        if where.any():
            must.append(firsts(model, where))
            if a is not None and label in PRICE_GROUPS:
                must.append(cheapest_at(label, where))
    keep = np.union1d(heads, np.concatenate(must)) if n else np.zeros(0, dtype=int)
    room = max(MAX_OPTIONS - len(keep), 0)
    rest = np.setdiff1d(np.arange(min(n, MAX_OPTIONS + len(keep))), keep)[:room]
    return order[np.sort(np.concatenate([keep, rest]).astype(int))]


def plan_points(
    space: Space,
    pts: Points,
    ev: Evaluation,
    w: Workload,
    a: Assumptions,
    load: OfferedLoad,
    job: np.ndarray | None = None,
) -> Plan:
    """The cost plan (replicas, nodes, USD a month) of every point `pts` that `ev` evaluated, under
    `load`: each at its own operating point (request time, tokens per request, the kernel share at
    the load's mean rate); `job` the GPU-hours of a training job per point, else None. What the
    sizing, its bands and the sweep each price."""
    return plan_for(
        space,
        pts.hardware,
        pts.gpus,
        ev.max_rate,
        w,
        a,
        load,
        job,
        ev.request_s,
        ev.tokens_per_request,
        load_kernel_share(ev, load.mean_rate, w.is_batch_job),
        ev.peak_rate,
    )


def band_table(space, sub, scenario, load: OfferedLoad, job=None) -> list[dict[str, Band]]:
    """Low / expected / high for the chosen points, from the efficiency bands."""
    w, a = scenario.workload, scenario.assumptions
    values = {}
    for level in ("low", "expected", "high"):
        ev = evaluate(space, sub, w, a, level=level)
        pl = plan_points(space, sub, ev, w, a, load, job)
        heads = headlines(ev, pl, np.arange(len(sub)), scenario)
        values[level] = [band_values(ev, pl, i, scenario, heads[i]) for i in range(len(sub))]
    out = []
    for n in range(len(sub)):
        bands = {}
        for key in BAND_KEYS:
            xs = sorted(values[lv][n][key] for lv in ("low", "expected", "high"))
            if not all(np.isfinite(xs)):  # a level serves nothing or is unpriced: no honest band
                continue
            mid = values["expected"][n][key]
            bands[key] = Band(low=max(xs[0], 0.0), expected=min(max(mid, xs[0]), xs[2]), high=max(xs[2], 0.0))
        out.append(bands)
    return out


def mark_pareto(options: list[Option]) -> None:
    """Feasible options no other feasible option beats on cost, p95 TTFT and tokens/s per GPU at once."""
    feas = [o for o in options if o.feasible]
    for o in feas:
        pareto = not any(
            p is not o
            and p.cost_per_month_usd <= o.cost_per_month_usd
            and p.ttft_p95_ms <= o.ttft_p95_ms
            and p.tokens_per_s / p.gpus >= o.tokens_per_s / o.gpus
            and (
                p.cost_per_month_usd < o.cost_per_month_usd
                or p.ttft_p95_ms < o.ttft_p95_ms
                or p.tokens_per_s / p.gpus > o.tokens_per_s / o.gpus
            )
            for p in feas
        )
        set_fields(o, pareto=pareto)


def hosted_outside_regions(api: HostedApi, regions: list[str]) -> str:
    """Why a hosted API fails the scenario's region constraint ("" when it passes or there is none):
    its published data-residency list must name one of the regions (case-insensitive, e.g. "EU");
    an empty list is residency unknown, which does not satisfy the constraint."""
    if not regions:
        return ""
    wanted = {r.casefold() for r in regions}
    if any(d.casefold() in wanted for d in api.data_residency):
        return ""
    if not api.data_residency:
        return f"region unknown: {api.provider} publishes no data residency, so {', '.join(regions)} is not verified"
    return f"data residency {', '.join(api.data_residency)}, none of the regions {', '.join(regions)}"


def hosted_options(catalog: Catalog, s: Scenario, mean: float, hours, recommended: Option | None) -> list[HostedOption]:
    names = s.candidates.hosted_apis
    apis = [catalog.hosted_api(n) for n in names] if names else []
    out = []
    for api in apis:
        month, per_mtok, per_req = hosted_cost(api, s.workload, s.assumptions, mean, hours)
        limit = (
            Sensitivity(api.max_sensitivity)
            if api.max_sensitivity in Sensitivity._value2member_map_
            else Sensitivity.CONFIDENTIAL
        )
        image_unknown = hosted_image_tokens(api, s.workload) is None
        outside = hosted_outside_regions(api, s.constraints.regions)
        allowed = (
            s.workload.sensitivity.level <= limit.level
            and not s.constraints.self_hosted_only
            and not image_unknown
            and not outside
        )
        reason = (
            ""
            if allowed
            else (
                "the scenario allows self-hosted options only"
                if s.constraints.self_hosted_only
                else outside
                if outside
                else f"data is {s.workload.sensitivity.value}; {api.provider} is cleared up to {limit.value}"
                if s.workload.sensitivity.level > limit.level
                else f"image cost unknown: no published tokens-per-image figure for {api.model} in the catalog, "
                "so its price would count the text alone"
            )
        )
        breakeven = None
        if not image_unknown and recommended and recommended.cost_per_month_usd > 0 and per_req > 0:
            # the self-hosted fleet's cost is fixed per month: the API costs as much at this rate
            breakeven = recommended.cost_per_month_usd / (per_req * 3600 * s.assumptions.hours_per_month)
        out.append(
            HostedOption(
                name=api.name,
                provider=api.provider,
                model=api.model,
                cost_per_month_usd=month,
                cost_per_million_tokens_usd=per_mtok,
                cost_per_request_usd=per_req,
                cost_per_run_usd=per_req * s.workload.batch.total_requests
                if s.workload.is_batch_job and s.workload.batch
                else None,
                allowed=allowed,
                reason=reason,
                break_even_requests_per_s=breakeven,
                image_cost_unknown=image_unknown,
                image_basis=hosted_image_basis(api, s.workload),
            )
        )
    return out


def sources(space, catalog: Catalog, s: Scenario) -> list[str]:
    seen: dict[str, None] = {}
    recs = (
        list(space.models)
        + [h.accelerator for h in space.hardware]
        + [h.instance for h in space.hardware if h.instance]
        + list(space.runtimes)
        + list(space.efficiency_profiles)
    )
    for r in recs:
        seen.setdefault(f"{r.name}: {' '.join(r.source.split())} (as of {r.as_of.isoformat()})", None)
    return list(seen)


def assumptions_used(s: Scenario, mean: float, peak: float) -> dict[str, float | str]:
    out: dict[str, float | str] = {
        k: (v if isinstance(v, (int, float)) else "runtime default" if v is None else str(v))
        for k, v in s.assumptions.model_dump().items()
    }
    out["mean requests/s"] = mean
    out["peak requests/s"] = peak
    return out

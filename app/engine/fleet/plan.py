"""plan_fleet(portfolio, scenarios, catalog) -> FleetPlan: size, place, schedule, fail, charge."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Literal

import numpy as np

from app.domain import Assumptions, BindingConstraint, Catalog, Deployment, DomainError, Explanation, Scenario
from app.domain.fleet_results import (
    AVERAGE_WEEK_RULE,
    CHARGEBACK_RULE,
    FleetPlan,
    PoolPlan,
    ReplicaSpec,
    SeparateFleet,
    SharingComparison,
    UnitPlan,
)
from app.domain.portfolio import HOURS_PER_WEEK, Portfolio, hour_label
from app.engine import availability as av
from app.engine.fleet import charts
from app.engine.fleet import failures as fl
from app.engine.fleet.greedy import EPS, Allocation, allocate
from app.engine.fleet.kpis import (
    billed_node_hours,
    billing_notes,
    energy_gaps,
    hour_weeks,
    pool_cost_month,
    pool_energy_average,
    team_charges,
    unit_kpis,
    utilisation,
)
from app.engine.fleet.placement import place
from app.engine.fleet.pools import PoolTable, pool_table
from app.engine.fleet.sizing import size_fleet
from app.engine.fleet.units import Unit, build_units
from app.engine.power import power_notes

Method = Literal["greedy", "milp"]
SizingCache = dict[tuple[str, str, str], tuple[ReplicaSpec | None, str]]
GPU_SHARING_NOTE = (
    "GPU sharing: off. Each replica owns whole GPUs (a vLLM server claims gpu_memory_utilization of "
    "each device it runs on), so two models never share one GPU; small models share nodes, not GPUs."
)


def plan_fleet(
    portfolio: Portfolio,
    scenarios: Mapping[str, Scenario],
    catalog: Catalog,
    method: Method = "greedy",
    cache: SizingCache | None = None,
    compare: bool = True,
    failures: bool = True,
    failure_hour: int | None = None,
    placement_hour: int | None = None,
) -> FleetPlan:
    """The fleet plan of `portfolio`. `scenarios` maps each entry's label to its resolved scenario
    (app.services.fleet resolves names and files); `cache` keeps the engine's per-pool sizings
    between what-if calls; `compare=False` skips the separate-fleets comparison and
    `failures=False` the failure what-ifs (an interactive drag needs neither); `failure_hour`
    (0..167) fails the nodes at that hour instead of the peak (a "fail a node at ..." what-if);
    `placement_hour` (0..167) places the replicas of that hour instead of the worst hour's."""
    for what, value in (("failure_hour", failure_hour), ("placement_hour", placement_hour)):
        if value is not None and not 0 <= value < HOURS_PER_WEEK:
            raise DomainError(f"{what} must be a whole hour of the week from 0 to 167, got {value}")
    fleet = portfolio.fleet
    a = fleet.assumptions
    pools = pool_table(fleet, catalog)
    units, unfit = build_units(portfolio, dict(scenarios), catalog, pools.instances, cache)
    util, reserve = fleet.max_utilisation, fleet.reserve_nodes

    def run(nodes: np.ndarray, down: np.ndarray | None = None, fallback: bool = True) -> Allocation:
        if method == "milp":  # the MILP's choice, checked against its bill with billing minimums
            from app.engine.fleet.milp_billing import solve_billed

            return solve_billed(units, pools, nodes, util, reserve, a, down, allow_fallback=fallback)
        return allocate(units, pools, nodes, util, reserve, down, allow_fallback=fallback)

    if method == "milp" and pools.auto.any():
        from app.engine.fleet.milp_billing import solve_billed

        nodes = solve_billed(units, pools, np.where(pools.nodes < 0, 0, pools.nodes), util, reserve, a,
                             allow_fallback=False, size_auto=True).nodes  # fmt: skip
    else:
        nodes, _ = size_fleet(units, pools, util, reserve)
    nodes = hold_reserve(units, pools, nodes, util, reserve, fleet.availability_target, a)
    final = run(nodes)
    runs_nowhere = any(u.kind != "hosted" and not u.allowed.any() for u in units)
    feasible = final.shortfall(units) <= EPS and not runs_nowhere
    binding = [] if feasible else _binding(units, final, pools, unfit, nodes, util, reserve)
    month = a.hours_per_month / HOURS_PER_WEEK
    grid = pool_grid(pools, catalog, a)
    kpis = unit_kpis(final, units, pools, a, grid)
    pool_kwh = pool_energy_average(final, units, pools, a).sum(axis=1)
    co2e_week, co2e_note = fleet_co2e(pool_kwh, grid, pools)
    unknown, lower = energy_gaps(final, pools)
    energy_week: float | None = float(pool_kwh.sum())
    energy_note = _energy_note(pools, unknown, lower)
    if unknown.any():
        energy_week, co2e_week, co2e_note = None, None, "energy unknown: " + energy_note.removeprefix("n/a: ")
    hour = fl.worst_hour(final, pools, units)
    shown = hour if placement_hour is None else placement_hour
    placement, notes = place(final, units, pools, shown)
    pool_plans = _pool_plans(final, pools, portfolio, hour, units)
    cost_month = float(
        pool_cost_month(final, units, pools, a).sum() + sum(k.hosted_cost_usd_per_week for k in kpis) * month
    )
    cases = []
    if failures:
        cases = fl.failure_cases(
            units,
            pools,
            final,
            hour if failure_hour is None else failure_hour,
            a.repair_hours,
            lambda down: allocate(units, pools, nodes, util, reserve, down),
        )
    sharing = _sharing(units, pools, util, month, a, fleet.availability_target) if compare else None
    if sharing is not None and feasible:
        short = _given_short_of_target(pool_plans, final, units, a, fleet.availability_target)
        sharing = _shared_is_the_plan(sharing, final, pools, units, a, short)
    base = ~pools.burst
    base_gpus = float(np.sum(final.nodes[base] * pools.gpus[base]))
    cost_week = cost_month / month  # an average week of the month (AVERAGE_WEEK_RULE)
    fleet_util = final.used[base].sum(axis=0) / base_gpus if base_gpus > 0 else np.zeros(HOURS_PER_WEEK)
    notes = [GPU_SHARING_NOTE, *notes, *_notes(units, final, unfit), *assumption_notes(scenarios, pools, a)]
    notes += power_notes(a, catalog, pools.accelerators)
    if final.note:
        notes.append(final.note)
    notes.extend(billing_notes(pools))
    notes.extend(availability_notes(units, pools, final))
    if method == "milp" and failures:
        notes.append("Failure what-ifs re-plan the week on the greedy path (priority order), not with the MILP.")
    plan = FleetPlan(
        portfolio=portfolio.name,
        method="milp (HiGHS via scipy.optimize.milp)" if method == "milp" else "greedy",
        feasible=feasible,
        verdict=_verdict(feasible, binding, final, pools, hour_weeks(final, units, a.hours_per_month))
        + _no_spare(feasible, pool_plans, a, final, units),
        binding_constraints=binding,
        pools=pool_plans,
        units=[_unit_plan(i, u, final, pools) for i, u in enumerate(units)],
        kpis=kpis,
        teams=team_charges(kpis, month),
        sharing=sharing,
        failures=cases,
        worst_hour=hour,
        worst_hour_label=hour_label(hour),
        placement=placement,
        placement_hour=shown,
        placement_hour_label=hour_label(shown),
        replica_specs=[s for u in units for s in u.specs if s is not None],
        unfit=unfit,
        gpus=int(base_gpus),
        cost_usd_per_week=cost_week,
        cost_usd_per_month=cost_month,
        energy_kwh_per_week=energy_week,
        co2e_kg_per_week=co2e_week,
        co2e_note=co2e_note,
        energy_kwh_per_month=None if energy_week is None else energy_week * month,  # AVERAGE_WEEK_RULE
        co2e_kg_per_month=None if co2e_week is None else co2e_week * month,
        energy_lower_bound=energy_week is not None and bool(lower.any()),
        energy_note=energy_note,
        idle_gpu_hours_per_week=float(
            base_gpus * HOURS_PER_WEEK - (final.used * hour_weeks(final, units, a.hours_per_month))[base].sum()
        ),
        utilisation_by_hour=[float(x) for x in fleet_util],
        notes=notes,
        explanations=_explanations(pools, a.hours_per_month),
    )
    return plan.model_copy(update={"charts": charts.build(plan)})


def _energy_note(pools: PoolTable, unknown: np.ndarray, lower: np.ndarray) -> str:
    """Why the fleet's energy is n/a (a powered pool without a power figure) or a lower bound (a
    powered pool without host power), in words; "" when complete."""
    if unknown.any():
        return "n/a: no accelerator TDP or node power in the catalog for " + "; ".join(
            f"{pools.accelerators[p]} (pool {pools.names[p]})" for p in np.flatnonzero(unknown)
        )
    if lower.any():
        return "a lower bound: host power unknown, accelerators only, for pool(s) " + ", ".join(
            pools.names[p] for p in np.flatnonzero(lower)
        )
    return ""


def _unit_plan(i: int, u: Unit, a: Allocation, pools: PoolTable) -> UnitPlan:
    reps = {pools.names[p]: [int(v) for v in a.x[i, p]] for p in range(len(pools.names)) if a.x[i, p].any()}
    spare = {
        pools.names[p]: [int(v) for v in a.spare[i, p]]
        for p in range(len(pools.names))
        if a.spare is not None and a.spare[i, p].any()
    }
    gpus = (a.x[i] * u.footprint[:, None]).sum(axis=0)
    return UnitPlan(
        name=u.name,
        workload=u.entry,
        stage=u.stage,
        team=u.team,
        priority=u.priority,
        kind=u.kind,
        demand_rps_by_hour=[float(v) for v in u.demand] if u.kind != "job" else [],
        replicas_by_hour=reps,
        spare_replicas_by_hour=spare,
        gpus_by_hour=[float(v) for v in gpus],
        fallback_rps_by_hour=[float(v) for v in a.fallback[i]] if u.kind == "serving" else [],
        unmet_rps_by_hour=[float(v) for v in a.unmet[i]] if u.kind == "serving" else [],
        runs=len(u.runs),
        run_done_share=[float(v) for v in a.done[i]],
        run_hours=[[int(h) for h in r] for r in u.runs],
        hosted=u.stage if u.kind == "hosted" else u.fallback,
        tokens_in=u.tokens_in,
        tokens_out=u.tokens_out,
        tokens_out_p95=u.tokens_out_p95,
    )


def pool_grid(pools: PoolTable, catalog: Catalog, assumptions: Assumptions) -> np.ndarray:
    """(P,) gCO2e/kWh of each pool's electricity: the catalog's figure for the pool's region (a cloud
    region keeps its own grid), else the fleet's grid_gco2e_per_kwh, the owned site's grid (on-prem
    nodes and offers with no region, or a region the catalog has no figure for); NaN when neither.
    The same rule as the Deployment comparison (engine.deployment.compare.grid_intensity, 33b4e95)."""
    out = np.full(len(pools.names), np.nan)
    site = assumptions.grid_gco2e_per_kwh
    for p, inst in enumerate(pools.instances):
        region = (inst.region or "").casefold()
        found = next(
            (g.grid_gco2e_per_kwh for g in catalog.grid_regions if region and g.name.casefold() == region), None
        )
        out[p] = found if found is not None else (np.nan if site is None else site)
    return out


def fleet_co2e(energy: np.ndarray, grid: np.ndarray, pools: PoolTable) -> tuple[float | None, str]:
    """(kg CO2e a week of every pool: `energy` (P,) kWh x `grid` (P,) gCO2e/kWh / 1000, the sum of the
    workloads' shares where every pool has users; None with the reason when a pool drawing energy
    has no grid figure)."""
    why = [
        f"{pools.names[p]}: "
        + (
            f"{inst.name} has no region"
            if not inst.region
            else f"the catalog has no grid intensity for region {inst.region}"
        )
        for p, inst in enumerate(pools.instances)
        if energy[p] > 0 and not np.isfinite(grid[p])
    ]
    if why:
        return None, "grid intensity unknown (" + "; ".join(why) + "): set the fleet's grid intensity"
    return float(np.sum(np.where(energy > 0, energy * grid, 0.0)) / 1000.0), ""


def pool_reserve(
    a: Allocation,
    units: list[Unit],
    pools: PoolTable,
    p: int,
    hour: int,
    serving_gpus: np.ndarray,
    util: float,
    target: float,
    assumptions: Assumptions,
) -> tuple[int, int, str]:
    """(peak nodes, spare nodes, basis) of base pool p at `hour`: the nodes its load there needs,
    ceil(GPUs used less the workloads' own spares / (GPUs per node x max utilisation)), and the
    spare nodes the availability target needs by the single-scenario engine's rule
    (`failures.reserve_needed`: zone availability included). Only a pool that carries a serving
    workload at that hour needs spares for the target (a job to a deadline holds none, as in engine.size)."""
    gpus = float(pools.gpus[p])
    peak = math.ceil(float(serving_gpus[p, hour]) / (gpus * util) - EPS)
    serves = any(u.kind == "serving" and a.x[i, p, hour] > EPS for i, u in enumerate(units))
    if units and not serves:
        return peak, 0, "no serving workload on it at the worst hour: no spare node for the availability target"
    k, basis = fl.reserve_needed(
        peak,
        gpus,
        target,
        assumptions.gpu_mtbf_hours,
        assumptions.repair_hours,
        assumptions.zone_availability,
        int(pools.domains[p]),
    )
    return peak, k, basis


def hold_reserve(
    units: list[Unit],
    pools: PoolTable,
    nodes: np.ndarray,
    util: float,
    reserve: int,
    target: float,
    assumptions: Assumptions,
) -> np.ndarray:
    """`nodes` with each sized base pool raised to its peak nodes + the spare nodes its availability
    target needs (`pool_reserve`), within its maximum: a sized fleet holds the spares the
    workload's own analysis holds (its failure unit a node, its zone counted)."""
    out = nodes.copy()
    auto = [p for p in range(len(pools.names)) if pools.auto[p] and not pools.burst[p] and nodes[p] > 0]
    if not auto or not units:
        return out
    a = allocate(units, pools, nodes, util, reserve, allow_fallback=False)
    hour = fl.worst_hour(a, pools, units)
    serving = a.used - a.spare_gpus(units)
    for p in auto:
        peak, k, _ = pool_reserve(a, units, pools, p, hour, serving, util, target, assumptions)
        out[p] = min(max(float(out[p]), float(peak + k)), float(pools.max_nodes[p]))
    return out


def _pool_plans(
    a: Allocation, pools: PoolTable, portfolio: Portfolio, hour: int, units: list[Unit] | None = None
) -> list[PoolPlan]:
    fleet = portfolio.fleet
    util = utilisation(a, pools)
    serving_gpus = a.used - a.spare_gpus(units or [])  # the workloads' own spares are a reserve already
    cost_month = pool_cost_month(a, units or [], pools, fleet.assumptions)
    energy = pool_energy_average(a, units or [], pools, fleet.assumptions).sum(axis=1)
    month = fleet.assumptions.hours_per_month / HOURS_PER_WEEK
    unknown, lower = energy_gaps(a, pools)
    known = pools.power_known if pools.power_known is not None else np.ones(len(pools.names), dtype=bool)
    out = []
    for p, spec in enumerate(fleet.pools):
        reserve, basis = 0, "burst pool: rented as needed"
        if not pools.burst[p]:
            _, reserve, basis = pool_reserve(a, units or [], pools, p, hour, serving_gpus, fleet.max_utilisation,
                                             fleet.availability_target, fleet.assumptions)  # fmt: skip
        out.append(
            PoolPlan(
                name=spec.name,
                instance=pools.instances[p].name,
                accelerator=pools.accelerators[p],
                gpus_per_node=int(pools.gpus[p]),
                nodes=int(a.rented[p].max()) if pools.burst[p] else int(a.nodes[p]),
                sized=bool(pools.auto[p]) and not bool(pools.burst[p]),
                burst=bool(pools.burst[p]),
                failure_domains=int(pools.domains[p]),
                price_usd_per_node_hour=float(pools.price[p]),
                price_basis=pools.price_basis[p],
                gpus_used_by_hour=[float(v) for v in a.used[p]],
                nodes_rented_by_hour=[int(v) for v in a.rented[p]] if pools.burst[p] else [],
                utilisation_by_hour=[float(v) for v in util[p]],
                reserve_nodes_needed=reserve,
                reserve_basis=basis,
                power_kw_per_node=float(pools.power_kw[p]) if known[p] else None,
                power_basis=pools.power_basis[p],
                cost_usd_per_week=float(cost_month[p]) / month,  # an average week (AVERAGE_WEEK_RULE)
                cost_usd_per_month=float(cost_month[p]),
                energy_kwh_per_week=None if unknown[p] else float(energy[p]),
                energy_kwh_per_month=None if unknown[p] else float(energy[p]) * month,  # AVERAGE_WEEK_RULE
                energy_lower_bound=bool(lower[p]),
            )
        )
    return out


SHARING_BASIS = (
    "each side takes the cheapest way to carry every hour of the week without hosted fallback, at the fleet's "
    "max utilisation, with each workload's own spare replicas for its SLA availability: one base pool type sized "
    "to the fewest owned nodes (the shared fleet: all base pool types together), one burst pool renting nodes by "
    "the hour (where the workloads may use it), or that owned base with the burst pools renting the hours above "
    "it (as the plan is sized); separate = each workload alone by the same rules, so a weekly job's silo may rent "
    "by the hour instead of owning a node all month"
)


def _cheapest(
    units: list[Unit],
    pools: PoolTable,
    util: float,
    month: float,
    shared: bool,
    assumptions: Assumptions,
    target: float = 0.999,
) -> SeparateFleet | None:
    """The cheapest fleet for `units` alone from the plan's pools, by the rule of SHARING_BASIS:
    base options size owned nodes (cost = nodes x USD per node-hour x 168 h x weeks a month), a
    burst option rents node-hours (cost = node-hours rented a week x USD per node-hour x weeks a
    month). `gpus`: owned GPUs, or a burst pool's GPUs at its busiest hour. None: no option carries them."""
    P = len(pools.names)
    base = ~pools.burst
    options: list[np.ndarray] = [base] if shared else [np.arange(P) == p for p in range(P) if base[p]]
    options += [np.arange(P) == p for p in range(P) if pools.burst[p]]
    if pools.burst.any():  # owned base + burst for the hours above it, as the plan itself is sized
        options += [base | pools.burst] if shared else [(np.arange(P) == p) | pools.burst for p in range(P) if base[p]]
    best: SeparateFleet | None = None
    for use in options:
        if not shared and not any(u.allowed[use].any() for u in units):
            continue
        only = dataclasses.replace(
            pools,
            nodes=np.where(use & base, -1.0, 0.0),
            max_nodes=np.where(use, np.where(base, np.inf, pools.max_nodes), 0.0),
        )
        n, fine = size_fleet(units, only, util)
        if not fine:
            continue
        n = hold_reserve(units, only, n, util, 0, target, assumptions)
        a = allocate(units, only, n, util, 0, allow_fallback=False)
        if a.shortfall(units) > EPS:
            continue
        cost = float(pool_cost_month(a, units, only, assumptions).sum())
        held = np.where(only.burst, a.rented.max(axis=1), a.nodes)
        kept = [p for p in range(P) if use[p] and held[p] > 0]
        names = [pools.names[p] for p in kept] or [pools.names[int(np.argmax(use))]]
        if len(kept) > 1:  # a mix: say how many nodes each pool holds (burst: the most rented at once)
            names = [
                f"{pools.names[p]} ({int(held[p])} {'rented at most' if pools.burst[p] else 'owned'})" for p in kept
            ]
        if best is None or cost < best.cost_usd_per_month:
            best = SeparateFleet(
                unit=", ".join(u.name for u in units) if shared else units[0].name,
                pool=" + ".join(names),
                nodes=int(held[use].sum()),
                gpus=int(np.sum(held[use] * pools.gpus[use])),
                cost_usd_per_month=cost,
                burst=bool(pools.burst[use].all()),
                rented_gpus=int(np.sum(held[use & only.burst] * pools.gpus[use & only.burst])),
            )
    return best


def _sharing(
    units: list[Unit], pools: PoolTable, util: float, month: float, assumptions: Assumptions, target: float = 0.999
) -> SharingComparison | None:
    """Shared vs separate by the same rule (SHARING_BASIS): the cheapest fleet carrying all units
    together, and each unit's own cheapest fleet; the saving is the difference. Hosted stages
    need no GPUs on either side."""
    gpu_units = [u for u in units if u.kind != "hosted"]
    if not gpu_units:
        return None
    shared = _cheapest(gpu_units, pools, util, month, True, assumptions, target)
    if shared is None:
        return None
    separate: list[SeparateFleet] = []
    for u in gpu_units:
        best = _cheapest([u], pools, util, month, False, assumptions, target)
        if best is None:
            return None
        separate.append(best)
    sep_gpus = sum(s.gpus for s in separate)
    sep_cost = sum(s.cost_usd_per_month for s in separate)
    return SharingComparison(
        shared_gpus=shared.gpus,
        shared_cost_usd_per_month=shared.cost_usd_per_month,
        separate_gpus=sep_gpus,
        separate_cost_usd_per_month=sep_cost,
        saving_gpus=sep_gpus - shared.gpus,
        saving_usd_per_month=sep_cost - shared.cost_usd_per_month,
        separate=separate,
        shared_pools=shared.pool,
        basis=SHARING_BASIS,
        shared_rented_gpus=shared.rented_gpus,
        separate_rented_gpus=sum(s.rented_gpus for s in separate),
    )


def _given_short_of_target(
    pool_plans: list[PoolPlan], alloc: Allocation, units: list[Unit], assumptions: Assumptions, target: float
) -> list[str]:
    """The given (not sized) owned pools whose nodes carry the busiest hour with P(peak served) below
    the availability target (engine.size's rule: z x P(at least the peak's nodes up)), as names."""
    spare = alloc.spare_gpus(units)
    out = []
    for k, p in enumerate(pool_plans):
        if p.burst or p.sized or p.nodes <= 0:
            continue
        used = np.asarray(p.gpus_used_by_hour) - spare[k]
        peak = math.ceil(float(max(used, default=0.0)) / p.gpus_per_node - EPS)
        if peak <= 0:
            continue
        a = av.unit_availability(float(p.gpus_per_node), assumptions.gpu_mtbf_hours, assumptions.repair_hours)
        if av.single_zone(p.nodes, min(peak, p.nodes), a, assumptions.zone_availability) < target:
            out.append(p.name)
    return out


def _shared_is_the_plan(
    s: SharingComparison,
    a: Allocation,
    pools: PoolTable,
    units: list[Unit],
    assumptions: Assumptions,
    short: list[str] | None = None,
) -> SharingComparison:
    """The shared side is the plan shown when that plan carries every hour itself (no hosted
    fallback; its base pools and any burst, the shared side's rules) for less than the greedy
    sizing's shared fleet: the MILP can find a smaller fleet than the greedy sizing, and the report
    must not price a fleet it does not show. A plan holding the same GPUs as the shared side within
    0.1 % of its cost is that fleet: its own cost is shown (its electricity follows where it placed
    the replicas, `fleet.busy`: the MILP may spread an hour's rate over more replicas)."""
    if a.fallback.sum() > EPS:
        return s
    cost = float(pool_cost_month(a, [u for u in units], pools, assumptions).sum())
    held_nodes = np.where(pools.burst, a.rented.max(axis=1), a.nodes)
    gpus = int(np.sum(held_nodes * pools.gpus))
    if gpus == s.shared_gpus and abs(cost - s.shared_cost_usd_per_month) <= 1e-3 * s.shared_cost_usd_per_month:
        # the same fleet, its electricity a little apart by where the replicas sit: the plan's own cost
        saving = s.separate_cost_usd_per_month - cost
        return s.model_copy(update={"shared_cost_usd_per_month": cost, "saving_usd_per_month": saving})
    if cost >= s.shared_cost_usd_per_month - 0.5:
        return s
    if short:  # tcli6 N19: a given pool without its spare against separate fleets that hold theirs
        return s.model_copy(
            update={
                "basis": s.basis
                + f"; the plan's given pool {', '.join(short)} holds no spare node for the availability "
                f"target, so the shared side here is sized to hold it (${cost:,.0f}/month as given), as the separate "
                "fleets hold theirs"
            }
        )
    held = [pools.names[p] for p in range(len(pools.names)) if held_nodes[p] > 0]
    return s.model_copy(
        update={
            "shared_gpus": gpus,
            "shared_rented_gpus": int(np.sum(held_nodes[pools.burst] * pools.gpus[pools.burst])),
            "shared_cost_usd_per_month": cost,
            "saving_gpus": s.separate_gpus - gpus,
            "saving_usd_per_month": s.separate_cost_usd_per_month - cost,
            "shared_pools": " + ".join(held) or s.shared_pools,
        }
    )


def stranded_by_cap(u: Unit, pools: PoolTable, nodes: np.ndarray, util: float, reserve: int) -> str:
    """What the utilisation cap strands for unit `u`, in words ("" when nothing): on each base pool it
    may run on, the whole replicas of `footprint` GPUs that fit in (nodes - reserve) x GPUs x
    max_utilisation against those that fit in the nodes themselves. A replica that is a whole node
    leaves a node idle under any cap below 1 (tcli5 N11: 0.9 x 24 TPU chips = 21.6 held two 8-chip
    replicas, not three, and the plan missed its deadline)."""
    out = []
    for p in np.nonzero(u.allowed & ~pools.burst)[0].tolist():
        f = float(u.footprint[p])
        gpus = max(float(nodes[p]) - reserve, 0.0) * float(pools.gpus[p])
        if f <= 0 or gpus <= 0:
            continue
        full, capped = int(np.floor(gpus / f + 1e-9)), int(np.floor(gpus * util / f + 1e-9))
        if capped < full:
            need = full * f / gpus
            out.append(
                f"max_utilisation {util:g} leaves {gpus * util:g} of {gpus:g} GPUs on pool {pools.names[p]}: "
                f"{capped} {f:g}-GPU replica(s) fit, not {full}; raise max_utilisation to {need:.2g} to use them"
            )
    return "; ".join(out)


def _binding(
    units: list[Unit],
    a: Allocation,
    pools: PoolTable,
    unfit: list,  # type: ignore[type-arg]
    nodes: np.ndarray | None = None,
    util: float = 1.0,
    reserve: int = 0,
) -> list[BindingConstraint]:
    out = []
    for i, u in enumerate(units):
        capped = stranded_by_cap(u, pools, nodes, util, reserve) if nodes is not None else ""
        if u.kind == "hosted":
            continue
        if not u.allowed.any():
            why = "; ".join(f"{x.pool}: {x.reason}" for x in unfit if x.unit == u.name)
            out.append(
                BindingConstraint(
                    constraint="hardware",
                    required=1.0,
                    available=0.0,
                    unit="pools that can run it",
                    detail=f"{u.name} runs on none of the pools ({why or 'excluded by its pools list'})",
                    fix="add a pool whose node type can run it, or change its model or SLA",
                )
            )
            continue
        if u.kind == "serving" and a.unmet[i].sum() > EPS:
            h = int(np.argmax(a.unmet[i]))
            out.append(
                BindingConstraint(
                    constraint="capacity",
                    required=float(u.demand[h]),
                    available=float(u.demand[h] - a.unmet[i, h]),
                    unit="req/s",
                    detail=(
                        f"{u.name} needs {u.demand[h]:,.3g} req/s at {hour_label(h)}; the fleet carries "
                        f"{u.demand[h] - a.unmet[i, h]:,.3g} once more important work has its share"
                    ),
                    fix=(f"{capped}; or " if capped else "")
                    + "more nodes (nodes: auto sizes them), a burst pool, or a hosted fallback",
                )
            )
        if u.kind == "job":
            for r, share in enumerate(a.done[i]):
                if share < 1.0 - 1e-6:
                    ok = np.isfinite(u.work)
                    work = float(np.min(u.work[ok])) if ok.any() else float("inf")
                    out.append(
                        BindingConstraint(
                            constraint="deadline",
                            required=work,
                            available=work * float(share),
                            unit=("gang-hours" if math.isfinite(u.max_parallel) else "replica-hours") + " per run",
                            detail=(
                                f"{u.name} run {r + 1} of {len(u.runs)} finishes {share:.0%} of its work within its "
                                f"{len(u.runs[r])}-hour window"
                            ),
                            fix=(f"{capped}; or " if capped else "")
                            + "more nodes or a burst pool, a wider window, or a later deadline",
                        )
                    )
                    break
    return out


def _verdict(
    feasible: bool, binding: list[BindingConstraint], a: Allocation, pools: PoolTable, weeks: np.ndarray | None = None
) -> str:
    """The verdict line. Burst node-hours are an average week's (AVERAGE_WEEK_RULE): each rented hour
    (as its provider bills it, `kpis.billed_node_hours`) x how often its work recurs in an average week
    (`kpis.hour_weeks`: a monthly run's hours count 168 / hours a month of a week), as the pool's
    cost bills them (tcli4 finding 10: a monthly run's 34 node-hours were called "per week" beside
    its 7.6 node-hours a week billed)."""
    base = ", ".join(f"{int(a.nodes[p])} x {pools.names[p]}" for p in range(len(pools.names)) if not pools.burst[p])
    w = np.ones_like(a.rented) if weeks is None else weeks
    billed = billed_node_hours(a, pools)  # the provider's billing step and minimum, as the pool's cost
    burst = float(sum((billed[p] * w[p]).sum() for p in range(len(pools.names)) if pools.burst[p]))
    tail = f" + {burst:,.1f} burst node-hours billed in an average week" if burst > 0 else ""
    if feasible:
        return f"Feasible: every SLA and deadline met on {base}{tail}"
    kinds = sorted({b.constraint for b in binding})
    return f"Not feasible on {base}{tail}: {', '.join(kinds)} bind ({len(binding)} constraint(s))"


def _no_spare(
    feasible: bool,
    pool_plans: list[PoolPlan],
    assumptions: Assumptions,
    alloc: Allocation | None = None,
    units: list[Unit] | None = None,
) -> str:
    """'; no spare node held: ...' for each owned pool whose every node carries the worst hour (a node
    lost then cuts that hour's capacity for the repair time), with the chance all those nodes are up
    (node availability a = MTBF per node / (MTBF per node + repair), P = a^nodes); '' otherwise. The
    workloads' spare replicas (`greedy.place_spares`) are spare capacity, not load."""
    if not feasible:
        return ""
    spare = alloc.spare_gpus(units or []) if alloc is not None else None
    parts = []
    for k, p in enumerate(pool_plans):
        if p.burst or p.nodes <= 0:
            continue
        used = np.asarray(p.gpus_used_by_hour) - (spare[k] if spare is not None else 0.0)
        peak = math.ceil(float(max(used, default=0.0)) / p.gpus_per_node - EPS)
        if peak < p.nodes:
            continue
        a = av.unit_availability(float(p.gpus_per_node), assumptions.gpu_mtbf_hours, assumptions.repair_hours)
        up = av.single_zone(p.nodes, p.nodes, a, assumptions.zone_availability)  # the zone counted, as engine.size
        parts.append(
            f"no spare node held in {p.name} (all {p.nodes} carry the busiest hour; all up {av.percent(up)} of the "
            f"time; a node lost cuts capacity for {assumptions.repair_hours:g} h, see the failure table)"
        )
    return "; " + "; ".join(parts) if parts else ""


def availability_notes(units: list[Unit], pools: PoolTable, a: Allocation) -> list[str]:
    """One line per serving workload: the availability its SLA asks, the spare replicas the engine's
    N + k gives it on the pool that carries it (`ReplicaSpec.spare_replicas`), and what the plan holds."""
    out = []
    for i, u in enumerate(units):
        if u.kind != "serving":
            continue
        specs = [(p, sp) for p, sp in enumerate(u.specs) if sp is not None and sp.availability_target is not None]
        if not specs:
            continue
        held = a.spare[i].sum(axis=0) if a.spare is not None else np.zeros(HOURS_PER_WEEK)
        busy = u.demand > EPS
        p, sp = min(specs, key=lambda ps: (0 if a.x[i, ps[0]].any() else 1, ps[0]))
        got = f"P(peak served) {av.percent(sp.availability)} in the engine's plan" if sp.availability else ""
        short = float(a.spare_short[i].max()) if a.spare_short is not None else 0.0
        lo, hi = (int(held[busy].min()), int(held[busy].max())) if busy.any() else (0, 0)
        out.append(
            f"{u.name}: SLA availability {av.percent(sp.availability_target or 0.0)}: N + {sp.spare_replicas} on "
            f"{pools.names[p]} (engine.size there{'; ' + got if got else ''}); the plan holds "
            + (f"{lo}" if lo == hi else f"{lo} to {hi}")
            + " spare replica(s) in each hour with demand"
            + (f", {short:,.0f} short ({_short_why(i, units, a)})" if short > EPS else "")
        )
    return out


def _short_why(i: int, units: list[Unit], a: Allocation) -> str:
    """Why serving unit `i` holds fewer spares than its N + k in some hours: the less important jobs
    (deferrable work) that hold GPUs of its pools in those hours, named with their priority and the
    first such hour, else "no room" (tcli6 N31: a training gang took a chatbot's spare and the note
    said "no room")."""
    u = units[i]
    short = a.spare_short[i] > EPS if a.spare_short is not None else np.zeros(HOURS_PER_WEEK, dtype=bool)
    pools = np.asarray(u.allowed, dtype=bool)
    takers: list[str] = []
    first: int | None = None
    for j, v in enumerate(units):
        if v.kind != "job" or v.priority.rank <= u.priority.rank:
            continue
        held = (a.x[j][pools] > EPS).any(axis=0) & short
        if held.any():
            takers.append(f"{v.name} ({v.priority.value})")
            h = int(np.flatnonzero(held)[0])
            first = h if first is None else min(first, h)
    if not takers or first is None:
        return "no room"
    return (
        f"its room taken by less important deferrable work: {', '.join(takers)} from {hour_label(first)}; "
        "add a node or move that work's window to keep the spare"
    )


def assumption_notes(scenarios: Mapping[str, Scenario], pools: PoolTable, fleet: Assumptions) -> list[str]:
    """The pools are priced at the portfolio's own assumptions (`FleetSpec.assumptions`), never a
    scenario's: one line per scenario whose electricity or PUE differ, and one whose colocation or
    installation share differ, where an on-prem pool pays them."""
    if not any(i.deployment == Deployment.ON_PREM for i in pools.instances):
        return []
    out = []
    for label, s in scenarios.items():
        own = s.assumptions
        if (own.electricity_usd_per_kwh, own.pue) != (fleet.electricity_usd_per_kwh, fleet.pue):
            out.append(
                f"{label}: its scenario assumes ${own.electricity_usd_per_kwh:g}/kWh at PUE {own.pue:g}; the fleet "
                f"prices its on-prem pools at the portfolio's own ${fleet.electricity_usd_per_kwh:g}/kWh at PUE "
                f"{fleet.pue:g} (Fleet assumptions)"
            )
        if (own.colo_usd_per_kw_month, own.install_share) != (fleet.colo_usd_per_kw_month, fleet.install_share):
            out.append(
                f"{label}: its scenario assumes colocation ${own.colo_usd_per_kw_month:g}/kW-month and installation "
                f"{own.install_share:.0%} of capex; the fleet prices its on-prem pools at the portfolio's own "
                f"${fleet.colo_usd_per_kw_month:g}/kW-month and {fleet.install_share:.0%} (Fleet assumptions)"
            )
    return out


def _notes(units: list[Unit], a: Allocation, unfit: list) -> list[str]:  # type: ignore[type-arg]
    out = [u.profile_note for u in units if u.profile_note]
    for i, u in enumerate(units):
        if u.kind == "serving" and a.fallback[i].sum() > EPS:
            out.append(
                f"{u.name}: {a.fallback[i].max():,.3g} req/s at most go to its fallback {u.fallback} "
                f"({a.fallback[i].sum() * 3600:,.0f} requests per week)"
            )
    for x in unfit:
        out.append(f"{x.unit} cannot run on pool {x.pool}: {x.reason}")
    return out


def _explanations(pools: PoolTable, hours_per_month: float) -> list[Explanation]:
    out = [
        Explanation(
            quantity="replicas per hour",
            value=0.0,
            unit="replicas",
            formula="ceil(demand[h] / requests_per_s_per_replica), demand[h] = mean req/s x level[h] / mean level "
            "over the week (the declared mean is kept)",
            inputs={"source": "engine.size per pool at the workload's SLA"},
        ),
        Explanation(
            quantity="pool cost",
            value=0.0,
            unit="USD per week",
            formula="owned nodes x price per node-hour x 168 h (burst: rented node-hours x price) + on-prem TCO "
            "pools: kWh above idle (the energy below less its idle part) x electricity USD/kWh; the price holds "
            "the node idling, so the plan's electricity is its modelled energy; per week: " + AVERAGE_WEEK_RULE,
        ),
        Explanation(
            quantity="chargeback",
            value=0.0,
            unit="USD per week",
            formula="sum over pools and hours: used GPUs x rate (rate = the pool-hour's cost / its powered GPUs) "
            "+ idle GPUs x rate x the unit's whole-node remainder (its own whole nodes' GPUs - used; an owned "
            "pool: its peak hour's nodes) / all units' remainders (idle beyond the remainders by GPU-hours used) "
            "+ hosted requests x API price per request; per week: " + AVERAGE_WEEK_RULE + "; " + CHARGEBACK_RULE,
        ),
        Explanation(
            quantity="energy",
            value=0.0,
            unit="kWh per week",
            formula="sum over hours: nodes powered x (idle kW + (busy kW - idle kW) x u) x PUE (engine.power); "
            "per week: " + AVERAGE_WEEK_RULE + " (the idle part of an owned node every week); a workload's "
            "share of a pool's kWh is its chargeback share of the pool's cost",
        ),
        Explanation(
            quantity="SLA attainment",
            value=0.0,
            unit="fraction",
            formula="serving: 1 - requests missing the SLA / requests (fallback counts as served); "
            "jobs: runs finished before their deadline / runs",
        ),
        Explanation(
            quantity="month",
            value=hours_per_month / HOURS_PER_WEEK,
            unit="weeks",
            formula="hours_per_month / 168",
            inputs={"hours_per_month": hours_per_month},
        ),
    ]
    for p, name in enumerate(pools.names):
        out.append(
            Explanation(
                quantity=f"price of a {name} node",
                value=float(pools.price[p]),
                unit="USD per node-hour",
                formula=pools.price_basis[p],
                source=pools.instances[p].source,
            )
        )
    return out

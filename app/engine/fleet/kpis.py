"""KPIs of an allocation: pool cost and energy, each unit's share (chargeback), SLA attainment,
cost per request and per 1M tokens. All per week of the plan; per month = x hours_per_month / 168.

- Pool cost [USD/week]: owned nodes x price per node-hour x 168 h (burst pools: rented node-hours x
  price, each node's rental rounded up to its provider's billing step and minimum, `engine.billing`)
  + the modelled energy above idle x the pool's USD/kWh (on-prem TCO pools, whose price holds
  the node idling): the plan's electricity is its modelled kWh, the same as the energy KPI.
- Chargeback (`chargeback.CHARGEBACK_RULE`): each unit pays its GPU-hours at the pool-hour's rate
  (cost / powered GPUs); the idle GPUs go to the units whose own whole nodes would leave them idle,
  in proportion to that remainder; capacity beyond every unit's own whole nodes by GPU-hours used.
  Hosted stages and fallbacks add their API cost (requests x per-request price).
- Energy [kWh/week]: nodes powered x (idle kW + (busy kW - idle kW) x busy share) x PUE, hour by
  hour (the node model of `engine.power`), the busy share being the accelerators running kernels
  (`fleet.busy`: a x k per serving GPU, as the options count them) over those powered; shared like
  the cost, by each unit's chargeback share of the pool (GPU-hours where a pool costs nothing).
- A monthly or one-off job: the plan's week holds its run (the week the fleet must carry), but its
  requests, GPU-hours and chargeback are averaged over the month: x (168 / hours a month) per run.
  Every weekly figure the plan shows is an average week of the month (AVERAGE_WEEK_RULE): the
  month's figure / (hours a month / 168), so a monthly run counts once a month in the energy, the
  weekly costs, the cost per request and the teams' shares as it does in the monthly cost.
- SLA attainment: serving: 1 - requests missing the SLA / requests (the fallback counts as served);
  jobs: share of runs finished before their deadline."""

from __future__ import annotations

import numpy as np

from app.domain import Assumptions
from app.domain.fleet_results import TeamCharge, UnitKpis
from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.billing import billed_hours
from app.engine.fleet.busy import busy_gpus
from app.engine.fleet.chargeback import split_pool_cost, whole_node_gpus
from app.engine.fleet.greedy import EPS, Allocation
from app.engine.fleet.pools import PoolTable, billing_rule
from app.engine.fleet.units import Unit

SECONDS_PER_HOUR = 3600.0


def billing_notes(pools: PoolTable) -> list[str]:
    """One note per burst pool: the rule its rented node-hours were billed by (`billed_node_hours`)."""
    out = []
    for p, name in enumerate(pools.names):
        if bool(pools.burst[p]):
            out.append(
                f"Burst pool {name} ({pools.instances[p].name}) is {billing_rule(pools.instances[p])}: each rented "
                "node's time from start to release is rounded up to that step and minimum (a 10-minute run on a "
                "provider with a 1-hour minimum pays 1 h). A monthly or one-off job's burst hours are billed once "
                "a month, the other work's each week of the month (hours_per_month / 168 weeks)."
            )
    return out


def rental_spells(rented: np.ndarray) -> list[tuple[int, int]]:
    """Each rented node's spells over the cyclic week, as (first hour, hours) pairs: the k-th node of
    an hour is rented while the hour's count is at least k (the last node rented is the first
    released); a node rented every hour of the week is one spell of 168 hours from hour 0."""
    out: list[tuple[int, int]] = []
    n = rented.shape[0]
    for k in range(1, int(np.max(rented, initial=0.0) + 0.5) + 1):
        on = rented >= k - 0.5
        if on.all():
            out.append((0, n))
            continue
        start = int(np.argmin(on))  # an hour with this node off: spells start after it
        h, length = start, 0
        for step in range(1, n + 1):
            cur = (start + step) % n
            if on[cur]:
                if length == 0:
                    h = cur
                length += 1
            elif length:
                out.append((h, length))
                length = 0
        if length:
            out.append((h, length))
    return out


def worked_share(a: Allocation) -> np.ndarray:
    """(P, H) share of each pool-hour its used nodes work [1]: 1 - idle GPU-hours / used GPU-hours
    (idle: the tail of a job run's last hour, `Allocation.idle_gpus`; the run's replicas end
    together, so their nodes are released then); 1 where nothing is used or no tail is known."""
    busy = np.ones_like(a.used)
    if a.idle_gpus is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            busy = np.where(a.used > 0, np.clip(1.0 - a.idle_gpus / np.maximum(a.used, 1e-12), 0.0, 1.0), 1.0)
    return np.asarray(busy)


def billed_node_hours(a: Allocation, pools: PoolTable) -> np.ndarray:
    """(P, H) burst node-hours billed each hour: each rented node's spell (`rental_spells`) bills

        billed = billed_hours(sum over its hours of the hour's worked share, increment, minimum)

    (`engine.billing`, the pool instance's `billing_increment_s` / `billing_minimum_s`: one rule for
    the fleet, the options and the deployment view), the worked share of an hour being 1 - idle
    GPU-hours / used GPU-hours (idle: the tail of a job run's last hour, `Allocation.idle_gpus`; the
    run's replicas end together, so their nodes are released then). What the step and minimum add
    over the worked time is billed in the spell's last hour. Owned pools: 0 (paid all week)."""
    busy = worked_share(a)
    out: np.ndarray = np.where(pools.burst[:, None], a.rented * busy, 0.0)
    for p, inst in enumerate(pools.instances):
        if not bool(pools.burst[p]) or (inst.billing_increment_s is None and not inst.billing_minimum_s):
            continue
        # a 1-second step is the continuous bill at the plan's resolution (its work hours are estimates;
        # rounding each spell to the second moves a bill by under a second a node start)
        step = inst.billing_increment_s if inst.billing_increment_s and inst.billing_increment_s > 1 else None
        n = a.rented.shape[1]
        for first, length in rental_spells(a.rented[p]):
            hours = [(first + i) % n for i in range(length)]
            worked = float(busy[p, hours].sum())
            billed = float(billed_hours(worked, step, inst.billing_minimum_s))
            out[p, hours[-1]] += billed - worked
    return out


def pool_cost_by_hour(
    a: Allocation, pools: PoolTable, assumptions: Assumptions, weeks: np.ndarray | None = None
) -> np.ndarray:
    """(P, H) USD each hour of the week: owned nodes x price, burst `billed_node_hours` x price, + kWh
    above idle x USD/kWh on pools that pay their electricity (on-prem TCO); `weeks` (P, H): the
    electricity's `hour_weeks` (an average week), none: the plan's week."""
    owned = np.repeat((a.nodes * pools.price)[:, None], HOURS_PER_WEEK, axis=1)
    rented = billed_node_hours(a, pools) * pools.price[:, None]
    cost: np.ndarray = np.where(pools.burst[:, None], rented, owned)
    if pools.electricity_usd_per_kwh is not None:
        work = pool_work_energy(a, pools, assumptions) * (1.0 if weeks is None else weeks)
        cost = cost + work * np.asarray(pools.electricity_usd_per_kwh)[:, None]
    return cost


def pool_cost(a: Allocation, pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(P,) USD per week: node-hours x price (burst: as the provider bills, `billed_node_hours`) + kWh
    above idle x USD/kWh."""
    return np.asarray(pool_cost_by_hour(a, pools, assumptions).sum(axis=1))


def month_weights(units: list[Unit], hours_per_month: float) -> np.ndarray:
    """(U,) weeks of a month each unit's week of work stands for: hours_per_month / 168 for serving
    and jobs that run every week; a monthly or one-off job's week holds its one run a month: 1 / runs
    in the week (x runs_per_week / runs of the week x weeks a month)."""
    month = hours_per_month / HOURS_PER_WEEK
    return np.array(
        [
            month * u.runs_per_week / len(u.runs)
            if u.kind == "job" and u.runs_per_week is not None and u.runs
            else month
            for u in units
        ]
    )


def unit_burst_share(a: Allocation, units: list[Unit]) -> np.ndarray:
    """(U, P, H) each unit's share of each pool-hour's used GPUs (replicas x footprint / used)."""
    foot = np.array([u.footprint for u in units]) if units else np.zeros((0, a.x.shape[1]))
    gpus = a.x * foot[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = np.where(a.used[None] > 0, gpus / np.maximum(a.used[None], 1e-12), 0.0)
    return out


def hour_weeks(a: Allocation, units: list[Unit], hours_per_month: float) -> np.ndarray:
    """(P, H) how often each pool-hour's work recurs in an average week [weeks per week]: the units'
    shares of the hour's used GPUs x their month weight / weeks a month (1 for serving and jobs that
    run every week, 168 / hours a month / runs in the week for a monthly or one-off job); 1 where
    nothing runs (idle nodes are there every week)."""
    if not units:
        return np.ones_like(a.used)
    r = month_weights(units, hours_per_month) / (hours_per_month / HOURS_PER_WEEK)
    used = np.einsum("u,uph->ph", r, unit_burst_share(a, units))
    out: np.ndarray = np.where(a.used > EPS, used, 1.0)
    return out


def pool_cost_month(a: Allocation, units: list[Unit], pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(P,) USD per month: owned pools: the week's cost x hours_per_month / 168, its electricity for
    work at `hour_weeks`; burst pools: each hour's billed cost x the month weight of the units that
    used it (`month_weights`, by their share of its GPUs), so a monthly job's burst run is billed
    once a month, not 4.35 times."""
    weeks = hour_weeks(a, units, assumptions.hours_per_month)
    by_hour = pool_cost_by_hour(a, pools, assumptions, work_weeks(a, units, assumptions.hours_per_month, weeks))
    month = assumptions.hours_per_month / HOURS_PER_WEEK
    burst = (pool_cost_by_hour(a, pools, assumptions) * weeks * month).sum(axis=1)
    return np.asarray(np.where(pools.burst, burst, by_hour.sum(axis=1) * month))


def pool_energy_average(a: Allocation, units: list[Unit], pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(P, H) kWh in an average week of the month (AVERAGE_WEEK_RULE): owned pools: the idle part of
    `pool_energy` every week + its part above idle (`pool_work_energy`) x `hour_weeks`; burst pools
    (powered only while rented): `pool_energy` x `hour_weeks`."""
    weeks = hour_weeks(a, units, assumptions.hours_per_month)
    energy = pool_energy(a, pools, assumptions)
    work = pool_work_energy(a, pools, assumptions)
    busy_weeks = work_weeks(a, units, assumptions.hours_per_month, weeks)
    out: np.ndarray = np.where(pools.burst[:, None], energy * weeks, energy - work + work * busy_weeks)
    return out


def work_weeks(a: Allocation, units: list[Unit], hours_per_month: float, weeks: np.ndarray) -> np.ndarray:
    """(P, H) how often each pool-hour's energy above idle recurs in an average week: the units'
    month weights (as `hour_weeks`) weighted by their busy accelerators (`fleet.busy.busy_gpus`), not
    their GPUs held: a monthly training gang busy all the hour beside a lightly loaded chatbot is
    most of the hour's work, so the hour's work counts once a month for that part (tcli6 N25: a
    monthly run's energy was ~2.2x its once-a-month figure). `weeks` where nothing is busy."""
    if not units or a.x.shape[0] != len(units):
        return weeks
    r = month_weights(units, hours_per_month) / (hours_per_month / HOURS_PER_WEEK)
    if np.all(np.abs(r - 1.0) < 1e-12):
        return weeks
    busy = np.stack(
        [
            busy_gpus(
                [u],
                a.x[i : i + 1],
                a.fallback[i : i + 1],
                a.unmet[i : i + 1],
                None if a.spare is None else a.spare[i : i + 1],
                None if a.idle_units is None else a.idle_units[i : i + 1],
            )
            for i, u in enumerate(units)
        ]
    )
    total = busy.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = np.where(
            total > EPS, np.einsum("u,uph->ph", r, busy) / np.where(total > EPS, total, 1.0), weeks
        )
    return out


def energy_gaps(a: Allocation, pools: PoolTable) -> tuple[np.ndarray, np.ndarray]:
    """(unknown, lower) bool (P,): a pool powered some hour of the week whose node has no power
    figure (no accelerator TDP, no node power: its energy is n/a, never 0), and one whose node's
    host power is unknown (its energy counts the accelerators only: a lower bound)."""
    powered = powered_nodes(a, pools).sum(axis=1) > 0
    n = len(pools.names)
    known = pools.power_known if pools.power_known is not None else np.ones(n, dtype=bool)
    host = pools.host_known if pools.host_known is not None else np.ones(n, dtype=bool)
    return powered & ~known, powered & known & ~host


def powered_nodes(a: Allocation, pools: PoolTable) -> np.ndarray:
    """(P, H) nodes powered: owned nodes all week, burst nodes while rented."""
    owned = np.repeat(a.nodes[:, None], HOURS_PER_WEEK, axis=1)
    out: np.ndarray = np.where(pools.burst[:, None], a.rented, owned)
    return out


def utilisation(a: Allocation, pools: PoolTable) -> np.ndarray:
    """(P, H) used GPUs / powered GPUs [fraction]."""
    gpus = powered_nodes(a, pools) * pools.gpus[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = np.where(gpus > 0, a.used / gpus, 0.0)
    return out


def busy_share(a: Allocation, pools: PoolTable) -> np.ndarray:
    """(P, H) accelerators running kernels / powered accelerators [fraction]: `Allocation.busy_gpus`
    (`fleet.busy`: each replica busy the share a of the hour its rate keeps it in service, running
    kernels a share k of each decode step, as `engine.power.node_busy_share` counts an option's);
    without it (an allocation built by hand) the used GPUs (`utilisation`)."""
    if a.busy_gpus is None:
        return np.asarray(np.clip(utilisation(a, pools), 0.0, 1.0))
    gpus = powered_nodes(a, pools) * pools.gpus[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = np.where(gpus > 0, a.busy_gpus / np.where(gpus > 0, gpus, 1.0), 0.0)
    return np.asarray(np.clip(out, 0.0, 1.0))


def pool_energy(a: Allocation, pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(P, H) kWh: nodes x (idle kW x f + (busy kW - idle kW) x u) x PUE (engine.power's node model),
    u the `busy_share` of the pool-hour; f the share of the hour a rented (burst) node works
    (`worked_share`: a job run's last hour ends early and the node is released then, the work hours
    `size` counts, CLI reviewer N15; billing still rounds the rental up, `billed_node_hours`), 1 for
    owned nodes (powered all week)."""
    u = busy_share(a, pools)
    idle = (pools.power_kw if pools.idle_power_kw is None else pools.idle_power_kw)[:, None]
    f = np.where(pools.burst[:, None], worked_share(a), 1.0)
    kw = idle * f + (pools.power_kw[:, None] - idle) * u
    out: np.ndarray = powered_nodes(a, pools) * kw * assumptions.pue
    return out


def pool_work_energy(a: Allocation, pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(P, H) kWh above idle: nodes x (busy kW - idle kW) x u x PUE (pool_energy less its idle part)."""
    u = busy_share(a, pools)
    idle = (pools.power_kw if pools.idle_power_kw is None else pools.idle_power_kw)[:, None]
    out: np.ndarray = powered_nodes(a, pools) * (pools.power_kw[:, None] - idle) * u * assumptions.pue
    return out


def worked(a: Allocation) -> np.ndarray:
    """(U, P, H) replicas at work: those held less the idle tail of each job run's last hour
    (`Allocation.idle_units`): a run of 1.4 replica-hours placed as 2 replicas in one hour works 1.4."""
    return a.x if a.idle_units is None else np.maximum(a.x - a.idle_units, 0.0)


def gpu_hours(a: Allocation, units: list[Unit]) -> np.ndarray:
    """(U, P) GPU-hours per week worked: (replicas - a job run's idle tail) x footprint (tcli6 N13:
    counting whole plan-hour slots gave 80 GPU-h for runs that work 55.8)."""
    foot = np.array([u.footprint for u in units]) if units else np.zeros((0, a.x.shape[1]))
    return np.asarray(worked(a).sum(axis=2) * foot)


def unit_charges(a: Allocation, units: list[Unit], pools: PoolTable, assumptions: Assumptions) -> np.ndarray:
    """(U, P) USD a month each unit pays of each pool (`chargeback.CHARGEBACK_RULE`). Owned pools:
    the month's cost of each hour (`pool_cost_by_hour` at `hour_weeks`, x weeks a month) over the
    pool's GPUs, a monthly or one-off job's GPUs at its share of the weeks (`month_weights`), its
    whole nodes those of its peak hour, held all week. Burst pools: each hour's billed cost over the
    GPUs rented, the whole nodes that hour's, each unit's week x its month weight; the pool's total
    is kept at `pool_cost_month` (units of unlike month weights sharing an hour)."""
    if not units:
        return np.zeros((0, len(pools.names)))
    month = assumptions.hours_per_month / HOURS_PER_WEEK
    weights = month_weights(units, assumptions.hours_per_month)
    foot = np.array([u.footprint for u in units], dtype=np.float64)
    used = worked(a) * foot[:, :, None]  # the usage key: GPU-hours worked, as `gpu_hours` reports
    whole = whole_node_gpus(a.x, foot, pools.gpus)
    burst = np.asarray(pools.burst, dtype=bool)
    weeks = hour_weeks(a, units, assumptions.hours_per_month)
    electricity_weeks = work_weeks(a, units, assumptions.hours_per_month, weeks)  # the kWh KPI's weeks
    owned_cost = np.where(burst[:, None], 0.0, pool_cost_by_hour(a, pools, assumptions, electricity_weeks) * month)
    owned_gpus = np.where(burst[:, None], 0.0, (a.nodes * pools.gpus)[:, None] * np.ones_like(a.used))
    r = weights / month
    peak = np.broadcast_to(whole.max(axis=2, keepdims=True), whole.shape)
    owned = split_pool_cost(owned_cost, owned_gpus, used * r[:, None, None], np.maximum(peak, used))
    billed = np.where(burst[:, None], pool_cost_by_hour(a, pools, assumptions), 0.0)
    rented = np.where(burst[:, None], a.rented * pools.gpus[:, None], 0.0)
    rent = split_pool_cost(billed, rented, used, whole) * weights[:, None]
    target = pool_cost_month(a, units, pools, assumptions)
    got = rent.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(burst & (got > 0), target / np.where(got > 0, got, 1.0), 1.0)
    return np.asarray(np.where(burst[None, :], 0.0, owned) + rent * scale[None, :])


def unit_kpis(
    a: Allocation, units: list[Unit], pools: PoolTable, assumptions: Assumptions, grid: np.ndarray | None = None
) -> list[UnitKpis]:
    """Each unit's week and month. `grid` (P,) gCO2e/kWh of each pool (NaN: unknown) gives its CO2e:
    sum over pools of its chargeback share (`unit_charges`) x the pool's kWh x the pool's intensity
    / 1000 [kg] (GUI tester D28: kWh per workload but no CO2e)."""
    month = assumptions.hours_per_month / HOURS_PER_WEEK
    gh = gpu_hours(a, units)
    for i, u in enumerate(units):  # a monthly or one-off job's week holds its run: average it over the month
        if u.kind == "job" and u.runs_per_week is not None and u.runs:
            gh[i] *= u.runs_per_week / len(u.runs)
    per_pool_gh = gh.sum(axis=0)
    charges = unit_charges(a, units, pools, assumptions)  # (U, P) USD a month (CHARGEBACK_RULE)
    energy = pool_energy_average(a, units, pools, assumptions).sum(axis=1)
    # the energy (and CO2e) follows the chargeback's shares of each pool: a pool's idle nodes draw
    # power for the workloads whose whole nodes leave them idle (tgui5 D19: the chat was given 75 % of
    # a pool's kWh, the idle node a nightly batch forces included); a pool with no cost: GPU-hours
    pool_charge = charges.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_hours = np.where(per_pool_gh > 0, gh / per_pool_gh, 0.0)
        share = np.where(pool_charge > 0, charges / np.where(pool_charge > 0, pool_charge, 1.0), by_hours)
    unknown, lower = energy_gaps(a, pools)
    out = []
    for i, u in enumerate(units):
        kwh: float | None = float(np.sum(share[i] * energy))
        co2e = None
        if grid is not None:
            used = share[i] * energy > 0
            known = bool(np.all(np.isfinite(grid[used])))
            co2e = float(np.sum(share[i][used] * energy[used] * grid[used]) / 1000.0) if known else None
        if bool(np.any((share[i] > 0) & unknown)):
            kwh, co2e = None, None  # a pool it uses has no power figure: n/a, never a partial sum
        if u.kind == "job":
            runs = u.runs_per_week if u.runs_per_week is not None else len(u.runs)
            requests = u.requests_per_run * runs
            mtok = u.mtok_per_run * runs
            attainment = float(np.mean(u_done >= 1.0 - 1e-6)) if (u_done := a.done[i]).size else 1.0
            hosted = 0.0
        else:
            requests = float(u.demand.sum() * SECONDS_PER_HOUR)
            mtok = requests * (u.tokens_in + u.tokens_out) / 1e6
            if u.kind == "hosted":
                hosted = requests * u.hosted_usd_per_request
                attainment = 1.0
            else:
                hosted = float(a.fallback[i].sum() * SECONDS_PER_HOUR * u.fallback_usd_per_request)
                attainment = 1.0 - float(a.unmet[i].sum()) / float(u.demand.sum()) if u.demand.sum() > EPS else 1.0
        fleet_month = float(charges[i].sum())
        fleet_cost = fleet_month / month  # an average week (AVERAGE_WEEK_RULE), as the month bills it
        total = fleet_cost + hosted
        month_total = fleet_month + hosted * month
        out.append(
            UnitKpis(
                name=u.name,
                workload=u.entry,
                team=u.team,
                priority=u.priority,
                sla_attainment=attainment,
                requests_per_week=requests,
                mtok_per_week=mtok,
                gpu_hours_per_week=float(gh[i].sum()),
                fleet_cost_usd_per_week=fleet_cost,
                hosted_cost_usd_per_week=hosted,
                cost_usd_per_week=total,
                cost_usd_per_month=month_total,
                cost_per_request_usd=total / requests if requests > 0 else None,
                cost_per_mtok_usd=total / mtok if mtok > 0 else None,
                energy_kwh_per_week=kwh,
                co2e_kg_per_week=co2e,
                energy_kwh_per_month=None if kwh is None else kwh * month,  # AVERAGE_WEEK_RULE
                co2e_kg_per_month=None if co2e is None else co2e * month,
                energy_lower_bound=kwh is not None and bool(np.any((share[i] > 0) & lower)),
            )
        )
    return out


def team_charges(kpis: list[UnitKpis], month_factor: float) -> list[TeamCharge]:
    """Each team's cost: the sum of its units' (fleet share + hosted); its share of the fleet's whole
    cost by the month's bill (a monthly run once a month, AVERAGE_WEEK_RULE)."""
    teams: dict[str, list[UnitKpis]] = {}
    for k in kpis:
        teams.setdefault(k.team, []).append(k)
    total = sum(k.cost_usd_per_month for k in kpis) or 1.0
    out = []
    for team, ks in teams.items():
        week = sum(k.cost_usd_per_week for k in ks)
        co2e = [k.co2e_kg_per_week for k in ks]
        out.append(
            TeamCharge(
                team=team,
                workloads=sorted({k.workload for k in ks}),
                gpu_hours_per_week=sum(k.gpu_hours_per_week for k in ks),
                cost_usd_per_week=week,
                cost_usd_per_month=sum(k.cost_usd_per_month for k in ks),
                share=sum(k.cost_usd_per_month for k in ks) / total,
                co2e_kg_per_week=None if any(c is None for c in co2e) else sum(c or 0.0 for c in co2e),
                co2e_kg_per_month=None if any(c is None for c in co2e) else sum(c or 0.0 for c in co2e) * month_factor,
                co2e_lower_bound=any(k.energy_lower_bound for k in ks),
            )
        )
    return sorted(out, key=lambda t: -t.cost_usd_per_week)

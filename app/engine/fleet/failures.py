"""What breaks when a node, or a failure domain, is lost at the fleet's worst hour, and the reserve
an availability target needs.

A lost node stays out for `assumptions.repair_hours` (rounded up to whole hours, at least one):
the allocation is redone with that pool's capacity lowered for those hours (a failed node first
uses up the reserve held for it) and each unit is compared with the plan over the hours out:

- keeps SLA: it is served as planned (a job still finishes every run in time, perhaps moved to
  other hours or to burst);
- degrades: part of its demand goes to its hosted fallback or misses the SLA;
- preempted: it loses all its replicas in those hours (a job: a run now misses its deadline);
- outage: a serving unit loses all its replicas because its pools have no capacity left at all
  (e.g. the only owned node lost): its requests are lost, or sent to its hosted fallback at a cost.

Units are taken most important first (see greedy.py), so the least important give way first."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from app.domain.fleet_results import FailureCase, FailureImpact, Status
from app.domain.portfolio import HOURS_PER_WEEK, hour_label
from app.engine import availability as av
from app.engine.fleet.greedy import EPS, Allocation
from app.engine.fleet.kpis import billed_node_hours
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import SECONDS_PER_HOUR, Unit


def worst_hour(a: Allocation, pools: PoolTable, units: list[Unit]) -> int:
    """The peak: the hour serving units hold the most GPUs on the base pools (what a failure then
    costs users); among hours tied on those, the one with the most serving demand (in GPUs: each
    serving unit's req/s x footprint / rate on its densest pool), then the fullest base pools; the
    first such hour. tcli6 N18: a flat replica count tied every hour and the quietest (Mon 00:00,
    0.3 req/s) was taken, 25x fewer requests lost than in the 7.5 req/s peak."""
    base = ~pools.burst
    serving = np.array([u.kind == "serving" for u in units], dtype=bool)
    foot = np.array([u.footprint for u in units]) if units else np.zeros((0, len(pools.names)))
    held = np.einsum("up,uph->ph", foot[serving], a.x[serving]) if serving.any() else np.zeros_like(a.used)
    demand = np.zeros(a.used.shape[1])
    for u in units:
        ok = u.allowed & (u.rate > 0) if u.kind == "serving" else np.zeros(len(pools.names), dtype=bool)
        if ok.any():
            demand += u.demand * float(np.min(u.footprint[ok] / u.rate[ok]))
    keys = (held[base].sum(axis=0), demand, a.used[base].sum(axis=0))
    hours = np.arange(a.used.shape[1])
    for key in keys:  # lexicographic: each key breaks the previous one's ties (to 1e-9)
        best = key[hours].max()
        hours = hours[key[hours] >= best - 1e-9]
    return int(hours[0])


def reserve_needed(
    peak_nodes: int,
    gpus_per_node: float,
    target: float,
    mtbf_hours: float,
    repair_hours: float,
    zone_availability: float = 1.0,
    domains: int = 1,
) -> tuple[int, str]:
    """(spare nodes, basis): the fewest k with P(peak served) >= target by the single-scenario
    engine's rule (engine.availability): each node up with a = MTBF_node / (MTBF_node + repair),
    MTBF_node = GPU MTBF / GPUs per node, and its failure domain up with z = zone_availability:
    P = z x P(at least peak_nodes of peak_nodes + k up) in one domain, or the `availability.served`
    sum over `domains` domains holding (peak_nodes + k) // domains nodes each."""
    if peak_nodes <= 0:
        return 0, "no node carries load at the worst hour"
    a = av.unit_availability(gpus_per_node, mtbf_hours, repair_hours)
    z = zone_availability
    per_node = f"{mtbf_hours / gpus_per_node:,.0f}"

    def served(n: int) -> tuple[float, int]:
        d = max(min(domains, n), 1)
        if d == 1:
            return av.single_zone(n, peak_nodes, a, z), 1
        return av.served(n // d, d, peak_nodes, a, z), d

    best, _ = served(peak_nodes + 1000)
    if best < target:
        return 0, (
            f"the target {av.percent(target)} is out of reach: {peak_nodes} node(s) carry the worst hour and a "
            f"failure domain is up {av.percent(z)} of the time at most; no spare node is sized (more failure "
            "domains or a lower target)"
        )
    for k in range(0, 1000):
        p, d = served(peak_nodes + k)
        if p >= target:
            spread = "one failure domain" if d == 1 else f"{d} failure domains"
            return k, (
                f"{peak_nodes} node(s) carry the worst hour; node availability a = MTBF/(MTBF+repair) = "
                f"{per_node} h / ({per_node} + {repair_hours:g}) h = {a:.6f}; failure domain availability "
                f"z = {av.percent(z)}; P(peak served) with {peak_nodes + k} node(s) in {spread} = {av.percent(p)} "
                f">= {av.percent(target)} ("
                + (
                    f"z x P(at least {peak_nodes} of {peak_nodes + k} up)"
                    if d == 1
                    else "availability.served over the domains"
                )
                + ": the rule of the single-scenario sizing; a whole failure domain lost is in the failure table)"
            )
    return 1000, "more than 1,000 spare nodes: the target is out of reach"


def failure_cases(
    units: list[Unit],
    pools: PoolTable,
    planned: Allocation,
    hour: int,
    repair_hours: float,
    replan: Callable[[np.ndarray], Allocation],
) -> list[FailureCase]:
    """One node lost, then one failure domain lost (where a pool has more than one), per base pool
    with nodes, at `hour`. `replan(down)` redoes the allocation with `down` (P, H) nodes out."""
    out: list[FailureCase] = []
    hours_out = max(1, math.ceil(repair_hours - 1e-9))
    span = (hour + np.arange(hours_out)) % HOURS_PER_WEEK
    for p, name in enumerate(pools.names):
        n = int(planned.nodes[p])
        if pools.burst[p] or n <= 0:
            continue
        cases = [(1, f"1 node of pool {name}")]
        # domains beyond the node count hold no node: they are not domains (1 node in 2: one domain)
        D = min(int(pools.domains[p]), n)
        if D > 1:
            lost = math.ceil(n / D)
            cases.append((lost, f"failure domain 1 of {D} of pool {name} ({lost} node(s))"))
        for lost, what in cases:
            down = np.zeros((len(pools.names), HOURS_PER_WEEK))
            down[p, span] = lost
            after = replan(down)
            impacts = [_impact(i, u, planned, after, span, pools) for i, u in enumerate(units) if u.kind != "hosted"]
            burst_hours, burst_usd, fallback_usd = extra_cost(units, pools, planned, after)
            out.append(
                FailureCase(
                    lost=what,
                    pool=name,
                    nodes_lost=lost,
                    hour=hour,
                    hour_label=hour_label(hour),
                    hours_out=hours_out,
                    impacts=impacts,
                    burst_node_hours=burst_hours,
                    burst_cost_usd=burst_usd,
                    fallback_cost_usd=fallback_usd,
                    lost_requests=lost_requests(units, planned, after),
                    missed_runs=missed_runs(units, planned, after),
                )
            )
    return out


def extra_cost(
    units: list[Unit], pools: PoolTable, before: Allocation, after: Allocation
) -> tuple[float, float, float]:
    """(burst node-hours, burst USD, fallback USD) the re-planned week adds to the plan:

        burst node-hours = sum over burst pools and hours of (billed after - billed before)
        burst USD = sum over burst pools of those node-hours x price per node-hour

    billed as the plan bills them (`kpis.billed_node_hours`: each rented node's time rounded up to
    its provider's billing step and minimum).
        fallback USD = sum over units and hours of (fallback req/s after - before) x 3600 x USD per request

    Negative differences (work moved off burst) are netted within the week."""
    extra = (billed_node_hours(after, pools) - billed_node_hours(before, pools)).sum(axis=1) * pools.burst
    burst_hours = float(max(extra.sum(), 0.0))
    burst_usd = float(max((extra * pools.price).sum(), 0.0))
    fallback = sum(
        float((after.fallback[i] - before.fallback[i]).sum()) * SECONDS_PER_HOUR * u.fallback_usd_per_request
        for i, u in enumerate(units)
    )
    return burst_hours, burst_usd, max(fallback, 0.0)


def lost_requests(units: list[Unit], before: Allocation, after: Allocation) -> float:
    """The users' requests the re-planned week loses against the plan [requests], counted once per
    workload: a cascade's later stages only see escalations of the same requests, so per workload
    and hour, with D its arrivals (its first stage's demand), e_s = demand_s / D the share that
    reaches stage s and q_s = max(unmet after - before, 0) / demand_s the share stage s loses,

        lost = D x sum over stages of e_s x q_s x prod over earlier stages t of (1 - q_t)   (x 3600)

    (a request lost at a stage never escalates; stages lose independently), never more than D. A
    workload without a cascade is its one unit's unmet req/s x 3600. Hosted stages lose nothing."""
    by_entry: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if u.kind in ("serving", "hosted"):
            by_entry.setdefault(u.entry, []).append(i)
    total = 0.0
    for idx in by_entry.values():
        arrivals = np.max([units[i].demand for i in idx], axis=0)  # (168,) the first stage's
        survive = np.ones_like(arrivals)
        share = np.zeros_like(arrivals)
        for i in idx:
            demand = units[i].demand
            lost = np.maximum(after.unmet[i] - before.unmet[i], 0.0) if units[i].kind == "serving" else 0.0 * demand
            q = np.divide(lost, demand, out=np.zeros_like(demand), where=demand > EPS)
            q = np.minimum(q, 1.0)
            e = np.divide(demand, arrivals, out=np.zeros_like(demand), where=arrivals > EPS)
            share += survive * e * q
            survive *= 1.0 - q
        total += float((arrivals * np.minimum(share, 1.0)).sum()) * SECONDS_PER_HOUR
    return total


def missed_runs(units: list[Unit], before: Allocation, after: Allocation) -> list[str]:
    """The job runs that finished in time in the plan and no longer do: '<unit> run r (61% done)'."""
    out = []
    for i, u in enumerate(units):
        if u.kind != "job":
            continue
        for r, (was, now) in enumerate(zip(before.done[i], after.done[i], strict=True)):
            if now < was - 1e-6 and now < 1.0 - 1e-6:
                out.append(f"{u.name} run {r + 1} ({now:.0%} done)")
    return out


def _impact(
    i: int, u: Unit, before: Allocation, after: Allocation, span: np.ndarray, pools: PoolTable
) -> FailureImpact:
    found = _impact_of(i, u, before, after, span, pools.burst.astype(bool))
    h = int(span[0])
    update: dict[str, object] = {
        "replicas_planned": int(before.x[i, :, h].sum()),
        "replicas_after": int(after.x[i, :, h].sum()),
    }
    on_burst = float(after.x[i][pools.burst][:, span].sum() - before.x[i][pools.burst][:, span].sum())
    if on_burst > EPS and not (u.kind == "serving" and found.status == "keeps SLA"):  # said there already
        update["detail"] = f"{found.detail}; {on_burst:,.0f} replica-hours more on burst"
    return found.model_copy(update=update)


def _no_capacity(u: Unit, after: Allocation, span: np.ndarray) -> bool:
    """True when every pool the unit may use has no GPU left to fill in each hour of `span`."""
    cap = after.capacity[u.allowed][:, span]
    return bool(np.all(cap <= EPS))


def _spare_hours(a: Allocation, i: int, span: np.ndarray) -> float:
    """Spare replica-hours (N+k) the allocation holds for unit i in `span` (0 without spares)."""
    return 0.0 if a.spare is None else float(a.spare[i][:, span].sum())


def _replica_hours(i: int, before: Allocation, after: Allocation, span: np.ndarray, burst: np.ndarray) -> str:
    """ "4 replica-hours on its base pools (planned 8, 4 of them spare); 4 on burst (planned 0);
    its N+k spares dropped": each replica-hour said once, base pools apart from burst."""
    base_before = float(before.x[i][~burst][:, span].sum())
    base_after = float(after.x[i][~burst][:, span].sum())
    burst_before = float(before.x[i][burst][:, span].sum())
    burst_after = float(after.x[i][burst][:, span].sum())
    spare_before, spare_after = _spare_hours(before, i, span), _spare_hours(after, i, span)
    planned = f"planned {base_before:,.0f}" + (f", {spare_before:,.0f} of them spare" if spare_before > EPS else "")
    text = f"{base_after:,.0f} replica-hours on its base pools ({planned})"
    if burst_before > EPS or burst_after > EPS:
        text += f"; {burst_after:,.0f} on burst (planned {burst_before:,.0f})"
    if spare_after < spare_before - EPS:
        text += f"; {spare_before - spare_after:,.0f} spare replica-hours (N+k, for its availability target) dropped"
    return text


def _impact_of(
    i: int, u: Unit, before: Allocation, after: Allocation, span: np.ndarray, burst: np.ndarray
) -> FailureImpact:
    status: Status
    if u.kind == "serving":
        demand = float(u.demand[span].sum())
        if demand <= EPS:
            return FailureImpact(
                unit=u.name, priority=u.priority, status="keeps SLA", served_share=1.0, detail="no demand then"
            )
        fleet_before = float(before.x[i][:, span].sum())
        fleet_after = float(after.x[i][:, span].sum())
        lost_unmet = float(after.unmet[i, span].sum() - before.unmet[i, span].sum())
        lost_fb = float(after.fallback[i, span].sum() - before.fallback[i, span].sum())
        served = 1.0 - float(after.unmet[i, span].sum()) / demand
        if lost_unmet <= EPS and lost_fb <= EPS:
            status, detail = "keeps SLA", _replica_hours(i, before, after, span, burst)
        elif fleet_after <= EPS < fleet_before and _no_capacity(u, after, span):
            status = "outage"
            hours = len(span)
            detail = f"total outage for {hours} h: no capacity left on its pools"
            if lost_fb > EPS:
                usd = lost_fb * SECONDS_PER_HOUR * u.fallback_usd_per_request
                detail += f"; {lost_fb * SECONDS_PER_HOUR:,.0f} requests sent to {u.fallback} (${usd:,.2f})"
            if lost_unmet > EPS:
                detail += f"; {lost_unmet * SECONDS_PER_HOUR:,.0f} requests lost"
        elif fleet_after <= EPS < fleet_before:
            status = "preempted"
            detail = "all its replicas give way" + (f"; {u.fallback} takes its requests" if lost_fb > EPS else "")
        else:
            status = "degrades"
            parts = []
            if lost_fb > EPS:
                parts.append(f"{lost_fb / demand:.0%} of its requests go to {u.fallback}")
            if lost_unmet > EPS:
                parts.append(f"{lost_unmet / demand:.0%} miss the SLA")
            detail = "; ".join(parts)
        return FailureImpact(unit=u.name, priority=u.priority, status=status, served_share=served, detail=detail)
    hit = [r for r, run in enumerate(u.runs) if np.intersect1d(run, span).size]
    if not hit:
        return FailureImpact(
            unit=u.name, priority=u.priority, status="keeps SLA", served_share=1.0, detail="no run in those hours"
        )
    done_before = float(np.mean(before.done[i][hit]))
    done_after = float(np.mean(after.done[i][hit]))
    moved = float(before.x[i][:, span].sum() - after.x[i][:, span].sum())
    if done_after >= done_before - 1e-9:
        detail = "every run still finishes in time" + (
            f" ({moved:,.0f} replica-hours moved to other hours or burst)" if moved > EPS else ""
        )
        return FailureImpact(unit=u.name, priority=u.priority, status="keeps SLA", served_share=1.0, detail=detail)
    status = "preempted" if moved > EPS else "degrades"
    return FailureImpact(
        unit=u.name,
        priority=u.priority,
        status=status,
        served_share=done_after,
        detail=f"its run finishes {done_after:.0%} of its work before the deadline (planned {done_before:.0%})",
    )

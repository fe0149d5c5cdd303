"""The fast path: allocate replicas and job work to pools, hour by hour, in priority order.

Units are taken most important first (priority class, then serving before jobs, then the order
written). A serving unit takes, in every hour at once (numpy over the 168 hours), the replicas its
demand needs, ceil(demand / rate per replica), from its cheapest pool first (USD per request =
node price / node GPUs x footprint / rate), then the next, then burst pools, then its hosted
fallback; what is left misses the SLA. A job spreads each run over its window (the hours with the
most free GPUs give first, down to one common level, so the units after it still find room in every
hour), then fills what is left of the window, then rents burst nodes, and what is still left misses the deadline. A unit
taken later only gets what the earlier ones left: that is priority preemption. The MILP
(`milp.py`) answers the same question exactly; the tests hold the two to the same answers on small
portfolios."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.busy import busy_gpus
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

EPS = 1e-9


@dataclass
class Allocation:
    """Where everything runs, hour by hour. U units, P pools, H = 168 hours."""

    x: np.ndarray  # (U, P, H) replicas (a job: replicas or gangs running)
    fallback: np.ndarray  # (U, H) req/s sent to the unit's hosted fallback
    unmet: np.ndarray  # (U, H) req/s that miss the SLA
    done: list[np.ndarray]  # per unit: each run's finished share of its work
    capacity: np.ndarray  # (P, H) GPUs the plan may fill (base pools); burst: what may be rented
    used: np.ndarray  # (P, H) GPUs used
    rented: np.ndarray  # (P, H) burst nodes rented
    nodes: np.ndarray  # (P,) node counts planned with
    note: str = ""  # how the solver ended, when it is worth saying (a time limit)
    # (U, P, H) of x: spare replicas held for a serving unit's SLA availability (`place_spares`)
    spare: np.ndarray | None = None
    # (U, H) spare replicas a unit's availability needs that found no room (a shortfall)
    spare_short: np.ndarray | None = None
    # (P, H) GPU-hours held but idle: the unused tail of a job run's last hour (a run needing 3.28
    # replica-hours holds a replica for 4 hours, 0.72 of the last idle); what per-second billing frees
    idle_gpus: np.ndarray | None = None
    # (P, H) accelerators running kernels (`fleet.busy.busy_gpus`): what the energy counts busy; None:
    # every used GPU busy all hour (an allocation built by hand)
    busy_gpus: np.ndarray | None = None
    # (U, P, H) of x: replica-hours held but idle (the tail of a job run's last hour), per unit; None:
    # none (an allocation built by hand). x - idle_units is the work done: the usage key (tcli6 N13)
    idle_units: np.ndarray | None = None

    def spare_gpus(self, units: list[Unit]) -> np.ndarray:
        """(P, H) GPUs held by the units' spare replicas (`place_spares`); zeros without any."""
        if self.spare is None or not units:
            return np.zeros_like(self.used)
        foot = np.array([u.footprint for u in units])
        return np.asarray(np.einsum("up,uph->ph", foot, self.spare))

    def shortfall(self, units: list[Unit]) -> float:
        """Unserved work in GPU-hours: unmet req/s x footprint / rate on the unit's best pool, plus each
        run's missing share x its work on its best pool x footprint. 0 when every SLA and deadline holds."""
        total = 0.0
        for i, u in enumerate(units):
            if not u.allowed.any():
                continue  # runs nowhere: a hardware verdict of its own, no node count changes it
            if u.kind == "serving" and self.unmet[i].sum() > EPS:
                ok = u.rate > 0
                per = float(np.min(u.footprint[ok] / u.rate[ok])) if ok.any() else 1.0
                total += float(self.unmet[i].sum()) * per
            elif u.kind == "job":
                ok = np.isfinite(u.work)
                per = float(np.min(u.work[ok] * u.footprint[ok])) if ok.any() else 1.0
                total += float(np.sum(1.0 - self.done[i])) * per
            if self.spare_short is not None and u.spares is not None and self.spare_short[i].sum() > EPS:
                ok = u.allowed & (u.spares > 0)
                per = float(np.min(u.footprint[ok])) if ok.any() else 1.0
                total += float(self.spare_short[i].sum()) * per
        return total


def order(units: list[Unit]) -> list[int]:
    """Most important first: priority class, serving before jobs, then as written."""
    return sorted(range(len(units)), key=lambda i: (units[i].priority.rank, units[i].kind == "job", i))


def base_capacity(
    pools: PoolTable, nodes: np.ndarray, max_util: float, reserve: int, down: np.ndarray | None
) -> np.ndarray:
    """(P, H) GPUs the plan may fill: (nodes - max(reserve, nodes down)) x GPUs per node x max
    utilisation on base pools (a failed node first uses up the reserve held for it); burst pools:
    their rentable nodes x GPUs (inf without a limit)."""
    P = len(pools.names)
    out = np.zeros((P, HOURS_PER_WEEK))
    for p in range(P):
        if pools.burst[p]:
            out[p] = pools.max_nodes[p] * pools.gpus[p]
            continue
        gone = np.full(HOURS_PER_WEEK, float(reserve))
        if down is not None:
            gone = np.maximum(gone, down[p])
        out[p] = np.maximum(nodes[p] - gone, 0.0) * pools.gpus[p] * max_util
    return out


def _cost_order(u: Unit, pools: PoolTable, burst: bool) -> list[int]:
    """Pools the unit may use (base or burst), cheapest per request (or per run) first."""
    per_gpu = pools.price / pools.gpus
    if u.kind == "job":
        cost = per_gpu * u.footprint * u.work
    else:
        with np.errstate(divide="ignore"):
            cost = np.where(u.rate > 0, per_gpu * u.footprint / np.maximum(u.rate, EPS), np.inf)
    P = len(pools.names)
    cands = [p for p in range(P) if u.allowed[p] and bool(pools.burst[p]) == burst and np.isfinite(cost[p])]
    return sorted(cands, key=lambda p: (cost[p], p))


Orders = list[tuple[list[int], list[int]]]


def cost_orders(units: list[Unit], pools: PoolTable) -> Orders:
    """Per unit: (base pools, burst pools) it may use, cheapest first. They depend on the units and
    pools only, so a caller that allocates many times (sizing) computes them once."""
    return [(_cost_order(u, pools, False), _cost_order(u, pools, True)) for u in units]


def allocate(
    units: list[Unit],
    pools: PoolTable,
    nodes: np.ndarray,
    max_util: float,
    reserve: int = 0,
    down: np.ndarray | None = None,
    allow_fallback: bool = True,
    orders: Orders | None = None,
) -> Allocation:
    """Greedy allocation of every unit for node counts `nodes` (P,); `down` (P, H): nodes out
    (a failure). `allow_fallback=False` while sizing: the fleet must carry the demand itself.
    `orders`: `cost_orders(units, pools)` when the caller has them."""
    orders = orders if orders is not None else cost_orders(units, pools)
    U, P, H = len(units), len(pools.names), HOURS_PER_WEEK
    cap = base_capacity(pools, nodes, max_util, reserve, down)
    free = cap.copy()
    x = np.zeros((U, P, H))
    fallback = np.zeros((U, H))
    unmet = np.zeros((U, H))
    done: list[np.ndarray] = [np.ones(len(u.runs)) for u in units]
    idle = np.zeros((U, P, H))
    for i in order(units):
        u = units[i]
        if u.kind == "hosted":
            continue
        if u.kind == "serving":
            rem = u.demand.copy()
            for p in orders[i][0] + orders[i][1]:
                want = np.ceil(rem / u.rate[p] - EPS)
                fit = np.floor(free[p] / u.footprint[p] + EPS)
                k = np.maximum(np.minimum(want, fit), 0.0)
                x[i, p] += k
                free[p] -= k * u.footprint[p]
                rem = np.maximum(rem - k * u.rate[p], 0.0)
            rem[rem < EPS] = 0.0
            if u.fallback is not None and allow_fallback:
                fallback[i] = rem
            else:
                unmet[i] = rem
            continue
        done[i] = _place_job(u, i, orders[i], free, x, idle)
    spare, spare_short = None, None
    if down is None and any(u.spares is not None for u in units):
        spare, spare_short = place_spares(units, orders, x, free)
    foot = np.array([u.footprint for u in units]) if units else np.zeros((0, P))
    used = np.einsum("up,uph->ph", foot, x)
    rented = np.zeros((P, H))
    for p in range(P):
        if pools.burst[p]:
            rented[p] = np.ceil(used[p] / pools.gpus[p] - EPS)
    used[used < EPS] = 0.0
    idle_gpus = np.einsum("up,uph->ph", foot, idle)
    return Allocation(
        x,
        fallback,
        unmet,
        done,
        cap,
        used,
        np.maximum(rented, 0.0),
        nodes.astype(np.float64),
        "",
        spare,
        spare_short,
        idle_gpus,
        busy_gpus(units, x, fallback, unmet, spare, idle),
        idle,
    )


def place_spares(units: list[Unit], orders: Orders, x: np.ndarray, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each serving unit's spare replicas for its own SLA availability, as the single-scenario engine
    holds them (N + k, `Option.spare_replicas` of the unit's sizing on the pool): in every hour with
    demand, k spares beside the serving replicas, k being the spares of the pool that carries the
    hour's first replicas (else its cheapest pool), placed on its pools cheapest first once every
    unit's serving replicas and jobs are placed (spares never take a more important unit's
    serving room), most important unit first. They are added to `x` (paid, powered, idle) and
    returned as (spare replicas (U, P, H), spares with no room (U, H)). A failure re-plan holds
    none: the spares are what a lost node uses up."""
    U, P, H = x.shape
    spare = np.zeros((U, P, H))
    short = np.zeros((U, H))
    for i in order(units):
        u = units[i]
        if u.kind != "serving" or u.spares is None:
            continue
        pools = orders[i][0] + orders[i][1]
        if not pools:
            continue
        first = np.full(H, pools[0])
        for p in reversed(pools):  # the first pool in order that holds a replica that hour
            first = np.where(x[i, p] > 0, p, first)
        need = np.where(u.demand > EPS, u.spares[first], 0.0)
        for p in pools:
            fit = np.floor(free[p] / u.footprint[p] + EPS)
            k = np.maximum(np.minimum(need, fit), 0.0)
            x[i, p] += k
            spare[i, p] += k
            free[p] -= k * u.footprint[p]
            need = need - k
        short[i] = np.maximum(need, 0.0)
    return spare, short


def _level(room: np.ndarray, amount: float) -> np.ndarray:
    """Water-filling: what to take from each hour's free GPUs `room` (H,) so that `amount` GPU-hours
    are taken and the free GPUs left are as even as possible (the fullest hours give first, down
    to one common level). Takes everything when `amount` exceeds the room."""
    room = np.maximum(room, 0.0)
    if amount >= room.sum() - EPS:
        return room.copy()
    f = np.sort(room)[::-1]
    csum = np.cumsum(f)
    level = 0.0
    for k in range(len(f)):
        level = (csum[k] - amount) / (k + 1)
        if k + 1 == len(f) or level >= f[k + 1]:
            break
    return np.maximum(room - max(level, 0.0), 0.0)


def _place_job(
    u: Unit,
    i: int,
    order: tuple[list[int], list[int]],
    free: np.ndarray,
    x: np.ndarray,
    idle: np.ndarray | None = None,
) -> np.ndarray:
    """Each run of job `u`: spread over its window on base pools (the fullest hours give first,
    leaving every hour's free GPUs as even as possible, so a lower-priority unit still finds room in
    each hour), then what is left in the window's troughs, then burst pools, earliest hour first.
    Returns each run's finished share; `idle` (U, P, H) gets the replica-hours placed beyond the work
    left (k replicas for an hour when need x work < k: the run ends within the hour)."""
    base, burst = order
    shares = np.zeros(len(u.runs))
    for r, hours in enumerate(u.runs):
        need = 1.0
        passes: list[tuple[list[int], np.ndarray, np.ndarray | None]] = []
        if base:
            base_free = free[base][:, hours].sum(axis=0)
            trough_first = hours[np.argsort(-base_free, kind="stable")]
            p0 = base[0]
            gpu_hours = u.work[p0] * u.footprint[p0]  # the run's GPU-hours on its cheapest base pool
            share = _level(base_free, gpu_hours) if np.isfinite(gpu_hours) else base_free
            even = np.full(HOURS_PER_WEEK, 0.0)
            even[hours] = share
            passes.append((base, trough_first, even))
            passes.append((base, trough_first, None))
        passes.append((burst, hours, None))
        for pools_in, hour_order, allowance in passes:
            for h in hour_order:
                if need <= EPS:
                    break
                running = float(x[i, :, h].sum())
                left = float(allowance[h]) if allowance is not None else math.inf
                for p in pools_in:
                    if need <= EPS or running >= u.max_parallel or left <= EPS:
                        break
                    room = float(free[p, h])  # inf on a burst pool without a limit
                    fit = math.floor(room / u.footprint[p] + EPS) if math.isfinite(room) else 10**9
                    k = min(fit, math.ceil(need * u.work[p] - EPS), u.max_parallel - running)
                    if math.isfinite(left):
                        k = min(k, math.ceil(left / u.footprint[p] - EPS))
                    if k <= 0:
                        continue
                    x[i, p, h] += k
                    free[p, h] -= k * u.footprint[p]
                    running += k
                    left -= k * u.footprint[p]
                    if idle is not None:  # the run's work left ends within this hour
                        idle[i, p, h] += max(k - max(need, 0.0) * u.work[p], 0.0)
                    need -= k / u.work[p]
        shares[r] = min(1.0, 1.0 - max(need, 0.0))
    return shares

"""Fleet size on the fast path: the cheapest node counts of the "auto" pools that meet every SLA
and deadline (the fleet carries its demand itself: hosted fallbacks are not counted on).

1. Feasible counts: all auto pools double together (1, 2, 4, ...) until the greedy allocation
   leaves no shortfall, or every pool is at its maximum (then the portfolio cannot be met: the
   verdict names what binds).
2. Smallest: each auto pool in turn, most expensive per GPU first, is bisected down to the fewest
   nodes that stay feasible with the others held.
3. Cheapest: where burst pools exist, renting can cost less than owning a node that only carries
   a peak; each auto pool is scanned upward from its smallest count for the lowest weekly cost
   (owned nodes x price x 168 h + rented node-hours x burst price), stopping after PATIENCE
   steps that do not lower it (owning one more node saves less burst than the one before).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.greedy import EPS, Allocation, allocate, cost_orders
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

MAX_DOUBLINGS = 20  # 2^20 nodes: beyond any fleet
BURST_SCAN = 64  # nodes scanned above the smallest count when burst may be cheaper
PATIENCE = 3  # feasible steps without a cheaper week before the scan stops (the week's cost is taken as convex)


def week_cost(a: Allocation, pools: PoolTable) -> float:
    """Owned nodes x price x 168 h + rented burst node-hours x burst price [USD per week]."""
    owned = float(np.sum(np.where(pools.burst, 0.0, a.nodes * pools.price * HOURS_PER_WEEK)))
    rented = float(np.sum(a.rented.sum(axis=1) * np.where(pools.burst, pools.price, 0.0)))
    return owned + rented


def size_fleet(
    units: list[Unit],
    pools: PoolTable,
    max_util: float,
    reserve: int = 0,
    plan: Callable[[np.ndarray], Allocation] | None = None,
) -> tuple[np.ndarray, bool]:
    """(node counts (P,), feasible). Given counts are kept; auto pools are sized as above."""

    orders = cost_orders(units, pools)

    def own(n: np.ndarray) -> Allocation:
        return allocate(units, pools, n, max_util, reserve, allow_fallback=False, orders=orders)

    run = plan or own

    def ok(n: np.ndarray) -> bool:
        return run(n).shortfall(units) <= EPS

    auto = [p for p in range(len(pools.names)) if pools.auto[p] and not pools.burst[p]]
    nodes = np.where(pools.nodes < 0, 0.0, pools.nodes)
    nodes = np.where(pools.burst, 0.0, nodes)
    if not auto:
        return nodes, ok(nodes)
    cap = pools.max_nodes
    if not ok(nodes):
        k = 1.0
        for _ in range(MAX_DOUBLINGS):
            trial = nodes.copy()
            for p in auto:
                trial[p] = min(k + reserve, cap[p])
            if ok(trial):
                nodes = trial
                break
            if all(trial[p] >= cap[p] for p in auto):
                return trial, False
            k *= 2
        else:
            return nodes, False
    by_price = sorted(auto, key=lambda p: -pools.price[p] / pools.gpus[p])
    for p in by_price:
        lo, hi = 0.0, nodes[p]
        while hi - lo > 0.5:
            mid = np.floor((lo + hi) / 2)
            trial = nodes.copy()
            trial[p] = mid
            if ok(trial):
                hi = mid
            else:
                lo = mid + 1
            if lo >= hi:
                break
        nodes[p] = hi
    if pools.burst.any():
        nodes = _cheapest(units, pools, nodes, auto, run)
    return nodes, True


def _cheapest(
    units: list[Unit],
    pools: PoolTable,
    nodes: np.ndarray,
    auto: list[int],
    run: Callable[[np.ndarray], Allocation],
) -> np.ndarray:
    """Scan each auto pool upward from its smallest feasible count; keep the cheapest week."""
    best = nodes.copy()
    best_cost = week_cost(run(best), pools)
    for p in auto:
        base = best.copy()
        worse = 0
        for extra in range(1, BURST_SCAN + 1):
            trial = base.copy()
            trial[p] = base[p] + extra
            if trial[p] > pools.max_nodes[p]:
                break
            a = run(trial)
            if a.shortfall(units) > EPS:
                continue
            c = week_cost(a, pools)
            if c < best_cost - 1e-6:
                best, best_cost, worse = trial, c, 0
            else:
                worse += 1
            if a.rented.sum() <= EPS or worse >= PATIENCE:
                break  # nothing rented any more: more nodes only cost more
    return best

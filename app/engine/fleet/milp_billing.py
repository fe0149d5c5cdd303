"""The MILP's choice checked against the bill, billing minimums included.

The MILP prices a job's rented time on a burst pool by the second of work (milp.py, the credit
`t`), but a provider with a billing minimum (catalog `billing_minimum_s`, e.g. RunPod-style "1 h
minimum") bills a short rental the minimum: a 10-minute run at $6/h bills $6, not $1. The bill
(`kpis.billed_node_hours`, engine.billing.billed_hours) applies the minimum after the choice, so
the choice could favour a pool whose minimum makes it the dearer one.

Rather than model each rental's start in the MILP (a start variable per pool and hour), the
chosen plan is billed as it will be; when a minimum adds to it, the week is solved again with
those pools' rented hours priced whole (an hour is at least any minimum up to 3,600 s), and the
plan that bills less, serving no less, is kept. A note says what the minimum added and whether it
changed the answer."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from app.domain import Assumptions
from app.engine.fleet.greedy import EPS, Allocation
from app.engine.fleet.kpis import billed_node_hours, pool_cost_by_hour
from app.engine.fleet.milp import solve
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

CENT = 0.005  # [USD a week] differences below half a cent are no difference


def minimum_pools(pools: PoolTable) -> frozenset[int]:
    """Burst pools whose provider bills a minimum and whose time the MILP prices by the second
    (a step below the hour); a pool billed by the hour is priced whole already."""
    return frozenset(
        p
        for p, inst in enumerate(pools.instances)
        if bool(pools.burst[p]) and inst.billing_minimum_s and (inst.billing_increment_s or 1) < 3600
    )


def minimum_added_usd(a: Allocation, pools: PoolTable, which: frozenset[int]) -> float:
    """USD a week the billing minimums of pools `which` add to `a`'s bill:
    sum over those pools of (billed node-hours with the minimum - without it) x price [USD/node-h]."""
    bare = replace(
        pools,
        instances=[
            inst.model_copy(update={"billing_minimum_s": None}) if p in which else inst
            for p, inst in enumerate(pools.instances)
        ],
    )
    extra = billed_node_hours(a, pools) - billed_node_hours(a, bare)
    return float(sum(extra[p].sum() * pools.price[p] for p in which))


def billed_usd(a: Allocation, units: list[Unit], pools: PoolTable, assumptions: Assumptions) -> float:
    """USD a week the plan `a` bills: its pools (owned nodes, burst node-hours as billed, on-prem
    electricity: `kpis.pool_cost_by_hour`) + its hosted fallback (req/s x 3600 x USD per request)."""
    fallback = sum(float(a.fallback[i].sum()) * 3600.0 * u.fallback_usd_per_request for i, u in enumerate(units))
    return float(pool_cost_by_hour(a, pools, assumptions).sum()) + fallback


def solve_billed(
    units: list[Unit],
    pools: PoolTable,
    nodes: np.ndarray,
    max_util: float,
    reserve: int,
    assumptions: Assumptions,
    down: np.ndarray | None = None,
    allow_fallback: bool = True,
    size_auto: bool = False,
) -> Allocation:
    """`milp.solve`, its plan checked against its bill with billing minimums (see the module)."""
    first = solve(units, pools, nodes, max_util, reserve, down, allow_fallback=allow_fallback, size_auto=size_auto)
    which = minimum_pools(pools)
    if not which:
        return first
    added = minimum_added_usd(first, pools, which)
    if added <= CENT:
        return first
    second = solve(
        units, pools, nodes, max_util, reserve, down, allow_fallback=allow_fallback, size_auto=size_auto,
        whole_hours=which,
    )  # fmt: skip
    cost_first, cost_second = (
        billed_usd(first, units, pools, assumptions),
        billed_usd(second, units, pools, assumptions),
    )
    names = ", ".join(f"{pools.names[p]} ({pools.instances[p].billing_minimum_s:,} s)" for p in sorted(which))
    better = second.shortfall(units) <= first.shortfall(units) + EPS and cost_second < cost_first - CENT
    if better:
        note = (
            f"A billing minimum changed the MILP's choice ({names}): priced by the second, the plan it chose "
            f"bills ${cost_first:,.2f} a week with the minimum (+${added:,.2f}); solved again with those pools' "
            f"rented hours priced whole, ${cost_second:,.2f} a week: that plan is kept."
        )
        kept = second
    else:
        note = (
            f"A billing minimum adds ${added:,.2f} a week to the MILP's plan ({names}; it prices rented time by "
            f"the second); solved again with those pools' rented hours priced whole it bills ${cost_second:,.2f} "
            "a week, no less: the plan stands."
        )
        kept = first
    kept.note = "; ".join(n for n in (kept.note, note) if n)
    return kept


__all__ = ["billed_usd", "minimum_added_usd", "minimum_pools", "solve_billed"]

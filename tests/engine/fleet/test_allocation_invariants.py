"""Invariants of the greedy allocation on random portfolios (hypothesis), without the engine: units
are built by hand with stated rates, so only the allocation is under test.

- no base pool hour holds more GPUs than nodes x GPUs x max utilisation;
- every request is served by the fleet, sent to the fallback or counted unmet, never lost or doubled;
- a job's finished share is what its replica-hours give: sum(x) / work (capped at 1);
- the placement puts every replica whole inside one node."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.portfolio import HOURS_PER_WEEK, PriorityClass
from app.engine.fleet.greedy import allocate
from app.engine.fleet.placement import place
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

PRIORITIES = list(PriorityClass)


def pools_of(nodes: list[int], gpus: list[int]) -> PoolTable:
    n = len(nodes)
    return PoolTable(
        names=[f"p{i}" for i in range(n)], instances=[], accelerators=["x"] * n,
        gpus=np.array(gpus, dtype=float), nodes=np.array(nodes, dtype=float),
        max_nodes=np.array(nodes, dtype=float), burst=np.zeros(n, dtype=bool),
        price=np.linspace(1.0, 2.0, n), price_basis=[""] * n, power_kw=np.ones(n), power_basis=[""] * n,
        domains=np.ones(n),
    )  # fmt: skip


unit_st = st.fixed_dictionaries(
    {
        "job": st.booleans(),
        "priority": st.sampled_from(PRIORITIES),
        "peak": st.floats(0.1, 50.0),
        "rate": st.floats(0.5, 20.0),
        "gpus": st.sampled_from([1, 2, 4, 8]),
        "work": st.floats(0.5, 40.0),
        "start": st.integers(0, 23),
        "length": st.integers(1, 24),
        "fallback": st.booleans(),
    }
)


def build(i: int, d: dict, gpus: list[int]) -> Unit:
    fits = np.array([d["gpus"] <= g for g in gpus])
    foot = np.array([g / (g // d["gpus"]) if d["gpus"] <= g else float(g) for g in gpus])
    hours = np.arange(HOURS_PER_WEEK)
    profile = np.where((hours % 24 >= d["start"]) & (hours % 24 < d["start"] + d["length"]), 1.0, 0.1)
    runs = [(day * 24 + d["start"] + np.arange(d["length"])) % HOURS_PER_WEEK for day in range(7)]
    return Unit(
        name=f"u{i}", entry=f"u{i}", stage="", team="t", priority=d["priority"],
        kind="job" if d["job"] else "serving", tokens_in=100.0, tokens_out=10.0,
        demand=np.zeros(HOURS_PER_WEEK) if d["job"] else d["peak"] * profile, runs=runs if d["job"] else [],
        allowed=fits, rate=np.where(fits, d["rate"], 0.0), footprint=foot,
        work=np.where(fits, d["work"], np.inf), max_parallel=np.inf, hosted_usd_per_request=0.0,
        fallback="api" if d["fallback"] else None, fallback_usd_per_request=0.001 if d["fallback"] else 0.0,
    )  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    units=st.lists(unit_st, min_size=1, max_size=6),
    nodes=st.lists(st.integers(0, 4), min_size=1, max_size=3),
    util=st.floats(0.5, 1.0),
)
def test_greedy_allocation_keeps_its_books(units, nodes, util):
    gpus = [8, 4, 1][: len(nodes)]
    pools = pools_of(nodes, gpus)
    us = [build(i, d, gpus) for i, d in enumerate(units)]
    a = allocate(us, pools, pools.nodes, util)
    cap = np.array(nodes)[:, None] * np.array(gpus)[:, None] * util
    assert np.all(a.used <= cap + 1e-6)
    for i, u in enumerate(us):
        if u.kind == "serving":
            carried = np.minimum((a.x[i] * u.rate[:, None]).sum(axis=0), u.demand)
            np.testing.assert_allclose(carried + a.fallback[i] + a.unmet[i], u.demand, rtol=1e-9, atol=1e-9)
            assert (a.fallback[i].sum() == 0) or u.fallback is not None
        else:
            for r, run in enumerate(u.runs):
                done = sum(float(a.x[i, p, run].sum()) / u.work[p] for p in range(len(nodes)) if np.isfinite(u.work[p]))
                assert a.done[i][r] == min(1.0, done) or abs(a.done[i][r] - min(1.0, done)) < 1e-9
    h = int(np.argmax(a.used.sum(axis=0)))
    loads, notes = place(a, us, pools, h)
    assert not notes  # footprints divide the nodes: everything fits whole
    for n in loads:
        assert n.gpus_used <= n.gpus + 1e-9
    placed = sum(r.count for n in loads for r in n.replicas)
    assert placed == int(a.x[:, :, h].sum())

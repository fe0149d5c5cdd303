"""The greedy planner spreads a batch job over its window before it needs another node.

Hand calculation (units built by hand, so only the allocation is under test): one 8-GPU node at
max utilisation 0.9 leaves 7.2 GPUs an hour. A nightly job needs 8.19 replica-hours (1 GPU each)
inside an 8-hour window; a best-effort chat unit needs 1 replica (0.75 req/s at 6.8 req/s per
replica) every hour. The window holds 8 x 7.2 = 57.6 GPU-hours, the two need 8.19 + 8 = 16.19: one
node is enough. The old planner put 7 replicas of the job into the window's first hour (the
trough came first and took all it could), leaving 0.2 GPU for the chat unit there: it missed its
SLA and the sizing bought a second node."""

from __future__ import annotations

import dataclasses

import numpy as np

from app.domain.portfolio import HOURS_PER_WEEK, PriorityClass
from app.engine.fleet.greedy import allocate
from app.engine.fleet.sizing import size_fleet
from app.engine.fleet.units import Unit
from tests.engine.fleet.test_allocation_invariants import pools_of

WINDOW = 8  # hours, 22:00-06:00


def units() -> list[Unit]:
    runs = [(day * 24 + 22 + np.arange(WINDOW)) % HOURS_PER_WEEK for day in range(7)]
    one = np.ones(1)
    job = Unit(
        name="Night batch", entry="Night batch", stage="", team="Legal", priority=PriorityClass.BATCH,
        kind="job", tokens_in=3000.0, tokens_out=400.0, demand=np.zeros(HOURS_PER_WEEK), runs=runs,
        allowed=np.ones(1, dtype=bool), rate=np.zeros(1), footprint=one, work=np.full(1, 8.19),
        max_parallel=np.inf, hosted_usd_per_request=0.0, fallback=None, fallback_usd_per_request=0.0,
    )  # fmt: skip
    chat = Unit(
        name="Photo reader", entry="Photo reader", stage="", team="Finance", priority=PriorityClass.BEST_EFFORT,
        kind="serving", tokens_in=400.0, tokens_out=150.0, demand=np.full(HOURS_PER_WEEK, 0.75), runs=[],
        allowed=np.ones(1, dtype=bool), rate=np.full(1, 6.8), footprint=one, work=np.full(1, np.inf),
        max_parallel=np.inf, hosted_usd_per_request=0.0, fallback=None, fallback_usd_per_request=0.0,
    )  # fmt: skip
    return [job, chat]


def test_one_node_carries_the_job_and_the_chat():
    us = units()
    a = allocate(us, pools_of([1], [8]), np.array([1.0]), 0.9)
    assert a.shortfall(us) == 0.0
    assert np.all(a.done[0] == 1.0)  # every nightly run finished
    assert a.unmet[1].sum() == 0.0  # the chat unit has its replica every hour
    night = a.x[0, 0, 22:30]
    assert night.sum() == 9  # ceil(8.19) replica-hours
    assert night.max() <= 2  # spread: 8.19 GPU-h over 8 hours is ~1.02 an hour, never 7 at once
    assert np.all(a.used[0] <= 7.2 + 1e-9)


def test_sizing_buys_one_node_not_two():
    us = units()
    pools = dataclasses.replace(pools_of([-1], [8]), max_nodes=np.full(1, np.inf))
    nodes, feasible = size_fleet(us, pools, 0.9)
    assert feasible
    assert nodes[0] == 1.0

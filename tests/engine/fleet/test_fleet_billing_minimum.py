"""The fleet bills rented burst nodes by their provider's billing step AND minimum, with the one
rule the options and the deployment view use (`engine.billing.billed_hours`; issue 18 leftover:
the fleet rounded to the step hour by hour and ignored `billing_minimum_s`).

Hand calculations, on a test copy of the RunPod H100 node billed per second with a 1-hour minimum:
- a 10-minute run on one node: per second 1/6 h, with the minimum 1 h;
- a node rented 3 hours, the last one 20 % worked (2.2 h of work): the minimum does not bite, 2.2 h
  (billing each hour apart with the minimum would say 3 h);
- a node rented all week: 168 h, no start, no minimum."""

from __future__ import annotations

import numpy as np
import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio

from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.greedy import Allocation
from app.engine.fleet.kpis import billed_node_hours, rental_spells
from app.engine.fleet.pools import pool_table

MINIMUM = "Test H100 with a 1 h minimum"
OWN = {"name": "own", "instance": ONE_GPU, "nodes": 0}  # no owned node: every run bursts
BURST = {"name": "burst", "instance": MINIMUM, "burst": True, "price_usd_per_hour": 6.0}


@pytest.fixture(scope="module")
def minimum_catalog(catalog):
    inst = catalog.instance(ONE_GPU).model_copy(
        update={"name": MINIMUM, "billing_increment_s": 1, "billing_minimum_s": 3600}
    )
    return catalog.merged_with(instances=[inst])


def _alloc(rented: np.ndarray, idle: np.ndarray) -> Allocation:
    """Pools (own, burst) of 1-GPU nodes, no unit: the burst pool rents `rented` nodes each hour, all
    used, `idle` GPU-hours of them idle (a run's tail); the owned pool holds no node."""
    used = np.stack([np.zeros(HOURS_PER_WEEK), rented.astype(float)])
    idle_gpus = np.stack([np.zeros(HOURS_PER_WEEK), idle])
    none = np.zeros((0, HOURS_PER_WEEK))
    return Allocation(np.zeros((0, 2, HOURS_PER_WEEK)), none, none, [], used, used, used.copy(), np.zeros(2),
                      idle_gpus=idle_gpus)  # fmt: skip


def _pools(catalog):
    pf = portfolio([batch("Any", 1_000, "01:00-09:00")], [OWN, BURST])
    return pool_table(pf.fleet, catalog)


def test_a_ten_minute_run_bills_the_one_hour_minimum(minimum_catalog):
    rented, idle = np.zeros(HOURS_PER_WEEK), np.zeros(HOURS_PER_WEEK)
    rented[5], idle[5] = 1, 5 / 6  # 10 minutes of work, then released
    billed = billed_node_hours(_alloc(rented, idle), _pools(minimum_catalog))
    assert billed[0].sum() == 0.0  # the owned pool: paid all week, nothing billed by the hour
    assert billed[1].sum() == pytest.approx(1.0, abs=1e-12)  # 1 h, not 1/6 h
    assert billed[1, 5] == pytest.approx(1.0, abs=1e-12)  # in the hour the node ran


def test_the_minimum_is_per_rental_not_per_hour(minimum_catalog):
    rented, idle = np.zeros(HOURS_PER_WEEK), np.zeros(HOURS_PER_WEEK)
    rented[10:13], idle[12] = 1, 0.8  # 2.2 h of work on one node
    rented[100] = 2  # and two nodes for a whole hour: 1 h each
    billed = billed_node_hours(_alloc(rented, idle), _pools(minimum_catalog))[1]
    assert billed[10:13].sum() == pytest.approx(2.2, abs=1e-9)
    assert billed[100] == pytest.approx(2.0, abs=1e-12)
    assert billed.sum() == pytest.approx(4.2, abs=1e-9)


def test_rental_spells_over_the_cyclic_week():
    rented = np.zeros(HOURS_PER_WEEK)
    rented[166:] = 1
    rented[:2] = 2  # the first node's spell wraps from Sunday 22:00 into Monday 02:00
    assert sorted(rental_spells(rented)) == [(0, 2), (166, 4)]
    assert rental_spells(np.ones(HOURS_PER_WEEK)) == [(0, HOURS_PER_WEEK)]


def test_a_short_burst_run_in_the_plan_pays_the_minimum(minimum_catalog, catalog):
    """A daily run of ~10 minutes on one burst node (about 10,800 requests at ~18 req/s): 7 runs a
    week, each billed 1 h at $6: $42 a week, where per second it would be 7 x w x $6."""
    job = [batch("Short", 10_800, "01:00-09:00")]
    fp = plan(portfolio(job, [OWN, BURST]), minimum_catalog, failures=False, compare=False)
    w = next(s.unit_hours_per_run for s in fp.replica_specs if s.pool == "burst")
    assert w < 0.25  # the run takes minutes
    pool = next(p for p in fp.pools if p.name == "burst")
    assert pool.cost_usd_per_week == pytest.approx(7 * 1.0 * 6.0, rel=1e-9)  # not 7 x w x 6
    assert "after a 3,600 s minimum" in pool.price_basis
    assert any(f"Burst pool burst ({MINIMUM}) is billed per second after a 3,600 s minimum" in n for n in fp.notes)

"""Shared vs separate compare like with like: both sides may own a base and rent burst hours above
it, as the plan itself is sized (issue 18: the shared side could own or rent, not both, so on the
enterprise platform it priced 3 owned nodes while the plan was 2 + burst, and a portfolio whose
silos mixed cheaply showed sharing costing more).

By hand, 1-GPU nodes, owned $3.99/h (RunPod H100 SXM), burst $6/h, 730 h a month (730/168 weeks):
  - A: 1 replica every hour (168 h a week); B: 1 replica 09:00-10:00 each day (7 h a week).
  - A alone: own 1 node, 3.99 x 730 = $2,912.70 (renting: 6 x 730 = $4,380).
  - B alone: rent 7 h a week, 7 x 6 x 730/168 = $182.50 (owning: $2,912.70).
  - Shared: own 1 node + rent B's 7 h = $3,095.20 (the old sides: own 2 = $5,825.40, or rent all
    175 h a week = $4,562.50: "sharing saves -$1,467").
  - Saving: 2,912.70 + 182.50 - 3,095.20 = 0."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, hours, plan, portfolio, rate, serving

OWN = {"name": "own", "instance": ONE_GPU, "nodes": "auto"}
BURST = {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0}


def test_shared_and_separate_both_mix_an_owned_base_with_burst(catalog):
    probe = plan(portfolio([serving("A", 1.0)], [OWN, BURST]), catalog, failures=False, compare=False)
    r = rate(probe, "A", "own")
    rps = 0.9 * r  # one replica at its level
    pf = portfolio([serving("A", rps), serving("B", rps, levels=hours(9, 10))], [OWN, BURST])
    fp = plan(pf, catalog, failures=False)
    assert catalog.instance(ONE_GPU).price_on_demand_usd_per_hour == pytest.approx(3.99)
    s = fp.sharing
    assert s is not None
    a, b = s.separate
    assert (a.pool, a.nodes, a.cost_usd_per_month) == ("own", 1, pytest.approx(3.99 * 730, rel=1e-9))
    assert (b.pool, b.burst, b.cost_usd_per_month) == ("burst", True, pytest.approx(7 * 6 * 730 / 168, rel=1e-9))
    assert s.shared_cost_usd_per_month == pytest.approx(3.99 * 730 + 7 * 6 * 730 / 168, rel=1e-9)
    assert s.shared_pools == "own (1 owned) + burst (1 rented at most)"
    assert s.saving_usd_per_month == pytest.approx(0.0, abs=1e-6)
    assert fp.cost_usd_per_month == pytest.approx(s.shared_cost_usd_per_month, rel=1e-9)  # the plan shown

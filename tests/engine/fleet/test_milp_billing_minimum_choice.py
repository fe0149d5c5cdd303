"""The MILP's choice sees billing minimums (issue 18 leftovers, hardening item 5; 62aebdc billed
them only after the choice). The MILP prices a job's rented time by the second; a provider that
bills a 1-hour minimum bills a 10-minute run a whole hour. The chosen plan is now billed with its
minimums and, where one adds to the bill, solved again with that pool's hours priced whole; the
plan that bills less is kept and a note says so.

Hand calculations: a daily run of ~10 minutes (w h on one 1-GPU node, 7 runs a week), no owned
node, two burst pools of the same test copy of the RunPod H100 node (same speed): "minimum" billed
per second after a 1 h minimum at $6/h, "per second" billed per second with no minimum at $P/h.
- P = 7: per second "minimum" looks cheaper (w x 6 < w x 7), but it bills 7 x 1 h x $6 = $42 a
  week; "per second" bills 7 x w x $7 (about $8): the plan moves there.
- P = 40: "per second" bills 7 x w x $40 (about $47) > $42: the plan stays, the note says the
  minimum adds 7 x (1 - w) x $6."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio

MINIMUM, PER_SECOND = "Test H100 with a 1 h minimum", "Test H100 per second"
OWN = {"name": "own", "instance": ONE_GPU, "nodes": 0}  # no owned node: every run bursts


@pytest.fixture(scope="module")
def billing_catalog(catalog):
    base = catalog.instance(ONE_GPU)
    minimum = base.model_copy(update={"name": MINIMUM, "billing_increment_s": 1, "billing_minimum_s": 3600})
    per_second = base.model_copy(update={"name": PER_SECOND, "billing_increment_s": 1, "billing_minimum_s": None})
    return catalog.merged_with(instances=[minimum, per_second])


def _plan(catalog, per_second_price: float):
    pools = [
        OWN,
        {"name": "minimum", "instance": MINIMUM, "burst": True, "price_usd_per_hour": 6.0},
        {"name": "per second", "instance": PER_SECOND, "burst": True, "price_usd_per_hour": per_second_price},
    ]
    fp = plan(portfolio([batch("Short", 10_800, "01:00-09:00")], pools), catalog, method="milp", failures=False,
              compare=False)  # fmt: skip
    cost = {p.name: p.cost_usd_per_week for p in fp.pools}
    w = next(s.unit_hours_per_run for s in fp.replica_specs if s.pool == "per second")
    return fp, cost, w


def test_a_minimum_that_makes_the_cheap_pool_dear_moves_the_run(billing_catalog):
    fp, cost, w = _plan(billing_catalog, 7.0)
    assert w < 1 / 6 + 0.05  # the run takes about 10 minutes: the minimum bites
    assert cost["minimum"] == pytest.approx(0.0, abs=1e-9)  # was 7 x 1 h x $6 = $42
    assert cost["per second"] == pytest.approx(7 * w * 7.0, rel=1e-6)
    note = next(n for n in fp.notes if "billing minimum changed the MILP's choice" in n)
    assert "minimum (3,600 s)" in note and "$42.00 a week with the minimum" in note
    assert f"${7 * w * 7.0:,.2f} a week: that plan is kept" in note


def test_a_minimum_that_still_leaves_its_pool_cheapest_keeps_the_plan_and_says_what_it_adds(billing_catalog):
    fp, cost, w = _plan(billing_catalog, 40.0)
    assert cost["minimum"] == pytest.approx(7 * 1.0 * 6.0, rel=1e-9)  # 7 runs, each billed the 1 h minimum
    assert cost["per second"] == pytest.approx(0.0, abs=1e-9)
    note = next(n for n in fp.notes if "billing minimum adds" in n)
    assert f"adds ${7 * (1 - w) * 6.0:,.2f} a week" in note and "the plan stands" in note

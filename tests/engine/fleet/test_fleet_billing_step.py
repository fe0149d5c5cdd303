"""A burst pool on a provider that bills by the hour pays a run's last hour whole (issue 18):
the fleet plan bills burst node-hours in the pool instance's billing step, not per second.

Hand calculation (the nightly run of test_milp_per_second_choice): 71,537 requests take 1.10
replica-hours on an H100 node; the plan runs them on 2 rented nodes for one hour (0.55 h of work
each). Per second: 2 x 0.55 h x $7 = $7.70 a run, $53.90 a week (7 runs). Billed by the hour:
each node pays its hour, 2 x 1 h x $7 = $14 a run, $98 a week."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, batch, plan, portfolio


def _pools(instance: str) -> list[dict]:
    return [
        {"name": "base", "instance": ONE_GPU, "nodes": 1},
        {"name": "h100", "instance": instance, "burst": True, "price_usd_per_hour": 7.0},
    ]


@pytest.fixture(scope="module")
def hourly_catalog(catalog):
    hourly = catalog.instance(ONE_GPU).model_copy(update={"name": "Test hourly H100", "billing_increment_s": 3600})
    return catalog.merged_with(instances=[hourly])


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_an_hourly_billed_burst_pool_pays_whole_hours(hourly_catalog, method):
    job = [batch("Nightly", 71_537, "01:00-09:00", pools=["h100"])]
    per_second = plan(portfolio(job, _pools(ONE_GPU)), hourly_catalog, method=method, failures=False, compare=False)
    hourly = plan(
        portfolio(job, _pools("Test hourly H100")), hourly_catalog, method=method, failures=False, compare=False
    )
    work = next(s.unit_hours_per_run for s in hourly.replica_specs if s.pool == "h100")
    assert work == pytest.approx(1.10, abs=0.005)
    cost = lambda fp: next(p.cost_usd_per_week for p in fp.pools if p.name == "h100")
    assert cost(per_second) == pytest.approx(7 * work * 7.0, rel=1e-9)  # $53.90: RunPod bills per second
    assert cost(hourly) == pytest.approx(7 * 2 * 1.0 * 7.0, rel=1e-9)  # $98: 2 nodes x 1 whole hour x 7 runs

"""A job's GPU-hours a week are the hours it works, not the plan-hour slots it is placed in (tcli6 N13).

A nightly batch of 6,000 requests on one 8-GPU node (1-GPU replicas). By hand, with r the engine's
req/s per replica: one run works 6,000 / (r x 3600) replica-hours x 1 GPU, 7 runs a week. The plan
places whole replicas per hour, so the last hour of each run holds replicas it does not fill: the old
figure counted those slots (ceil per hour), the chargeback's usage key with it."""

from __future__ import annotations

import pytest
from fleet_helpers import EIGHT_GPU, batch, plan, rate

from app.domain import parse
from app.domain.portfolio import Portfolio


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_job_gpu_hours_are_worked_hours(catalog, method):
    data = {
        "name": "n13",
        "workloads": [batch("Nightly", 6000, "00:00-06:00", recurrence="daily")],
        "fleet": {"pools": [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}], "max_utilisation": 1.0},
    }
    fp = plan(parse(Portfolio, data), catalog, method=method, failures=False, compare=False)
    r = rate(fp, "Nightly", "L")
    spec = next(s for s in fp.replica_specs if s.unit == "Nightly")
    per_run = 6000 / (r * 3600) * spec.footprint_gpus
    kpi = next(k for k in fp.kpis if k.name == "Nightly")
    assert kpi.gpu_hours_per_week == pytest.approx(7 * per_run, rel=1e-6)
    slots = sum(sum(v) for v in next(u for u in fp.units if u.name == "Nightly").replicas_by_hour.values())
    assert slots * spec.footprint_gpus > 7 * per_run + 0.5  # the slots the old figure counted
    # the pool's month is still split in full among its users
    assert kpi.cost_usd_per_month == pytest.approx(fp.pools[0].cost_usd_per_month, rel=1e-6)

"""The workloads' spare replicas (N + k for their SLA availability) are told apart from the serving
replicas in the plan's chart data and placement (issue 18: they were drawn as ordinary replicas).

Hand calculation (test_workload_availability_spares.py has the arithmetic): Chat at 1.5 x the rate
of one replica needs N = 2 replicas every hour, and k = 1 spare at 99.94 %; on 1-GPU nodes: 3 nodes,
two serving Chat and one holding its spare."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, plan, portfolio, rate, serving

from app.engine.fleet.charts import SPARE, demand_chart

POOL = [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}]


@pytest.mark.parametrize("method", ["greedy", "milp"])
def test_spares_are_their_own_series_and_marked_in_the_placement(catalog, method):
    r = rate(plan(portfolio([serving("Chat", 1.0)], POOL), catalog, failures=False, compare=False), "Chat", "gpu")
    chat = serving("Chat", 1.5 * r)
    chat["workload"]["sla"]["availability"] = 0.9994
    fp = plan(portfolio([chat], POOL), catalog, method, failures=False, compare=False)
    assert fp.units[0].replicas_by_hour["gpu"] == [3] * 168
    assert fp.units[0].spare_replicas_by_hour == {"gpu": [1] * 168}
    chart = demand_chart(fp, day=2)
    series = {s.name: s for s in chart.series}
    assert series["Chat"].y == [2.0] * 24  # serving replicas only
    assert series[SPARE].y == [1.0] * 24 and series[SPARE].role == "spare"
    assert SPARE == "Spare (N+k)"
    placed = sorted((r.spare, r.count) for n in fp.placement for r in n.replicas)
    assert placed == [(False, 1), (False, 1), (True, 1)]


def test_no_spares_no_spare_series(catalog):
    fp = plan(portfolio([serving("Chat", 1.0)], POOL), catalog, failures=False, compare=False)
    assert all(s.name != SPARE for s in demand_chart(fp).series)
    assert not any(r.spare for n in fp.placement for r in n.replicas)

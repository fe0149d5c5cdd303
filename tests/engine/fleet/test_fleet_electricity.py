"""One plan, one electricity figure: an on-prem fleet's cost carries the energy the plan models
(utilisation-weighted, engine.power's node model), not its nodes at full load all week; the pool
cost, the plan's cost, the chargeback and the energy KPI agree. The reviewer's fleet: 2 x DGX H100
(busy_power_fraction 0.6, idle 0.3, PUE 1.3, $0.10/kWh) under a day 70B, a night 70B and a steady
8B. Before the fix the pool's price held 7.96 kW at load for 168 h: $1,511 of electricity a month
for 2 nodes, where the plan's own kWh give less. (The 8B here is flat at 2 req/s, the reviewer's
peaked at 2 x its 1 req/s mean.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions
from app.domain.portfolio import HOURS_PER_WEEK
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import hours, plan, portfolio, serving

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def test_on_prem_electricity_is_the_plans_modelled_kwh(catalog):
    day, night = hours(8, 20), [1.0 - x for x in hours(8, 20)]
    big = {"candidates": {"models": ["Llama-3.1-70B-Instruct"], "precisions": ["fp8"], "gpu_counts": [8]}}
    pf = portfolio(
        [
            serving("Day 70B", 20, day, team="Alpha", **big),
            serving("Night 70B", 20, night, priority="batch", team="Beta", **big),
            serving("Steady 8B", 2, priority="best_effort", team="Gamma"),
        ],
        [{"name": "Owned", "instance": DGX, "nodes": 2, "failure_domains": 3}],
        assumptions={
            "electricity_usd_per_kwh": 0.10,
            "pue": 1.3,
            "busy_power_fraction": 0.6,
            "idle_power_fraction": 0.3,
        },
    )
    fp = plan(pf, catalog, failures=False)
    pool = fp.pools[0]
    inst = catalog.instance(DGX)
    a = Assumptions()
    # 8 x 700 W x 0.6 + 4,600 W host = 7.96 kW at load (engine.power)
    assert_allclose(pool.power_kw_per_node, 7.96)
    fixed_hour = (inst.capex_usd / (a.amortisation_years * 12) + inst.capex_usd * a.operations_share / 12) / 730.0
    kwh = fp.energy_kwh_per_week
    assert 0 < kwh < 2 * 7.96 * 1.3 * HOURS_PER_WEEK  # below full load all week
    assert pool.nodes == 2
    # the plan's cost: the nodes' fixed cost + the plan's kWh at $0.10, nothing at full load
    assert_allclose(fp.cost_usd_per_week, 2 * fixed_hour * HOURS_PER_WEEK + kwh * 0.10, rtol=1e-9)
    assert_allclose(pool.cost_usd_per_week, fp.cost_usd_per_week, rtol=1e-9)
    assert_allclose(sum(t.cost_usd_per_week for t in fp.teams), fp.cost_usd_per_week, rtol=1e-9)
    assert_allclose(sum(k.energy_kwh_per_week for k in fp.kpis), kwh, rtol=1e-9)

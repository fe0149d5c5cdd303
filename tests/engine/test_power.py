"""The one power model (app.engine.power) against hand calculations, and the same nodes giving the
same electricity in every place: the options' on-prem cost, the deployment comparison, the fleet."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions, Scenario, parse
from app.domain.portfolio import FleetSpec
from app.engine import size
from app.engine.deployment import energy as en
from app.engine.fleet.pools import pool_table
from app.engine.power import PowerModel, accelerator_power_w, dedicated_kwh, node_power_model

DGX = "On-prem 8x H100 SXM (DGX H100)"
MODEL = "Test Llama-3-8B"


def test_dgx_h100_power_by_hand(catalog):
    # the step model (default): busy = TDP 700 W, scaled by the step's share s upstream; idle 73 W (the
    # catalog's nvidia-smi reading), host 4,600 W, PUE 1.4: at a x s = 0.5 a GPU draws 73 + 627 x 0.5 =
    # 386.5 W; the node (8 x 386.5 + 4,600) x 1.4 = 10,768.8 W
    inst = catalog.instance(DGX)
    pm = node_power_model(inst, catalog.accelerator(inst.accelerator), Assumptions(), catalog)
    assert pm is not None and (pm.idle_w, pm.host_w) == (73.0, 4600.0) and pm.follows_step
    assert_allclose(pm.busy_w, 700.0)
    assert_allclose(accelerator_power_w(73, 700, 0.5), 386.5)
    assert_allclose(pm.facility_w(8, 0.5), (8 * 386.5 + 4600) * 1.4)
    # the override (busy_power_fraction 0.54, the model before): busy 378 W, 73 + 305 x 0.5 = 225.5 W
    old = node_power_model(inst, catalog.accelerator(inst.accelerator), Assumptions(busy_power_fraction=0.54), catalog)
    assert old is not None and not old.follows_step
    assert_allclose(old.busy_w, 378.0)
    assert_allclose(old.facility_w(8, 0.5), (8 * 225.5 + 4600) * 1.4)


def test_energy_per_million_tokens_from_power_and_throughput():
    # one node of 8 GPUs held all month, 2 replica slots of 4 GPUs, each replica sustaining 1 req/s;
    # 1 req/s every hour needs one replica, whose requests take ln 2 = 0.693 s alone: its 4 GPUs are
    # busy 1 - exp(-1 x ln 2) = 0.5 of the time, the other 4 idle. Node: 8 x 100 W idle + 4 x (300 -
    # 100) x 0.5 + 400 W host = 1,600 W x PUE 1.5 = 2,400 W; 720 h: 1,728 kWh. Tokens: 1 req/s x
    # 1,000 tokens x 3,600 s x 720 h = 2.592e9 -> 666.67 Wh per 1M.
    pm = PowerModel(idle_w=100, busy_w=300, host_w=400, pue=1.5, idle_from_catalog=True, host_known=True)
    kwh = dedicated_kwh(pm, 8, 1.0, 2.0, 1.0, 4, np.log(2), np.full(24, 1.0), 720.0)
    assert_allclose(kwh, 1728.0)
    assert_allclose(en.wh_per_million_tokens(float(kwh), 1.0 * 1000 * 3600 * 720), 1728e3 / 2592.0)


def test_host_derived_from_a_stated_node_power_without_a_host_figure(catalog):
    # a user's node: 4 L40S (TDP 350 W) stated at 2,000 W: host = 2,000 - 4 x 350 = 600 W
    inst = parse(
        type(catalog.instance(DGX)),
        {
            "name": "Our 4x L40S",
            "source": "test",
            "as_of": "2026-11-30",
            "provider": "on-prem",
            "deployment": "on_prem",
            "accelerator": "NVIDIA L40S",
            "accelerator_count": 4,
            "capex_usd": 60000,
            "power_w": 2000,
        },
    )
    pm = node_power_model(inst, catalog.accelerator("NVIDIA L40S"), Assumptions(busy_power_fraction=1.0))
    assert pm is not None and pm.host_w == 600.0
    assert_allclose(pm.node_w(4, 1.0), 2000.0)


def dgx_scenario(rate: float) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Chat on our DGX",
            "workload": {
                "name": "Chat on our DGX",
                "category": "inference_api",
                "traffic": {"requests_per_s": rate, "peak_to_mean": 1.0},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": [MODEL], "hardware": [DGX], "precisions": ["bf16"]},
            "assumptions": {"idle_power_fraction": 0.2},
        },
    )


@pytest.mark.parametrize("rate", [2.0, 40.0])
def test_on_prem_option_and_deployment_row_charge_the_same_electricity(catalog, rate):
    """The options' month for on-prem nodes equals the deployment comparison's on-prem month 1 for the
    same nodes (before: nameplate 10.2 kW every hour vs the modelled power at the operating point)."""
    sz = size(dgx_scenario(rate), catalog)
    assert sz.deployments is not None
    row = next(r for r in sz.deployments.rows if r.deployment == "on_prem")
    o = sz.options[row.option_index]
    inst = catalog.instance(DGX)
    a = Assumptions(idle_power_fraction=0.2)
    fixed = inst.capex_usd / (a.amortisation_years * 12) + inst.capex_usd * a.operations_share / 12
    assert o.energy_kwh_per_month is not None and row.energy_kwh_per_month is not None
    assert_allclose(o.energy_kwh_per_month, row.energy_kwh_per_month, rtol=1e-9)
    electricity = row.energy_kwh_per_month * a.electricity_usd_per_kwh
    assert_allclose(row.cost_per_month_usd, row.nodes * fixed + electricity, rtol=1e-9)
    assert_allclose(o.cost_per_month_usd, row.cost_per_month_usd, rtol=1e-9)
    # and never the nameplate: 10.2 kW x PUE 1.4 x 730 h a node
    assert row.energy_kwh_per_month < row.nodes * 10.2 * 1.4 * 730


def test_fleet_node_power_is_the_same_model(catalog):
    fleet = parse(
        FleetSpec,
        {"pools": [{"name": "dgx", "instance": DGX, "nodes": 2}], "assumptions": {"pue": 1.3}},
    )
    pools = pool_table(fleet, catalog)
    inst = catalog.instance(DGX)
    pm = node_power_model(inst, catalog.accelerator(inst.accelerator), fleet.assumptions, catalog)
    assert pm is not None
    # at load every GPU at TDP (the step model at s = 1): 8 x 700 + 4,600 = 10.2 kW (the DGX H100's
    # stated maximum); 8 x 73 + 4,600 = 5.184 kW idle
    assert_allclose(pools.power_kw[0], 10.2)
    assert pools.idle_power_kw is not None
    assert_allclose(pools.idle_power_kw[0], 5.184)
    # its on-prem price per node-hour carries the same power idling; the work above idle is billed
    # from the plan's modelled kWh at the electricity price
    fixed = inst.capex_usd / (4 * 12) + inst.capex_usd * 0.15 / 12
    a = fleet.assumptions
    assert_allclose(pools.price[0] * a.hours_per_month, fixed + 5.184 * 1.3 * a.hours_per_month * 0.12, rtol=1e-9)
    assert pools.electricity_usd_per_kwh is not None
    assert_allclose(pools.electricity_usd_per_kwh[0], 0.12)

"""Energy at low load: a replica's accelerators draw busy power while it has a request in service
and idle power the rest of the hour, the busy share a = 1 - exp(-lambda x T)
(`engine.power.active_share`), not power scaled by rate / max rate (which put a GPU serving one
request after another at 0.95 req/s at 87 W where ML.ENERGY measured 201 W)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Accelerator, Assumptions, Instance, Scenario, parse
from app.engine import size
from app.engine.deployment import pricing as pr
from app.engine.deployment.energy import ENERGY_QUANTITY
from app.engine.deployment.horizon import growth_factors
from app.engine.deployment.profile import typical_day
from app.engine.power import PowerModel, active_share, dedicated_kwh

DAY = dt.date(2026, 11, 30)


def test_busy_share_by_hand():
    # 0.2 req/s of 2-s requests: 1 - exp(-0.4) = 0.32968 of the time busy
    assert_allclose(active_share(0.2, 2.0), 1 - math.exp(-0.4), rtol=1e-12)
    assert_allclose(active_share(0.2, 2.0), 0.329680, rtol=1e-5)
    # three requests in flight on average: busy 95 %
    assert_allclose(active_share(1.5, 2.0), 1 - math.exp(-3.0), rtol=1e-12)
    # no traffic: idle; no request time known (or not finite): busy whenever there is traffic
    assert active_share(0.0, 2.0) == 0.0
    assert_allclose(active_share(np.array([0.0, 0.5]), None), [0.0, 1.0])
    assert_allclose(active_share(np.array([0.0, 0.5]), np.array([np.inf, np.inf])), [0.0, 1.0])


A = Assumptions(hours_per_month=720, pue=1.0, busy_power_fraction=1.0)
ACC = Accelerator(
    name="Test GPU",
    source="hand-made test record",
    as_of=DAY,
    vendor="Test",
    efficiency_class="test",
    memory_gib=80,
    memory_bandwidth_gb_s=3000,
    tflops_bf16=900,
    tdp_w=700.0,
    idle_power_w=100.0,
)
PM = PowerModel.of(ACC, A, host_w=None)


def node(**kw) -> Instance:
    base = dict(name="Test node", source="hand-made", as_of=DAY, provider="test", accelerator="Test GPU")
    return Instance(**(base | dict(accelerator_count=1) | kw))


def test_a_replica_serving_0_2_req_s_idles_most_of_the_hour():
    # One 1-GPU replica that sustains 8 req/s serves 0.2 req/s all month; a request takes 2 s alone.
    # Busy 0.32968 of the time: 100 x (1 - a) + 700 x a = 297.81 W; 720 h: 214.42 kWh.
    # (Power scaled by rate / max rate, 0.2 / 8 = 0.025: 115 W, 82.8 kWh: 61 % low.)
    a = 1 - math.exp(-0.4)
    watts = 100 * (1 - a) + 700 * a
    assert_allclose(watts, 297.808, rtol=1e-5)
    f = pr.Fleet(node(price_on_demand_usd_per_hour=2.0), ACC, 8.0, 1, 0, 1000.0, request_s=2.0)
    day = typical_day(np.full(24, 0.2), 720)
    cloud = pr.autoscaled(f, day, growth_factors(1, 0.0), A, PM, 2.0)
    assert_allclose(cloud.kwh[0], watts * 720 / 1000, rtol=1e-9)
    leased = pr.lease(
        pr.replace(f, instance=node(deployment="bare_metal", price_lease_usd_per_month=900.0)),
        day,
        growth_factors(1, 0.0),
        A,
        PM,
    )
    assert leased is not None
    assert_allclose(leased.kwh[0], watts * 720 / 1000, rtol=1e-9)
    # a node of one replica: the busy share is also what on-prem electricity in the options reads
    kwh = dedicated_kwh(PM, 1, 1.0, 1.0, 8.0, 1, 2.0, np.full(24, 0.2), 720.0)
    assert_allclose(kwh, watts * 720 / 1000, rtol=1e-9)


DGX = "On-prem 8x H100 SXM (DGX H100)"


@pytest.fixture(scope="module")
def quiet_chat(catalog):
    scenario = parse(
        Scenario,
        {
            "name": "Quiet chat on our DGX",
            "workload": {
                "name": "Quiet chat on our DGX",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.2, "peak_to_mean": 1.0},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": ["Test Llama-3-8B"], "hardware": [DGX], "precisions": ["bf16"]},
            "assumptions": {"redundancy_replicas": 0},
        },
    )
    return size(scenario, catalog)


def test_on_prem_option_energy_follows_the_busy_share_and_is_explained(quiet_chat):
    # The DGX H100: 8 GPUs, up to TDP 700 W as its steps keep it busy, idle 73 W (catalog), host
    # 4,600 W, PUE 1.4 (the defaults). One node; 0.2 req/s needs one one-GPU replica, each request T s
    # alone (the option's own request_s): that GPU serves a = 1 - exp(-0.2 T) of the time and draws
    # a share s of (TDP - idle) over each decode step then (the option's kernel_share), the other 7 idle;
    # kWh = (8 x 73 + 627 a s + 4,600) x 1.4 x 730 / 1000.
    o = quiet_chat.recommended
    row = quiet_chat.deployments.row("on_prem")
    assert o is not None and row is not None and o.gpus == 1 and row.nodes == 1 and o.spare_replicas == 0
    assert o.request_s is not None and 0.5 < o.request_s < 30
    busy = 1 - math.exp(-0.2 * o.request_s)
    assert 0.5 < o.kernel_share <= 1.0
    hand = (8 * 73 + 627 * busy * o.kernel_share + 4600) * 1.4 * 730 / 1000
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    assert_allclose(row.energy_kwh_per_month, hand, rtol=1e-9)
    # the options' on-prem month carries the same electricity as the comparison's on-prem row
    assert_allclose(o.cost_per_month_usd, row.cost_per_month_usd, rtol=1e-9)
    # the Explain panel shows the formula and its inputs
    e = next(x for x in o.explanations if x.quantity == ENERGY_QUANTITY)
    assert "1 - exp(-lambda_h x T)" in e.formula
    assert_allclose(e.value, hand, rtol=1e-9)
    assert e.inputs["T, one request alone [s]"] == o.request_s
    # one level (steady traffic): 730 h at 0.2 req/s on 1 node, 1 replica busy a (the levels table)
    assert e.table_columns == ["h", "req/s", "nodes", "replicas", "a", "W"]
    [(hours, rate, nodes, replicas, a, _)] = e.table_rows
    assert (hours, rate, nodes, replicas) == (730, 0.2, 1, 1)
    assert_allclose(a, busy, rtol=1e-9)
    assert_allclose(e.inputs["s, share of (P_busy - P_idle) drawn over a decode step"], o.kernel_share, rtol=1e-12)


def test_free_slots_of_a_rented_node_idle_while_its_replicas_serve():
    # An 8-GPU node holding two 1-GPU replicas that serve 1.5 req/s each (busy all the time: no request
    # time known, a = 1): 2 GPUs at 700 W and 6 at 100 W idle = 2,000 W, PUE 1: 2 kWh an hour, 1,440
    # kWh in 720 h. (Every GPU of the node at the replicas' share would be 8 x 700 W = 5,600 W.)
    f = pr.Fleet(node(accelerator_count=8, price_on_demand_usd_per_hour=8.0), ACC, 2.0, 1, 0, 1000.0)
    p = pr.autoscaled(f, typical_day(np.full(24, 3.0), 720), growth_factors(1, 0.0), A, PM, 8.0)
    assert p.nodes[0] == 1
    assert_allclose(p.kwh[0], (2 * 700 + 6 * 100) * 720 / 1000, rtol=1e-9)

"""One electricity figure for the same nodes at the same load (issue 18): a fleet of on-prem DGX H100
nodes carrying one workload gives the kWh and the electricity the options table gives for that
workload on the same nodes, both equal to the power model worked by hand:

    kWh/month = (nodes x (8 x P_idle + P_host) + busy GPUs x (P_busy - P_idle)) x PUE x 730 h / 1000
    busy GPUs = serving replicas x GPUs x (1 - exp(-rate / replicas x T)) x k

DGX H100 (catalog): 8 x H100 SXM, TDP 700 W, idle 73 W (measured), host 4,600 W; P_busy = TDP 700 W
(the step model: k below is the step's power share s, `Option.kernel_share`); PUE 1.4, $0.12/kWh
(the default assumptions). T [s] (one request alone) and k (the share of (TDP - idle) drawn over a
decode step) are the option's own (`Option.request_s`, `Option.kernel_share`), read here as
inputs. Before the fix the fleet counted every GPU a replica or a spare took as busy all hour (a = k =
1): at 0.2 req/s on these 2 nodes it read 11,220 kWh a month where the options read 10,681 (+5.0 %),
at 2 req/s +3.2 %, and the nightly batch run +0.25 % (k = 0.96 left out)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from app.domain import Assumptions
from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.units import narrowed
from app.engine.size import size
from app.store.io_formats import catalog_from_dir
from tests.engine.fleet.fleet_helpers import batch, plan, portfolio, scenarios, serving

ROOT = Path(__file__).resolve().parents[3]
DGX = "On-prem 8x H100 SXM (DGX H100)"
P_BUSY, P_IDLE, HOST, GPUS = 700.0, 73.0, 4600.0, 8
PUE, USD_KWH, MONTH_H = 1.4, 0.12, 730.0


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir(ROOT / "catalog")


def _fixed_month(catalog, nodes: int) -> float:
    """Capex amortised + operations share [USD/month] of `nodes` DGX H100."""
    a, capex = Assumptions(), catalog.instance(DGX).capex_usd
    return nodes * (capex / (a.amortisation_years * 12) + capex * a.operations_share / 12)


def _kwh(nodes: int, busy_gpus: float) -> float:
    return (nodes * (GPUS * P_IDLE + HOST) + busy_gpus * (P_BUSY - P_IDLE)) * PUE * MONTH_H / 1000.0


def _option(pf, catalog):
    entry = pf.workloads[0]
    return size(narrowed(scenarios(pf)[entry.label], DGX, GPUS, None, entry), catalog).recommended


@pytest.mark.parametrize("rps", [2.0, 0.2])
def test_serving_fleet_kwh_and_cost_equal_the_options(catalog, rps):
    # 2 nodes: the option's 1 serving replica and its spare on a node of its own (N + 1); the fleet
    # holds the same 2 nodes, its spare replica idle beside the serving one
    pf = portfolio([serving("Chat", rps)], [{"name": "Owned", "instance": DGX, "nodes": 2}])
    o = _option(pf, catalog)
    assert (o.replicas, o.spare_replicas) == (2, 1)
    busy = (1.0 - math.exp(-rps * o.request_s)) * o.kernel_share  # one serving replica of 1 GPU
    kwh = _kwh(2, busy)
    fp = plan(pf, catalog, failures=False)
    assert_allclose(fp.energy_kwh_per_week * MONTH_H / HOURS_PER_WEEK, kwh, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month, kwh, rtol=1e-3)
    cost = _fixed_month(catalog, 2) + kwh * USD_KWH
    assert_allclose(fp.cost_usd_per_month, cost, rtol=1e-3)
    assert_allclose(o.cost_per_month_usd, cost, rtol=1e-3)
    # the work above idle, where the old fleet differed: a x k of one GPU, not two GPUs flat out
    idle = _kwh(2, 0.0)
    assert_allclose(fp.energy_kwh_per_week * MONTH_H / HOURS_PER_WEEK - idle, kwh - idle, rtol=1e-3)


def test_batch_fleet_kwh_and_cost_equal_the_options(catalog):
    # 200,000 requests each night on one node: the run's replica-hours, each GPU busy a x k
    pf = portfolio([batch("Nightly", 200_000, "00:00-08:00")], [{"name": "Owned", "instance": DGX, "nodes": 1}])
    o = _option(pf, catalog)
    rate = o.requests_per_s_per_replica
    replica_hours = 200_000 / (rate * 3600.0) * MONTH_H / 24.0  # a run a day, 30.4 runs a month
    busy_gpu_hours = replica_hours * (1.0 - math.exp(-rate * o.request_s)) * o.kernel_share
    kwh = _kwh(1, busy_gpu_hours / MONTH_H)
    fp = plan(pf, catalog, failures=False)
    fleet_kwh = fp.energy_kwh_per_week * MONTH_H / HOURS_PER_WEEK
    assert_allclose(fleet_kwh, kwh, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month, kwh, rtol=1e-3)
    idle = _kwh(1, 0.0)
    assert_allclose(fleet_kwh - idle, kwh - idle, rtol=1e-3)  # k < 1 counted (the old fleet: k = 1)
    cost = _fixed_month(catalog, 1) + kwh * USD_KWH
    assert_allclose(fp.cost_usd_per_month, cost, rtol=1e-3)
    assert_allclose(o.cost_per_month_usd, cost, rtol=1e-3)

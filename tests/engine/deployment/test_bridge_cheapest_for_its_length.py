"""The months before owned nodes arrive run on the cloud plan that costs least over those months,
not on the one cheapest over the whole horizon: a 3-month bridge pays 3 months, whatever traffic
growth does to the plans later, and cannot use a reservation whose term is longer than itself
(issue 18: a 90-day on-prem bridge ran on a $2,913/month H100 pod, the horizon's cheapest on-demand
plan, beside a $1,032/month pair of L4 nodes)."""

from __future__ import annotations

import copy
import importlib

import numpy as np
import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Field service copilot, growing",
    "workload": {
        "name": "Field service copilot",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.5, "pattern": "steady"},
        "tokens": {"input_tokens": 1200, "output_tokens": 250},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80, "availability": 0.99},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["GCP g2-standard-4", "RunPod 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [1],
    },
    # +30 % a quarter: the L4 plan needs more nodes every quarter, the H100 pod never a second one;
    # no electricity or colocation cost: the owned node's running month is 15 %/year of its capex
    "assumptions": {
        "redundancy_replicas": 0,
        "growth_per_quarter": 0.3,
        "electricity_usd_per_kwh": 0.0,
        "colo_usd_per_kw_month": 0.0,
    },
}
GCP_OD, RUNPOD_OD, CAPEX = 0.70683, 3.99, 270_000
LEAD = 90 / (730 / 24)  # 2.959 months


def _sized(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(assumptions)
    return size(parse(Scenario, data), catalog)


def test_on_prem_bridge_runs_on_the_plan_cheapest_over_its_months(catalog):
    assert catalog.instance("GCP g2-standard-4").price_on_demand_usd_per_hour == pytest.approx(GCP_OD)
    assert catalog.instance("RunPod 1x H100 SXM").price_on_demand_usd_per_hour == pytest.approx(RUNPOD_OD)
    sizing = _sized(catalog)
    l4 = next(o for o in sizing.options if o.hardware == "GCP g2-standard-4")
    pod = next(o for o in sizing.options if o.hardware == "RunPod 1x H100 SXM")
    # the deployment plans serve each hour's rate at the rate one replica sustains: at 2.5 req/s,
    # 2 L4 nodes (~1.7 req/s each) or 1 H100 pod (~28 req/s)
    assert np.ceil(2.5 / l4.requests_per_s_per_replica) == 2 and np.ceil(2.5 / pod.requests_per_s_per_replica) == 1
    c = sizing.deployments
    # over 36 months of growth the pod is the cheaper on-demand plan ...
    assert c.row("cloud", "on_demand").hardware == "RunPod 1x H100 SXM"
    # ... but over the 90-day bridge the 2 L4 nodes cost $1,031.97 a month against $2,912.70
    row = c.row("on_prem", "capex")
    assert row.bridge == "cloud on-demand bridge on GCP g2-standard-4 for 90 days"
    # the bridge replaces the owned node's running months (15 %/year of capex) for its share of them
    instant = _sized(catalog, on_prem_lead_time_days=0).deployments.row("on_prem", "capex")
    owned_month = CAPEX * 0.15 / 12  # $3,375
    bridge_month = 2 * 730 * GCP_OD  # $1,031.97 (first quarter: no growth yet)
    want = LEAD * (bridge_month - owned_month)  # -$6,932.77 (the pod: -$1,367.93)
    assert row.horizon_cost_usd - instant.horizon_cost_usd == pytest.approx(want, rel=1e-6)


def test_a_bridge_shorter_than_a_reservation_cannot_use_it():
    cp = importlib.import_module("app.engine.deployment.compare")
    pr = importlib.import_module("app.engine.deployment.pricing")
    months = 12

    def plan(monthly: float) -> pr.Priced:
        z = np.zeros(months)
        return pr.Priced(np.full(months, monthly), z, z, z, z, monthly)

    cands = [("A", plan(1000.0), "on_demand"), ("A", plan(600.0), "reserved_1y"), ("B", plan(900.0), "on_demand")]
    # 3 months: the 1-year reservation is out; B's on-demand is the cheaper of the rest
    assert cp.cheapest_bridge(cands, 3.0)[:1] + cp.cheapest_bridge(cands, 3.0)[2:] == ("B", "on_demand")
    # a 12-month bridge may reserve for its year
    assert cp.cheapest_bridge(cands, 12.0)[2] == "reserved_1y"
    assert cp.cheapest_bridge([], 3.0) is None

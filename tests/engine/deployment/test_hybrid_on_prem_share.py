"""A hybrid's owned base is charged the scenario's `on_prem_share` of its month, as the on-prem row
is: capex, operations and energy alike; the cloud burst is rented whole. So the base percentile's
ends are the two plans it mixes: P0 costs what the all-cloud row costs, P100 what the on-prem row
costs (issue 18: with a 0.5 share the P100 hybrid cost $9,000/month beside a $4,500 on-prem row of
the same node)."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Legal drafting assistant, shared cluster",
    "workload": {
        "name": "Legal drafting",
        "category": "inference_api",
        # 6 peak hours at 12 x 3 = 36 req/s, 18 hours at (24 x 12 - 6 x 36) / 18 = 4 req/s
        "traffic": {"requests_per_s": 12, "peak_to_mean": 3, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 2000, "output_tokens": 400},
        "sla": {"ttft_p95_ms": 3000, "tpot_p95_ms": 60, "availability": 0.99},
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 8x H100 SXM"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [8],
    },
    # no electricity or colocation cost, no growth, no lead time: the owned node's month is
    # capex / 48 + 15 %/year operations, and every month is month 1
    "assumptions": {
        "redundancy_replicas": 0,
        "on_prem_share": 0.5,
        "hybrid_base_percentile": 50,
        "electricity_usd_per_kwh": 0.0,
        "colo_usd_per_kw_month": 0.0,
        "growth_per_quarter": 0.0,
        "on_prem_lead_time_days": 0,
    },
}
CAPEX = 270_000  # On-prem DGX H100, USD
DGX_MONTH = CAPEX / 48 + CAPEX * 0.15 / 12  # $9,000
LAMBDA_HOUR = 31.92
DAYS = 730 / 24


def _sized(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(assumptions)
    return size(parse(Scenario, data), catalog)


def test_hybrid_base_is_charged_the_share_and_its_ends_are_cloud_and_on_prem(catalog):
    assert catalog.instance("On-prem 8x H100 SXM (DGX H100)").capex_usd == pytest.approx(CAPEX)
    assert catalog.instance("Lambda 8x H100 SXM").price_on_demand_usd_per_hour == pytest.approx(LAMBDA_HOUR)
    c = _sized(catalog).deployments
    h, onprem, cloud = c.row("hybrid", "mixed"), c.row("on_prem", "capex"), c.row("cloud", "on_demand")
    # P50 (the 4 req/s night): 1 owned node (13.5 req/s a replica); the 6 peak hours burst
    # 36 - 13.5 = 22.5 req/s on 2 Lambda nodes
    assert h.nodes == 1 and h.burst_node_hours_per_month == pytest.approx(2 * 6 * DAYS)
    base = 0.5 * DGX_MONTH  # $4,500: half the owned node's month
    burst = 2 * 6 * DAYS * LAMBDA_HOUR  # $11,650.80
    assert h.cost_per_month_usd == pytest.approx(base + burst, rel=1e-9)  # $16,150.80 (was $20,650.80)
    assert h.upfront_usd == pytest.approx(0.5 * CAPEX, rel=1e-9)
    # 36 months: half the capex up front, half the operations and the burst every month
    assert h.horizon_cost_usd == pytest.approx(0.5 * CAPEX + 36 * (0.5 * CAPEX * 0.15 / 12 + burst), rel=1e-9)
    # the slider's ends: P0 = the all-cloud row, P100 = the on-prem row (its share included)
    curve = c.hybrid_chart.series[0]
    assert curve.x[0] == 0 and curve.x[-1] == 100
    assert curve.y[0] == pytest.approx(cloud.horizon_cost_usd, rel=1e-9)
    assert onprem.cost_per_month_usd == pytest.approx(3 * base, rel=1e-9)  # 3 nodes for the 36 req/s peak
    assert curve.y[-1] == pytest.approx(onprem.horizon_cost_usd, rel=1e-9)


def test_hybrid_at_p100_is_the_on_prem_row_energy_included(catalog):
    c = _sized(catalog, hybrid_base_percentile=100).deployments
    h, onprem = c.row("hybrid", "mixed"), c.row("on_prem", "capex")
    assert h.nodes == onprem.nodes == 3 and not h.burst_node_hours_per_month
    assert h.cost_per_month_usd == pytest.approx(onprem.cost_per_month_usd, rel=1e-9)  # $13,500 (was $27,000)
    assert h.energy_kwh_per_month == pytest.approx(onprem.energy_kwh_per_month, rel=1e-9)

"""The hybrid row's words agree with the hours it prices (GUI tester D19: "no owned base at P60:
all 8 h/day on Hyperstack ..., up to 1 node(s), 730 node-h/month": the on-demand floor node ran
all 24 hours, so 8 h/day x 30.4 days x 1 node x $1.85 = $450 from the words against $1,350 billed).

Scenario: 12 req/s mean, x3 in 8 peak hours, so the other 16 hours carry 0 req/s. Llama-3.1-70B
fp8 on 8 GPUs serves 13.5 req/s a replica (one replica a node): the peak's 36 req/s needs 3 Lambda
nodes; an hour with no traffic still holds the 1-node floor (min_replicas). At P0 nothing is owned:
node-hours a month = (8 x 3 + 16 x 1) x 730 / 24 = 1,216.7, cost = node-hours x $31.92."""

from __future__ import annotations

import copy
import re

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Peaky chat",
    "workload": {
        "name": "Peaky chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 12, "peak_to_mean": 3, "pattern": "diurnal", "peak_hours_per_day": 8},
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
    "assumptions": {
        "redundancy_replicas": 0,
        "hybrid_base_percentile": 0,
        "electricity_usd_per_kwh": 0.0,
        "colo_usd_per_kw_month": 0.0,
        "growth_per_quarter": 0.0,
        "on_prem_lead_time_days": 0,
    },
}
LAMBDA_HOUR = 31.92
DAYS = 730 / 24


def _hybrid(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(assumptions)
    return size(parse(Scenario, data), catalog).deployments.row("hybrid", "mixed")


def test_all_cloud_hybrid_says_the_hours_it_bills(catalog):
    h = _hybrid(catalog)
    assert catalog.instance("Lambda 8x H100 SXM").price_on_demand_usd_per_hour == pytest.approx(LAMBDA_HOUR)
    node_hours = (8 * 3 + 16 * 1) * DAYS  # 1,216.7
    assert h.burst_node_hours_per_month == pytest.approx(node_hours)
    assert h.cost_per_month_usd == pytest.approx(node_hours * LAMBDA_HOUR, rel=1e-9)
    said_hours = int(re.search(r"all (\d+) h/day on", h.binds).group(1))
    said_node_hours = float(re.search(r"([\d,]+) node-h/month", h.binds).group(1).replace(",", ""))
    assert said_hours == 24 == h.burst_hours_per_day  # the floor node holds the 16 quiet hours too
    assert "on-demand floor of 1 node(s) runs the 16 h/day without traffic" in h.binds
    assert h.burst_hours_per_month == pytest.approx(24 * DAYS)
    # the words' node-hours x the price = the row's month (to the rounding of the printed node-hours)
    assert said_node_hours * LAMBDA_HOUR == pytest.approx(h.cost_per_month_usd, abs=0.5 * LAMBDA_HOUR)
    # and the hours in the words bound them: at most `up to` nodes in each of those hours
    most = int(re.search(r"up to (\d+) node\(s\)", h.binds).group(1))
    assert said_node_hours <= said_hours * DAYS * most + 0.5

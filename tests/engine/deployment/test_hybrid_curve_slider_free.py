"""The hybrid's "cost over the horizon by base percentile" curve does not depend on where the slider
sits: each point is the hybrid the row shows at that percentile (GUI tester D26: with the slider at
P82 the curve's P0-P65 part was redrawn at ~$55k, the A100 plan of the pair chosen at P82, instead
of the $48.6k all-cloud plan the row shows at P0).

Tutoring chat (1.67 req/s, x3 in 8 peak hours), owned Gaudi 3 kit or Hyperstack RTX PRO 6000 SE /
A100 80 GB: the best pair at P90 (its model's A100 plan: $54,896 at P0) is not the cheapest
all-cloud plan ($42,048). Before, the curve drawn with the slider at P90 priced the P90 pair at
every percentile. Now the curves drawn with the slider at P0, P50 and P90 are one curve, and its
P0 and P90 points are the rows' horizon costs there."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Tutoring chat (any region)",
    "workload": {
        "name": "Student tutoring chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.67, "peak_to_mean": 3.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {
            "input_tokens": 1500,
            "input_tokens_p95": 4000,
            "output_tokens": 350,
            "output_tokens_p95": 900,
            "prefix_cache_hit_ratio": 0.9,
            "shared_prefix_tokens": 800,
        },  # fmt: skip
        "sla": {"ttft_p95_ms": 800, "tpot_p95_ms": 60, "availability": 0.999},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct", "Qwen2.5-32B-Instruct", "Qwen3-30B-A3B", "gpt-oss-20b"],
        "hardware": [
            "On-prem 8x Intel Gaudi 3 (UBB kit)",
            "Hyperstack 1x RTX PRO 6000 SE",
            "Hyperstack 1x A100 SXM 80GB",
        ],
        "precisions": ["bf16", "fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {
        "electricity_usd_per_kwh": 0.25,
        "pue": 1.3,
        "growth_per_quarter": 0.03,
        "on_prem_lead_time_days": 90,
    },  # fmt: skip
}


def _deployments(catalog, q: float):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"]["hybrid_base_percentile"] = q
    return size(parse(Scenario, data), catalog).deployments


def test_the_curve_is_the_same_wherever_the_slider_sits(catalog):
    at = {q: _deployments(catalog, q) for q in (0, 50, 90)}
    curves = {}
    for q, c in at.items():
        s = c.hybrid_chart.series[0]
        curves[q] = {x: y for x, y in zip(s.x, s.y, strict=True) if x in (0, 20, 40, 60, 80, 100)}
    assert curves[0] == pytest.approx(curves[50]) and curves[0] == pytest.approx(curves[90])
    # its ends are the rows the slider shows there: P0 = that percentile's hybrid row (all-cloud)
    for q in (0, 90):
        s = at[q].hybrid_chart.series[0]
        assert dict(zip(s.x, s.y, strict=True))[q] == pytest.approx(at[q].row("hybrid", "mixed").horizon_cost_usd)

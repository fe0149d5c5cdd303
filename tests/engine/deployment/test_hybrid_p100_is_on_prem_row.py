"""A hybrid whose owned base serves every hour (P100, no burst) is the on-prem row to the cent: the
same option on the same nodes, the same electricity, growth steps and lead-time bridge (tgui5 D5:
the P100 hybrid took a TP4 option on the same 3 DGX nodes as the on-prem row's TP2 one, +84 kWh a
month, -$1,437 over the horizon, and a false "month 22" break-even)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from app.domain import Scenario, parse
from app.engine import size

# the tester's "Claims chat 70B hybrid" (36 req/s in the 8 peak hours, 4.5 off-peak)
SCENARIO = {
    "name": "Claims chat 70B hybrid",
    "workload": {
        "name": "Claims handler chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 15.0, "peak_to_mean": 2.4},
        "tokens": {
            "input_tokens": 1500,
            "output_tokens": 250,
            "input_tokens_p95": 4000,
            "output_tokens_p95": 600,
            "shared_prefix_tokens": 800,
            "prefix_cache_hit_ratio": 0.6,
        },
        "sla": {"ttft_p95_ms": 1000.0, "tpot_p95_ms": 60.0},
        "budget_usd_per_month": 400000.0,
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 1x H100 SXM"],
    },
    "assumptions": {"electricity_usd_per_kwh": 0.227, "growth_per_quarter": 0.0678, "install_share": 0.08},
}


def _sized(catalog, percentile: float):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"]["hybrid_base_percentile"] = percentile
    return size(parse(Scenario, data), catalog)


@pytest.mark.parametrize("percentile", [100, 80])
def test_hybrid_without_burst_is_the_on_prem_row(catalog, percentile):
    sizing = _sized(catalog, percentile)
    c = sizing.deployments
    h, onprem = c.row("hybrid", "mixed"), c.row("on_prem", "capex")
    # options of several replica sizes (TP2, TP4, ...) own the on-prem row's number of DGX nodes
    owned = {o.gpus for o in sizing.options if o.hardware == onprem.hardware and o.nodes == onprem.nodes}
    assert {2, 4} <= owned
    assert not h.burst_node_hours_per_month
    assert h.option_index == onprem.option_index
    assert h.nodes == onprem.nodes
    assert h.cost_per_month_usd == pytest.approx(onprem.cost_per_month_usd, abs=0.01)
    assert h.upfront_usd == pytest.approx(onprem.upfront_usd, abs=0.01)
    assert h.energy_kwh_per_month == pytest.approx(onprem.energy_kwh_per_month, abs=1e-6)
    np.testing.assert_allclose(h.cumulative_usd, onprem.cumulative_usd, rtol=0, atol=0.01)
    pair = {h.label, onprem.label}
    assert [b.month for b in c.break_evens if {b.first, b.second} == pair] == [None]

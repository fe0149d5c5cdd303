"""The on-prem option's month carries colocation and installation as the deployment comparison's
on-prem row does: one formula (`engine.on_prem`) for options, rows, ranking and verdict (tcli5 N1:
the option left out `colo_usd_per_kw_month` and `install_share`, so on-prem ranked ahead of Lambda
at $29,366 while the row said $34,874).

Hand figures (npc.yaml of the reviewer, Llama-3.3-70B fp8, 30 req/s spiky, DGX H100 x 3 nodes):
capex 3 x 270,000 / 48 = 16,875; operations 3 x 270,000 x 0.15 / 12 = 10,125; energy 15,771.1 kWh
x $0.15 = 2,365.67; colocation 3 nodes x 10.2 kW x $180 = 5,508 -> 34,873.67 $/month. With
install_share 0.1: + 3 x 27,000 / 48 = 1,687.5 -> 36,561.17. Lambda on demand: 34 node-h a day x
30.4167 x $31.92 = 33,010.6, now cheaper than on-prem."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "NPC dialogue for an online RPG",
    "workload": {
        "name": "NPC dialogue (evening peak)",
        "category": "inference_api",
        "traffic": {"requests_per_s": 30, "peak_to_mean": 3, "pattern": "spiky", "peak_hours_per_day": 5},
        "tokens": {"input_tokens": 900, "output_tokens": 120},
        "sla": {"ttft_p95_ms": 600, "tpot_p95_ms": 45, "availability": 0.995},
        "sensitivity": "internal",
    },
    "candidates": {
        "models": ["Llama-3.3-70B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 8x H100 SXM"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [4],
    },
    "assumptions": {
        "horizon_years": 2,
        "growth_per_quarter": 0.1,
        "electricity_usd_per_kwh": 0.15,
        "pue": 1.25,
        "colo_usd_per_kw_month": 180,
        "on_prem_lead_time_days": 45,
        "grid_gco2e_per_kwh": 300,
    },
}
DGX = "On-prem 8x H100 SXM (DGX H100)"
KWH = 15_771.1  # the three DGX nodes' facility kWh a month (the reviewer's and the row's figure)
WITHOUT_COLO = 16_875 + 10_125 + KWH * 0.15  # 29,365.67: the old option figure
COLO = 3 * 10.2 * 180  # 5,508


def _sized(catalog, **assumptions):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(assumptions)
    return size(parse(Scenario, data), catalog)


def _on_prem(result):
    return next(o for o in result.options if o.hardware == DGX and o.gpus == 4)


def test_option_row_and_ranking_carry_colocation(catalog):
    result = _sized(catalog)
    opt = _on_prem(result)
    assert opt.nodes == 3
    assert opt.energy_kwh_per_month == pytest.approx(KWH, rel=1e-3)
    assert opt.cost_per_month_usd == pytest.approx(WITHOUT_COLO + COLO, rel=1e-4)  # 34,873.67
    row = result.deployments.row("on_prem", "capex")
    assert row.cost_per_month_usd == pytest.approx(opt.cost_per_month_usd, rel=1e-9)
    # Lambda at 33,010.6 is now the cheaper plan: the recommendation is not the on-prem one
    assert result.recommended.hardware == "Lambda 8x H100 SXM"
    assert result.recommended.cost_per_month_usd == pytest.approx(33_010.6, rel=1e-4)
    assert result.recommended.cost_per_month_usd < opt.cost_per_month_usd


def test_installation_is_amortised_in_the_option_as_in_the_row(catalog):
    result = _sized(catalog, install_share=0.1)
    opt = _on_prem(result)
    assert opt.cost_per_month_usd == pytest.approx(WITHOUT_COLO + COLO + 1_687.5, rel=1e-4)  # 36,561.17
    assert result.deployments.row("on_prem", "capex").cost_per_month_usd == pytest.approx(
        opt.cost_per_month_usd, rel=1e-9
    )

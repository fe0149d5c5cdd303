"""`on_prem_share` charges the scenario that share of the on-prem nodes' month: the option's cost,
its energy and CO2e, and the deployment comparison's on-prem row all on that one basis (tcli3
finding 19: the option cost 25 % of the month but carried the whole node's kWh, and the on-prem
row priced the whole node)."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "daily batch, shared DGX",
    "workload": {
        "name": "Contract extraction daily",
        "category": "batch",
        "tokens": {"input_tokens": 1500, "output_tokens": 200},
        "batch": {"total_requests": 120000, "recurrence": "daily", "start_window": "22:00-04:00"},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
    # no electricity or colocation cost: the node's month is capex / 48 + 15 %/year operations
    "assumptions": {"grid_gco2e_per_kwh": 400, "electricity_usd_per_kwh": 0.0, "colo_usd_per_kw_month": 0.0},
}
DGX_MONTH = 270_000 / 48 + 270_000 * 0.15 / 12  # $9,000


def _sized(catalog, share: float | None):
    data = copy.deepcopy(SCENARIO)
    if share is not None:
        data["assumptions"]["on_prem_share"] = share
    return size(parse(Scenario, data), catalog)


def test_share_scales_cost_energy_and_the_row_alike(catalog):
    whole, part = _sized(catalog, None), _sized(catalog, 0.25)
    ow, op = whole.recommended, part.recommended
    assert ow.hardware == op.hardware == "On-prem 8x H100 SXM (DGX H100)" and ow.replicas == op.replicas == 1
    assert ow.cost_per_month_usd == pytest.approx(DGX_MONTH, rel=1e-9)
    assert op.cost_per_month_usd == pytest.approx(0.25 * DGX_MONTH, rel=1e-9)  # $2,250
    assert ow.energy_kwh_per_month > 0
    assert op.energy_kwh_per_month == pytest.approx(0.25 * ow.energy_kwh_per_month, rel=1e-9)
    assert op.co2e_kg_per_month == pytest.approx(op.energy_kwh_per_month * 0.4, rel=1e-9)  # 400 g/kWh
    row = part.deployments.row("on_prem", "capex")
    assert row.cost_per_month_usd == pytest.approx(0.25 * DGX_MONTH, rel=1e-9)
    assert row.energy_kwh_per_month == pytest.approx(op.energy_kwh_per_month, rel=1e-9)
    assert row.co2e_kg_per_month == pytest.approx(op.co2e_kg_per_month, rel=1e-9)
    assert whole.deployments.row("on_prem", "capex").cost_per_month_usd == pytest.approx(DGX_MONTH, rel=1e-9)

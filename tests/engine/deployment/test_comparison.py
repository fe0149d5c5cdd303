"""The comparison over a real sizing: rows agree with the options they come from."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Support chat, own, lease or rent",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 6, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 1x H100 SXM", "Qubrid 8x H100 80GB bare metal"],
        "precisions": ["bf16"],
    },
}


@pytest.fixture(scope="module")
def sizing(catalog):
    return size(parse(Scenario, SCENARIO), catalog)


def test_bare_metal_row_costs_what_its_option_costs(sizing, catalog):
    row = sizing.deployments.row("bare_metal", "lease")
    option = sizing.options[row.option_index]
    lease = catalog.instance("Qubrid 8x H100 80GB bare metal").price_lease_usd_per_month
    # the engine's month and the comparison's month 1 hold the same nodes at the same lease
    assert row.cost_per_month_usd == pytest.approx(option.cost_per_month_usd)
    assert row.cost_per_month_usd == pytest.approx(row.nodes * lease)
    assert row.horizon_cost_usd == pytest.approx(36 * row.nodes * lease)  # 12-month terms end inside 3 years
    assert option.deployment == "bare_metal" and option.pricing == "lease"


def test_every_model_is_compared_and_break_evens_are_consistent(sizing):
    c = sizing.deployments
    assert {r.deployment for r in c.rows} == {"cloud", "bare_metal", "on_prem", "hybrid"}
    for b in c.break_evens:
        first = next(r for r in c.rows if r.label == b.first).cumulative_usd
        second = next(r for r in c.rows if r.label == b.second).cumulative_usd
        winner, loser = (first, second) if b.cheaper_after == b.first else (second, first)
        assert winner[-1] <= loser[-1]  # the one cheaper after the break-even ends cheaper
        if b.month is not None:
            assert all(w <= v for w, v in zip(winner[b.month - 1 :], loser[b.month - 1 :], strict=True))
            assert winner[b.month - 2] > loser[b.month - 2]  # and cost more the month before


def test_rented_nodes_energy_is_marked_as_a_physical_estimate(sizing):
    c = sizing.deployments
    assert not c.row("on_prem").energy_estimated
    assert c.row("cloud").energy_estimated and c.row("bare_metal").energy_estimated
    for r in c.rows:
        assert r.energy_kwh_per_month and r.energy_kwh_per_month > 0

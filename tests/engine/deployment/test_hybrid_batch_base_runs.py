"""A batch job's hybrid runs its owned base at the base option's own run rate and hours, as the
on-prem row does: at P100 (no burst) it is that row to the cent, bridge, energy and CO2e included
(tcli5 N22: the base ran the burst option's 5.54 req/s six-hour runs instead of its own 9.03 req/s
3.69-hour ones, horizon $191,457.78 against the row's $191,322.88, and its energy was n/a because
the idle TPU burst, which runs 0 hours, has no power model)."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import Scenario, parse
from app.engine import size

# the reviewer's weekly pharma extraction (/tmp/tcli5/s/pharma_p100.yaml)
SCENARIO = {
    "name": "Pharma document extraction",
    "workload": {
        "name": "Clinical-report field extraction (weekly)",
        "category": "batch",
        "tokens": {"input_tokens": 6000, "output_tokens": 700},
        "batch": {
            "total_requests": 120000,
            "recurrence": "weekly",
            "start_window": "20:00-08:00",
            "run_days": ["Sat"],
        },
        "sensitivity": "confidential",
    },
    "candidates": {
        "models": ["Qwen2.5-14B-Instruct"],
        "hardware": [
            "On-prem 8x Intel Gaudi 3 (UBB kit)",
            "GCP TPU v5litepod-8",
            "AWS g6e.12xlarge",
            "On-prem 8x A100 80GB (DGX A100)",
        ],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {
        "horizon_years": 3,
        "growth_per_quarter": 0.0,
        "hybrid_base_percentile": 100,
        "electricity_usd_per_kwh": 0.18,
        "pue": 1.5,
        "grid_gco2e_per_kwh": 350,
    },
}


def test_batch_hybrid_at_p100_is_the_on_prem_row(catalog):
    c = size(parse(Scenario, SCENARIO), catalog).deployments
    h, onprem = c.row("hybrid", "mixed"), c.row("on_prem", "capex")
    assert not h.burst_node_hours_per_month
    assert h.option_index == onprem.option_index
    # the base's own runs: the option's rate, not the burst option's
    assert "P100 hourly rate (9.03 req/s)" in h.binds
    assert h.cost_per_month_usd == pytest.approx(onprem.cost_per_month_usd, abs=0.01)
    assert h.horizon_cost_usd == pytest.approx(onprem.horizon_cost_usd, abs=0.01)
    np.testing.assert_allclose(h.cumulative_usd, onprem.cumulative_usd, rtol=0, atol=0.01)
    # one bridge rule: the same cloud plan bridges the lead time of both rows
    assert h.binds.split("; ")[-1] == onprem.binds.split("; ")[-1]
    assert "spot bridge" in onprem.binds
    # nothing bursts: the energy is the base's, known, with the base's lower-bound mark
    assert h.energy_kwh_per_month is not None
    assert h.energy_kwh_per_month == pytest.approx(onprem.energy_kwh_per_month, abs=1e-6)
    assert h.co2e_kg_per_month == pytest.approx(onprem.co2e_kg_per_month, abs=1e-6)
    assert h.energy_lower_bound == onprem.energy_lower_bound

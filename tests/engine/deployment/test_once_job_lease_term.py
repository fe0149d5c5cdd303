"""A one-off batch job holds a leased node for its minimum term, not the whole horizon, and an
on-prem row whose only run falls in its delivery bridge says so (issue 18, tcli6 N26).

The reviewer's law_once.yaml: 6,000 contracts once (`recurrence: once`), a 2-year horizon, the
work 1.4 h on one 8x H100 node in month 1. Qubrid 8x H100 bare metal: $11,117.90 a month on a
12-month term. The lease is handed back at the end of the term its last run falls in:

    12 months x $11,117.90 = $133,414.80 over the horizon (was 24 x 11,117.90 = $266,829.60), none owed

On-prem DGX H100: 90 days' delivery, the first 2.96 months on the cloud bridge; the only run is in
month 1, so the DGX never runs the work: the row's bridge words and notes say so."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Law firm overnight contract review",
    "workload": {
        "name": "Contract clause review",
        "category": "batch",
        "tokens": {"input_tokens": 30000, "output_tokens": 1200, "input_tokens_p95": 60000, "output_tokens_p95": 2000},
        "batch": {"total_requests": 6000, "deadline_hours": 9, "recurrence": "once", "start_window": "22:00-07:00"},
        "sla": {"availability": 0.99},
        "sensitivity": "confidential",
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": [
            "AWS p5.48xlarge",
            "Lambda 8x H100 SXM",
            "On-prem 8x H100 SXM (DGX H100)",
            "Qubrid 8x H100 80GB bare metal",
        ],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {
        "horizon_years": 2,
        "growth_per_quarter": 0.0,
        "electricity_usd_per_kwh": 0.2,
        "pue": 1.5,
        "grid_gco2e_per_kwh": 300,
        "hybrid_base_percentile": 50,
    },
}


def test_once_job_lease_held_for_its_term_only(catalog):
    result = size(parse(Scenario, SCENARIO), catalog)
    lease = result.deployments.row("bare_metal", "lease")
    assert lease.hardware == "Qubrid 8x H100 80GB bare metal"
    assert lease.nodes == 1
    assert lease.horizon_cost_usd == pytest.approx(12 * 11117.9, rel=1e-9)
    assert lease.owed_after_horizon_usd == pytest.approx(0.0, abs=1e-9)

    on_prem = result.deployments.row("on_prem", "capex")
    assert "all the work runs on it" in on_prem.bridge
    assert any("the work is done before delivery" in n for n in on_prem.assumptions)

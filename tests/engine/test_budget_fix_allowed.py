"""The budget's "what would fix it" offers only the changes the scenario's constraints allow (GUI
tester D18: an on-prem-only coding assistant over its budget was told "spot or reserved pricing",
cloud prices the scenario excludes). Same workload, same budget: on-prem only, the fix names no
cloud pricing; with the cloud allowed, it does."""

from __future__ import annotations

import copy

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Coding assistant on-prem",
    "workload": {
        "name": "Coding assistant",
        "category": "inference_api",
        "traffic": {"requests_per_s": 12, "peak_to_mean": 3, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 2000, "output_tokens": 400},
        "budget_usd_per_month": 1000,
        "sla": {"ttft_p95_ms": 3000, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 8x H100 SXM"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
        "gpu_counts": [8],
    },
    "constraints": {"on_prem_only": True},
}


def _budget_fix(data: dict, catalog) -> str:
    sizing = size(parse(Scenario, data), catalog)
    assert not sizing.feasible and sizing.error_kind == "budget"
    b = next(b for b in sizing.binding_constraints if b.constraint == "budget")
    return b.fix


def test_on_prem_only_is_not_told_spot_or_reserved(catalog):
    fix = _budget_fix(SCENARIO, catalog)
    assert "spot" not in fix and "reserved" not in fix
    assert "assumptions.on_prem_share" in fix  # what an owned node can change
    assert "FP8/INT4 weights" in fix and "fewer spares" in fix and fix.endswith("or a smaller model")


def test_with_the_cloud_allowed_spot_and_reserved_are_offered(catalog):
    data = copy.deepcopy(SCENARIO)
    data["constraints"] = {}
    fix = _budget_fix(data, catalog)
    assert "spot or reserved pricing" in fix

"""Over the budget alone, every option, but the hybrid of the same hardware fits: the title page's
Recommendation line says what the summary says (it said "none within the budget ... the cheapest costs
$27,000" while the summary named the hybrid at $20,651: two stories in one package)."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from app.domain import Scenario, parse
from app.report import ReportMeta, write_decision_package
from app.selection import build_matrix, sensitivity
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir

# the scenario of tests/engine/deployment/test_budget_hybrid_fits.py: 3 DGX nodes $27,000, hybrid $20,650.80
SCENARIO = {
    "name": "70B API on a budget",
    "workload": {
        "name": "Public API 70B",
        "category": "inference_api",
        "traffic": {"requests_per_s": 12, "peak_to_mean": 3.0, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 2000, "output_tokens": 400, "input_tokens_p95": 4000, "output_tokens_p95": 800},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 50, "availability": 0.99},
        "budget_usd_per_month": 25000,
    },
    "candidates": {
        "models": ["Llama-3.1-70B-Instruct"],
        "hardware": ["Lambda 8x H100 SXM", "On-prem 8x H100 SXM (DGX H100)"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [8],
    },
    "assumptions": {
        "redundancy_replicas": 0,
        "hybrid_base_percentile": 60,
        "horizon_years": 3,
        "electricity_usd_per_kwh": 0.0,
        "colo_usd_per_kw_month": 0.0,
    },
}


def test_title_page_names_the_deployment_model_that_fits(tmp_path):
    catalog = catalog_from_dir()
    scenario = parse(Scenario, SCENARIO)
    sizing = size_scenario(catalog, scenario)
    assert sizing.error_kind == "budget" and sizing.error.startswith("No single option within budget")
    matrix = build_matrix(sizing, catalog, scenario.workload)
    meta = ReportMeta(project="Budget", author="A. Architect", date=dt.date(2026, 11, 30))
    path = write_decision_package(tmp_path / "p.pdf", scenario, sizing, matrix, catalog, meta, sensitivity(matrix))
    title = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "No single option within budget; hybrid on-prem base + burst" in title
    assert "fits at $20,651/month against $25,000" in title
    assert "the cheapest costs" not in title

"""The Deployment page compares the model the selection matrix recommends, as the decision package's
deployment section does, and says so (tgui3 D11: the page followed the engine's cheapest design,
Llama-3.1-8B, while the PDF's §6.1 compared Qwen3-30B-A3B, the recommendation's model)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.services.deployment import compare_deployments
from app.services.reporting import deployments_for_model
from app.store.io_formats import catalog_from_dir
from app.ui.deployment.page import DeploymentPage

SCENARIO = {
    "name": "Live subtitles",
    "workload": {
        "name": "Live subtitles",
        "category": "inference_api",
        "traffic": {"requests_per_s": 8, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 300, "output_tokens": 80},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 100},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct", "Qwen3-30B-A3B"],
        "hardware": ["RunPod 1x L40S", "RunPod 1x RTX 4090"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [1],
    },
    "assumptions": {"redundancy_replicas": 0},
}


@pytest.fixture(scope="module")
def sized():
    catalog = catalog_from_dir()
    scenario = parse(Scenario, SCENARIO)
    sizing = size(scenario, catalog)
    other = next(o.model for o in sizing.options if o.feasible and o.model != sizing.recommended.model)
    return catalog, scenario, sizing, other


def test_service_compares_the_given_model_as_the_report_does(sized):
    catalog, scenario, sizing, other = sized
    c = compare_deployments(catalog, scenario, sizing, model=other)
    assert c.rows and {r.model for r in c.rows} == {other}
    assert {r.model for r in sizing.deployments.rows} == {sizing.recommended.model}
    assert c.notes[0] == (
        f"Compared for {other}, the selection matrix's recommended model (as the decision package's deployment "
        f"section); the engine's cheapest design runs {sizing.recommended.model}"
    )
    report = deployments_for_model(scenario, catalog, sizing, other)
    assert [(r.label, r.hardware, r.cost_per_month_usd) for r in report.rows] == [
        (r.label, r.hardware, r.cost_per_month_usd) for r in c.rows
    ]
    # the engine's own model: the engine's comparison, no note
    same = compare_deployments(catalog, scenario, sizing, model=sizing.recommended.model)
    assert [r.hardware for r in same.rows] == [r.hardware for r in sizing.deployments.rows]


def test_page_shows_the_recommended_model_and_says_which(qtbot, sized):
    catalog, scenario, sizing, other = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.comparison_shown, timeout=120000):  # computed in the page's worker
        page.set_context(catalog, scenario, sizing, other)
    c = page.comparison
    assert c is not None and {r.model for r in c.rows} == {other}
    assert f"Model: {other}, the selection matrix's recommendation (as in the decision package)." in (
        page.summary.text()
    )
    # without a recommendation: the engine's comparison, shown at once
    page.set_context(catalog, scenario, sizing)
    assert page.comparison is sizing.deployments
    assert f"Model: {sizing.recommended.model}." in page.summary.text()

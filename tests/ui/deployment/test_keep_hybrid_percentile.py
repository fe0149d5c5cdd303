"""The Deployment page's hybrid slider is a what-if; "Keep P80" makes it the scenario's hybrid base
(an undo step), so the decision package and a reopened project use what the page showed (GUI tester
tgui6 D16: moved to P80, the exported package said P60 and $1,510,995 against $1,793,098 on screen)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCENARIO = {
    "name": "Depot chat, own or rent",
    "workload": {
        "name": "Depot chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 40, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1200, "output_tokens": 250},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 3, "hybrid_base_percentile": 60},
}


def test_keep_makes_the_slider_the_scenarios_hybrid_base_with_undo(qtbot, settings, tmp_path):
    from app import store
    from app.ui.main_window import MainWindow

    path = tmp_path / "depot.archwise"
    project = store.Project.open(path, create=True)
    project.save_scenario(parse(Scenario, SCENARIO))
    project.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    if w.document.scenario is None:
        assert w.document.open("Depot chat, own or rent")
    w.show_page("Deployment")
    page = w.deployment_page
    qtbot.waitUntil(
        lambda: w.analysis_page is not None and w.analysis_page.sizing is not None and not w.analysis_page.runner.busy,
        timeout=120000,
    )
    qtbot.waitUntil(lambda: page.comparison is not None and page.slider.isEnabled(), timeout=120000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60000)
    assert page.slider.value() == 60 and not page.keep_percentile.isVisibleTo(page)

    page.slider.setValue(80)  # a what-if: the scenario keeps P60 until kept
    assert page.keep_percentile.isVisibleTo(page)
    assert page.keep_percentile.text() == "Keep P80 (scenario: P60)"
    assert w.document.scenario.assumptions.hybrid_base_percentile == 60

    page.keep_percentile.click()
    assert w.document.scenario.assumptions.hybrid_base_percentile == 80
    w.document.flush()
    with store.Project.open(path, read_only=True) as saved:
        assert saved.scenario("Depot chat, own or rent").assumptions.hybrid_base_percentile == 80

    w.undo_stack.undo()  # one undo step puts P60 back
    assert w.document.scenario.assumptions.hybrid_base_percentile == 60
    w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()
    page.stop_work()

"""The Analysis page's verdict banner names what binds: a budget-only failure in red, in words
that say the SLA is met, not the hardware verdict. Real widgets and engine; waits on signals."""

from __future__ import annotations

import pytest

from app.domain import INSUFFICIENT_HARDWARE, Scenario, parse
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def team_chat(budget: float | None) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Team chat",
            "workload": {
                "name": "Team chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 1, "peak_to_mean": 2},
                "tokens": {"input_tokens": 1200, "output_tokens": 300},
                "sla": {"ttft_p95_ms": 1500, "availability": 0.999},
                "budget_usd_per_month": budget,
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x L40S"], "precisions": ["fp8"]},
        },
    )


@pytest.fixture
def page(qtbot):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    p = AnalysisPage(lambda: catalog)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    yield p
    p.runner.cancel()


def test_budget_only_failure_banner_is_red_and_says_budget(qtbot, page):
    from app.ui.chart_view import load_palette

    with qtbot.waitSignal(page.sizing_changed, timeout=20000) as blocker:
        page.set_scenario(team_chat(budget=50))
    sizing = blocker.args[0]
    assert not sizing.feasible and sizing.error_kind == "budget"
    text = page.banner.text()
    assert "No option within budget: cheapest feasible is $" in text and "against $50" in text
    assert INSUFFICIENT_HARDWARE not in text and "only the budget" in text
    assert load_palette("normal")["reference"] in text  # the breached budget in the palette's red
    assert page.banner.property("error") is True  # the QSS's red edge

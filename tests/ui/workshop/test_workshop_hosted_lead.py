"""When the selection matrix recommends a hosted API, workshop mode leads with it as it does with a
self-hosted design (issue 19): the verdict names the hosted API first, the cost chart's first
reference line is its price per 1M tokens, no self-hosted point is highlighted as if it were the
recommendation, and the A/B/C grid names it with its prices. A blank chat workload typed in, with
two hosted APIs among the candidates and the room weighting cost per token and operating burden
up; real window, real project file, the real engine."""

from __future__ import annotations

import pytest

from app.domain import Category
from app.services import comparison_grid as cg
from app.services import scenarios
from app.services.sizing import scenario_yaml
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
HOSTED = "OpenAI GPT-4o mini"
WEIGHTS = {"cost_per_mtok": 10, "burden": 5}


@pytest.fixture
def window(qtbot, settings, tmp_path):
    project = Project.open(tmp_path / "faq.archwise", create=True)
    blank = scenarios.new_blank(project, Category.INFERENCE_API)
    data = blank.model_dump(mode="json")
    data["name"] = data["workload"]["name"] = "FAQ bot"
    data["workload"]["traffic"].update(requests_per_s=0.2, peak_to_mean=2.0)
    data["workload"]["tokens"].update(input_tokens=800, output_tokens=200)
    data["workload"]["sla"].update(ttft_p95_ms=2000)
    data["workload"]["sensitivity"] = "public"
    data["candidates"].update(
        models=["Llama-3.1-8B-Instruct"],
        hardware=["AWS g6e.4xlarge", "AWS g6.xlarge"],
        hosted_apis=["Together Llama 3.1 8B Instruct Turbo", HOSTED],
    )
    (tmp_path / "faq.yaml").write_text(scenario_yaml(type(blank).model_validate(data)))
    project.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show_error = lambda title, message: None
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "faq.archwise"))
    assert w.files.import_scenario(tmp_path / "faq.yaml")
    yield w
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def test_a_recommended_hosted_api_leads_the_verdict_the_cost_chart_and_the_grid(qtbot, window):
    analysis = window.ensure_analysis_page()
    with qtbot.waitSignal(analysis.sizing_changed, timeout=60000):
        window.analyse()
    qtbot.waitUntil(lambda: analysis.sizing.detailed and not analysis.runner.busy, timeout=60000)
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    window.followers.refresh_selection()  # the room weights cost per token and burden up
    for key, value in WEIGHTS.items():
        with qtbot.waitSignal(window.selection_page.weights_changed, timeout=10000):
            window.selection_page.sliders[key].setValue(value)
    analysis.size_again()
    label = f"{HOSTED} (hosted API)"
    qtbot.waitUntil(
        lambda: (
            view.recommendation is not None
            and view.recommendation.label == label
            and analysis.sizing.detailed
            and not analysis.runner.busy
            and analysis.sizing.chart_lead_hosted == label
        ),
        timeout=60000,
    )
    hosted = view.recommendation.hosted
    engine = analysis.sizing.recommended
    assert view.recommendation.option is None and engine is not None  # self-hosted designs are feasible too
    # the verdict leads with the hosted API, then names the engine's cheapest self-hosted design
    assert view.strip.text().startswith(f"✔ Feasible: {label} — ${hosted.cost_per_month_usd:,.0f}/month")
    view.show_step("verdict")
    lines = view.verdict_page.text().splitlines()
    assert lines[0] == f"Feasible: {label}"
    assert lines[-1].startswith(
        f"The selection matrix's first choice; the engine's cheapest self-hosted design is {engine.label}"
    )
    assert view.verdict_page.others.text().splitlines()[1].startswith(f"#2 {engine.label}")
    # the cost chart leads with its price per 1M tokens; no self-hosted point is marked as the choice
    view.show_step("cost")
    cost = view.chart_steps["cost"].view
    first = cost.chart.reference_lines[0]
    assert first.label == f"Recommended: {label} ${hosted.cost_per_million_tokens_usd:,.3f}"
    assert first.value == pytest.approx(hosted.cost_per_million_tokens_usd)
    assert first.orientation == "horizontal"
    assert cost.highlighted is None
    # the A/B/C grid names the hosted API and its prices, not the engine's design
    analysis.pin()
    view.show_step("compare")
    grid = view.cards
    assert grid.cell(cg.DESIGN, 0).text() == label
    assert grid.cell(cg.PER_MONTH, 0).text() == f"${hosted.cost_per_month_usd:,.0f}"
    assert grid.cell(cg.PER_MILLION, 0).text() == f"${hosted.cost_per_million_tokens_usd:,.3f}"
    assert grid.cell(cg.VERDICT, 0).text() == "✔ Feasible (hosted API)"
    window.actions.workshop.setChecked(False)

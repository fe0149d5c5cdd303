"""Workshop mode's charts show and highlight the option the selection matrix recommends, the one
its verdict names (issue 19, window defects: the charts plotted the engine's first four options
and highlighted the engine's pick while the verdict spoke for the matrix's). A scenario whose
matrix winner with quality weighted up (Qwen2.5-32B on p5) is not the engine's cheapest design
(Llama-3.1-8B); real window, real project file, the real engine."""

from __future__ import annotations

import pytest
from scenario_builders import driver_assistant

from app.domain import Category

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
WEIGHTS = {"quality": 10.0}


@pytest.fixture
def window(window_on):
    return window_on("logistics.archwise", Category.AGENT, driver_assistant)


def test_workshop_charts_plot_and_highlight_the_recommendation(qtbot, window, analysed):
    analysis = analysed(window)
    engine_pick = analysis.sizing.options[0]
    assert engine_pick.model == "Llama-3.1-8B-Instruct"
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    window.followers.refresh_selection()  # the room weights quality up on the Selection page
    with qtbot.waitSignal(window.selection_page.weights_changed, timeout=10000):
        window.selection_page.sliders["quality"].setValue(int(WEIGHTS["quality"]))
    analysis.size_again()
    qtbot.waitUntil(
        lambda: (
            view.recommendation is not None
            and view.recommendation.option is not None
            and view.recommendation.option.model == "Qwen2.5-32B-Instruct"
            and analysis.sizing.detailed
            and not analysis.runner.busy
            and analysis.sizing.options[analysis.sizing.chart_lead].label == view.recommendation.label
        ),
        timeout=60000,
    )
    rec = view.recommendation
    sizing = analysis.sizing
    index = [o.label for o in sizing.options].index(rec.label)
    assert index >= 4  # beyond the engine's first four options: the old latency chart had no curve of it
    assert view.strip.text().startswith(f"✔ Feasible: {rec.label}")
    view.show_step("latency")
    step = view.chart_steps["latency"]
    chart = step.view.chart
    assert chart.series[0].option_index == index and chart.series[0].name.startswith(rec.label)
    assert step.view.highlighted == index
    view.show_step("memory")
    memory = view.chart_steps["memory"].view
    assert index in memory.chart.category_options and memory.highlighted == index
    # the Analysis page selects it too once its charts lead with it
    assert analysis.selected_option_index() == index

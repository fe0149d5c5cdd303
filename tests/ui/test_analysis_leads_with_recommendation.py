"""One story outside workshop mode too (issue 19): the Analysis page's charts and Strategy lead
with the selection matrix's recommendation the banner names, not the engine's cheapest design;
the detailed result is sized once more, led by it, and a what-if preview is led by it from the
start (never a second sizing per slider step). Workshop mode reads the page's recommendation
instead of building the matrix a second time. The scenario is test_one_recommendation_everywhere's:
default weights recommend Llama-3.1-8B on p5.4xlarge, the engine's cheapest is Llama on g6e."""

from __future__ import annotations

import pytest
from scenario_builders import driver_assistant

from app.domain import Category

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
CHEAPEST = "Llama-3.1-8B-Instruct · AWS g6e.4xlarge, 1x NVIDIA L40S (TP1, fp8, vLLM)"
MATRIX = "Llama-3.1-8B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"


@pytest.fixture
def window(window_on):
    return window_on("logistics.archwise", Category.AGENT, driver_assistant)


def led(analysis) -> str:
    sizing = analysis.sizing
    return sizing.options[sizing.chart_lead].label


def test_charts_and_strategy_lead_with_the_banners_recommendation(qtbot, window, analysed):
    analysis = analysed(window)
    qtbot.waitUntil(
        lambda: analysis.sizing.detailed and not analysis.runner.busy and led(analysis) == MATRIX, timeout=60000
    )
    sizing = analysis.sizing
    assert sizing.recommended.label == CHEAPEST  # the engine's pick is still the cheapest design
    assert "Recommended (selection matrix): <b>" + MATRIX in analysis.banner.text()
    index = [o.label for o in sizing.options].index(MATRIX)
    latency = analysis.charts["latency_vs_concurrency"]
    assert latency.chart.series[0].option_index == index  # drawn first
    assert latency.highlighted == index
    assert analysis.selected_option_index() == index
    # the strategy is the recommendation's: the KV cache an H100 (80 GB) leaves, not an L40S (48 GB)
    strategy = " ".join(sizing.strategy)
    rec, cheapest = sizing.options[index], sizing.recommended
    assert f"{rec.memory.kv_cache_gib:,.1f} GiB left for the KV cache" in strategy
    assert f"{cheapest.memory.kv_cache_gib:,.1f} GiB left" not in strategy
    assert rec.memory.kv_cache_gib > cheapest.memory.kv_cache_gib + 20
    # a what-if preview is led by it straight away (no second sizing per slider step)
    with qtbot.waitSignal(analysis.sizing_changed, timeout=60000, check_params_cb=lambda s: not s.detailed):
        analysis.whatif.sliders["traffic"].setValue(analysis.whatif.sliders["traffic"].value() + 1)
    assert led(analysis) == MATRIX


def test_workshop_reads_the_pages_recommendation(qtbot, window, analysed):
    analysis = analysed(window)
    window.actions.workshop.setChecked(True)
    view = window.workshop.view
    assert view.recommendation is analysis.recommendation  # one matrix per detailed result, not two
    assert view.recommendation.label == MATRIX

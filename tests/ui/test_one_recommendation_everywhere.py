"""One story (issue 19): the pinned A/B/C cards, the Compare tab's Choice row and the Analysis
banner name the selection matrix's recommendation, as the workshop verdict and the report do, and
say the engine's cheapest feasible design beside it when that is another one. Real window and
project file; the scenario (an agent, Llama-3.1-8B and Qwen2.5-32B on g6e.4xlarge and p5.4xlarge)
is one whose matrix winner with the default weights (Llama on p5, the H100's speed weighs) is not
the engine's cheapest (Llama on g6e), and quality weighted up to 10 makes it Qwen2.5-32B on p5."""

from __future__ import annotations

import pytest
from scenario_builders import driver_assistant

from app.domain import Category
from app.services import comparison_grid as cg
from app.ui.workshop.compare_grid import CompareGrid

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
CHEAPEST = "Llama-3.1-8B-Instruct · AWS g6e.4xlarge, 1x NVIDIA L40S (TP1, fp8, vLLM)"
MATRIX = "Llama-3.1-8B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"
QUALITY = "Qwen2.5-32B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"


@pytest.fixture
def window(window_on):
    return window_on("logistics.archwise", Category.AGENT, driver_assistant)


def test_banner_and_pins_name_the_matrix_recommendation_and_the_cheapest(qtbot, window, analysed):
    analysis = analysed(window)
    assert analysis.sizing.recommended.label == CHEAPEST  # the engine's pick
    banner = analysis.banner.text()
    assert f"Recommended (selection matrix): <b>{MATRIX}</b>" in banner
    assert f"Cheapest feasible: {CHEAPEST}" in banner
    rec = analysis.recommendation.option
    assert f"{rec.replicas} replica(s), {rec.total_gpus} GPU(s)" in banner  # the recommendation's figures
    assert analysis.table_model.option(analysis.selected_option_index()).label == MATRIX  # selected, explained
    analysis.pin()
    pin = analysis.compare.pins()[0]
    table = analysis.compare.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    choice = table.item(rows.index("Choice"), 0).text()
    # the model said once, each design as its instance: short enough for a card in large type
    assert choice == "Llama-3.1-8B-Instruct: recommended AWS p5.4xlarge (matrix); cheapest feasible AWS g6e.4xlarge"
    month = table.item(rows.index("USD/month"), 0).text()
    assert month == f"{rec.cost_per_month_usd:,.0f}"  # the recommendation's cost, not the cheapest's
    assert month != f"{analysis.sizing.recommended.cost_per_month_usd:,.0f}"
    assert pin.option.label == MATRIX


def test_weights_changed_on_the_selection_page_change_pins_and_banner(qtbot, window, analysed):
    analysis = analysed(window)
    analysis.pin()
    window.followers.refresh_selection()
    page = window.selection_page
    assert page.sliders
    with qtbot.waitSignal(page.weights_changed, timeout=10000):
        page.sliders["quality"].setValue(10)
    assert f"Recommended (selection matrix): <b>{QUALITY}</b>" in analysis.banner.text()
    assert analysis.compare.pins()[0].option.label == QUALITY
    cards = CompareGrid()  # the workshop's A/B/C grid reads the same pins
    qtbot.addWidget(cards)
    cards.show_pins(analysis.compare.pins())
    # a card names only the design its figures describe (270a5d4, D13); the Compare tab says both
    rec = analysis.recommendation.option
    assert (
        cards.cell(cg.DESIGN, 0).text()
        == f"Qwen2.5-32B-Instruct ({rec.precision.value}) · {rec.replicas} × AWS p5.4xlarge"
    )
    table = analysis.compare.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert (
        table.item(rows.index("Choice"), 0).text().endswith("cheapest feasible Llama-3.1-8B-Instruct · AWS g6e.4xlarge")
    )
    assert cards.cell(cg.PER_MONTH, 0).text() == f"${rec.cost_per_month_usd:,.0f}"

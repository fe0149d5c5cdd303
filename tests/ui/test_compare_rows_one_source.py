"""The Compare tab (Analysis page) reads one source with the options table and the pins: each
pinned column shows, field by field, the options-table row of the design it stands for (the
selection matrix's recommendation, not the engine's cheapest), energy included; the decision rows
are the workshop grid's; a recommended hosted API's costs are its prices. Real window, real
project file, the real engine (before, the tab had no energy row, wrote costs as '5,022 USD' where
the table wrote '5,022', and a hosted recommendation showed the cheapest self-hosted design's
cost)."""

from __future__ import annotations

import pytest
from scenario_builders import driver_assistant

from app.domain import Category
from app.services import comparison_grid as cg
from app.services import reporting, scenarios
from app.services.comparison import Pin
from app.store import Project
from app.ui.compare_rows import ROW_OF, compare_rows
from app.ui.option_columns import OPTION_COLUMNS
from app.ui.roles import DISPLAY

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
MATRIX = "Llama-3.1-8B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"


def _compare_column(analysis, col: int) -> dict[str, str]:
    table = analysis.compare.table
    return {
        table.verticalHeaderItem(r).text(): (table.item(r, col).text() if table.item(r, col) else "")
        for r in range(table.rowCount())
    }


def _table_row(analysis, label: str) -> dict[str, str]:
    """The options table's cells of the option labelled `label`, by the Compare tab's name of each
    column (the flat list: a group's head row adds its folded count to the hardware, '(+11)')."""
    model = analysis.table_model
    model.set_grouped(False)
    n = [o.label for o in analysis.sizing.options].index(label)
    return {
        ROW_OF[OPTION_COLUMNS[c].key]: model.data(model.index_of_option(n, c), DISPLAY)
        for c in range(len(OPTION_COLUMNS))
        if OPTION_COLUMNS[c].key != "rank"
    }


def test_a_pinned_column_is_its_designs_options_table_row(qtbot, window_on, analysed):
    window = window_on("logistics.archwise", Category.AGENT, driver_assistant)
    analysis = analysed(window)
    analysis.pin()
    pin = analysis.compare.pins()[0]
    assert cg.chosen(pin).label == MATRIX != analysis.sizing.recommended.label  # the matrix's, not the cheapest
    shown = _compare_column(analysis, 0)
    row = _table_row(analysis, MATRIX)
    assert "Wh/1M tok" in row and row["Wh/1M tok"] not in ("", "n/a")
    for header, text in row.items():
        # a column empty for every pin (cost per run while serving, no violation) is left out
        assert shown.get(header, "") == text, header
    assert shown["Choice"].startswith("Llama-3.1-8B-Instruct: recommended AWS p5.4xlarge (matrix)")
    # the decision rows are the workshop grid's, word for word
    grid = cg.grid([pin])
    for name in (cg.VERDICT, cg.ENERGY, cg.BINDS):
        assert shown[name] == grid.cell(name, 0).text, name

    # B: more traffic (the what-if slider), pinned: its column is its own design's row, a figure
    # that moved written with its change from A
    slider = analysis.whatif.sliders["traffic"]
    slider.setValue(slider.value() + 100)
    qtbot.waitUntil(
        lambda: (
            analysis.sized_scenario == analysis.current_scenario()
            and analysis.sizing.detailed
            and not analysis.runner.busy
        ),
        timeout=60000,
    )
    analysis.pin()
    qtbot.waitUntil(lambda: len(analysis.compare.pinned) == 2 and not analysis.pin_queue.waiting, timeout=60000)
    b = analysis.compare.pins()[1]
    shown_b = _compare_column(analysis, 1)
    row_b = _table_row(analysis, cg.chosen(b).label)
    for header, text in row_b.items():
        if text:
            assert shown_b[header] == text or shown_b[header].startswith(f"{text} ("), header
        else:  # empty for B, a figure for A (or left out)
            assert shown_b.get(header, "–") == "–", header
    assert shown_b["Inputs"] != shown["Inputs"]  # another traffic, each column its own design's row


def test_a_recommended_hosted_api_fills_the_cost_rows_with_its_prices(tmp_path):
    with Project.open(tmp_path / "faq.archwise", create=True) as project:
        blank = scenarios.new_blank(project, Category.INFERENCE_API)
        data = blank.model_dump(mode="json")
        data["workload"]["traffic"].update(requests_per_s=0.2, peak_to_mean=2.0)
        data["workload"]["tokens"].update(input_tokens=800, output_tokens=200)
        data["workload"]["sla"].update(ttft_p95_ms=2000)
        data["workload"]["sensitivity"] = "public"
        data["candidates"].update(
            models=["Llama-3.1-8B-Instruct"],
            hardware=["AWS g6e.4xlarge"],
            hosted_apis=["OpenAI GPT-4o mini"],
        )
        scenario = type(blank).model_validate(data)
        from app.services.sizing import size_scenario

        sizing = size_scenario(project, scenario, deployments=False)
        rec = reporting.matrix_recommendation(project, scenario, sizing, {"cost_per_mtok": 10, "burden": 5})
    assert rec.hosted is not None and rec.option is None  # the matrix recommends the hosted API
    rows = dict(compare_rows([Pin("0.2 req/s", scenario.name, sizing, rec)]))
    assert rows["USD/month"][0].text == f"{rec.hosted.cost_per_month_usd:,.0f}"
    assert rows["USD/1M tok"][0].text == f"{rec.hosted.cost_per_million_tokens_usd:,.3f}"
    assert rows["Replicas"][0].text == "–" and rows["Wh/1M tok"][0].text == "–"
    assert "(hosted API)" in rows["Choice"][0].text

"""D3: an embedding (or re-rank) model name the catalog lacks is refused beside its field with
the closest names, as the analysis would say, and nothing is stored; an empty analysis chart's
note ("No option reaches a servable operating point.") has its own line and leaves the chart's
title whole. Real main window and project file in tmp_path; real ChartPanel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from app.domain import Category
from app.domain.results import Chart

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(window_on):
    return window_on("names.archwise")


def _edit(row, text: str) -> None:
    row.editor.setText(text)
    row.editor.editingFinished.emit()


@pytest.mark.parametrize("field", ["embedding_model", "rerank_model"])
def test_an_unknown_rag_model_is_refused_at_its_field(window, field):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    row = page.editor.form.rows[f"workload.rag.{field}"]
    before = getattr(window.document.scenario.workload.rag, field)
    _edit(row, "nonsense-embedder")
    message = row.message.text()
    assert message.startswith("No model named 'nonsense-embedder'; closest: "), message
    assert getattr(window.document.scenario.workload.rag, field) == before  # not stored
    _edit(row, "Qwen3-Embedding-8B")  # a catalog embedding model (case as the catalog spells it)
    assert row.message.text() == ""
    assert getattr(window.document.scenario.workload.rag, field) == "Qwen3-Embedding-8B"


def test_an_empty_charts_note_leaves_the_title_whole(qtbot):
    from app.ui.analysis_page import ChartPanel

    panel = ChartPanel("latency_vs_concurrency")
    qtbot.addWidget(panel)
    panel.resize(430, 260)  # a grid cell at 1366x768
    title = "Latency vs concurrency per replica"
    panel.set_chart(Chart(key="latency_vs_concurrency", title=title, x_label="x", x_unit="", y_label="y", y_unit=""))
    panel.show()
    qtbot.waitExposed(panel)
    note, head = panel.note, panel.title
    assert note.isVisible() and note.text() == "No option reaches a servable operating point."
    assert head.width() >= head.fontMetrics().horizontalAdvance(title)  # the title is not clipped
    top_of_note = note.mapTo(panel, QPoint(0, 0)).y()
    assert top_of_note >= head.mapTo(panel, QPoint(0, 0)).y() + head.height()  # under the title, not over it
    assert note.mapTo(panel, QPoint(0, 0)).y() + note.height() <= panel.view.mapTo(panel, QPoint(0, 0)).y()

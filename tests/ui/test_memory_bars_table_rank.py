"""D6: the Memory per GPU chart numbers each bar with the options table's rank (the lead bar,
the recommendation at rank 39, reads "#39", not "#1"): in the window's chart and in the PDF's
chart drawing (real ChartView, real reportlab Drawing)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from reportlab.graphics.shapes import Group, String

from app.domain import Chart, Series
from app.report.charts import chart_drawing
from app.report.styles import register_fonts
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def _memory_chart() -> Chart:
    """Three bars: the recommendation (option index 38, rank 39) first, then ranks 1 and 2."""
    return Chart(
        key="memory",
        title="Memory per GPU",
        x_label="Option",
        x_unit="",
        y_label="Memory",
        y_unit="GiB",
        kind="stacked_bar",
        series=[
            Series(name="Weights", x=[0, 1, 2], y=[16.0, 40.0, 40.0], role="component"),
            Series(name="Free", x=[0, 1, 2], y=[60.0, 80.0, 80.0], role="component"),
        ],
        categories=["Llama-3.1-8B · DGX H100", "Llama-3.1-8B · Gaudi 3", "Qwen3-8B · Gaudi 3"],
        category_options=[38, 0, 1],
    )


def _strings(node) -> list[str]:
    out: list[str] = []
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            out.append(item.text)
        elif isinstance(item, Group):
            out += _strings(item)
    return out


def test_window_memory_bars_read_the_table_rank(qtbot):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.set_chart(_memory_chart())
    QApplication.processEvents()
    assert view._ticks == [[(0, "#39"), (1, "#1"), (2, "#2")]]


def test_pdf_memory_bars_read_the_table_rank():
    register_fonts()
    texts = _strings(chart_drawing(_memory_chart(), 400, 250))
    assert {"#39", "#1", "#2"} <= set(texts)
    assert "#3" not in texts

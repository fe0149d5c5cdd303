"""An axis title's fit is worked out once per title, room and font (not on every slider step), and
again whenever one of them changes: a larger font (workshop mode) or a shorter axis wraps it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain import Chart, Series
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets

TITLE = "Cost per 1M tokens [USD]"


def _chart(scale: float = 1.0) -> Chart:
    return Chart(
        key="cost_vs_latency",
        title="Cost vs latency",
        x_label="TTFT p95",
        x_unit="ms",
        y_label="Cost per 1M tokens",
        y_unit="USD",
        kind="scatter",
        series=[Series(name="A", x=[100.0, 300.0], y=[1.0 * scale, 2.0 * scale], option_index=0)],
    )


def test_a_title_refits_when_its_font_grows_or_its_axis_shrinks(qtbot):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(430, 600)
    view.show()
    view.set_chart(_chart())
    qtbot.waitExposed(view)
    QApplication.processEvents()
    axis = view.getAxis("left")
    qtbot.waitUntil(lambda: axis.labelText == TITLE)  # room for it on one line
    view.set_chart(_chart(1.5), live=True)  # a slider step: same title, same room
    assert axis.labelText == TITLE
    view.label_style = {"font-size": "40pt"}  # workshop-sized: no longer fits on one line
    view.set_chart(_chart(2.0))
    assert "<br>" in axis.labelText
    view.label_style = {}
    view.set_chart(_chart(1.0))
    assert axis.labelText == TITLE
    view.resize(430, 110)  # a short axis: wrapped again
    qtbot.waitUntil(lambda: "<br>" in axis.labelText)

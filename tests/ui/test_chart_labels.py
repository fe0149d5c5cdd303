"""Chart labels never overlap or clip: SLA labels of near lines apart, axis titles wrapped (or, too
long for three lines, elided with their unit kept) to fit a short plot or a large scale factor,
exported plots with their title, axis titles and the options' names in the legend."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.domain import Chart, ReferenceLine, Series
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def _chart(y_label: str = "TTFT p95") -> Chart:
    return Chart(
        key="latency_vs_concurrency",
        title="Latency vs concurrency per replica",
        x_label="Concurrent sequences",
        x_unit="sequences",
        y_label=y_label,
        y_unit="ms",
        series=[
            Series(name="Llama-3.1-8B · AWS g6e.xlarge · TTFT p95", x=[1, 8, 32], y=[300, 420, 700], option_index=0),
            Series(name="Llama-3.1-8B · AWS g6e.xlarge · TPOT", x=[1, 8, 32], y=[20, 30, 45], option_index=0),
        ],
        reference_lines=[
            ReferenceLine(label="TTFT SLA 800 ms", value=800),
            ReferenceLine(label="E2E SLA 740 ms", value=740),
        ],
    )


def _shown(qtbot, chart: Chart, w: int, h: int) -> ChartView:
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(w, h)
    view.show()
    view.set_chart(chart)
    qtbot.waitExposed(view)
    QApplication.processEvents()
    return view


def test_labels_of_near_reference_lines_do_not_overlap(qtbot):
    view = _shown(qtbot, _chart(), 430, 160)  # a 1366x768 quarter: 800 ms and 50 ms lines ~40 px apart
    a, b = (line.label.sceneBoundingRect() for line in view.ref_lines)
    assert not a.intersects(b)


def _lines_fit(axis, shown: str) -> list[str]:
    """The shown title's lines, each asserted to fit along the axis."""
    lines = shown.split("<br>")
    metrics = QFontMetrics(axis.label.font())
    for line in lines:
        assert metrics.horizontalAdvance(line) <= axis.geometry().height(), line
    return lines


def test_an_axis_title_too_long_for_its_axis_wraps_whole(qtbot):
    """At 1366x768 the cost plot's axis is ~80 px long: 'Cost per 1M tokens [USD]' read 'Cost … [USD]'."""
    view = _shown(qtbot, _chart("Cost per 1M tokens"), 430, 130)
    axis = view.getAxis("left")
    qtbot.waitUntil(lambda: "<br>" in axis.labelText)
    lines = _lines_fit(axis, axis.labelText)
    assert 2 <= len(lines) <= 3 and " ".join(lines) == "Cost per 1M tokens [ms]"  # every word, none elided


def test_a_very_long_axis_title_is_elided_to_fit_and_keeps_its_unit(qtbot):
    long = "Cost per 1M tokens at the utilisation target of the whole fleet over the horizon"
    view = _shown(qtbot, _chart(long), 430, 150)
    axis = view.getAxis("left")
    shown = axis.labelText
    assert shown != f"{long} [ms]" and shown.endswith("… [ms]")
    lines = _lines_fit(axis, shown)
    assert len(lines) <= 3 and lines[0].startswith("Cost per")
    view.resize(430, 900)  # room again: the whole title comes back
    qtbot.waitUntil(lambda: axis.labelText == f"{long} [ms]")


def test_an_exported_plot_carries_its_title_and_real_legend_names(qtbot):
    from app.ui.chart_export import document_view

    view = _shown(qtbot, _chart(), 430, 200)
    assert [label.text for _s, label in view.legend.items][0] == "#1"  # on screen the table says what #1 is
    copy = document_view(view)
    try:
        assert copy.getPlotItem().titleLabel.text == "Latency vs concurrency per replica"
        names = [label.text for _s, label in copy.legend.items]
        assert names[0].startswith("#1 Llama-3.1-8B · AWS g6e.xlarge")
        assert copy.getAxis("left").labelText == "TTFT p95 [ms]"
        assert copy.getAxis("bottom").labelText == "Concurrent sequences [sequences]"
    finally:
        copy.deleteLater()

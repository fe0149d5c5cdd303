"""D20: after a calibration the charts' legends ('#1 cal.' ... and 'ringed: calibrated on 2 of
your runs, residual 4 %') covered the curves and the SLA labels in a 1366x768 grid cell. A
calibrated chart's legend has its own column beside the plot (the 'ringed' line wrapped to it):
it covers neither a data point nor a reference line's label. Real ChartView, offscreen."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from app.domain import Chart, Series
from app.domain.results import ReferenceLine

NOTE = "calibrated on 2 of your runs, residual 4 % (was 17 %)"


def _calibrated_curves() -> Chart:
    series = []
    for k in range(4):
        name = f"Option {k} · TTFT p95"
        series.append(Series(name=name, x=[1, 50, 100, 200], y=[40 + k, 60 + k, 120 + k, 300 + k], option_index=k))
        series[-1] = series[-1].model_copy(update={"calibration": NOTE})
        series.append(Series(name=f"Option {k} · TPOT", x=[1, 50, 100, 200], y=[10, 20, 30, 50], option_index=k))
    return Chart(
        key="latency_vs_concurrency",
        title="Latency vs concurrency per replica",
        x_label="Concurrent sequences",
        x_unit="sequences",
        y_label="Latency",
        y_unit="ms",
        series=series,
        reference_lines=[ReferenceLine(label="400 ms", value=400.0), ReferenceLine(label="60 ms", value=60.0)],
    )


def test_a_calibrated_charts_legend_covers_no_data_and_no_label(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(430, 160)  # a grid cell of the Analysis page at 1366x768
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(_calibrated_curves())
    qtbot.waitUntil(lambda: view.legend.isVisible() and bool(view.legend.items))
    view.place_ref_labels()
    names = [label.text for _sample, label in view.legend.items]
    assert "#1 cal." in names and any(n.replace("<br>", " ").startswith("ringed: calibrated on 2") for n in names)
    legend = view.legend.mapRectToScene(view.legend.boundingRect())
    plot = view.getPlotItem().vb.sceneBoundingRect()
    assert not legend.intersects(plot)  # beside the plot, over none of its curves
    vb = view.getPlotItem().vb
    for s in view.chart.series:
        for x, y in zip(s.x, s.y, strict=True):
            assert not legend.contains(vb.mapViewToScene(QPointF(x, y)))
    for line in view.ref_lines:
        if line.isVisible():
            assert not line.label.sceneBoundingRect().intersects(legend), line.label.toPlainText()
    assert legend.right() <= view.width()  # the wrapped 'ringed' line stays inside the view

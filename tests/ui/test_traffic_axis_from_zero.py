"""D5: the cost-vs-traffic chart with no option drawn (only the workload's rate line and the budget
line) ran its rate axis from about -0.35 req/s, and the "Budget $5,000" label was cut at the plot's
right edge. A rate axis starts at 0; the labels stay inside the plot. Real widgets at the size a
1366x768 window gives an Analysis plot."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain import Chart, ReferenceLine, Series
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def traffic(series: list[Series]) -> Chart:
    return Chart(
        key="replicas_vs_traffic",
        title="Monthly cost (and replicas) vs traffic",
        x_label="Mean traffic",
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        kind="line",
        series=series,
        reference_lines=[
            ReferenceLine(label="Workload mean 0.2 req/s", value=0.2, orientation="vertical"),
            ReferenceLine(label="Budget $5,000", value=5000),
        ],
    )


ONE = Series(name="Option", x=[0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8], y=[8857] * 8, option_index=0)


@pytest.mark.parametrize("series", [[], [ONE]], ids=["no option", "one option"])
@pytest.mark.parametrize("size", [(430, 160), (660, 200)])
def test_rate_axis_starts_at_zero_and_labels_stay_inside(qtbot, series, size):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(traffic(series))
    for _ in range(3):
        QApplication.processEvents()
    (x0, x1), _ = view.getPlotItem().vb.viewRange()
    assert x0 >= 0.0 and x1 > 0.2, (x0, x1)
    plot = view.getPlotItem().vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for line in view.ref_lines:
        if line.isVisible():
            assert plot.contains(line.label.sceneBoundingRect()), (line.label.toolTip(), plot)

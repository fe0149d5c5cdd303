"""Issue 18 screenshot pass, the Analysis charts of the shipped RAG example at the sizes a 1440 x 900
and a 1920 x 1080 window give them (at 1366 x 768 the latency plot is too short for a clear spot:
the label then takes the spot over the fewest markers), with an option highlighted as a selected row draws it: each
reference label ('TPOT SLA 50 ms', 'TTFT SLA 800 ms', the per-device memory capacities) keeps
clear of every marker drawn, not only of the markers' centres (the TPOT label sat on the TPOT
curve's highlighted squares, which hug its SLA line), and the legend stays clear of the points
after the plot is made shorter than it was drawn at."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui import ref_labels
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


@pytest.fixture(scope="module")
def charts():
    sizing = size_scenario(catalog_from_dir(), load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml"))
    return {c.key: c for c in sizing.charts}


def _under(points: np.ndarray, rect: QRectF, pad: float) -> int:
    return int(
        np.count_nonzero(
            (points[:, 0] >= rect.left() - pad)
            & (points[:, 0] <= rect.right() + pad)
            & (points[:, 1] >= rect.top() - pad)
            & (points[:, 1] <= rect.bottom() + pad)
        )
    )


def _view(qtbot, chart, size) -> ChartView:
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.set_chart(chart)
    view.highlight(1)  # the second row selected: its markers drawn larger, ringed
    qtbot.waitUntil(lambda: view.getPlotItem().vb.height() > 0)
    view.place_ref_labels()
    return view


@pytest.mark.parametrize("size", [(526, 207), (700, 300)])  # the plots of a 1440 x 900 and a 1920 x 1080 window
@pytest.mark.parametrize("key", ["latency_vs_concurrency", "cost_vs_latency", "memory"])
def test_reference_labels_keep_clear_of_the_markers(qtbot, charts, key, size):
    view = _view(qtbot, charts[key], size)
    chart = view._drawn_chart
    assert chart is not None and chart.reference_lines
    vb = view.getPlotItem().vb
    points = ref_labels.data_points(chart, vb.childGroup.sceneTransform())
    # a marker's radius: the highlighted curve marker (CURVE_MARKER_PX + 4) or the ringed option point
    radius = view.label_pad_px(chart) - ref_labels.PAD_PX
    assert radius == (0 if key == "memory" else (8.5 if key == "cost_vs_latency" else 5.5))
    for line in view.ref_lines:
        if line.isVisible():
            rect = line.label.sceneBoundingRect()
            assert _under(points, rect, radius) == 0, (line.label.format, rect)

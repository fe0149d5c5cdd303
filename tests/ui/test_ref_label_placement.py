"""Reference-line labels (SLA lines, per-device capacity lines) are placed clear of each other
and of the legend, inside the plot, at the sizes a 1366x768 window gives the Analysis page's
plots and the workshop chart. Real widgets; the rects are the labels' scene bounding boxes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from app.domain import Chart, ReferenceLine, Series
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def latency() -> Chart:
    return Chart(
        key="latency_vs_concurrency",
        title="Latency vs concurrency per replica",
        x_label="Concurrent sequences",
        x_unit="sequences",
        y_label="Latency",
        y_unit="ms",
        series=[
            Series(name=f"Option {i} · TTFT p95", x=[1, 8, 32, 128], y=[150 + 10 * i, 300, 450, 520], option_index=i)
            for i in range(4)
        ]
        + [Series(name="Option 0 · TPOT", x=[1, 8, 32, 128], y=[20, 30, 45, 70], option_index=0)],
        reference_lines=[
            ReferenceLine(label="TTFT SLA 800 ms", value=800),
            ReferenceLine(label="E2E SLA 740 ms", value=740),
            ReferenceLine(label="TPOT SLA 60 ms", value=60),
        ],
    )


def memory() -> Chart:
    """Eight stacked bars on two devices, 48 GiB and 80 GiB, as the memory chart draws them."""
    return Chart(
        key="memory",
        title="Memory per GPU",
        x_label="Option",
        x_unit="",
        y_label="Memory",
        y_unit="GiB",
        kind="stacked_bar",
        categories=[f"#{i + 1}" for i in range(8)],
        series=[
            Series(name="Weights", x=list(range(8)), y=[16, 16, 16, 16, 8, 8, 8, 8]),
            Series(name="KV cache in use", x=list(range(8)), y=[10, 10, 40, 40, 6, 6, 30, 30]),
            Series(name="Free", x=list(range(8)), y=[18, 18, 20, 20, 30, 30, 8, 8]),
        ],
        reference_lines=[
            ReferenceLine(label="NVIDIA L40S capacity 48 GiB", value=48),
            ReferenceLine(label="NVIDIA H100 SXM capacity 80 GiB", value=80),
        ],
    )


def cost() -> Chart:
    return Chart(
        key="cost_vs_latency",
        title="Cost vs p95 time to first token",
        x_label="p95 TTFT",
        x_unit="ms",
        y_label="Cost per 1M tokens",
        y_unit="USD",
        kind="scatter",
        series=[
            Series(name="Other feasible candidates", x=[40, 60, 90, 150], y=[20, 60, 15, 10]),
            Series(name="Pareto front", x=[40, 90, 150], y=[20, 15, 10]),
        ],
        reference_lines=[ReferenceLine(label="TTFT SLA 800 ms", value=800, orientation="vertical")],
    )


def _legend(view: ChartView) -> QRectF:
    """What the legend draws [scene px]: its samples and names (its own rect has margins)."""
    rect = QRectF()
    for sample, label in view.legend.items:
        rect = rect.united(sample.sceneBoundingRect()).united(label.sceneBoundingRect())
    return rect


def _view(qtbot, chart: Chart, size: tuple[int, int], workshop: bool) -> ChartView:
    if workshop:
        from app.ui.workshop.view import projector_chart

        view = projector_chart()
    else:
        view = ChartView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(chart)
    for _ in range(3):  # the placement after a resize runs once the layout has settled
        QApplication.processEvents()
    return view


# An Analysis page plot at 1366x768 (a quarter of the chart grid) and the workshop chart there.
SIZES = [((430, 160), False), ((430, 120), False), ((940, 480), True)]


@pytest.mark.parametrize("make", [latency, memory, cost])
@pytest.mark.parametrize(("size", "workshop"), SIZES)
def test_reference_labels_clear_each_other_and_the_legend(qtbot, make, size, workshop):
    view = _view(qtbot, make(), size, workshop)
    labels = [line.label.sceneBoundingRect() for line in view.ref_lines if line.isVisible()]
    assert len(labels) == len(make().reference_lines)
    legend = _legend(view)
    plot = view.getPlotItem().vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for i, a in enumerate(labels):
        assert not a.intersects(legend), (i, a, legend)
        assert plot.contains(a), (i, a, plot)
        for b in labels[i + 1 :]:
            assert not a.intersects(b), (a, b)


def test_labels_are_placed_again_when_the_plot_is_resized(qtbot):
    view = _view(qtbot, memory(), (940, 480), False)
    view.resize(430, 120)
    qtbot.waitUntil(lambda: view.getPlotItem().vb.sceneBoundingRect().width() < 400)
    for _ in range(3):
        QApplication.processEvents()
    a, b = (line.label.sceneBoundingRect() for line in view.ref_lines)
    legend = _legend(view)
    assert not a.intersects(b) and not a.intersects(legend) and not b.intersects(legend)


def test_a_label_short_of_room_keeps_its_number_and_unit_and_its_whole_text_as_tooltip(qtbot):
    from app.ui.ref_labels import shorter

    assert shorter("NVIDIA L40S capacity 48 GiB") == ["NVIDIA L40S capacity 48 GiB", "capacity 48 GiB", "48 GiB"]
    assert shorter("Deadline 24 h per run") == ["Deadline 24 h per run", "24 h per run"]
    assert shorter("Budget 15,000 USD/month") == ["Budget 15,000 USD/month", "15,000 USD/month"]
    view = _view(qtbot, memory(), (430, 120), False)
    for line, ref in zip(view.ref_lines, memory().reference_lines, strict=True):
        assert line.label.toolTip() == ref.label
        assert line.label.format in shorter(ref.label)


def test_a_slider_step_that_crowds_a_label_places_it_again(qtbot):
    """A live update (a what-if step) keeps the labels while they stay clear; one that moves a
    line onto another label's place moves the labels apart again."""
    view = _view(qtbot, latency(), (430, 160), False)
    before = [line.label.sceneBoundingRect() for line in view.ref_lines]
    moved = latency().model_copy(
        update={
            "reference_lines": [
                *latency().reference_lines[:2],
                latency().reference_lines[2].model_copy(update={"value": 770}),
            ]
        }
    )
    view.set_chart(moved, live=True)
    QApplication.processEvents()
    labels = [line.label.sceneBoundingRect() for line in view.ref_lines]
    assert labels[:2] != before[:2] or labels[2] != before[2]
    legend = _legend(view)
    for i, a in enumerate(labels):
        assert not a.intersects(legend)
        for b in labels[i + 1 :]:
            assert not a.intersects(b), (a, b)


def crowded_traffic() -> Chart:
    """Monthly cost vs traffic as a small (1.5x- or 2x-scaled) window draws it: three options'
    curves left of 0.3 and right of 1.0 req/s, the workload's mean (0.46 req/s) between them."""
    levels = [1000.0, 2000.0, 3000.0]
    series = [Series(name=f"#{i + 1}", x=[0.0, 0.3], y=[y, y], option_index=i) for i, y in enumerate(levels)]
    series += [Series(name=f"#{i + 1} ", x=[1.0, 1.8], y=[y, y], option_index=i) for i, y in enumerate(levels)]
    return Chart(
        key="replicas_vs_traffic",
        title="Monthly cost (and replicas) vs traffic",
        x_label="Mean traffic",
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        series=series,
        reference_lines=[ReferenceLine(label="Workload mean 0.46 req/s", value=0.46, orientation="vertical")],
    )


def test_a_label_takes_a_shorter_text_off_the_curves_rather_than_its_whole_text_over_them(qtbot):
    """1.5x and 2x scaling (issue 13): the plot is too small for the whole text anywhere off the
    curves and the legend; a shorter text that covers no curve beats the whole text over one."""
    from app.ui import ref_labels

    view = _view(qtbot, crowded_traffic(), (430, 120), False)
    view.place_ref_labels()
    (line,) = [line for line in view.ref_lines if line.isVisible()]
    rect = line.label.sceneBoundingRect()
    points = ref_labels.data_points(view._drawn_chart, view.getPlotItem().vb.childGroup.sceneTransform())
    under = (
        (points[:, 0] >= rect.left())
        & (points[:, 0] <= rect.right())
        & (points[:, 1] >= rect.top())
        & (points[:, 1] <= rect.bottom())
    )
    assert not under.any(), (line.label.format, rect)
    assert not rect.intersects(_legend(view))
    assert line.label.format in ref_labels.shorter("Workload mean 0.46 req/s")
    assert line.label.toolTip() == "Workload mean 0.46 req/s"  # the whole text stays at hand


def test_a_slider_step_keeps_the_cheaper_search_and_the_detailed_result_looks_off_the_curves(qtbot):
    """The search for a spot over no data (about twice the work) is left to the detailed result
    that follows a drag: a slider step places a crowded label as before, over the fewest data."""
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(430, 120)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(crowded_traffic(), live=True)  # a preview, mid-drag
    for _ in range(3):
        QApplication.processEvents()
    (line,) = [line for line in view.ref_lines if line.isVisible()]
    assert line.label.format == "Workload mean 0.46 req/s"
    view.set_chart(crowded_traffic())  # the detailed result
    for _ in range(3):
        QApplication.processEvents()
    assert line.label.format != "Workload mean 0.46 req/s"

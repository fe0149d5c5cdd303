"""ChartView draws domain chart data with setData, links clicks to options, exports its data."""

import csv

import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from app.domain import Chart, ReferenceLine, Series


def _chart(scale: float = 1.0) -> Chart:
    # Test data shaped like the engine's latency_vs_concurrency chart (values are arbitrary).
    return Chart(
        key="latency_vs_concurrency",
        title="TTFT vs concurrency",
        x_label="Concurrency",
        x_unit="requests",
        y_label="TTFT p95",
        y_unit="ms",
        series=[
            Series(name="A · TTFT p95", x=[1, 2, 4], y=[10 * scale, 20 * scale, 40 * scale], option_index=0),
            Series(
                name="B · TTFT p95",
                x=[1, 2, 4],
                y=[5 * scale, 9 * scale, 30 * scale],
                option_index=1,
                labels=["b1", "b2", "b4"],
            ),
            Series(name="B · TPOT", x=[1, 2, 4], y=[1, 2, 3], option_index=1),
        ],
        reference_lines=[ReferenceLine(label="TTFT SLA 500 ms", value=500)],
    )


def _bars() -> Chart:
    return Chart(
        key="memory",
        title="Memory per GPU",
        x_label="Option",
        x_unit="",
        y_label="Memory",
        y_unit="GiB",
        kind="stacked_bar",
        categories=["opt A", "opt B"],
        series=[
            Series(name="Weights", x=[0, 1], y=[40, 20], labels=["A: Weights 40", "B: Weights 20"]),
            Series(name="Free", x=[0, 1], y=[30, 50], labels=["A: Free 30", "B: Free 50"]),
        ],
    )


def _shown(qtbot, chart):
    """A ChartView on screen with `chart` drawn and its layout settled, for real pointer events."""
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 350)
    view.show()
    view.set_chart(chart)
    qtbot.waitExposed(view)
    vb = view.getPlotItem().vb

    def at_rest() -> tuple:
        return (view.mapFromScene(vb.mapViewToScene(QPointF(1, 1))).toTuple(), vb.sceneBoundingRect().width())

    def settled() -> bool:
        """Settled when painting the whole view (which measures the tick labels, widens an axis
        and fits the range) and handling what that posted moves no data point: a state, not a
        count of polls (three equal polls in a row could all come before the first paint)."""
        before = at_rest()
        view.grab()
        QApplication.processEvents()
        return at_rest() == before and before[1] > 100

    qtbot.waitUntil(settled)
    return view


def test_items_are_created_once_and_updated_with_setdata(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    curve = view.series_item("A · TTFT p95")
    view.set_chart(_chart(scale=2.0))
    assert view.series_item("A · TTFT p95") is curve and len(view.items) == 3
    x, y = curve.getData()
    assert_allclose(y, [20, 40, 80], rtol=0)
    assert view.getAxis("left").labelText.startswith("TTFT p95 [ms]")
    # Fewer series: the spare slot is hidden, not deleted.
    view.set_chart(_chart().model_copy(update={"series": _chart().series[:1]}))
    assert not view.items[1].isVisible() and view.items[0].isVisible()


def test_hover_tips_carry_the_points_numbers(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    # A line chart's markers are one item; each point's tip is the engine's label, else made
    # from the point's numbers when hovered.
    markers = view.curve_points.item
    tips = [markers.opts["tip"](x=p.pos().x(), y=p.pos().y(), data=p.data()) for p in markers.points()]
    assert len(tips) == 9 and tips[3:6] == ["b1", "b2", "b4"]
    assert "A · TTFT p95" in tips[1] and "TTFT p95: 20 ms" in tips[1] and markers.opts["hoverable"]


def test_a_point_click_selects_its_option_and_the_highlight_follows(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    markers, mark = view.curve_points.item, view.curve_points.mark
    point = markers.points()[4]  # B's second point
    with qtbot.waitSignal(view.option_clicked) as blocker:
        markers.sigClicked.emit(markers, [point], None)
    assert blocker.args == [1]
    view.highlight(1)
    assert len(mark.points()) == 6 and mark.isVisible()  # B's TTFT and TPOT points
    view.highlight(None)
    assert not mark.isVisible()


def test_an_option_has_one_colour_and_tpot_is_dashed(qtbot):
    from app.ui.chart_view import ChartView, option_colour

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    ttft, tpot = view.series_item("B · TTFT p95"), view.series_item("B · TPOT")
    assert ttft.opts["pen"].color().name() == tpot.opts["pen"].color().name() == option_colour(view.palette_, 1)
    assert tpot.opts["pen"].style() != ttft.opts["pen"].style()
    # The legend names each option once and says what solid and dashed mean.
    assert [label.text for _sample, label in view.legend.items] == ["#1", "#2", "TTFT p95", "TPOT"]


def test_clicking_a_series_selects_its_option(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    b = view.series_item("B · TTFT p95")
    with qtbot.waitSignal(view.option_clicked) as blocker:
        b.sigClicked.emit(b, None)
    assert blocker.args == [1]
    view.highlight(1)
    assert b.opts["pen"].width() == 4 and view.series_item("A · TTFT p95").opts["pen"].width() == 2


def test_clicking_a_memory_bar_selects_its_option(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.set_chart(_bars())
    qtbot.waitExposed(view)
    vb = view.getPlotItem().vb
    assert view._bar_at(vb.mapViewToScene(QPointF(1.0, 30))) == 1
    assert view._bar_at(vb.mapViewToScene(QPointF(0.5, 30))) is None  # between bars
    _x, top = view.viewRange()
    assert top[1] >= 70  # stacked totals in view
    view.highlight(1)
    assert view.items[0].opts["pens"][1].width() == 3


def test_workshop_palette_recolours_in_place(qtbot):
    from app.ui.chart_view import ChartView, load_palette

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    curve = view.series_item("A · TTFT p95")
    view.set_palette("workshop")
    assert view.series_item("A · TTFT p95") is curve
    assert curve.opts["pen"].color().name() == load_palette("workshop")["series"][0]
    assert view.backgroundBrush().color().name() == load_palette("workshop")["background"]


def test_export_png_svg_and_csv(qtbot, tmp_path):
    from app.ui.chart_export import export_chart
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 350)
    view.set_chart(_chart())
    png = export_chart(view, "png", tmp_path / "latency.png")
    svg = export_chart(view, "svg", tmp_path / "latency.svg")
    data = export_chart(view, "csv", tmp_path / "latency.csv")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svg.read_text(encoding="utf-8")
    rows = list(csv.reader(data.open(encoding="utf-8")))
    # no empty column (a line chart has no categories) and no empty cell
    assert rows[0] == ["series", "option_rank", "Concurrency [requests]", "TTFT p95 [ms]", "label"]
    assert rows[4] == ["B · TTFT p95", "2", "1.0", "5.0", "b1"] and len(rows) == 1 + 9
    assert all(cell for row in rows for cell in row)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latency.csv", "latency.png", "latency.svg"]  # no temp left


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, a shown window
def test_hovering_a_point_with_the_mouse_shows_its_numbers(qtbot):
    import pyqtgraph as pg
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    view = _shown(qtbot, _chart())
    vb = view.getPlotItem().vb
    tip = "A · TTFT p95\nConcurrency: 2 requests\nTTFT p95: 20 ms"

    def pointed() -> bool:
        """The pointer arrives at A's second point where it is drawn now, as a mouse does (from a
        few pixels away: Qt drops a move to where the pointer already is), and its tip shows."""
        at = view.mapFromScene(vb.mapViewToScene(QPointF(2, 20)))
        for d in (25, 10, 3, 0):
            QTest.mouseMove(view.viewport(), QPoint(at.x() + d, at.y() + d))
            QApplication.processEvents()
        return tip in vb.toolTip()

    # pyqtgraph drops moves closer than 10 ms apart (mouseRateLimit); synthetic moves come faster
    rate_limit = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", -1)
    try:
        qtbot.waitUntil(pointed)
    finally:
        pg.setConfigOption("mouseRateLimit", rate_limit)


# QTest's synthetic press/release are not "accepted" by the QGraphicsView (pyqtgraph handles
# clicks in its scene), which Qt reports as a warning.
@pytest.mark.qt_log_ignore("propagateSizeHints", "not accepted by receiving widget")
def test_clicking_a_point_with_the_mouse_selects_its_option(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = _shown(qtbot, _chart(scale=20))  # B's points well apart from A's
    at = view.mapFromScene(view.getPlotItem().vb.mapViewToScene(QPointF(4, 600)))  # B's last TTFT point
    with qtbot.waitSignal(view.option_clicked, timeout=2000) as clicked:
        QTest.mouseMove(view.viewport(), at)
        QTest.mouseClick(view.viewport(), Qt.LeftButton, pos=at)
    assert clicked.args == [1]
    empty = view.mapFromScene(view.getPlotItem().vb.mapViewToScene(QPointF(1.2, 550)))  # no point, no curve
    with qtbot.assertNotEmitted(view.option_clicked, wait=100):
        QTest.mouseMove(view.viewport(), empty)
        QTest.mouseClick(view.viewport(), Qt.LeftButton, pos=empty)


def test_a_preview_equal_to_the_drawn_chart_is_not_drawn_again(qtbot):
    """A what-if step that leaves a chart as it is (traffic moves no latency curve) draws
    nothing: no setData, no repaint. A changed chart, or a settled (not live) one, is drawn."""
    from PySide6.QtWidgets import QGraphicsItem

    view = _shown(qtbot, _chart())
    drawn = view.draws
    same = _chart()  # equal, another object: what a new sizing hands over
    view.set_chart(same, live=True)
    assert view.draws == drawn and view.chart is same
    view.set_chart(_chart(scale=2.0), live=True)
    assert view.draws == drawn + 1
    assert_allclose(view.series_item("A · TTFT p95").getData()[1], [20, 40, 80], rtol=0)
    view.set_chart(_chart(scale=2.0))  # the detailed result: drawn (its axes fit it exactly)
    assert view.draws == drawn + 2
    # The axes (which also draw the grid, so every data change repaints them) are cached.
    for side in ("left", "bottom"):
        assert view.getAxis(side).cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache

"""A live axis (a what-if slider step) gets room past the data where it moves, so a drag that moves
the data out and back changes the axis once, not on every step (issues 13 and 19)."""

from numpy.testing import assert_allclose
from PySide6.QtCore import QPointF

from app.domain import Chart, Series
from app.ui.chart_view import _live_range


def test_a_live_range_grows_past_the_data_where_it_moved_and_keeps_the_other_side():
    # data 1..11 leave (0, 10) at the top: the top moves to 11 + 0.35 x 10 = 14.5, the bottom stays 0
    assert_allclose(_live_range((0.0, 10.0), (1.0, 11.0)), (0.0, 14.5))
    # data back at 0.5..12 are held by (0, 14.5) and fill 11.5 / 14.5 = 79 % of it: kept
    assert _live_range((0.0, 14.5), (0.5, 12.0)) == (0.0, 14.5)


def test_a_live_range_refits_with_room_either_side_when_the_data_moved_far_or_shrank():
    # 200..210 after 0..100: growing to (0, 213.5) leaves them 10 / 213.5 < 40 %: refitted to
    # 200 - 3.5 .. 210 + 3.5
    assert_allclose(_live_range((0.0, 100.0), (200.0, 210.0)), (196.5, 213.5))
    # 10..20 inside 0..100 fill 10 %: refitted, 10 - 3.5 .. 20 + 3.5
    assert_allclose(_live_range((0.0, 100.0), (10.0, 20.0)), (6.5, 23.5))
    # data that are not negative get no negative side: 0.2 - 0.35 x 1 < 0 -> 0
    assert_allclose(_live_range((5.0, 6.0), (0.2, 1.2)), (0.0, 1.55))


def _cost(low: float) -> Chart:
    """A cost-vs-latency scatter whose costs run from `low` to `low` + 10 [USD per 1M tokens]."""
    return Chart(
        key="cost_vs_latency",
        title="Cost vs latency",
        x_label="TTFT p95",
        x_unit="ms",
        y_label="Cost",
        y_unit="USD / 1M tokens",
        kind="scatter",
        series=[
            Series(name="A", x=[100.0], y=[low], option_index=0),
            Series(name="B", x=[300.0], y=[low + 10.0], option_index=1),
        ],
    )


def test_a_drag_that_moves_the_data_up_and_back_changes_the_axis_once(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 350)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(_cost(10.0))
    vb = view.getPlotItem().vb
    settled = vb.viewRange()
    view.set_chart(_cost(11.0), live=True)  # the data leave the range at the top: it grows there
    grown = vb.viewRange()
    assert grown[1][1] > settled[1][1]
    assert grown[1][0] == settled[1][0]  # the bottom stays where it was
    view.set_chart(_cost(10.0), live=True)  # and back: the range holds them, nothing is redrawn
    assert vb.viewRange() == grown
    view.set_chart(_cost(10.0))  # the detailed result fits its data exactly again
    assert_allclose(vb.viewRange(), settled)
    point = view.mapFromScene(vb.mapViewToScene(QPointF(100.0, 10.0)))
    assert view.viewport().rect().contains(point)  # the lowest cost is on screen

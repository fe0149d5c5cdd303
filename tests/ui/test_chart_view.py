"""ChartView draws domain chart data with setData and links clicks to options."""

from numpy.testing import assert_allclose

from app.domain import Chart, ReferenceLine, Series


def _chart(scale: float = 1.0) -> Chart:
    # Test data shaped like the engine's latency_vs_concurrency chart (values are arbitrary).
    return Chart(
        key="latency_vs_concurrency", title="TTFT vs concurrency", x_label="Concurrency",
        x_unit="requests", y_label="TTFT p95", y_unit="ms",
        series=[
            Series(name="A", x=[1, 2, 4], y=[10 * scale, 20 * scale, 40 * scale], option_index=0),
            Series(name="B", x=[1, 2, 4], y=[5 * scale, 9 * scale, 30 * scale], option_index=1),
        ],
        reference_lines=[ReferenceLine(label="TTFT SLA 500 ms", value=500)],
    )


def test_items_are_created_once_and_updated_with_setdata(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    curve = view.items["A"]
    view.set_chart(_chart(scale=2.0))
    assert view.items["A"] is curve
    x, y = curve.getData()
    assert_allclose(y, [20, 40, 80], rtol=0)
    assert view.getAxis("left").labelText.startswith("TTFT p95 [ms]")


def test_clicking_a_series_selects_its_option(qtbot):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(_chart())
    with qtbot.waitSignal(view.option_clicked) as blocker:
        view.items["B"].sigClicked.emit(view.items["B"], None)
    assert blocker.args == [1]
    view.highlight(1)
    assert view.items["B"].opts["pen"].width() == 5 and view.items["A"].opts["pen"].width() == 2

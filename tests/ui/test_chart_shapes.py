"""Colour is never the only difference between series (issue 19: in greyscale the curves were
indistinguishable): each option draws its own marker shape, the same in every chart, in the plot
and in the legend, and TPOT curves are dashed. Asserted on the items' data, not on pixels; the
greyscale screenshots were looked at by eye."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain import Chart, Series


def _curves(n: int) -> Chart:
    return Chart(
        key="latency_vs_concurrency",
        title="TTFT vs concurrency",
        x_label="Concurrency",
        x_unit="requests",
        y_label="TTFT p95",
        y_unit="ms",
        series=[
            Series(name=f"O{k} · TTFT p95", x=[1, 2, 4], y=[10 + k, 20 + k, 40 + k], option_index=k) for k in range(n)
        ]
        + [Series(name="O0 · TPOT", x=[1, 2, 4], y=[1, 2, 3], option_index=0)],
    )


def _scatter(n: int) -> Chart:
    return Chart(
        key="cost_vs_latency",
        title="Cost vs TTFT",
        x_label="TTFT p95",
        x_unit="ms",
        y_label="Cost",
        y_unit="$/month",
        kind="scatter",
        series=[Series(name=f"#{k + 1}", x=[100.0 * (k + 1)], y=[1000.0 / (k + 1)], option_index=k) for k in range(n)],
    )


def _view(qtbot, chart):
    from app.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    view.resize(500, 350)
    view.set_chart(chart)
    return view


def test_each_option_has_its_own_marker_shape_in_the_plot_and_the_legend(qtbot):
    view = _view(qtbot, _curves(4))
    spots = view.curve_points.item.data
    by_option: dict[int, set[str]] = {}
    for spot in spots:
        by_option.setdefault(int(spot["data"][0]), set()).add(spot["symbol"])
    assert all(len(shapes) == 1 for shapes in by_option.values())  # an option's curves share its shape
    shapes = [next(iter(by_option[k])) for k in range(4)]
    assert len(set(shapes)) == 4, shapes
    legend = {label.text: sample.item for sample, label in view.legend.items}
    for k in range(4):
        sample = legend[f"#{k + 1}"]
        assert sample.opts["symbol"] == shapes[k] and sample.opts["pen"] is not None
    assert legend["TPOT"].opts["pen"].style() == Qt.PenStyle.DashLine  # the dashed key


def test_a_restyled_palette_keeps_the_shapes(qtbot):
    view = _view(qtbot, _curves(3))
    before = [s["symbol"] for s in view.curve_points.item.data]
    view.set_palette("workshop")
    assert [s["symbol"] for s in view.curve_points.item.data] == before


def test_scatter_options_have_distinct_shapes(qtbot):
    view = _view(qtbot, _scatter(5))
    shapes = [s["symbol"] for s in view.option_points.item.data]
    assert len(set(shapes)) == 5, shapes


def test_stacked_bar_segments_differ_in_fill_pattern(qtbot):
    chart = Chart(
        key="memory",
        title="Memory per GPU",
        x_label="Option",
        x_unit="",
        y_label="Memory",
        y_unit="GiB",
        kind="stacked_bar",
        categories=["A", "B"],
        series=[Series(name=n, x=[0, 1], y=[10, 20]) for n in ("Weights", "KV cache", "Activations", "Free")],
    )
    view = _view(qtbot, chart)
    styles = [view.items[k].opts["brush"].style() for k in range(4)]
    assert len(set(styles)) == 4, styles


NOTE = "calibrated on 14 of your runs, residual 6 % (was 17 %)"


def test_points_on_a_calibrated_profile_are_ringed_and_named(qtbot):
    """Issue 21: points sized on the user's calibrated profile were drawn like catalog points."""
    chart = _curves(3)
    chart = chart.model_copy(
        update={
            "series": [s.model_copy(update={"calibration": NOTE}) if s.option_index == 1 else s for s in chart.series]
        }
    )
    view = _view(qtbot, chart)
    fg = view.palette_["foreground"]
    rings = {int(spot["data"][0]) for spot in view.curve_points.item.data if spot["pen"].widthF() >= 2.5}
    assert rings == {1}
    assert all(spot["pen"].color().name() == fg for spot in view.curve_points.item.data if spot["data"][0] == 1)
    names = [label.text for _sample, label in view.legend.items]
    assert "#2 cal." in names and "#1" in names
    assert "ringed: calibrated on 14 of your runs, residual 6 %" in [n.replace("<br>", " ") for n in names]


def test_scatter_points_on_a_calibrated_profile_are_ringed(qtbot):
    chart = _scatter(3)
    chart = chart.model_copy(
        update={
            "series": [s.model_copy(update={"calibration": NOTE if k == 0 else ""}) for k, s in enumerate(chart.series)]
        }
    )
    view = _view(qtbot, chart)
    widths = [spot["pen"].widthF() for spot in view.option_points.item.data]
    assert widths[0] >= 2.5 and max(widths[1:]) < 2.5

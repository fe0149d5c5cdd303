"""The PDF's quality charts: an arena-rating (Elo) axis spans the data with a margin instead of
running from 0 (an expert tester read 0 to 1,500 with every option squashed near the top), and
the Pareto caption names the chart's own other axis (cost, or TTFT) instead of "for less"."""

from __future__ import annotations

from drawing_text import texts

from app.domain import Chart, Series
from app.report.charts import chart_drawing, scatter_span
from app.report.quality_section import pareto_axis
from app.report.styles import register_fonts


def elo_chart(x_label: str = "Cost per 1M tokens") -> Chart:
    points = [(0.20, 1380.0), (0.45, 1415.0), (0.90, 1460.0)]
    series = [Series(name=f"option {i}", x=[x], y=[y], option_index=i) for i, (x, y) in enumerate(points)]
    return Chart(
        key="quality_vs_cost",
        title="Quality vs cost per 1M tokens (LMArena text)",
        x_label=x_label,
        x_unit="USD",
        y_label="Quality",
        y_unit="Elo",
        kind="scatter",
        series=series,
        y_from_zero=False,  # as selection.quality_charts makes them
    )


def test_an_elo_axis_spans_its_data_with_a_margin():
    # data 1,380 to 1,460 (80 wide) is narrower than 10 % of 1,460 (146): widened about its middle
    # 1,420 to 1,347 .. 1,493, then 5 % of 146 (7.3) either side: 1,339.7 .. 1,500.3
    lo, hi = scatter_span(1380.0, 1460.0)
    assert (round(lo, 1), round(hi, 1)) == (1339.7, 1500.3)
    register_fonts()
    ticks = [
        float(t.replace(",", "")) for t in texts(chart_drawing(elo_chart(), 495, 290)) if t.replace(",", "").isdigit()
    ]
    y_ticks = [t for t in ticks if t >= 1000]
    assert min(y_ticks) >= 1300 and max(y_ticks) <= 1550  # was 0 .. 1,500


def test_a_positive_quantity_keeps_a_non_negative_axis():
    lo, hi = scatter_span(0.0, 100.0)
    assert lo == 0.0 and hi == 105.0


def test_the_pareto_caption_names_the_other_axis():
    assert pareto_axis(elo_chart()) == "cost per 1M tokens"
    assert pareto_axis(elo_chart("p95 TTFT")) == "p95 TTFT"

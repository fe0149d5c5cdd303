"""D14: in the PDF's "Monthly cost (and replicas) vs traffic", the budget note and the workload's
rate label were stacked at the top of the plot while the cost line ($9,352 on a 10k axis) ran
through them. The labels now go to the bottom of the plot when the data cross the top band and
not the bottom one. Read back from the reportlab drawing: the labels' baselines against the line."""

from __future__ import annotations

from reportlab.graphics.shapes import PolyLine, String

from app.domain import Chart, ReferenceLine, Series
from app.report.charts import chart_drawing
from app.report.styles import register_fonts

register_fonts()


def traffic(cost: float) -> Chart:
    xs = [0.42, 0.83, 1.25, 1.67, 2.5, 3.34, 5.0, 6.68]
    return Chart(
        key="replicas_vs_traffic",
        title="Monthly cost (and replicas) vs traffic",
        x_label="Mean traffic",
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        kind="line",
        series=[Series(name="#1", x=xs, y=[cost] * len(xs), option_index=0)],
        reference_lines=[
            ReferenceLine(label="Workload mean 1.67 req/s", value=1.67, orientation="vertical"),
            ReferenceLine(label="Budget $25,000", value=25000),
        ],
    )


def labels(d) -> dict[str, float]:
    return {s.text: s.y for s in d.getContents() if isinstance(s, String) and ("Budget" in s.text or "mean" in s.text)}


def line_y(d) -> float:
    """The drawing height of the flat cost line: the PolyLine the chart draws for it."""
    (line,) = [p for p in d.getContents() if isinstance(p, PolyLine)]
    ys = line.points[1::2]
    assert max(ys) == min(ys)
    return ys[0]


def test_labels_leave_the_top_when_the_line_runs_there():
    d = chart_drawing(traffic(9352.0), 460, 300)
    at = labels(d)
    assert set(at) == {"Budget $25,000 (above this range)", "Workload mean 1.67 req/s"}
    y = line_y(d)
    for text, base in at.items():  # 6.5-pt text: from its baseline -2 to +7
        assert not base - 5 <= y <= base + 9, (text, base, y)


def test_labels_stay_at_the_top_when_the_data_cross_both_bands():
    chart = traffic(9352.0)
    chart.series[0].y = [0.0, 1000.0, 2000.0, 3000.0, 5000.0, 7000.0, 8500.0, 9352.0]
    d = chart_drawing(chart, 460, 300)
    (line,) = [p for p in d.getContents() if isinstance(p, PolyLine)]
    assert min(labels(d).values()) > max(line.points[1::2]) - 20  # the top rows, as before

"""PDF chart labels: a budget named above the range and a vertical workload line near the left edge
are written apart (GUI test, issue 19: "Budget ... (above this range)" printed on "Workload mean")."""

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain import Chart, ReferenceLine, Series
from app.report.charts import chart_drawing
from app.report.styles import register_fonts


def strings(node) -> list[String]:
    out: list[String] = []
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            out.append(item)
        elif isinstance(item, Group):
            out += strings(item)
    return out


def box(s: String) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points: the string's width from its font, its height the font size."""
    w = stringWidth(s.text, s.fontName, s.fontSize)
    x0 = {"start": s.x, "end": s.x - w, "middle": s.x - w / 2}[s.textAnchor]
    return x0, s.y - 0.2 * s.fontSize, x0 + w, s.y + 0.8 * s.fontSize


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def traffic_chart() -> Chart:
    xs = [0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0]  # the mean a tenth of the way across, as in the PDF
    return Chart(
        key="cost_vs_traffic",
        title="Monthly cost vs traffic",
        x_label="Traffic",
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        kind="line",
        series=[Series(name="gpt-oss-120b", x=xs, y=[1000.0 + 100 * x for x in xs], option_index=0)],
        reference_lines=[
            ReferenceLine(label="Budget $40,000", value=40000.0),
            ReferenceLine(label="Workload mean 0.5 req/s", value=0.5, orientation="vertical"),
        ],
    )


def test_off_scale_budget_and_workload_line_labels_do_not_intersect():
    register_fonts()
    d = chart_drawing(traffic_chart(), 495, 290)
    labels = {s.text: box(s) for s in strings(d)}
    budget = next(t for t in labels if t.startswith("Budget $40,000 (above this range)"))
    workload = next(t for t in labels if t.startswith("Workload mean 0.5 req/s"))
    assert not overlap(labels[budget], labels[workload]), (labels[budget], labels[workload])

"""PDF charts: named series capped with the rest grouped, legends wrapped not cut, axes scaled
to the data with a far reference line named instead of squashing the data."""

from drawing_text import texts

from app.domain import Chart, ReferenceLine, Series
from app.report.charts import LEGEND_MAX, chart_drawing
from app.report.styles import register_fonts

LONG = "Llama-3.1-8B-Instruct · AWS g6e.12xlarge, 1x NVIDIA L40S (TP1, fp8, vLLM) · TTFT p95 at the operating point"


def cost_chart(n: int, budget: float) -> Chart:
    series = [Series(name=f"{LONG} #{i}", x=[100.0 + 10 * i], y=[1000.0 + 50 * i], option_index=i) for i in range(n)]
    return Chart(
        key="cost",
        title="Cost",
        x_label="p95 TTFT",
        x_unit="ms",
        y_label="Cost per month",
        y_unit="USD",
        kind="scatter",
        series=series,
        reference_lines=[ReferenceLine(label="Budget $60,000 a month", value=budget)],
    )


def test_many_series_name_the_first_and_group_the_rest():
    register_fonts()
    d = chart_drawing(cost_chart(20, 60000), 495, 290, first=[12])
    words = " ".join(texts(d))
    assert "Other feasible options (13)" in words  # 20 options, 7 named
    assert "#12" in words  # the option the package discusses is named first
    assert "…" not in words  # legend entries are wrapped, never cut
    named = [t for t in texts(d) if t.endswith(tuple(f"#{i}" for i in range(20)))]
    assert len(named) == LEGEND_MAX - 1


def test_a_far_budget_does_not_flatten_the_data():
    register_fonts()
    d = chart_drawing(cost_chart(3, 60000), 495, 290)
    ticks = [t for t in texts(d) if t.replace(",", "").replace(".", "").isdigit()]
    assert "60k" not in ticks and max(float(t.replace(",", "")) for t in ticks) < 2000  # axis fits 1,000-1,100
    assert any("Budget $60,000 a month (above this range)" in t for t in texts(d))
    near = chart_drawing(cost_chart(3, 1200), 495, 290)  # within reach: drawn, axis widened to it
    assert "Budget $60,000 a month" in texts(near) or any(t.startswith("Budget") for t in texts(near))
    assert not any("above this range" in t for t in texts(near))


def test_named_series_differ_in_shape_not_only_colour():
    """Issue 19: a greyscale print could not tell the curves apart. Each named series draws its
    own marker shape (points and legend); a TPOT curve is dashed."""
    from reportlab.graphics.shapes import PolyLine
    from reportlab.graphics.widgets.markers import Marker

    register_fonts()
    series = [
        Series(name=f"Option {k} · TTFT p95", x=[1.0, 2.0, 4.0], y=[10.0 + k, 20.0 + k, 40.0 + k], option_index=k)
        for k in range(4)
    ] + [Series(name="Option 0 · TPOT", x=[1.0, 2.0, 4.0], y=[1.0, 2.0, 3.0], option_index=0)]
    chart = Chart(key="lat", title="TTFT", x_label="Concurrency", x_unit="", y_label="TTFT", y_unit="ms", series=series)
    d = chart_drawing(chart, 495, 290)
    marks = [m for m in d.contents if isinstance(m, Marker)]
    shapes = {m.kind for m in marks}
    assert len(shapes) == 5  # four options and the TPOT curve, each its own shape
    assert len(marks) == 5 * 3 + 5  # three points per series, one in each legend entry
    dashed = [p for p in d.contents if isinstance(p, PolyLine) and p.strokeDashArray]
    assert len(dashed) == 1  # the TPOT curve

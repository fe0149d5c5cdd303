"""PDF stacked bars read in greyscale: each segment (weights, KV cache, ...) carries its own
pattern over its colour, the same in every bar and in its legend swatch, as the screen does."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Group, Line, Rect

from app.domain import Chart, Series
from app.report.charts import BAR_PATTERNS, HATCH_COLOUR, chart_drawing
from app.report.styles import register_fonts

PARTS = ["Weights", "KV cache in use", "Activations", "Runtime reserve", "Free"]


def memory_chart() -> Chart:
    """Two options' memory per GPU [GiB]: every part large enough to hold hatch lines."""
    series = [Series(name=p, x=[0.0, 1.0], y=[16.0 + 4 * k, 12.0 + 3 * k]) for k, p in enumerate(PARTS)]
    return Chart(
        key="memory", title="Memory", x_label="Option", x_unit="", y_label="Memory", y_unit="GiB",
        kind="stacked_bar", series=series, categories=["#1", "#2"],
    )  # fmt: skip


def shapes(node) -> list:
    out = []
    for item in getattr(node, "contents", []):
        out += shapes(item) if isinstance(item, Group) else [item]
    return out


def signature(box: Rect, marks: list) -> frozenset[str]:
    """Which hatch marks lie inside `box`: '/' '\\' '-' lines, '.' dots."""
    x0, y0, x1, y1 = box.x, box.y, box.x + box.width, box.y + box.height
    kinds = set()
    for m in marks:
        if isinstance(m, Circle):
            cx, cy, kind = m.cx, m.cy, "."
        else:
            cx, cy = (m.x1 + m.x2) / 2, (m.y1 + m.y2) / 2
            dx, dy = m.x2 - m.x1, m.y2 - m.y1
            kind = "-" if abs(dy) < 1e-9 else ("/" if dx * dy > 0 else "\\")
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            kinds.add(kind)
    return frozenset(kinds)


def test_each_segment_has_its_own_pattern_in_bars_and_legend(tmp_path):
    register_fonts()
    chart = memory_chart()
    d = chart_drawing(chart, 480, 300)
    flat = shapes(d)
    marks = [s for s in flat if isinstance(s, Line) and s.strokeColor == HATCH_COLOUR]
    marks += [s for s in flat if isinstance(s, Circle) and s.fillColor == HATCH_COLOUR]
    fills = [s for s in flat if isinstance(s, Rect) and s.fillColor is not None and s.height > 0]
    colours = list(dict.fromkeys(r.fillColor for r in fills if r.strokeColor == HATCH_COLOUR))  # the segments
    assert len(colours) == len(PARTS)
    by_part = []
    for colour in colours:
        boxes = [r for r in fills if r.fillColor == colour]  # two bar segments and one legend swatch
        assert len(boxes) == 3
        sigs = {signature(b, marks) for b in boxes}
        assert len(sigs) == 1, f"one pattern per part, in every bar and in the legend: {sigs}"
        by_part.append(sigs.pop())
    assert len(set(by_part)) == len(PARTS) == len(set(BAR_PATTERNS[: len(PARTS)]))  # pairwise different
    assert by_part[0] == frozenset() and all(by_part[1:])  # the first solid, the others patterned
    path = tmp_path / "bars.pdf"
    renderPDF.drawToFile(d, str(path))
    assert "Runtime reserve" in PdfReader(path).pages[0].extract_text()

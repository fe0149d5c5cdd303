"""Vector charts from `app.domain.Chart`: the same data the Analysis page plots.

Drawn with reportlab.graphics shapes (not LinePlot) so reference lines, stacked bars and the
Pareto front follow the chart data exactly: kind "line" draws lines with small markers,
"scatter" draws markers (a series whose name contains "pareto" is joined in x order, as a
front is a line), "stacked_bar" stacks the series per category in series order, as the screen
does. Reference lines are dashed, in the palette's reference colour. Axes are linear.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors

from app.domain import Chart
from app.report.styles import FONT, FONT_BOLD, INK, MUTED, RULE, palette
from app.report.text import shorten

LEGEND_MAX = 8  # series named in the legend; the rest are counted
_LEGEND_ROW = 10.0


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.5:
        ticks.append(round(t, 12))
        t += step
        if len(ticks) > 50:
            break
    if ticks[-1] < hi:
        ticks.append(ticks[-1] + step)
    return ticks


def _fmt(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:g}M"
    if a >= 1e4:
        return f"{v / 1e3:g}k"
    return f"{v:,.6g}"


def _finite(xs, ys):
    return [
        (float(x), float(y))
        for x, y in zip(xs, ys, strict=False)
        if x is not None and y is not None and math.isfinite(x) and math.isfinite(y)
    ]


def chart_drawing(chart: Chart, width: float, height: float) -> Drawing:
    """A Drawing of `chart`, `width` x `height` points, legend below the plot."""
    pal = palette()
    series_colours = [colors.HexColor(c) for c in pal["series"]]
    ref_colour = colors.HexColor(pal["reference"])
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=7)
    n_legend = min(len(chart.series), LEGEND_MAX) + (1 if len(chart.series) > LEGEND_MAX else 0)
    legend_rows = math.ceil(n_legend / 2)
    left, right, top = 52.0, 12.0, 8.0
    bottom = 34.0 + legend_rows * _LEGEND_ROW + (10.0 if chart.kind == "stacked_bar" else 0.0)
    pw, ph = width - left - right, height - top - bottom

    stacked = chart.kind == "stacked_bar"
    if stacked:
        n_cat = max([len(chart.categories)] + [len(s.y) for s in chart.series])
        totals = [0.0] * n_cat
        for s in chart.series:
            for k, y in enumerate(s.y[:n_cat]):
                if y is not None and math.isfinite(y) and y > 0:
                    totals[k] += y
        x_lo, x_hi = -0.5, n_cat - 0.5
        ys = totals + [r.value for r in chart.reference_lines if r.orientation == "horizontal"]
        y_lo, y_hi = 0.0, max(ys + [1.0])
    else:
        pts = [p for s in chart.series for p in _finite(s.x, s.y)]
        xs = [p[0] for p in pts] + [r.value for r in chart.reference_lines if r.orientation == "vertical"]
        ys = [p[1] for p in pts] + [r.value for r in chart.reference_lines if r.orientation == "horizontal"]
        x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
        y_lo, y_hi = (min(ys + [0.0]), max(ys)) if ys else (0.0, 1.0)
    y_ticks = nice_ticks(y_lo, y_hi)
    y_lo, y_hi = y_ticks[0], y_ticks[-1]
    if not stacked:
        x_start = 0.0 if 0.0 <= x_lo < 0.15 * x_hi else x_lo  # start at 0 when data starts near it
        x_ticks = nice_ticks(x_start, x_hi)
        x_lo, x_hi = x_ticks[0], x_ticks[-1]
    else:
        x_ticks = []

    def sx(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * pw

    def sy(y: float) -> float:
        return bottom + (y - y_lo) / (y_hi - y_lo) * ph

    # Grid, axes and ticks
    for t in y_ticks:
        d.add(Line(left, sy(t), left + pw, sy(t), strokeColor=colors.HexColor("#e4e7eb"), strokeWidth=0.4))
        d.add(String(left - 4, sy(t) - 2.5, _fmt(t), fontName=FONT, fontSize=6.5, fillColor=MUTED, textAnchor="end"))
    for t in x_ticks:
        d.add(Line(sx(t), bottom, sx(t), bottom + ph, strokeColor=colors.HexColor("#e4e7eb"), strokeWidth=0.4))
        d.add(String(sx(t), bottom - 10, _fmt(t), fontName=FONT, fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
    d.add(Rect(left, bottom, pw, ph, fillColor=None, strokeColor=RULE, strokeWidth=0.6))
    x_title = f"{chart.x_label} [{chart.x_unit}]" if chart.x_unit else chart.x_label
    d.add(
        String(
            left + pw / 2,
            bottom - (30 if stacked else 21),
            shorten(x_title, 90),
            fontName=FONT,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    y_title = Group(
        String(
            0,
            0,
            shorten(f"{chart.y_label} [{chart.y_unit}]", 60),
            fontName=FONT,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    y_title.transform = (0, 1, -1, 0, 11, bottom + ph / 2)  # rotate 90 degrees
    d.add(y_title)

    # Data
    if stacked:
        bar_w = 0.6 * pw / max(n_cat, 1)
        base = [0.0] * n_cat
        for i, s in enumerate(chart.series):
            colour = series_colours[i % len(series_colours)]
            for k, y in enumerate(s.y[:n_cat]):
                if y is None or not math.isfinite(y) or y <= 0:
                    continue
                d.add(
                    Rect(
                        sx(k) - bar_w / 2,
                        sy(base[k]),
                        bar_w,
                        sy(base[k] + y) - sy(base[k]),
                        fillColor=colour,
                        strokeColor=colors.white,
                        strokeWidth=0.4,
                    )
                )
                base[k] += y
        for k in range(n_cat):
            d.add(
                String(
                    sx(k),
                    bottom - 10,
                    f"#{k + 1}",
                    fontName=FONT_BOLD,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    else:
        for i, s in enumerate(chart.series):
            colour = series_colours[i % len(series_colours)]
            pts = _finite(s.x, s.y)
            if not pts:
                continue
            join = chart.kind == "line" or "pareto" in s.name.lower()
            if join and len(pts) > 1:
                line_pts = sorted(pts) if chart.kind == "scatter" else pts
                d.add(
                    PolyLine(
                        [c for x, y in line_pts for c in (sx(x), sy(y))],
                        strokeColor=colour,
                        strokeWidth=1.4 if chart.kind == "line" else 1.0,
                        fillColor=None,
                    )
                )
            r = 1.4 if chart.kind == "line" else 2.4
            for x, y in pts:
                d.add(Circle(sx(x), sy(y), r, fillColor=colour, strokeColor=colour, strokeWidth=0.3))

    # Reference lines (SLA, capacity), dashed
    for ref in chart.reference_lines:
        if not math.isfinite(ref.value):
            continue
        if ref.orientation == "vertical":
            if not x_lo <= ref.value <= x_hi:
                continue
            x = sx(ref.value)
            d.add(Line(x, bottom, x, bottom + ph, strokeColor=ref_colour, strokeWidth=1, strokeDashArray=[4, 3]))
            d.add(
                String(
                    x - 3,
                    bottom + ph - 9,
                    shorten(ref.label, 40),
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=ref_colour,
                    textAnchor="end",
                )
            )
        else:
            if not y_lo <= ref.value <= y_hi:
                continue
            y = sy(ref.value)
            d.add(Line(left, y, left + pw, y, strokeColor=ref_colour, strokeWidth=1, strokeDashArray=[4, 3]))
            d.add(
                String(
                    left + pw - 3,
                    y + 2.5,
                    shorten(ref.label, 40),
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=ref_colour,
                    textAnchor="end",
                )
            )

    # Legend, two columns
    col_w = pw / 2
    entries = [(s.name, series_colours[i % len(series_colours)]) for i, s in enumerate(chart.series[:LEGEND_MAX])]
    if len(chart.series) > LEGEND_MAX:
        entries.append((f"and {len(chart.series) - LEGEND_MAX} more series", None))
    y0 = bottom - (42 if stacked else 33)
    for k, (name, colour) in enumerate(entries):
        x = left + (k % 2) * col_w
        y = y0 - (k // 2) * _LEGEND_ROW
        if colour is not None:
            d.add(Rect(x, y, 7, 6, fillColor=colour, strokeColor=None))
        d.add(String(x + 10, y, shorten(name, int(col_w / 3.6)), fontName=FONT, fontSize=6.5, fillColor=INK))
    return d

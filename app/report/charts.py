"""Vector charts from `app.domain.Chart`: the same data the Analysis page plots.

Drawn with reportlab.graphics shapes (not LinePlot) so reference lines, stacked bars and the
Pareto front follow the chart data exactly: kind "line" draws lines with small markers,
"scatter" draws markers (a series with role "pareto" is joined in x order, as a
front is a line), "stacked_bar" stacks the series per category in series order, as the screen
does. Reference lines are dashed, in the palette's reference colour. Axes are linear.
Colour is never the only difference: each named series has its own marker shape (MARKERS, the
screen's order of shapes), drawn on its points and in its legend entry, and TPOT curves are
dashed, so the charts read in a greyscale print. A series sized on a profile calibrated to the
user's own runs (`Series.calibration`) has its points ringed, "(calibrated)" after its legend
name, and a legend entry that says what the ring means ("calibrated on 14 of your runs, ...").

At most LEGEND_MAX series are named (the options the package discusses first, then the Pareto
front, then in the engine's order); the rest are drawn in grey as "Other feasible options (N)",
N counting options, not series. Legend entries are wrapped, never cut. Axes are scaled to the
data; a reference line (an SLA, a budget, a capacity) widens an axis by at most half its span,
and one beyond that is named above the plot instead of squashing the data against an edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain import Chart
from app.domain.results import OVER_BUDGET_MARK
from app.report.diagram import wrap
from app.report.styles import FONT, FONT_BOLD, INK, MUTED, RULE, palette
from app.report.text import shorten

LEGEND_MAX = 8  # legend entries; the rest are grouped into one "other feasible options" entry
_LEGEND_ROW = 9.0
_LEGEND_SIZE = 6.5
REF_REACH = 0.5  # a reference line may widen an axis by this share of the data's span
OTHER_GREY = colors.HexColor("#b8c0c8")
# reportlab's names for the screen's shapes (app.ui.chart_view.SYMBOLS): circle, square,
# triangle, diamond, x, plus, star, hexagon
MARKERS = (
    "FilledCircle",
    "FilledSquare",
    "FilledTriangle",
    "FilledDiamond",
    "Cross",
    "FilledCross",
    "FilledStarFive",
    "FilledHexagon",
)
TPOT_DASH = [3, 2]  # [pt] a TPOT curve, as on screen
# A stacked bar's segments in series order, as on screen (app.ui.chart_view.BAR_PATTERNS: solid,
# backward diagonal, dense dots, diagonal cross, horizontal, forward diagonal), drawn in white
# over the fill and in the legend's swatches: weights, KV cache, reserve, ... read in greyscale.
BAR_PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "backdiagonal")
HATCH_STEP = 3.0  # [pt] between hatch lines
HATCH_COLOUR = colors.white


def _mark(shape: str, x: float, y: float, r: float, colour) -> object:
    """A marker of `shape` centred on (x, y), `r` points from centre to edge."""
    return makeMarker(shape, x=x, y=y, size=2 * r, fillColor=colour, strokeColor=colour, strokeWidth=0.6)


def _segments(pattern: str, w: float, h: float, step: float) -> list[tuple[float, float, float, float]]:
    """The hatch lines of `pattern` inside a w x h box at the origin [pt], clipped to it:
    "diagonal" y = x - c, "backdiagonal" y = c - x, "cross" both, "horizontal" y = c."""
    out: list[tuple[float, float, float, float]] = []
    if pattern in ("diagonal", "cross"):
        c = -h + step / 2
        while c < w:
            x0, x1 = max(c, 0.0), min(w, h + c)
            if x1 > x0:
                out.append((x0, x0 - c, x1, x1 - c))
            c += step
    if pattern in ("backdiagonal", "cross"):
        c = step / 2
        while c < w + h:
            x0, x1 = max(0.0, c - h), min(w, c)
            if x1 > x0:
                out.append((x0, c - x0, x1, c - x1))
            c += step
    if pattern == "horizontal":
        y = step / 2
        while y < h:
            out.append((0.0, y, w, y))
            y += step
    return out


def hatch(pattern: str, x: float, y: float, w: float, h: float, step: float = HATCH_STEP) -> Group:
    """White hatch lines (or dots) of `pattern` over the box at (x, y), w x h [pt]; empty for
    "solid" or a box too small to hold one."""
    g = Group()
    if w <= 0 or h <= 0:
        return g
    if pattern == "dots":
        r = 0.45  # [pt]
        yy = step / 2
        while yy < h:
            xx = step / 2
            while xx < w:
                g.add(Circle(x + xx, y + yy, r, fillColor=HATCH_COLOUR, strokeColor=None))
                xx += step
            yy += step
        return g
    for x0, y0, x1, y1 in _segments(pattern, w, h, step):
        g.add(Line(x + x0, y + y0, x + x1, y + y1, strokeColor=HATCH_COLOUR, strokeWidth=0.7))
    return g


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


def split_series(chart: Chart, first: list[int]) -> tuple[list[int], list[int], int]:
    """(named series, grouped series, options in the group) for the legend.

    first: option indices to name before the others (the recommended and shortlisted options).
    """
    n = len(chart.series)
    if n <= LEGEND_MAX or chart.kind == "stacked_bar":
        return list(range(n)), [], 0
    rank = {opt: k for k, opt in enumerate(first)}

    def priority(i: int) -> tuple[int, int]:
        s = chart.series[i]
        if s.option_index is not None and s.option_index in rank:
            return (0, rank[s.option_index])
        if s.role == "pareto":
            return (1, i)
        if s.role == "other_feasible":
            return (3, i)
        return (2, i)

    order = sorted(range(n), key=priority)
    named = sorted(order[: LEGEND_MAX - 1], key=priority)
    grouped = [i for i in range(n) if i not in named]
    options: set[int] = set()
    loose = 0
    for i in grouped:
        s = chart.series[i]
        if s.option_index is not None:
            options.add(s.option_index)
        else:
            loose += len(s.x)  # a cloud of candidates: one point each
    return named, grouped, len(options) + loose


def _data_spans(chart: Chart, slots: list[int], sy: Callable[[float], float]) -> list[tuple[float, float]]:
    """(low, high) drawing heights [pt] the data cover: each point, and each joined segment's span."""
    out: list[tuple[float, float]] = []
    for i in slots:
        s = chart.series[i]
        ys = [sy(y) for _, y in _finite(s.x, s.y)]
        out += [(y, y) for y in ys]
        if chart.kind == "line" or s.role == "pareto":
            out += [(min(a, b), max(a, b)) for a, b in zip(ys, ys[1:], strict=False)]
    return out


def _crosses(spans: list[tuple[float, float]], low: float, high: float) -> bool:
    """Whether any span reaches into [low, high] (marker radius included)."""
    return any(a - 3 <= high and b + 3 >= low for a, b in spans)


def legend_lines(entries: list[str], col_w: float, full_w: float) -> tuple[int, list[list[str]]]:
    """(columns, wrapped lines per entry): two columns when every entry fits in one, else one."""
    fits = all(stringWidth(e, FONT, _LEGEND_SIZE) <= col_w - 12 for e in entries)
    cols = 2 if fits else 1
    width = (col_w if fits else full_w) - 12
    return cols, [wrap(e, FONT, _LEGEND_SIZE, width, max_lines=4) for e in entries]


def _range(data: list[float], refs: list[float], floor_zero: bool) -> tuple[float, float, list[float]]:
    """(lo, hi, refs beyond reach): the data's range, widened to the references within reach."""
    if not data:
        data = refs or [0.0, 1.0]
    lo, hi = min(data), max(data)
    if floor_zero:
        lo = min(lo, 0.0)
    span = (hi - lo) or abs(hi) or 1.0
    beyond = []
    for v in refs:
        if lo - REF_REACH * span <= v <= hi + REF_REACH * span:
            lo, hi = min(lo, v), max(hi, v)
        else:
            beyond.append(v)
    return lo, hi, beyond


def scatter_span(lo: float, hi: float) -> tuple[float, float]:
    """A scatter's value axis around its data [lo, hi]: at least 10 % of the largest value wide
    (near-equal values are not blown up into a spread), with a 5 % margin either side so no
    point sits on the frame; the ticks then round it outward. Same rule as the screen's
    ChartView._fit_range."""
    least = 0.1 * max(abs(lo), abs(hi))
    if hi - lo < least:
        mid = (lo + hi) / 2
        lo, hi = mid - least / 2, mid + least / 2
    if hi == lo:  # all zero
        lo, hi = lo - 0.5, hi + 0.5
    margin = 0.05 * (hi - lo)
    # a positive quantity (cost, latency, a score) never gets a negative axis for its margin
    return (max(lo - margin, 0.0) if lo >= 0 else lo - margin), hi + margin


def _ring(x: float, y: float, r: float) -> Circle:
    return Circle(x, y, r, fillColor=None, strokeColor=INK, strokeWidth=0.9)


def chart_drawing(chart: Chart, width: float, height: float, first: list[int] | None = None) -> Drawing:
    """A Drawing of `chart`, `width` x `height` points, legend below the plot."""
    pal = palette()
    series_colours = [colors.HexColor(c) for c in pal["series"]]
    ref_colour = colors.HexColor(pal["reference"])
    named, grouped, n_other = split_series(chart, first or [])
    colour_of = {i: series_colours[k % len(series_colours)] for k, i in enumerate(named)}
    for i in grouped:
        colour_of[i] = OTHER_GREY
    for i, s in enumerate(chart.series):  # held idle (a fleet's N + k spares): light and hatched, as on screen
        if s.role == "spare":
            colour_of[i] = colors.HexColor(pal.get("spare", pal["series"][-1]))
    shape_of = {i: MARKERS[k % len(MARKERS)] for k, i in enumerate(named)}
    for i in grouped:
        shape_of[i] = "FilledSquare"  # the grey background: small squares, as before
    entries = [
        (chart.series[i].name + (" (calibrated)" if chart.series[i].calibration else ""), colour_of[i], shape_of[i])
        for i in named
    ]
    if grouped:
        # over-budget options drawn because none is feasible are not "feasible" ones (D4)
        kinds = [chart.series[i] for i in grouped]
        over = any(x.role == "option" for x in kinds) and all(
            x.role == "option" and x.name.endswith(OVER_BUDGET_MARK) for x in kinds
        )
        what = "Other options over budget" if over else "Other feasible options"
        entries.append((f"{what} ({n_other:,})", OTHER_GREY, "FilledSquare"))
    notes = list(dict.fromkeys(chart.series[i].calibration.split(" (", 1)[0] for i in named))
    notes = [n for n in notes if n]
    if notes:
        entries.append((f"Ringed: {notes[0]}" + (" and others" if len(notes) > 1 else ""), INK, "ring"))
    left, right, top = 52.0, 12.0, 8.0
    pw = width - left - right
    cols, lines = legend_lines([e[0] for e in entries], pw / 2, pw)
    rows_used = [len(ls) for ls in lines]
    if cols == 2:
        legend_h = sum(max(rows_used[k : k + 2]) for k in range(0, len(rows_used), 2)) * _LEGEND_ROW
    else:
        legend_h = sum(rows_used) * _LEGEND_ROW
    bottom = 34.0 + legend_h + (10.0 if chart.kind == "stacked_bar" else 0.0)
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=7)
    ph = height - top - bottom

    stacked = chart.kind == "stacked_bar"
    if stacked:
        n_cat = max([len(chart.categories)] + [len(s.y) for s in chart.series])
        totals = [0.0] * n_cat
        for s in chart.series:
            for k, y in enumerate(s.y[:n_cat]):
                if y is not None and math.isfinite(y) and y > 0:
                    totals[k] += y
        x_lo, x_hi = -0.5, n_cat - 0.5
        h_refs = [r.value for r in chart.reference_lines if r.orientation == "horizontal" and math.isfinite(r.value)]
        y_lo, y_hi, _ = _range([t for t in totals if t > 0] or [1.0], h_refs, True)
    else:
        pts = [p for s in chart.series for p in _finite(s.x, s.y)]
        v_refs = [r.value for r in chart.reference_lines if r.orientation == "vertical" and math.isfinite(r.value)]
        h_refs = [r.value for r in chart.reference_lines if r.orientation == "horizontal" and math.isfinite(r.value)]
        x_lo, x_hi, _ = _range([p[0] for p in pts], v_refs, False)
        # a chart not anchored at 0 spans its data (an Elo axis from 0 would flatten 1,380 to 1,460
        # into a line), as the screen's ChartView._fit_range does for scatters
        y_lo, y_hi, _ = _range([p[1] for p in pts], h_refs, chart.y_from_zero)
        if not chart.y_from_zero:
            y_lo, y_hi = scatter_span(y_lo, y_hi)
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
            colour = colour_of[i]
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
                pattern = "diagonal" if s.role == "spare" else BAR_PATTERNS[i % len(BAR_PATTERNS)]
                d.add(hatch(pattern, sx(k) - bar_w / 2, sy(base[k]), bar_w, sy(base[k] + y) - sy(base[k])))
                base[k] += y
        # short categories (the hours "00".."23") are their own tick labels, every third hour when
        # there are many, as the app draws them; long ones (option names) are numbered "#k"
        short = len(chart.categories) >= n_cat and all(len(c) <= 3 for c in chart.categories[:n_cat])
        step = 3 if short and n_cat > 12 else 1
        for k in range(0, n_cat, step):
            d.add(
                String(
                    sx(k),
                    bottom - 10,
                    chart.categories[k] if short else f"#{chart.bar_option(k) + 1}",  # the table's rank
                    fontName=FONT_BOLD,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    else:
        for i in grouped + named:  # the grey group behind the named series
            s = chart.series[i]
            colour = colour_of[i]
            pts = _finite(s.x, s.y)
            if not pts:
                continue
            join = chart.kind == "line" or s.role == "pareto"
            if join and len(pts) > 1:
                line_pts = sorted(pts) if chart.kind == "scatter" else pts
                d.add(
                    PolyLine(
                        [c for x, y in line_pts for c in (sx(x), sy(y))],
                        strokeColor=colour,
                        strokeWidth=1.4 if chart.kind == "line" else 1.0,
                        strokeDashArray=TPOT_DASH if s.name.endswith("TPOT") or s.role == "dominated" else None,
                        fillColor=None,
                    )
                )
            r = (2.2 if chart.kind == "line" else 2.6) * (0.6 if i in grouped else 1.0)
            for x, y in pts:
                if i in grouped:  # a square is one path operator: the many grey points stay small to write
                    d.add(Rect(sx(x) - r, sy(y) - r, 2 * r, 2 * r, fillColor=colour, strokeColor=None))
                else:
                    d.add(_mark(shape_of[i], sx(x), sy(y), r, colour))
                    if s.calibration:  # sized on the user's calibrated profile: a ring round the point
                        d.add(_ring(sx(x), sy(y), r + 1.8))

    # Reference lines (SLA, capacity), dashed; one off the scale is named above the plot
    off_scale = [
        f"{r.label} ({'right' if r.value > x_hi else 'left'} of this range)"
        if r.orientation == "vertical"
        else f"{r.label} ({'above' if r.value > y_hi else 'below'} this range)"
        for r in chart.reference_lines
        if math.isfinite(r.value)
        and not (x_lo <= r.value <= x_hi if r.orientation == "vertical" else y_lo <= r.value <= y_hi)
    ]
    v_row = len(off_scale)  # a vertical line's label: on a row of its own below the off-scale notes
    rows = v_row + sum(
        1
        for r in chart.reference_lines
        if r.orientation == "vertical" and math.isfinite(r.value) and x_lo <= r.value <= x_hi
    )
    # The rows of labels sit at the top of the plot unless the data run through that band and not
    # through the same band at the bottom (D14: a cost line near the top of its axis ran through
    # "Workload mean 1.67 req/s"); then at the bottom, in the same order.
    band = 9 + 8 * max(rows - 1, 0) + 3
    spans = [] if stacked else _data_spans(chart, grouped + named, sy)
    at_top = not rows or not _crosses(spans, bottom + ph - band, bottom + ph) or _crosses(spans, bottom, bottom + band)

    def row_y(k: int) -> float:
        """The baseline of the k-th label row (0 the first) [pt]."""
        return bottom + ph - 9 - 8 * k if at_top else bottom + 4 + 8 * (rows - 1 - k)

    for ref in chart.reference_lines:
        if not math.isfinite(ref.value):
            continue
        if ref.orientation == "vertical":
            if not x_lo <= ref.value <= x_hi:
                continue
            x = sx(ref.value)
            d.add(Line(x, bottom, x, bottom + ph, strokeColor=ref_colour, strokeWidth=1, strokeDashArray=[4, 3]))
            text = shorten(ref.label, 40)
            fits_left = x - 3 - stringWidth(text, FONT, 6.5) >= left  # else written right of the line
            d.add(
                String(
                    x - 3 if fits_left else x + 3,
                    row_y(v_row),
                    text,
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=ref_colour,
                    textAnchor="end" if fits_left else "start",
                )
            )
            v_row += 1
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

    for k, note in enumerate(off_scale):
        d.add(
            String(
                left + 4,
                row_y(k),
                shorten(note, int(pw / 3.4)),
                fontName=FONT,
                fontSize=6.5,
                fillColor=ref_colour,
            )
        )

    # Legend: entries wrapped, never cut
    y = bottom - (42 if stacked else 33)
    col_w = pw / cols
    for k in range(0, len(entries), cols):
        row = list(range(k, min(k + cols, len(entries))))
        for j, e in enumerate(row):
            x = left + j * col_w
            if stacked:  # the segment's colour and pattern, large enough to show two hatch lines
                d.add(Rect(x - 1, y - 1.5, 9, 8, fillColor=entries[e][1], strokeColor=None))
                slot = named[e] if e < len(named) else e
                spare = chart.series[slot].role == "spare" if slot < len(chart.series) else False
                pattern = "diagonal" if spare else BAR_PATTERNS[slot % len(BAR_PATTERNS)]
                d.add(hatch(pattern, x - 1, y - 1.5, 9, 8, step=2.6))
            elif entries[e][2] == "ring":
                d.add(_ring(x + 3.5, y + 3, 3.2))
            else:
                d.add(_mark(entries[e][2], x + 3.5, y + 3, 2.8, entries[e][1]))
            for n, line in enumerate(lines[e]):
                d.add(String(x + 10, y - n * _LEGEND_ROW, line, fontName=FONT, fontSize=_LEGEND_SIZE, fillColor=INK))
        y -= max(len(lines[e]) for e in row) * _LEGEND_ROW
    return d

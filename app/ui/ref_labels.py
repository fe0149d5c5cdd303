"""Where a chart's reference-line labels go ('TTFT SLA 800 ms', 'NVIDIA L40S capacity 48 GiB'):
each label tries a few spots along its line, on either side of it, and takes the first that lies
inside the plot, clear of the legend and of the labels already placed, over the fewest data
(curves sampled every few pixels, bars filled). All in scene coordinates [px]."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF

# Spots along a line, in order of preference (fractions of the plot: 0 left or bottom, 1 right
# or top). A horizontal line's label starts at its right end (curves crowd the left, at low
# concurrency and traffic); a vertical one's half-way up.
SPOTS_H = (0.98, 0.86, 0.74, 0.62, 0.5, 0.38, 0.26, 0.14, 0.02)
SPOTS_V = (0.5, 0.65, 0.8, 0.35, 0.2, 0.95, 0.05)
STEP_PX = 4.0  # [px] spacing of the samples taken along a curve
PAD_PX = 2.0  # [px] the least room between a label and a data point (a bare curve's centre line)
GAP_PX = 4.0  # [px] how far off its line (and its markers' pad) a label may sit when no spot against it is clear
BAR_WIDTH = 0.6  # [category] a stacked bar's width, as ChartView draws it


def _scene_xy(transform: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """View coordinates to scene pixels (an affine map: the axes are linear)."""
    t = transform
    return t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()


def _along(px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Points every STEP_PX along the polyline (px, py) [px], its vertices included."""
    if px.size < 2:
        return np.column_stack([px, py])
    seg = np.hypot(np.diff(px), np.diff(py))
    dist = np.concatenate([[0.0], np.cumsum(seg)])
    t = np.unique(np.concatenate([dist, np.arange(0.0, dist[-1], STEP_PX)]))
    return np.column_stack([np.interp(t, dist, px), np.interp(t, dist, py)])


def data_points(chart: Any, transform: Any) -> np.ndarray:
    """Scene points [px] the data cover: a line chart's curves sampled along their length, a
    scatter chart's points, a stacked bar chart's bars filled on a STEP_PX grid."""
    clouds = [np.zeros((0, 2))]
    if chart.kind == "stacked_bar":
        ys = [np.asarray(s.y, float) for s in chart.series if s.y]
        if not ys or any(len(y) != len(ys[0]) for y in ys):
            return clouds[0]
        tops = np.nansum(ys, axis=0)
        for i, top in enumerate(tops):
            (x0, x1), (y0, y1) = _scene_xy(
                transform, np.array([i - BAR_WIDTH / 2, i + BAR_WIDTH / 2]), np.array([0.0, top])
            )
            gx = np.arange(min(x0, x1), max(x0, x1) + 0.1, STEP_PX)
            gy = np.arange(min(y0, y1), max(y0, y1) + 0.1, STEP_PX)
            if gx.size and gy.size:
                mx, my = np.meshgrid(gx, gy)
                clouds.append(np.column_stack([mx.ravel(), my.ravel()]))
        return np.concatenate(clouds)
    for s in chart.series:
        x, y = np.asarray(s.x, float), np.asarray(s.y, float)
        ok = np.isfinite(x) & np.isfinite(y)
        px, py = _scene_xy(transform, x[ok], y[ok])
        clouds.append(_along(px, py) if chart.kind == "line" else np.column_stack([px, py]))
    return np.concatenate(clouds)


def _overlap(a: QRectF, b: QRectF) -> float:
    r = a.intersected(b)
    return max(r.width(), 0.0) * max(r.height(), 0.0)


Choice = tuple[str, float, tuple[float, float], QRectF]  # a label's text, spot, anchor, rect
SEARCH_BUDGET = 400  # spots tried at most while looking for a layout with every label clear


def place(
    lines: Sequence[Any],
    plot: QRectF,
    legend: QRectF | None,
    points: np.ndarray,
    clean_first: bool = True,
    pad_px: float = PAD_PX,
) -> list[QRectF]:
    """Give each visible InfiniteLine in `lines` (horizontal or vertical, in the plot `plot`, a
    scene rect) its label's text, spot and anchor; returns the labels' rects as placed [scene px].
    A depth-first search takes the first layout with every label inside the plot and clear of
    the legend and of each other (the whole texts first, the fewest data under each label);
    when there is none (a tiny plot), each label in turn takes its least overlapping spot.
    `clean_first`: look first for spots over no data, a shorter text if need be (about twice the
    search; a slider step skips it and the detailed result that follows does it). `pad_px`: how
    far [px] a label keeps from each data point (a marker's radius: the points are centres)."""
    shown = [line for line in lines if line.isVisible() and line.label.isVisible()]
    keep_clear = [legend] if legend is not None and not legend.isEmpty() else []
    sizes: list[dict[str, tuple[float, float]]] = []
    for line in shown:
        label = line.label
        full = label.toolTip() or label.format  # ChartView keeps the whole text in the tooltip
        known = label.__dict__.setdefault("measured_px", {})  # text -> (w, h) [px]: its font never changes
        for text in shorter(full):
            if text not in known:
                if label.format != text:
                    label.setFormat(text)
                r = label.textItem.boundingRect()
                known[text] = (r.width(), r.height())
        sizes.append({text: known[text] for text in shorter(full)})
    budget = [SEARCH_BUDGET]

    def search(k: int, taken: list[QRectF]) -> list[Choice] | None:
        if k == len(shown):
            return []
        # First a spot over no data at all, the whole text first then the shorter ones (a small
        # plot, at 1.5x or 2x scaling, has no room for 'Workload mean 0.46 req/s' off the curves,
        # but has for '0.46 req/s'); then the whole text over the fewest data, as before.
        for clean in (True, False) if clean_first else (False,):
            for text, (w, h) in sizes[k].items():
                for cost, spot, anchor, rect in _spots(shown[k], w, h, plot, [*keep_clear, *taken], points, pad_px):
                    if cost[0] > 0 or budget[0] <= 0 or (clean and cost[1] > 0):
                        break
                    budget[0] -= 1
                    rest = search(k + 1, [*taken, rect])
                    if rest is not None:
                        return [(text, spot, anchor, rect), *rest]
        return None

    plan = search(0, [])
    if plan is None:  # no layout with all clear: the least overlap, label by label
        plan = []
        for k, line in enumerate(shown):
            text, (w, h) = list(sizes[k].items())[-1]
            _cost, spot, anchor, rect = _spots(line, w, h, plot, [*keep_clear, *(c[3] for c in plan)], points, pad_px)[
                0
            ]
            plan.append((text, spot, anchor, rect))
    for line, (text, spot, anchor, _rect) in zip(shown, plan, strict=True):
        label = line.label
        if label.format != text:
            label.setFormat(text)
        label.anchors = [anchor, anchor]
        label.setAnchor(anchor)
        if label.orthoPos != spot:
            label.setPosition(spot)
    return [c[3] for c in plan]


def all_clear(lines: Sequence[Any], plot: QRectF, legend: QRectF | None) -> bool:
    """Whether every visible label, where it is now, lies inside `plot` and clear of `legend`
    and of the other labels [scene px] (1 px of rounding allowed)."""
    rects = [line.label.sceneBoundingRect() for line in lines if line.isVisible() and line.label.isVisible()]
    room = plot.adjusted(-1, -1, 1, 1)
    keep_clear = [legend] if legend is not None and not legend.isEmpty() else []
    for i, r in enumerate(rects):
        if not room.contains(r) or any(_overlap(r, other) >= 1.0 for other in [*keep_clear, *rects[i + 1 :]]):
            return False
    return True


def shorter(text: str) -> list[str]:
    """`text`, then from the word before its first number on, then from that number on ('NVIDIA
    L40S capacity 48 GiB' -> 'capacity 48 GiB' -> '48 GiB'; 'Deadline 24 h per run' ->
    '24 h per run'; a text ending on its number, its last two words: '... from month 7' ->
    'month 7'): what a label says where the whole one cannot sit clear (its tooltip keeps the whole
    text). A text without a number has no shorter form."""
    words = text.split()
    number = [w.replace(",", "").replace(".", "", 1).isdigit() for w in words]
    if len(words) > 2 and number[-1]:
        # a text that ends on its number says what it marks last ('Hybrid < Reserved 3 y from month
        # 7'): its shorter form is that quantity, 'month 7', never a cut at an earlier number
        return [text, " ".join(words[-2:])]
    first = next((i for i, n in enumerate(number) if n), None)
    if first is None:
        return [text]
    variants = [text, " ".join(words[max(first - 1, 0) :]), " ".join(words[first:])]
    return list(dict.fromkeys(variants))  # in order, each once


def _spots(
    line: Any, w: float, h: float, plot: QRectF, keep_clear: list[QRectF], points: np.ndarray, pad_px: float = PAD_PX
) -> list[tuple[tuple[float, float, int], float, tuple[float, float], QRectF]]:
    """A w x h [px] label's spots on `line`, best first, as (cost, spot, anchor, rect): the
    cost is the area [px^2] outside the plot or over `keep_clear`, then the data points within
    `pad_px` of it, then the order of preference. Each spot is tried against the line, then
    GAP_PX + `pad_px` off it (a curve that hugs its SLA line, TPOT under 'TPOT SLA 50 ms', left no spot
    against the line clear of its markers)."""
    found = []
    horizontal = line.angle % 180 == 0
    at = line.mapToScene(QPointF(0, 0))  # a point of the line [scene px]
    n = 0
    across = h if horizontal else w  # the label's extent across its line [px]
    gap = (GAP_PX + pad_px) / across if across > 0 else 0.0  # clear of markers centred on the line
    for spot in SPOTS_H if horizontal else SPOTS_V:
        # below then above a horizontal line (right then left of a vertical one), then each GAP_PX off it
        for side in (0.0, 1.0, -gap, 1.0 + gap):
            if horizontal:
                anchor = (spot, side)
                px, py = plot.left() + spot * plot.width(), at.y()
            else:
                anchor = (side, 1.0 - spot)
                px, py = at.x(), plot.bottom() - spot * plot.height()
            rect = QRectF(px - anchor[0] * w, py - anchor[1] * h, w, h)
            outside = w * h - _overlap(rect, plot)
            clash = sum(_overlap(rect, r) for r in keep_clear)
            inside = (
                (points[:, 0] >= rect.left() - pad_px)
                & (points[:, 0] <= rect.right() + pad_px)
                & (points[:, 1] >= rect.top() - pad_px)
                & (points[:, 1] <= rect.bottom() + pad_px)
            )
            hard = outside + clash
            cost = (hard if hard >= 1.0 else 0.0, float(np.count_nonzero(inside)), n)  # < 1 px^2: rounding
            found.append((cost, spot, anchor, rect))
            n += 1
    found.sort(key=lambda f: f[0])
    return found

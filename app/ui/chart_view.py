"""A pyqtgraph view of one `app.domain.Chart`: items created once per series slot, updated with
setData; clicks and hovers map back to the Sizing's options.

Imported lazily (only when the Analysis page is first shown): pyqtgraph costs ~400 ms.

Colours: a series linked to an option takes the option's colour (`option_colour`), so the same
option has the same colour in every plot and in the table's rank cell. Colours come from
resources/style/plots.json ("normal" and the high-contrast "workshop" palette). Colour is never
the only difference: each option (or series) also has its own marker shape (`series_symbol`),
in the plot and in the legend, and TPOT curves are dashed, so a greyscale print or a washed-out
projector still tells the curves apart.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem, QSizePolicy, QToolTip

from app.domain import Chart, Series
from app.domain.numbers import figure
from app.domain.results import OVER_BUDGET_MARK
from app.paths import STYLE_DIR
from app.ui import ref_labels
from app.ui.point_layer import Point, PointLayer
from app.ui.point_layer import cached_pen as _pen

BAR_WIDTH = 0.6
TICK_STEPS = (1, 2, 3, 4, 6, 8, 12, 24)  # label every k-th bar: steps that divide a day's 24 hours
TICK_GAP_PX = 8  # [px] the least room between two bar labels
# Marker shapes in the order options take them: circle, square, triangle, diamond, cross, plus,
# star, hexagon; distinct in outline, so they read without colour.
SYMBOLS = ("o", "s", "t", "d", "x", "+", "star", "h")
# A stacked bar's segments: solid, then hatched, so weights, KV cache, activations and free
# memory differ in greyscale too (the legend's samples show the same fill).
BAR_PATTERNS = (
    Qt.BrushStyle.SolidPattern,
    Qt.BrushStyle.BDiagPattern,
    Qt.BrushStyle.Dense4Pattern,
    Qt.BrushStyle.DiagCrossPattern,
    Qt.BrushStyle.HorPattern,
    Qt.BrushStyle.FDiagPattern,
)
# A "spare" series (capacity held idle, a fleet's N + k spares): the palette's light "spare" colour,
# hatched, whatever its slot, so it never reads as one more workload.
SPARE_PATTERN = Qt.BrushStyle.BDiagPattern
TITLE_LINES = 3  # an axis title wraps onto at most this many lines before its name is elided
CURVE_MARKER_PX = 7  # a line chart's markers: large enough for their shape to read
OPTION_MARK_PX = 17  # [px] the ring round a scatter chart's highlighted option point
LIVE_FILL = 0.4  # a live axis (a slider step) is kept while the data fill at least this share of it
LIVE_SPARE = 0.35  # room a live axis gets past the data where it moves [share of the data's span]


def bar_pattern(slot: int, s: Series) -> Qt.BrushStyle:
    """A stacked bar segment's fill: hatched for a "spare" series, else the slot's pattern."""
    return SPARE_PATTERN if s.role == "spare" else BAR_PATTERNS[slot % len(BAR_PATTERNS)]


def series_symbol(slot: int, s: Series) -> str:
    """The marker shape of series `s` in `slot`: an option's own shape (the same in every plot),
    a plain circle for the grey background groups, else the slot's shape."""
    if s.option_index is not None:
        return SYMBOLS[s.option_index % len(SYMBOLS)]
    if s.role in ("other_feasible", "pareto"):
        return "o"
    return SYMBOLS[slot % len(SYMBOLS)]


@cache
def _palettes() -> dict:
    return json.loads((STYLE_DIR / "plots.json").read_text(encoding="utf-8"))


def load_palette(mode: str = "normal") -> dict:
    return _palettes()[mode]


def option_colour(palette: dict, option_index: int) -> str:
    return palette["series"][option_index % len(palette["series"])]


def is_tpot(name: str) -> bool:
    """A TPOT curve (mean or p95), drawn dashed in its option's colour."""
    return name.endswith((" · TPOT", " · TPOT p95"))


def legend_name(series: Series, full: bool = False) -> str | None:
    """Option labels are long: the legend says '#rank' (the table's rank column, same colour);
    `full` (no table beside the plot: workshop mode, exported images) adds the option's name.
    A TPOT curve shares its option's colour, dashed, and stays out of the legend (None)."""
    if series.option_index is None:
        return LEGEND_SHORT.get(series.name, series.name)
    if is_tpot(series.name):
        return None
    mark = " (calibrated)" if series.calibration else ""
    over = series.name.endswith(OVER_BUDGET_MARK)  # drawn though only the budget rules it out
    if full:
        name = series.name.removesuffix(" · TTFT p95").removesuffix(" · TTFT").removesuffix(OVER_BUDGET_MARK)
        name = name if len(name) <= 36 else name[:35] + "…"
        return f"#{series.option_index + 1} {name}{mark}{OVER_BUDGET_MARK if over else ''}"
    return f"#{series.option_index + 1}{' cal.' if mark else ''}{' over budget' if over else ''}"


def calibration_key(series: list[Series]) -> str | None:
    """The legend entry that says what a ringed point is: "calibrated on 14 of your runs, residual
    6 %" (the first calibrated option's; "and others" when several profiles differ); None without."""
    notes = list(dict.fromkeys(s.calibration.split(" (", 1)[0] for s in series if s.calibration))
    if not notes:
        return None
    return notes[0] + (" and others" if len(notes) > 1 else "")


def wrapped(text: str, width: int = 22) -> str:
    """`text` in lines of at most `width` characters (a longer word whole), joined by <br>: a
    legend entry as narrow as its column beside the plot."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


OPTION_POINTS_NAME = "Ranked options"
REF_LABEL_SPOTS_H = (0.98, 0.62, 0.3)  # where along a horizontal reference line its label sits (0 left, 1 right)
REF_LABEL_SPOTS_V = (0.5, 0.85, 0.15)  # ... a vertical one (0 bottom, 1 top)
LEGEND_SHORT = {
    "Other feasible candidates": "Other feasible",  # three entries a row fit a narrow plot
    "KV cache in use": "KV cache",
    "Runtime reserve": "Reserve",
}


def _is_option_point(chart: Chart, s: Series) -> bool:
    """One ranked option's single point on a scatter chart (drawn by `ChartView.option_points`)."""
    return chart.kind == "scatter" and s.option_index is not None and len(s.x) == 1


def _option_point_tip(x, y, data) -> str:
    return f"#{data[0] + 1} {data[1]}"


def _numbers(name: str, x_label: str, x_unit: str, y_label: str, y_unit: str, x: float, y: float) -> str:
    """A hover tip made from a point's own numbers, when it is shown (not for each of up to
    1,500 points on every update)."""
    return f"{name}\n{x_label}: {figure(x)} {x_unit}\n{y_label}: {figure(y)} {y_unit}"


def _marker_tip(x, y, data) -> str:
    _option, label, name, x_label, x_unit, y_label, y_unit = data
    return label or _numbers(name, x_label, x_unit, y_label, y_unit, x, y)


def _live_range(current: tuple[float, float], target: tuple[float, float]) -> tuple[float, float]:
    """A live axis range [data units] (a slider step) for data spanning `target`, shown in `current`.

    `current` while it holds `target` and `target` fills at least LIVE_FILL of it. Else each side
    `target` left moves out past it by LIVE_SPARE of its span (the other side stays), while `target`
    still fills LIVE_FILL of the result; else `target` with that spare on both sides. Data that are
    not negative never get a negative side. Each axis change redraws the axis, the grid and every
    item's geometry (a few ms a chart); with the spare, a drag that moves the data back and forth
    changes an axis about half as often (bench/ui_latency.py's slider plan: 55 changes of 8 live
    axes in 90 steps, 21 with the spare). The settled (detailed) result fits the data exactly."""
    (c0, c1), (t0, t1) = current, target
    span = t1 - t0
    if c0 <= t0 and t1 <= c1 and span >= LIVE_FILL * (c1 - c0):
        return current
    lo = t0 - LIVE_SPARE * span if t0 < c0 else c0
    hi = t1 + LIVE_SPARE * span if t1 > c1 else c1
    if span < LIVE_FILL * (hi - lo):  # the data moved far: refitted, with room either side
        lo, hi = t0 - LIVE_SPARE * span, t1 + LIVE_SPARE * span
    return (max(lo, 0.0) if t0 >= 0 else lo), hi


def _label_tip(x, y, data) -> str:
    return data


def _point_tip(chart: Chart, s: Series):
    def tip(x, y, data) -> str:
        return _numbers(s.name, chart.x_label, chart.x_unit, chart.y_label, chart.y_unit, x, y)

    return tip


DOMINATED_ALPHA = "66"  # opacity of a dominated row's curve and markers (0x66 = 40 %)


def _dashed(s: Series) -> bool:
    """A TPOT curve (next to its TTFT) and a dominated deployment row draw dashed."""
    return s.name.endswith("TPOT") or s.role == "dominated"


class NumberAxis(pg.AxisItem):
    """Tick labels with thousands separators and enough digits to tell ticks apart."""

    def tickStrings(self, values, scale, spacing):
        if self._tickLevels is not None:  # explicit ticks (the memory chart's '#1', '#2', ...)
            return super().tickStrings(values, scale, spacing)
        step = spacing * scale
        top = max((abs(v * scale) for v in values), default=0.0)
        # a million and up: in M, G or T ('0.8T', '1.0T'), so long labels never run into each other
        unit, suffix = next(((u, x) for u, x in ((1e12, "T"), (1e9, "G"), (1e6, "M")) if top >= u), (1.0, ""))
        step /= unit
        decimals = 0 if step >= 1 or step <= 0 else int(np.ceil(-np.log10(step)))
        return [f"{v * scale / unit:,.{decimals}f}{suffix}" for v in values]


class ChartView(pg.PlotWidget):
    """Draws a Chart; emits `option_clicked(option_index)`; `highlight(i)` marks an option."""

    option_clicked = Signal(int)

    def __init__(self, parent=None, mode: str = "normal") -> None:
        self.palette_ = load_palette(mode)
        self.mode = mode
        super().__init__(
            parent,
            background=self.palette_["background"],
            axisItems={"left": NumberAxis("left"), "bottom": NumberAxis("bottom")},
        )
        self.chart: Chart | None = None
        self.items: list[pg.PlotDataItem | pg.BarGraphItem] = []  # one per series slot
        self.names: list[str] = []
        self.ref_lines: list[pg.InfiniteLine] = []
        self._series: list[Series] = []
        self._drawn: list[tuple | None] = []  # per slot: (chart kind, Series) as last drawn
        self._legend_entries: list[tuple[int, str]] = []  # (slot, name) in the legend, in order
        self.highlighted: int | None = None
        self.line_width = 2  # [px] a curve's pen; workshop mode draws thicker lines for a room
        self.full_legend = False  # True: option entries carry their names, not only '#rank'
        self.label_style: dict[str, str] = {}  # extra axis-title CSS, e.g. {"font-size": "16pt"}
        self._fitted_titles: dict[str, tuple[tuple, str]] = {}  # side -> (title, room, size, font), its fit
        self.ref_font: QFont | None = None  # reference-line labels' font (None: pyqtgraph's)
        self.axis_titles: dict[str, str] = {}  # side -> the whole axis title; the shown one may be elided
        self._hl_state: dict[int, object] = {}  # slot -> highlight state as drawn
        self._ticks: list | None = None  # the bottom axis' explicit ticks as set (None: automatic)
        self.bar_ticks_from_categories = False  # stacked bars labelled by their categories, not '#rank'
        # A chart handed over while this view is hidden (a tab not in front, the Analysis page
        # behind workshop mode), drawn when the view is next shown: (chart, live) or None.
        self._pending: tuple[Chart, bool] | None = None
        self._shown_once = False
        # True: keep a chart while hidden even before the first show (the Analysis page's plots,
        # built and fed behind workshop mode before the page was ever on screen). False (exports,
        # a bare view): a view never on screen draws at once.
        self.defer_hidden = False
        self._drawn_chart: Chart | None = None  # the chart the items show now
        self.draws = 0  # charts drawn so far (a chart equal to the one shown is not drawn again)
        # A line chart's curve markers as one layer (the highlighted option's drawn larger on
        # top), and a scatter chart's ranked options as one layer (the highlighted one ringed).
        self.curve_points = PointLayer(
            self.getPlotItem(), CURVE_MARKER_PX, _marker_tip, CURVE_MARKER_PX + 4, 2, fill_mark=True, z=15
        )
        self.option_points = PointLayer(
            self.getPlotItem(), 9, _option_point_tip, OPTION_MARK_PX, 3, fill_mark=False, z=20
        )
        for layer in (self.curve_points, self.option_points):
            layer.item.sigClicked.connect(self._on_point_clicked)
        # Legend-only samples that say what a solid and a dashed curve are (TTFT p95 and TPOT).
        self._style_keys = (pg.PlotDataItem(), pg.PlotDataItem())
        # A line chart's legend samples (never in the plot): the slot's pen and marker shape,
        # which the curve item itself does not draw (its markers live in `curve_points`).
        self._samples: dict[int, pg.PlotDataItem] = {}
        # Legend-only sample of a point sized on a profile calibrated to the user's runs: a ring.
        self._calibrated_key = pg.PlotDataItem()
        self._legend_kind = ""  # the chart kind the legend was built for
        self.marker_px = CURVE_MARKER_PX
        self.legend = self.addLegend(offset=(-5, 5), labelTextSize="8pt", verSpacing=-6)
        self.legend_beside = False  # True: the legend has its own column right of the plot area
        self.showGrid(x=True, y=True, alpha=0.3)
        for side in ("left", "bottom"):  # grid on major ticks only: minor grid lines cost ~6 ms a repaint
            self.getAxis(side).setStyle(maxTickLevel=0)
            self.getAxis(side).enableAutoSIPrefix(False)  # units are in the label: no "(x0.001)"
            # Tick-label room grows but never shrinks: a narrower axis found while painting
            # re-lays out the plot and paints it a second time, on every slider step.
            self.getAxis(side).setStyle(autoReduceTextSpace=False)
            # An axis draws the grid too, so its bounds cover the whole plot and every data change
            # repaints it: replaying its recorded tick labels cost ~4 ms an axis a repaint. Cached
            # as a pixmap, an unchanged axis is copied; a new range or label redraws the cache.
            self.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.text_cached = False  # True (cache_text): text drawn from pixmaps on repaints
        self.getPlotItem().setMenuEnabled(False)  # our own export menu lives on the chart panel
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.scene().sigMouseMoved.connect(self._on_scene_moved)
        for side in ("left", "bottom"):  # a shorter axis (a small plot, a large scale factor) elides its title
            self.getAxis(side).geometryChanged.connect(lambda s=side: self._fit_axis_title(s))
        self._apply_axis_colours()
        # A new plot size moves the lines and the legend: the labels are placed again once the
        # layout has settled (the legend follows the plot's geometry after its resize).
        self._placed_for: object = None  # what the labels were last placed for
        self._place_timer = QTimer(self, singleShot=True, interval=0)
        self._place_timer.timeout.connect(self.place_ref_labels)
        self.getPlotItem().vb.sigResized.connect(self._place_timer.start)
        self.getPlotItem().vb.sigResized.connect(self._set_bar_ticks)  # fewer labels in less room
        self.legend.geometryChanged.connect(self._place_timer.start)  # a legend of more rows

    def cache_text(self) -> None:
        """Draw this plot's text (legend names, reference-line labels, axis titles) from pixmaps on
        repaints, as the axes are: a what-if step repaints the plot area with its legend and labels,
        and laying text out again cost ~0.3 ms a plot a repaint. A changed text or colour redraws its
        pixmap. For plots on screen only: a file export draws its text as text (a document view
        never calls this)."""
        self.text_cached = True
        self._cache_text_items()

    def _cache_text_items(self) -> None:
        """Cache the text items not cached yet (new legend entries, new reference lines)."""
        if not self.text_cached:
            return
        for item in self.scene().items():
            if isinstance(item, QGraphicsTextItem) and item.cacheMode() == QGraphicsItem.CacheMode.NoCache:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    # -- data
    def set_chart(self, chart: Chart, live: bool = False) -> None:
        """Create missing items, setData on existing ones, hide slots no longer used. `live`: an
        update while a slider moves; the axes hold still while the data fits them.

        A hidden view that has been on screen (or whose window is, or that `defer_hidden`) only
        keeps the chart: it is drawn when the view is shown (`showEvent`), so a slider step pays
        for the plots in view only. `chart` is the newest either way. A live chart equal to the
        one drawn is not drawn again (nothing would change on screen: no repaint either)."""
        self.chart = chart
        if not self.isVisible() and (self.defer_hidden or self._shown_once or self.window().isVisible()):
            self._pending = (chart, live)
            return
        if live and self._pending is None and chart == self._drawn_chart:
            return  # a what-if step that left this chart as it is (traffic moves no latency curve)
        self._pending = None
        self._draw(chart, live)

    def _draw(self, chart: Chart, live: bool) -> None:
        if not self.legend_beside and calibration_key(chart.series) is not None:
            # Calibrated: '#1 cal.' entries and the 'ringed: ...' line made a legend of several rows
            # over the data and the SLA / budget labels at 1366x768; it gets its own column.
            self.place_legend_beside()  # draws the chart, with the legend beside the plot
            return
        self._drawn_chart = chart
        self.draws += 1
        self._series = [s for s in chart.series if not _is_option_point(chart, s)]
        points = [s for s in chart.series if _is_option_point(chart, s)]
        for side, label, unit in (("bottom", chart.x_label, chart.x_unit), ("left", chart.y_label, chart.y_unit)):
            self.axis_titles[side] = f"{label} [{unit}]" if unit else label
            self._fit_axis_title(side)
        if chart.kind == "stacked_bar":
            self._set_bars(chart)
        else:
            self._set_lines(chart)
        for slot in range(len(self._series), len(self.items)):
            self.items[slot].setVisible(False)
            self._drawn[slot] = None
        self._set_option_points(points)
        self._sync_legend()
        self._set_reference_lines(chart)
        self._fit_range(chart, live)
        self._set_bar_ticks()  # how many labels fit depends on the range just set
        self.highlight(self.highlighted)
        self._settle()
        self.place_ref_labels(live)

    def bar_tick_labels(self) -> list[str]:
        """The drawn stacked-bar chart's bar labels: '#rank' of the option each bar stands for, or
        the chart's own categories (hours of a day) where `bar_ticks_from_categories`."""
        chart = self._drawn_chart
        if chart is None or chart.kind != "stacked_bar":
            return []
        if self.bar_ticks_from_categories:
            return list(chart.categories)
        return [f"#{chart.bar_option(i) + 1}" for i in range(len(chart.categories))]

    def _set_bar_ticks(self) -> None:
        """A stacked bar chart's bottom ticks: every bar labelled where the labels fit side by side,
        else every `step`-th (1, 2, 3, 4, 6, 8, 12) so none run together (24 hours in half a
        1366 px window read '#9#10#11'); automatic ticks for other charts. Again on each resize."""
        if not shiboken6.isValid(self) or self.getPlotItem() is None:  # closing
            return
        labels = self.bar_tick_labels()
        ticks = None
        if labels:
            axis = self.getAxis("bottom")
            metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
            widest = max(metrics.horizontalAdvance(t) for t in labels) + TICK_GAP_PX
            lo, hi = self.getPlotItem().vb.viewRange()[0]
            per_bar = self.getPlotItem().vb.width() / max(hi - lo, 1e-9)  # [px] one bar's slot
            step = next((k for k in TICK_STEPS if k * per_bar >= widest), TICK_STEPS[-1])
            ticks = [[(i, t) for i, t in enumerate(labels) if i % step == 0]]
        if ticks != self._ticks:  # setTicks redraws the axis, even with the same ticks
            self.getAxis("bottom").setTicks(ticks)
            self._ticks = ticks

    def _legend_rect(self) -> QRectF | None:
        """The legend's entries' extent [scene px] (its own rect keeps empty rows and margins)."""
        if not self.legend.isVisible() or not self.legend.items:
            return None
        rect = QRectF()
        for sample, label in self.legend.items:
            rect = rect.united(sample.sceneBoundingRect()).united(label.sceneBoundingRect())
        return rect

    def place_ref_labels(self, live: bool = False) -> None:
        """The reference lines' labels clear of each other and of the legend, over the fewest
        data (app.ui.ref_labels); again whenever the plot's size changes. `live` (a slider step):
        the labels stay where they are while they stay clear of each other and of the legend (a
        few ms a chart saved per step, and no labels hopping about under the curves)."""
        chart = self._drawn_chart
        if chart is None or not shiboken6.isValid(self) or not any(line.isVisible() for line in self.ref_lines):
            return
        plot = self.getPlotItem()
        if plot is None:  # closing: nothing to place
            return
        vb = plot.vb
        vb.prepareForPaint()  # the view matrix as the next paint will have it
        legend = self._legend_rect()
        frame = (
            [(line.label.toolTip(), line.value(), line.isVisible()) for line in self.ref_lines],
            vb.viewRange(),
            vb.sceneBoundingRect().getRect(),
            legend.getRect() if legend is not None else None,
        )
        if live and frame == self._placed_for:
            return
        self._placed_for = frame
        if live and ref_labels.all_clear(self.ref_lines, vb.sceneBoundingRect(), legend):
            return  # a slider step that left every label clear: it stays (no search per step)
        points = ref_labels.data_points(chart, vb.childGroup.sceneTransform())
        pad = self.label_pad_px(chart)
        ref_labels.place(self.ref_lines, vb.sceneBoundingRect(), legend, points, clean_first=not live, pad_px=pad)

    def label_pad_px(self, chart: Chart) -> float:
        """How far [px] a reference label keeps from a data point: the largest marker's radius
        drawn on it (a highlighted curve marker, a ringed option point) and 2 px; a bar chart's
        points fill its bars, 2 px. The labels sat on the markers around 'TPOT SLA 50 ms'."""
        if chart.kind == "stacked_bar":
            return ref_labels.PAD_PX
        if chart.kind == "scatter":
            return ref_labels.PAD_PX + OPTION_MARK_PX / 2
        return ref_labels.PAD_PX + (self.marker_px + 4) / 2

    def flush(self) -> None:
        """Draw a chart that came while the view was hidden (no-op when there is none)."""
        if self._pending is not None:
            chart, live = self._pending
            self._pending = None
            self._draw(chart, live)

    def showEvent(self, event) -> None:
        self._shown_once = True
        self.flush()  # before the first paint: it shows the newest chart, never an older one
        super().showEvent(event)

    def _settle(self) -> None:
        """Do now what pyqtgraph would do lazily inside the next paint: the view matrix (items
        react to it by changing geometry) and the reference lines' bounds. Done during paint,
        those changes schedule a second full repaint of the plot."""
        vb = self.getPlotItem().vb
        vb.prepareForPaint()
        for line in self.ref_lines:
            if line.isVisible():
                line.boundingRect()

    def _fit_range(self, chart: Chart, live: bool = False) -> None:
        """Data and reference lines in view, with headroom at the top for the legend row. Live,
        the current range is kept while it holds the data and the data fills most of it (an axis
        that changes is redrawn, and jumping axes are hard to read while dragging); when it must
        change it grows with room to spare."""
        xs = [np.asarray(s.x, float) for s in chart.series if s.x]
        ys = [np.asarray(s.y, float) for s in chart.series if s.y]
        if chart.kind == "stacked_bar" and ys and all(len(y) == len(ys[0]) for y in ys):
            ys = [np.sum(ys, axis=0), np.zeros(1)]
        h_refs = [r.value for r in chart.reference_lines if r.orientation == "horizontal"]
        v_refs = [r.value for r in chart.reference_lines if r.orientation != "horizontal"]
        x = np.concatenate(xs + [np.asarray(v_refs, float)]) if xs or v_refs else np.zeros(0)
        y = np.concatenate(ys + [np.asarray(h_refs, float)]) if ys or h_refs else np.zeros(0)
        x, y = x[np.isfinite(x)], y[np.isfinite(y)]
        if chart.kind == "stacked_bar":
            x = np.concatenate([x, [-0.5, len(chart.categories) - 0.5]])
        if x.size == 0 and y.size == 0:
            self.getPlotItem().enableAutoRange()
            return
        x = x if x.size else np.array([0.0, 1.0])  # an empty chart with only a line still gets a sane frame
        y = y if y.size else np.array([0.0, 1.0])
        x0, x1 = float(x.min()), float(x.max())
        y0, y1 = min(float(y.min()), 0.0) if chart.kind != "scatter" else float(y.min()), float(y.max())
        # A near-flat series (costs equal to the 4th decimal) spans at least +/-5 % of its value:
        # an axis fitted to the data alone would blow that noise up into a steep slope.
        least = 0.1 * max(abs(y0), abs(y1))
        if y1 - y0 < least:
            mid = (y0 + y1) / 2
            y0, y1 = mid - least / 2, mid + least / 2
        # a line chart whose every x is > 0 (a rate, a concurrency) shows no negative x: the axis
        # starts at 0 at the lowest (D5: "-0.2 req/s" around the workload's rate line alone)
        positive = x0 > 0 and chart.kind == "line"
        if x1 == x0 and positive:  # one x value (e.g. only the workload's rate line): 0 to twice it
            x0, x1 = 0.0, 2 * x0
        elif x1 == x0:  # centre it with room either side
            x0, x1 = x0 - max(abs(x0), 1.0) / 2, x1 + max(abs(x1), 1.0) / 2
        if y1 == y0:
            y0, y1 = y0 - max(abs(y0), 1.0) / 2, y1 + max(abs(y1), 1.0) / 2
        dx, dy = x1 - x0, y1 - y0
        # Headroom: the top band the legend covers stays free of data, whatever the plot's height.
        inside = self.legend.isVisible() and not self.legend_beside
        legend_px = self.legend.boundingRect().height() if inside else 0.0
        vb = self.getPlotItem().vb
        view_px = vb.height()
        band = min((legend_px + 10) / view_px, 0.6) if view_px > 0 else 0.3
        x_range = (max(x0 - 0.04 * dx, 0.0) if positive else x0 - 0.04 * dx, x1 + 0.06 * dx)
        y_range = (y0 - (0.04 * dy if chart.kind == "scatter" else 0), y1 + dy * band / (1 - band))
        if live:
            (cx0, cx1), (cy0, cy1) = vb.viewRange()
            x_range = _live_range((cx0, cx1), x_range)
            y_range = _live_range((cy0, cy1), y_range)
        if [list(x_range), list(y_range)] != vb.viewRange():
            vb.setRange(xRange=x_range, yRange=y_range, padding=0)  # one call: one view-range update

    def place_legend_beside(self) -> None:
        """Move the legend out of the plot area into its own column on the right, one entry a row:
        for charts whose data reach every corner (a cumulative cost's steepest curve ends top
        right), where an overlaid legend would wash points out. The headroom band goes too."""
        if self.legend_beside:
            return
        self.legend_beside = True
        plot = self.getPlotItem()
        old = self.legend
        old.clear()
        old.hide()
        self.scene().removeItem(old)
        # offset None: not anchored to the view box; the plot's grid layout places it, top right.
        self.legend = pg.LegendItem(offset=None, labelTextSize="8pt", verSpacing=-6)
        # a size set: LegendItem.updateSize would otherwise move it to (0, 0) on each entry added
        self.legend.size = (0, 0)
        plot.legend = self.legend
        self.legend.geometryChanged.connect(self._place_timer.start)
        # its own size, not the row's: stretched, its entries spread apart from their samples
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        plot.layout.setColumnSpacing(2, 6)  # [px] between the plot area and the legend
        plot.layout.setColumnMinimumWidth(4, 12)  # [px] the legend's last letters clear of the edge
        plot.layout.addItem(self.legend, 2, 3, Qt.AlignmentFlag.AlignTop)
        self._legend_entries = []  # re-filled on the next update
        self._apply_axis_colours()
        if self.chart is not None:
            self.set_chart(self.chart)

    def _sync_legend(self) -> None:
        """One legend rebuild when the shown names changed, none otherwise: each legend add or
        remove re-lays out the legend and repaints the plot. Samples draw from their item's
        current style, so a restyle needs no rebuild."""
        wanted = [(slot, self.names[slot]) for slot in range(len(self._series)) if self.names[slot] is not None]
        if self.option_points.item.isVisible():
            wanted.append((-1, OPTION_POINTS_NAME))
        if any(is_tpot(s.name) for s in self._series):
            wanted += [(-2, "TTFT p95"), (-3, "TPOT")]
        key = calibration_key(self.chart.series if self.chart is not None else [])
        if key is not None:
            wanted.append((-4, wrapped(f"ringed: {key}")))
        kind = self.chart.kind if self.chart is not None else ""
        if wanted == self._legend_entries and kind == self._legend_kind:
            return
        self._legend_kind = kind
        self.legend.clear()
        names = [name for _slot, name in wanted]
        # Columns first, then the entries: a grid laid out for one column and then re-flowed
        # keeps that column's width, and the legend overhangs the plot's left edge.
        wide = 1 if self.full_legend else 3  # named options: one entry a row
        self._legend_columns = max(1, len(names)) if all(len(n) <= 4 for n in names) else wide
        if self.legend_beside:
            self._legend_columns = 1  # a column beside the plot: one entry a row
        self.legend.setColumnCount(self._legend_columns)
        special = {
            -1: self.option_points.item,
            -2: self._style_keys[0],
            -3: self._style_keys[1],
            -4: self._calibrated_key,
        }
        for slot, name in wanted:
            sample = self._samples.get(slot) if kind == "line" else None
            self.legend.addItem(special[slot] if slot < 0 else sample or self.items[slot], name)
        self._legend_entries = wanted
        self._fit_legend()
        self._cache_text_items()  # the new entries' names

    def _fit_legend(self) -> None:
        """Fewer legend columns while the legend is wider than the plot: it is anchored at the top
        right, so a wider one overhangs the left edge and cuts its first entry (long workload names
        at 1366 px). A resize starts again from the columns the entries asked for."""
        plot = self.getPlotItem()
        if plot is None:  # closing: nothing to fit
            return
        room = plot.vb.width()
        cols = getattr(self, "_legend_columns", 1)
        if self.legend.columnCount != cols:
            self.legend.setColumnCount(cols)
        while cols > 1 and room > 0 and self.legend.layout.preferredWidth() > room - 10:
            cols -= 1
            self.legend.setColumnCount(cols)

    def resizeEvent(self, ev: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(ev)
        if getattr(self, "_legend_entries", None):
            self._fit_legend()

    def _colour(self, slot: int, s: Series) -> str:
        if s.role == "dominated":  # a row kept for reference: its slot's colour, faded (#RRGGBBAA)
            return self.palette_["series"][slot % len(self.palette_["series"])][:7] + DOMINATED_ALPHA
        if s.role == "spare":
            return str(self.palette_.get("spare", self.palette_["series"][-1]))
        if s.option_index is not None:
            return option_colour(self.palette_, s.option_index)
        if s.role == "other_feasible":
            return self.palette_["series"][-1]
        if s.role == "pareto":
            return self.palette_["foreground"]
        return self.palette_["series"][slot % len(self.palette_["series"])]

    def _line_style(self, slot: int, s: Series, hit: bool) -> dict:
        """Pen and symbol of one series; `hit` = it belongs to the highlighted option. A line
        chart's curves have no symbols of their own: `markers` draws them all."""
        scatter = self.chart is not None and self.chart.kind == "scatter"
        colour = self._colour(slot, s)
        joined = not scatter or s.role == "pareto"
        pen = None
        if joined:
            pen = _pen(colour, self.line_width * 2 if hit else self.line_width, dashed=_dashed(s))
        if not scatter:
            return dict(pen=pen, symbol=None)
        size = 4 if s.option_index is None else (5 if joined else 9)
        return dict(
            pen=pen,
            symbol=series_symbol(slot, s),
            symbolSize=size + 4 if hit else size,
            symbolBrush=colour,
            symbolPen=_pen(self.palette_["highlight"], 2) if hit else _pen(colour),
        )

    def set_marker_size(self, px: int) -> None:
        """A line chart's marker size [px] (workshop mode: larger, to match its thick lines)."""
        self.marker_px = px
        self.curve_points.item.setSize(px)
        self.curve_points.mark.setSize(px + 4)

    def _style_sample(self, slot: int, s: Series) -> None:
        """The legend sample of a line chart's `slot`: its pen and its marker shape."""
        sample = self._samples.get(slot)
        if sample is None:
            sample = self._samples[slot] = pg.PlotDataItem()
            self._legend_entries = [e for e in self._legend_entries if e[0] != slot]  # re-add with the sample
        colour = self._colour(slot, s)
        style = (colour, self.line_width, _dashed(s), series_symbol(slot, s), self.marker_px)
        if getattr(sample, "_archwise_style", None) == style:
            return
        sample._archwise_style = style
        sample.opts.update(
            pen=_pen(colour, self.line_width, dashed=style[2]),
            symbol=style[3],
            symbolSize=self.marker_px + 2,
            symbolBrush=colour,
            symbolPen=_pen(colour),
        )
        # pyqtgraph's legend draws a line sample's marker from its scatter's opts, not the ones
        # above: without these it drew every marker at 7 px in a default grey, and in greyscale
        # the series could not be told apart by their shapes (tgui4 D24)
        sample.scatter.opts.update(size=self.marker_px + 2, pen=_pen(colour), brush=pg.mkBrush(colour))
        self.legend.update()  # its samples paint from the sample's opts

    def _hit(self, s: Series) -> bool:
        return self.highlighted is not None and s.option_index == self.highlighted

    def _unchanged(self, slot: int, kind: str, s: Series) -> bool:
        """Whether `slot` already draws `s` as it is: a what-if re-run often leaves most series
        as they were, and pyqtgraph rebuilds a series' points on every setData."""
        return slot < len(self._drawn) and self._drawn[slot] == (kind, s) and self.items[slot].isVisible()

    def _set_lines(self, chart: Chart) -> None:
        for slot, s in enumerate(self._series):
            same = self._unchanged(slot, chart.kind, s)
            item = self._slot_item(slot, s, pg.PlotDataItem)
            if same:
                continue
            x, y = np.asarray(s.x, float), np.asarray(s.y, float)
            # Tooltips (a scatter chart's own symbols): the engine's labels, else the numbers.
            item.scatter.opts["tip"] = _label_tip if len(s.labels) == len(x) else _point_tip(chart, s)
            hit = self._hit(s)
            data = s.labels if len(s.labels) == len(x) else None
            item.setData(x, y, data=data, **self._line_style(slot, s, hit))  # one call: one rebuild
            if chart.kind == "line":
                self._style_sample(slot, s)
            item.setZValue(10 if hit else 0)
            self._hl_state[slot] = hit
            self._drawn[slot] = (chart.kind, s)
            item.setVisible(True)
        # A line chart's markers: every curve's points, in its colour, in one layer.
        self.curve_points.set_points(
            []
            if chart.kind != "line"
            else [
                Point(
                    x,
                    y,
                    self._colour(slot, s),
                    s.option_index,
                    (
                        s.option_index,
                        s.labels[k] if len(s.labels) == len(s.x) else None,
                        s.name,
                        chart.x_label,
                        chart.x_unit,
                        chart.y_label,
                        chart.y_unit,
                    ),
                    series_symbol(slot, s),
                    self.palette_["foreground"] if s.calibration else None,
                )
                for slot, s in enumerate(self._series)
                for k, (x, y) in enumerate(zip(s.x, s.y, strict=False))
            ]
        )

    def _set_bars(self, chart: Chart) -> None:
        bottom = None
        for slot, s in enumerate(self._series):
            x, y = np.asarray(s.x, float), np.asarray(s.y, float)
            y0 = np.zeros_like(y) if bottom is None or len(bottom) != len(y) else bottom
            bottom = y0 + y
            same = self._unchanged(slot, chart.kind, s) and all(
                self._drawn[k] == (chart.kind, self._series[k]) for k in range(slot)
            )  # same bars beneath
            item = self._slot_item(slot, s, pg.BarGraphItem)
            if same:
                continue
            item.prepareGeometryChange()  # BarGraphItem.setOpts does not: old bars would linger on screen
            item.setOpts(
                x=x,
                height=y,
                y0=y0,
                width=BAR_WIDTH,
                brush=QBrush(QColor(self._colour(slot, s)), bar_pattern(slot, s)),
                pen=pg.mkPen(self.palette_["background"]),
            )
            self._drawn[slot] = (chart.kind, s)
            item.setVisible(True)

    def _set_option_points(self, points: list[Series]) -> None:
        """The ranked options of a scatter chart, each in its table colour, in one layer."""
        self.option_points.set_points(
            [
                Point(
                    s.x[0],
                    s.y[0],
                    option_colour(self.palette_, s.option_index),
                    s.option_index,
                    (s.option_index, s.labels[0] if s.labels else s.name),
                    series_symbol(0, s),
                    self.palette_["foreground"] if s.calibration else None,
                )
                for s in points
            ]
        )

    def _slot_item(self, slot: int, s: Series, kind):
        """The item for `slot`, created once; a slot whose kind changed gets a new item. The
        legend follows in `_sync_legend`."""
        name = legend_name(s, self.full_legend)
        if slot < len(self.items) and isinstance(self.items[slot], kind):
            self.names[slot] = name
            return self.items[slot]
        # Created without a name: PlotItem.addItem would put named items in the legend itself.
        if kind is pg.BarGraphItem:
            item = pg.BarGraphItem(x=[0], height=[0], width=BAR_WIDTH)
        else:
            # No dynamic range limit: with one, every y-range change rebuilds the item's points
            # (our values are bounded; the limit guards against Qt overflow on huge ones).
            item = pg.PlotDataItem(dynamicRangeLimit=None)
            item.scatter.opts["hoverable"] = True
            item.scatter.opts["tip"] = _label_tip
            item.setCurveClickable(True, width=6)
            item.sigClicked.connect(lambda _item, *_a, n=slot: self._on_slot_clicked(n))
            item.sigPointsClicked.connect(lambda _item, _pts, *_a, n=slot: self._on_slot_clicked(n))
        self.addItem(item)
        if slot < len(self.items):  # kind changed: replace
            self.legend.removeItem(self.items[slot])
            if slot in self._samples:
                self.legend.removeItem(self._samples.pop(slot))
            self._legend_entries = [e for e in self._legend_entries if e[0] != slot]
            self.removeItem(self.items[slot])
            self.items[slot], self.names[slot], self._drawn[slot] = item, name, None
        else:
            self.items.append(item)
            self.names.append(name)
            self._drawn.append(None)
        return item

    def _set_reference_lines(self, chart: Chart) -> None:
        along: dict[str, int] = {}  # orientation -> lines of it placed so far
        for n, ref in enumerate(chart.reference_lines):
            angle = 0 if ref.orientation == "horizontal" else 90
            k = along[ref.orientation] = along.get(ref.orientation, -1) + 1
            # The k-th line of an orientation puts its label at another place along it: two SLA
            # lines close together (TTFT 800 ms over TPOT 50 ms) never stack their labels.
            spot = (REF_LABEL_SPOTS_H if angle == 0 else REF_LABEL_SPOTS_V)[k % 3]
            if n == len(self.ref_lines):
                # A horizontal line's first label at its right end (curves crowd the left, at low
                # concurrency and traffic), a vertical one's half-way up; inside the plot.
                line = pg.InfiniteLine(
                    pos=ref.value,
                    angle=angle,
                    label=ref.label,
                    labelOpts={"position": spot, "anchors": [(0, 0), (0, 0)]},
                )
                if self.ref_font is not None:
                    line.label.setFont(self.ref_font)
                self.addItem(line, ignoreBounds=False)
                self.ref_lines.append(line)
                self._cache_text_items()  # its label
            line = self.ref_lines[n]
            # Shown before its text is set: pyqtgraph does not re-render a hidden label's text, and a
            # line hidden by a scenario without a budget kept the previous budget's text (D8).
            line.setVisible(True)
            # Every line is set again on every update: skipping the ones drawn as they are made a
            # 60 Hz drag about 5x slower (bench drag median 1.5 s against 0.3 s), for a reason not
            # yet found (the lines' labels follow the view through these setters).
            line.setAngle(angle)
            line.setValue(ref.value)
            if line.label.toolTip() != ref.label:  # the whole text; the label may show its last words
                line.label.setToolTip(ref.label)
                line.label.setFormat(ref.label)
            if line.label.orthoPos != spot:
                line.label.setPosition(spot)
            line.setPen(pg.mkPen(self.palette_["reference"], width=self.line_width, style=Qt.DashLine))
            line.label.setColor(self.palette_["reference"])
            fill = QColor(self.palette_["background"])
            fill.setAlpha(210)  # readable over curves and bars
            line.label.fill = pg.mkBrush(fill)
        for line in self.ref_lines[len(chart.reference_lines) :]:
            line.setVisible(False)

    # -- palette
    def set_palette(self, mode: str) -> None:
        """Switch to `mode` ("normal" or the high-contrast "workshop") and redraw."""
        self.palette_ = load_palette(mode)
        self.mode = mode
        self.setBackground(self.palette_["background"])
        self._hl_state.clear()
        self._drawn = [None] * len(self._drawn)  # every series is restyled
        self.curve_points.forget()
        self.option_points.forget()
        self._apply_axis_colours()
        if self.chart is not None:
            self.set_chart(self.chart)

    def fitted_axis_title(self, side: str) -> str:
        """The axis title as it fits along its axis: on one line, else wrapped between words onto
        at most TITLE_LINES lines ('Cost per 1M<br>tokens [USD]', the axis grows by a line's
        height each), else its last line elided with the unit kept, never cut by the plot's edge."""
        full = self.axis_titles.get(side, "")
        axis = self.getAxis(side)
        rect = axis.geometry()
        room = int((rect.height() if side == "left" else rect.width()) - 8)  # [px] along the axis
        if room <= 0 or not full:
            return full
        size = self.label_style.get("font-size", "")
        # The same title in the same room and font fits the same way: worked out once, not on every
        # slider step (font metrics cost ~0.1 ms a title, two titles a chart, four charts a step).
        key = (full, room, size, axis.label.font().key())
        fitted = self._fitted_titles.get(side)
        if fitted is not None and fitted[0] == key:
            return fitted[1]
        text = self._fit_title(full, room, size, axis.label.font())
        self._fitted_titles[side] = (key, text)
        return text

    @staticmethod
    def _fit_title(full: str, room: int, size: str, label_font: QFont) -> str:
        """`full` wrapped or elided to fit `room` [px] in `label_font` at the CSS `size`."""
        font = QFont(label_font)
        if size.endswith("pt"):
            font.setPointSizeF(float(size[:-2]))
        elif size.endswith("px"):
            font.setPixelSize(int(float(size[:-2])))
        metrics = QFontMetrics(font)
        if metrics.horizontalAdvance(full) <= room:
            return full
        name, bracket, unit = full.partition(" [")
        words = name.split() + ([f"[{unit}"] if bracket else [])  # the unit wraps as one word
        lines: list[str] = []
        for word in words:
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) <= TITLE_LINES and all(metrics.horizontalAdvance(line) <= room for line in lines):
            return "<br>".join(escape(line) for line in lines)
        # Too long for that: whole lines of the name first, the rest elided before the unit.
        tail = f"{bracket}{unit}" if bracket else ""
        kept: list[str] = []
        left = name.split()
        while len(kept) < TITLE_LINES - 1 and left and metrics.horizontalAdvance(left[0]) <= room:
            line = left.pop(0)
            while left and metrics.horizontalAdvance(f"{line} {left[0]}") <= room:
                line = f"{line} {left.pop(0)}"
            kept.append(line)
        room_left = max(room - metrics.horizontalAdvance(tail), 0)
        last = metrics.elidedText(" ".join(left), Qt.TextElideMode.ElideRight, room_left) if left else ""
        return "<br>".join(escape(line) for line in [*kept, (last + tail).strip()])

    def _fit_axis_title(self, side: str) -> None:
        """Show the fitting title (no re-layout when it is already shown: a title's length never
        changes the axis' thickness, so this cannot loop)."""
        if side not in self.axis_titles or not shiboken6.isValid(self):
            return
        axis, fg = self.getAxis(side), self.palette_["foreground"]
        if not shiboken6.isValid(axis):  # the view is being torn down: its axes go first
            return
        text = self.fitted_axis_title(side)
        if axis.labelText != text or axis.labelStyle.get("color") != fg:  # a new label re-lays out the plot
            axis.setLabel(text, color=fg, **self.label_style)
            axis.label.setToolTip(self.axis_titles[side])

    def _apply_axis_colours(self) -> None:
        fg = self.palette_["foreground"]
        self._style_keys[0].setPen(_pen(fg, self.line_width))
        self._style_keys[1].setPen(_pen(fg, self.line_width, dashed=True))
        self._calibrated_key.opts.update(
            pen=None, symbol="o", symbolSize=11, symbolBrush=self.palette_["background"], symbolPen=_pen(fg, 2.5)
        )
        for side in ("left", "bottom"):
            axis = self.getAxis(side)
            axis.setPen(pg.mkPen(fg))
            axis.setTextPen(pg.mkPen(fg))
            if self.chart is not None:
                axis.setLabel(axis.labelText, units=axis.labelUnits, color=fg, **self.label_style)
        self.legend.setLabelTextColor(fg)
        for _sample, label in self.legend.items:  # existing entries keep their colour otherwise
            label.setText(label.text, color=fg)
        legend_fill = QColor(self.palette_["background"])
        legend_fill.setAlpha(170)  # data under the legend stays visible
        self.legend.setBrush(pg.mkBrush(legend_fill))

    # -- interaction
    def _on_point_clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.option_clicked.emit(int(points[0].data()[0]))

    def _on_slot_clicked(self, slot: int) -> None:
        if slot < len(self._series) and self._series[slot].option_index is not None:
            self.option_clicked.emit(self._series[slot].option_index)

    def _bar_at(self, scene_pos) -> int | None:
        if self.chart is None or self.chart.kind != "stacked_bar" or not self.chart.categories:
            return None
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        x = vb.mapSceneToView(scene_pos).x()
        i = int(round(x))
        return i if 0 <= i < len(self.chart.categories) and abs(x - i) <= BAR_WIDTH / 2 else None

    def _on_scene_clicked(self, event) -> None:
        i = self._bar_at(event.scenePos())
        if i is not None:
            self.option_clicked.emit(self.chart.bar_option(i) if self.chart is not None else i)

    def _on_scene_moved(self, scene_pos: QPointF) -> None:
        i = self._bar_at(scene_pos)
        if i is None:
            return
        lines = [self.chart.categories[i]] + [
            s.labels[i].rsplit(": ", 1)[-1] for s in self._series if i < len(s.labels)
        ]
        QToolTip.showText(QCursor.pos(), "\n".join(lines), self)

    def highlight(self, option_index: int | None) -> None:
        """Thicken and enlarge the series of `option_index`; outline its memory bar. Only the
        items whose state changes are restyled (restyling rebuilds pyqtgraph's point cache)."""
        self.highlighted = option_index
        if self._pending is not None:
            return  # drawn with this highlight when shown
        hl = self.palette_["highlight"]
        self.curve_points.mark_option(option_index, hl)
        self.option_points.mark_option(option_index, hl)
        for slot, s in enumerate(self._series):
            if slot >= len(self.items):
                break
            item = self.items[slot]
            if isinstance(item, pg.BarGraphItem):
                bars = tuple(self.chart.category_options) if self.chart is not None else ()
                if self._hl_state.get(slot) != (option_index, len(s.x), bars) or item.opts.get("pens") is None:
                    self._hl_state[slot] = (option_index, len(s.x), bars)
                    item.setOpts(
                        pens=[
                            _pen(hl, 3)
                            if option_index is not None
                            and self.chart is not None
                            and self.chart.bar_option(j) == option_index
                            else _pen(self.palette_["background"])
                            for j in range(len(s.x))
                        ]
                    )
                continue
            hit = self._hit(s)
            if self._hl_state.get(slot) == hit:
                continue
            self._hl_state[slot] = hit
            style = self._line_style(slot, s, hit)
            item.opts.update(style)  # then one update instead of a rebuild per property
            item.updateItems(styleUpdate=True)
            item.setZValue(10 if hit else 0)

    def series_item(self, name: str):
        """The visible item that draws the series called `name` (for tests and export)."""
        self.flush()
        for slot, s in enumerate(self._series):
            if s.name == name:
                return self.items[slot]
        if self.chart is not None and any(s.name == name for s in self.chart.series):
            return self.option_points.item
        raise KeyError(name)

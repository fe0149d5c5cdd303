"""Many series' points drawn as one pyqtgraph item, with an overlay that marks one option's points.

pyqtgraph rebuilds a scatter item's points on every setData and paints each item on its own;
a chart with a dozen series of markers paid that a dozen times per what-if step. One layer per
chart pays it once. Used for a line chart's curve markers and for the cost chart's ranked options.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen


@lru_cache(maxsize=256)
def cached_pen(colour: str, width: float = 1, dashed: bool = False) -> QPen:
    """Shared pens and brushes: building them costs more than the rest of a small restyle."""
    pen: QPen = pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    return pen


@lru_cache(maxsize=256)
def cached_brush(colour: str) -> QBrush:
    brush: QBrush = pg.mkBrush(colour)
    return brush


class Point(NamedTuple):
    x: float
    y: float
    colour: str
    option_index: int | None
    data: Any  # handed to the hover tip; data[0] is the option index a click selects
    symbol: str = "o"  # pyqtgraph symbol: each series its own shape, so greyscale tells them apart
    outline: str | None = None  # a ring in this colour: the point was sized on a calibrated profile


class PointLayer:
    """`item` draws the points; `mark` outlines the points of the marked option on top of them
    (filled with the point's colour, or hollow as a ring)."""

    def __init__(
        self,
        plot: Any,
        size: float,
        tip: Callable[..., str] | None,
        mark_size: float,
        mark_width: float,
        fill_mark: bool,
        z: float,
    ) -> None:
        self.item = pg.ScatterPlotItem(size=size, hoverable=True, tip=tip)
        self.mark = pg.ScatterPlotItem(size=mark_size, brush=None)
        self.mark.setEnabled(False)  # a disabled item gets no clicks: they reach the point beneath
        self.mark.setZValue(z)
        for item in (self.item, self.mark):
            plot.addItem(item)
            item.setVisible(False)
        self.mark_width, self.fill_mark = mark_width, fill_mark
        self._drawn: list[Point] | None = None
        self._version = 0  # counts redraws: a mark made for older points is stale
        self._marked: tuple[int | None, int, str] | None = None  # (option, version, colour) the mark shows

    def set_points(self, points: list[Point]) -> None:
        if points == self._drawn:
            return
        self._drawn, self._version = list(points), self._version + 1
        self.item.setVisible(bool(points))
        if not points:
            self.item.clear()
            return
        self.item.setData(
            x=[p.x for p in points],
            y=[p.y for p in points],
            brush=[cached_brush(p.colour) for p in points],
            pen=[cached_pen(p.outline, 2.5) if p.outline else cached_pen(p.colour) for p in points],
            symbol=[p.symbol for p in points],
            data=[p.data for p in points],
        )

    def mark_option(self, option_index: int | None, colour: str) -> None:
        """Outline `option_index`'s points in `colour` (None: no mark)."""
        key = (option_index, self._version, colour)
        if key == self._marked:
            return
        self._marked = key
        hit = [p for p in self._drawn or [] if option_index is not None and p.option_index == option_index]
        self.mark.setVisible(bool(hit))
        if not hit:
            self.mark.clear()
            return
        self.mark.setData(
            x=[p.x for p in hit],
            y=[p.y for p in hit],
            symbol=[p.symbol for p in hit],
            brush=cached_brush(hit[0].colour) if self.fill_mark else None,
            pen=cached_pen(colour, self.mark_width),
        )

    def forget(self) -> None:
        """Redraw everything on the next update (a new palette)."""
        self._drawn = self._marked = None

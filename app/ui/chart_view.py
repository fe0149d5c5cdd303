"""A pyqtgraph view of one `app.domain.Chart`: items created once, updated with setData.

Imported lazily (only when the Analysis page is first shown): pyqtgraph costs ~400 ms.
"""

from __future__ import annotations

import json

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from app.domain import Chart
from app.paths import STYLE_DIR


def load_palette(mode: str = "normal") -> dict:
    return json.loads((STYLE_DIR / "plots.json").read_text(encoding="utf-8"))[mode]


class ChartView(pg.PlotWidget):
    """Draws a Chart; emits `option_clicked(option_index)`; `highlight(i)` marks an option."""

    option_clicked = Signal(int)

    def __init__(self, parent=None, mode: str = "normal") -> None:
        self.palette_ = load_palette(mode)
        super().__init__(parent, background=self.palette_["background"])
        self.items: dict[str, pg.PlotDataItem | pg.BarGraphItem] = {}
        self.ref_lines: dict[str, pg.InfiniteLine] = {}
        self._option_of: dict[str, int | None] = {}
        self._labels: dict[str, list[str]] = {}
        self.highlighted: int | None = None
        self.legend = self.addLegend(offset=(10, 10))
        self.showGrid(x=True, y=True, alpha=0.25)

    def set_chart(self, chart: Chart) -> None:
        """Create missing items, setData on existing ones, hide series no longer present."""
        self.setTitle(chart.title, color=self.palette_["foreground"])
        self.setLabel("bottom", chart.x_label, units=None, **{"color": self.palette_["foreground"]})
        self.getAxis("bottom").setLabel(f"{chart.x_label} [{chart.x_unit}]")
        self.getAxis("left").setLabel(f"{chart.y_label} [{chart.y_unit}]")
        present = set()
        bottom = None
        for i, s in enumerate(chart.series):
            present.add(s.name)
            colour = self.palette_["series"][i % len(self.palette_["series"])]
            x, y = np.asarray(s.x, float), np.asarray(s.y, float)
            self._option_of[s.name] = s.option_index
            self._labels[s.name] = list(s.labels)
            if chart.kind == "stacked_bar":
                y0 = np.zeros_like(y) if bottom is None else bottom
                item = self.items.get(s.name)
                if item is None:
                    item = pg.BarGraphItem(x=x, height=y, y0=y0, width=0.6, brush=colour, name=s.name)
                    self.addItem(item)
                    self.legend.addItem(item, s.name)
                    self.items[s.name] = item
                else:
                    item.setOpts(x=x, height=y, y0=y0)
                bottom = y0 + y
                continue
            item = self.items.get(s.name)
            symbol = "o" if chart.kind == "scatter" else None
            if item is None:
                item = self.plot(x, y, name=s.name, pen=None if symbol else pg.mkPen(colour, width=2),
                                 symbol=symbol or "o", symbolSize=7 if symbol else 5,
                                 symbolBrush=colour, symbolPen=colour)
                item.setCurveClickable(True)
                item.sigClicked.connect(lambda _item, *_a, n=s.name: self._on_series_clicked(n))
                item.sigPointsClicked.connect(lambda _item, _pts, *_a, n=s.name: self._on_series_clicked(n))
                item.scatter.setToolTip(None)
                self.items[s.name] = item
            else:
                item.setData(x, y)
            item.setVisible(True)
            tips = self._labels[s.name] or [f"{s.name}: x={a:.4g} {chart.x_unit}, y={b:.4g} {chart.y_unit}" for a, b in zip(x, y)]
            item.scatter.setData(x=x, y=y, data=tips, tip=lambda x, y, data: data,
                                 brush=colour, pen=colour, size=7 if symbol else 5)
        for name, item in self.items.items():
            if name not in present:
                item.setVisible(False)
        wanted = set()
        for ref in chart.reference_lines:
            wanted.add(ref.label)
            angle = 0 if ref.orientation == "horizontal" else 90
            line = self.ref_lines.get(ref.label)
            if line is None:
                line = pg.InfiniteLine(pos=ref.value, angle=angle, label=ref.label,
                                       pen=pg.mkPen(self.palette_["reference"], width=2, style=pg.QtCore.Qt.DashLine),
                                       labelOpts={"color": self.palette_["reference"], "position": 0.9})
                self.addItem(line)
                self.ref_lines[ref.label] = line
            else:
                line.setValue(ref.value)
            line.setVisible(True)
        for label, line in self.ref_lines.items():
            if label not in wanted:
                line.setVisible(False)
        self.highlight(self.highlighted)

    def _on_series_clicked(self, name: str) -> None:
        idx = self._option_of.get(name)
        if idx is not None:
            self.option_clicked.emit(idx)

    def highlight(self, option_index: int | None) -> None:
        """Thicken the series of `option_index`, thin the others."""
        self.highlighted = option_index
        for name, item in self.items.items():
            if isinstance(item, pg.PlotDataItem) and item.opts.get("pen") is not None:
                pen = pg.mkPen(item.opts["pen"])
                pen.setWidth(5 if self._option_of.get(name) == option_index and option_index is not None else 2)
                item.setPen(pen)
            if isinstance(item, pg.PlotDataItem):
                hit = self._option_of.get(name) == option_index and option_index is not None
                item.setSymbolSize(11 if hit else 6)

"""Predicted against measured, as a view of the engine's Chart (app.engine.calibration.
comparison_chart): the items are created once and updated with setData."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from app.domain import Chart
from app.ui.chart_view import load_palette


class MeasuredPlot(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped
    """Points predicted now and with a fit, the band as vertical segments, the y = x line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.palette_ = load_palette("normal")
        super().__init__(parent, background=self.palette_["background"])
        self.showGrid(x=True, y=True, alpha=0.3)
        self.legend = self.addLegend(offset=(10, 10), labelTextSize="8pt")
        fg = self.palette_["foreground"]
        series = self.palette_.get("series") or ["#1f77b4", "#d62728", "#2ca02c"]
        self.diagonal = self.plot([], [], pen=pg.mkPen(fg, width=1, style=pg.QtCore.Qt.PenStyle.DashLine), name="y = x")
        self.catalog = self.plot(
            [], [], pen=None, symbol="o", symbolSize=9, symbolBrush=series[0], name="predicted now"
        )
        self.calibrated = self.plot(
            [], [], pen=None, symbol="d", symbolSize=11, symbolBrush=series[1 % len(series)], name="with the fit"
        )
        # the band of the shown prediction: one vertical segment per run, low to high
        self.band = self.plot([], [], pen=pg.mkPen(fg, width=1), connect="pairs", name="band (low – high)")
        # a band without spread: a zero-length segment would not show, so a flat mark, named as such
        self.flat_band = self.plot(
            [], [], pen=None, symbol="_", symbolSize=16, symbolPen=pg.mkPen(fg, width=2), name="band low = high"
        )
        self.chart: Chart | None = None

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        by = {s.name: s for s in chart.series}
        for axis, label, unit in (("bottom", chart.x_label, chart.x_unit), ("left", chart.y_label, chart.y_unit)):
            self.getAxis(axis).setLabel(f"{label} [{unit}]", color=self.palette_["foreground"])
        for item, name in (
            (self.diagonal, "y = x"),
            (self.catalog, "predicted now"),
            (self.calibrated, "with the fit"),
            (self.flat_band, "band low = high"),
        ):
            s = by.get(name)
            item.setData(s.x if s else [], s.y if s else [])
        low, high = by.get("band low"), by.get("band high")
        xs = [x for lo, hi in zip(low.x, high.x, strict=True) for x in (lo, hi)] if low and high else []
        ys = [y for lo, hi in zip(low.y, high.y, strict=True) for y in (lo, hi)] if low and high else []
        self.band.setData(xs, ys, connect="pairs")
        diagonal = by.get("y = x")
        if diagonal and len(diagonal.x) == 2:  # both axes span the same values: y = x at 45 degrees
            self.setXRange(diagonal.x[0], diagonal.x[1], padding=0.05)
            self.setYRange(diagonal.y[0], diagonal.y[1], padding=0.05)
        else:
            self.autoRange()

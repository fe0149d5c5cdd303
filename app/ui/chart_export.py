"""Export one plot as PNG, SVG (pyqtgraph exporters) or CSV (the chart's own series data).

Every file is written next to its destination under a temporary name, then renamed over it,
so a failed export never leaves a half-written file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton

from app.domain import Chart
from app.ui import file_dialogs

FORMATS = {"png": file_dialogs.PNG, "svg": file_dialogs.SVG, "csv": file_dialogs.CSV_DATA}


def _temp_beside(path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def write_atomically(path: Path, write) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it into place."""
    return _write_atomically(path, write)


def _write_atomically(path: Path, write) -> Path:
    path = Path(path)
    tmp = _temp_beside(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def chart_csv_rows(chart: Chart) -> list[list[str]]:
    """One row per point: series, option rank, x, y, label; a header row first."""
    x_head = f"{chart.x_label} [{chart.x_unit}]" if chart.x_unit else chart.x_label
    y_head = f"{chart.y_label} [{chart.y_unit}]" if chart.y_unit else chart.y_label
    rows = [["series", "option_rank", "category" if chart.categories else "x", x_head, y_head, "label"]]
    for s in chart.series:
        rank = "" if s.option_index is None else str(s.option_index + 1)
        for j, (x, y) in enumerate(zip(s.x, s.y, strict=False)):
            cat = chart.categories[int(x)] if chart.categories and 0 <= int(x) < len(chart.categories) else ""
            label = s.labels[j] if j < len(s.labels) else ""
            rows.append([s.name, rank, cat, repr(float(x)), repr(float(y)), label])
    return rows


def export_csv(chart: Chart, path: str | os.PathLike) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(chart_csv_rows(chart))

    return _write_atomically(Path(path), write)


def export_png(view, path: str | os.PathLike, width: int = 1600) -> Path:
    """The plot as a PNG `width` pixels wide (pyqtgraph ImageExporter)."""
    from pyqtgraph.exporters import ImageExporter

    def write(tmp: Path) -> None:
        exporter = ImageExporter(view.getPlotItem())
        exporter.parameters()["width"] = width
        exporter.export(str(tmp))

    return _write_atomically(Path(path), write)


def export_svg(view, path: str | os.PathLike) -> Path:
    """The plot as SVG: pyqtgraph's SVGExporter, or Qt's QSvgGenerator where pyqtgraph cannot
    parse the path data this Qt writes (pyqtgraph 0.14 with Qt 6.12: 'not enough values to unpack')."""
    from pyqtgraph.exporters import SVGExporter

    def write(tmp: Path) -> None:
        try:
            SVGExporter(view.getPlotItem()).export(str(tmp))
        except ValueError:
            _svg_by_qt(view, tmp)

    return _write_atomically(Path(path), write)


def _svg_by_qt(view, path: Path) -> None:
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    size = view.size()
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(size.width(), size.height()))
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle(view.chart.title if view.chart is not None else "plot")
    painter = QPainter(gen)
    try:
        view.render(painter)
    finally:
        painter.end()


def export_chart(view, fmt: str, path: str | os.PathLike) -> Path:
    if fmt == "csv":
        if view.chart is None:
            raise ValueError("the plot has no data yet")
        return export_csv(view.chart, path)
    return export_png(view, path) if fmt == "png" else export_svg(view, path)


class ExportButton(QToolButton):
    """'Export ▾' with PNG / SVG / CSV; asks for a file name, writes, reports by `exported`/`failed`."""

    exported = Signal(str)  # path written
    failed = Signal(str)  # message

    def __init__(self, view, parent=None) -> None:
        super().__init__(parent)
        self.view = view
        self.setText("Export")
        self.setToolTip("Save this plot as PNG, SVG or CSV")
        self.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self)
        for fmt, kind in FORMATS.items():
            menu.addAction(kind.label + "…", lambda f=fmt: self._on_format_chosen(f))
        self.setMenu(menu)

    def _on_format_chosen(self, fmt: str) -> None:
        name = (self.view.chart.key if self.view.chart is not None else "plot") + f".{fmt}"
        path = file_dialogs.save_path(self, "Export plot", [FORMATS[fmt]], name)
        if not path:
            return
        try:
            export_chart(self.view, fmt, path)
        except Exception as exc:  # noqa: BLE001 - any failure is one message; the destination is untouched
            self.failed.emit(f"Could not export the plot to {path}: {exc}")
        else:
            self.exported.emit(path)

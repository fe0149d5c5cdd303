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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export gets the usual permissions (as write_atomic)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


NOT_APPLICABLE = "n/a"  # a cell of a column that does not apply to this row (never left empty)


def chart_csv_rows(chart: Chart) -> list[list[str]]:
    """One row per point: series, option rank, category (bar charts), x, y, label; a header row
    first. A column that applies to no row is left out, and every cell of a kept column is filled
    ('n/a' where it does not apply, e.g. the rank of the Pareto front)."""
    x_head = f"{chart.x_label} [{chart.x_unit}]" if chart.x_unit else chart.x_label
    y_head = f"{chart.y_label} [{chart.y_unit}]" if chart.y_unit else chart.y_label
    ranked = any(s.option_index is not None for s in chart.series)
    labelled = any(s.labels for s in chart.series)
    cats = bool(chart.categories)
    head = ["series"] + ["option_rank"] * ranked + ["category"] * cats + [x_head, y_head] + ["label"] * labelled
    rows = [head]
    for s in chart.series:
        rank = NOT_APPLICABLE if s.option_index is None else str(s.option_index + 1)
        for j, (x, y) in enumerate(zip(s.x, s.y, strict=False)):
            cat = chart.categories[int(x)] if cats and 0 <= int(x) < len(chart.categories) else NOT_APPLICABLE
            label = s.labels[j] if j < len(s.labels) and s.labels[j] else NOT_APPLICABLE
            row = [s.name] + [rank] * ranked + [cat] * cats + [repr(float(x)), repr(float(y))] + [label] * labelled
            rows.append(row)
    return rows


def export_csv(chart: Chart, path: str | os.PathLike) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(chart_csv_rows(chart))

    return _write_atomically(Path(path), write)


DOCUMENT_SIZE = (1600, 900)  # [px] an exported plot, laid out at this size


def document_view(view, size: tuple[int, int] = DOCUMENT_SIZE):
    """A copy of `view`'s chart for a file: laid out off screen at `size`, with the chart's title
    over it and the options' names in the legend (the table that says what '#1' is stays behind).
    The caller deletes it (deleteLater)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.chart_view import ChartView

    copy = ChartView(mode=getattr(view, "mode", "normal"))
    copy.full_legend = True
    copy.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    copy.resize(*size)
    copy.show()
    if view.chart is not None:
        copy.getPlotItem().setTitle(view.chart.title, color=copy.palette_["foreground"])
        copy.set_chart(view.chart)
        copy.highlight(view.highlighted)
    QApplication.processEvents()  # the layout at its size before anything is drawn
    return copy


def export_png(view, path: str | os.PathLike, width: int = DOCUMENT_SIZE[0]) -> Path:
    """The plot as a PNG `width` pixels wide, with its title, axis titles and the options' names
    in the legend (drawn from a document copy of the view, grabbed at its size)."""
    copy = document_view(view, (width, width * DOCUMENT_SIZE[1] // DOCUMENT_SIZE[0]))

    def write(tmp: Path) -> None:
        if not copy.grab().toImage().save(str(tmp), "PNG"):
            raise OSError(f"cannot write {tmp}")

    try:
        return _write_atomically(Path(path), write)
    finally:
        copy.hide()
        copy.deleteLater()


def export_svg(view, path: str | os.PathLike) -> Path:
    """The plot as SVG: pyqtgraph's SVGExporter, or Qt's QSvgGenerator where pyqtgraph cannot
    parse the path data this Qt writes (pyqtgraph 0.14 with Qt 6.12: 'not enough values to unpack')."""
    from pyqtgraph.exporters import SVGExporter

    copy = document_view(view)

    def write(tmp: Path) -> None:
        try:
            SVGExporter(copy.getPlotItem()).export(str(tmp))
        except ValueError:
            _svg_by_qt(copy, tmp)

    try:
        return _write_atomically(Path(path), write)
    finally:
        copy.hide()
        copy.deleteLater()


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

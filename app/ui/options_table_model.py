"""Ranked options of a Sizing as a read-only table; columns declared once.

Infeasible rows are drawn in the palette's disabled text colour and say why in the last column;
the rank cell carries the option's plot colour (set by the page) so table and plots read alike.
`FeasibleFirstProxy` sorts by any column while keeping feasible rows on top.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.ui.columns import Column, sorts_before
from app.ui.roles import ALIGNMENT, DECORATION, DISPLAY, FOREGROUND, HORIZONTAL, NO_FLAGS, READ_ONLY, TOOLTIP, USER

_R = Qt.AlignRight | Qt.AlignVCenter
_L = Qt.AlignLeft | Qt.AlignVCenter


def _num(fmt: str):
    return lambda v: "" if v is None else format(v, fmt)


OPTION_COLUMNS: list[Column] = [
    Column("rank", "Rank", lambda o: o.rank, _num("d"), _R, False),
    Column("model", "Model", lambda o: o.model, str, _L, False),
    Column("hardware", "Hardware", lambda o: o.hardware, str, _L, False),
    Column("runtime", "Runtime", lambda o: o.runtime, str, _L, False),
    Column("precision", "Precision", lambda o: o.precision.value, str, _L, False),
    Column("tp", "TP×PP", lambda o: f"{o.tensor_parallel}×{o.pipeline_parallel}", str, _R, False),
    Column("replicas", "Replicas", lambda o: o.replicas, _num("d"), _R, False),
    Column("total_gpus", "GPUs", lambda o: o.total_gpus, _num("d"), _R, False),
    Column("ttft", "TTFT p95 [ms]", lambda o: o.ttft_p95_ms, _num(",.0f"), _R, False),
    Column("tpot", "TPOT [ms]", lambda o: o.tpot_ms, _num(",.1f"), _R, False),
    Column("tps", "Output [tok/s/replica]", lambda o: o.tokens_per_s, _num(",.0f"), _R, False),
    Column("cost_month", "Cost [USD/month]", lambda o: o.cost_per_month_usd, _num(",.0f"), _R, False),
    Column("cost_mtok", "Cost [USD/1M tok]", lambda o: o.cost_per_million_tokens_usd, _num(",.3f"), _R, False),
    Column("feasible", "Feasible", lambda o: o.feasible, lambda v: "yes" if v else "no", _L, False),
    Column("why_not", "First violation", lambda o: first_violation(o), str, _L, False),
]

FEASIBLE_ROLE = USER + 1


def first_violation(option) -> str:
    if not option.violations:
        return ""
    v = option.violations[0]
    return f"{v.constraint}: {v.detail}" if v.detail else v.constraint


class OptionsTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._options: list = []
        self._colours: list[str] = []
        self._swatches: list[QColor] = []
        # Per row, computed once in set_options: views ask data() hundreds of times a repaint.
        self._values: list[list] = []
        self._texts: list[list[str]] = []
        self._tips: list[str] = []
        self._alignments = [int(c.alignment) for c in OPTION_COLUMNS]

    def set_options(self, options: list) -> None:
        self.beginResetModel()
        self._options = list(options)
        self._values = [[c.getter(o) for c in OPTION_COLUMNS] for o in self._options]
        self._texts = [[c.fmt(v) for c, v in zip(OPTION_COLUMNS, vals, strict=False)] for vals in self._values]
        self._tips = [
            "\n".join(
                f"{v.detail or v.constraint} Fix: {v.fix}" if v.fix else (v.detail or v.constraint)
                for v in o.violations
            )
            or o.label
            for o in self._options
        ]
        self._disabled = QGuiApplication.palette().color(QPalette.Disabled, QPalette.Text)
        self.endResetModel()

    def set_colours(self, colours: list[str]) -> None:
        """Plot colours by option index (cycled), shown as the rank cell's swatch."""
        self._colours = list(colours)
        self._swatches = [QColor(c) for c in self._colours]
        if self._options:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._options) - 1, 0), [Qt.DecorationRole])

    def option(self, row: int):
        return self._options[row]

    def sort_key(self, row: int, column: int):
        """(feasible, value) for sorting, read without a QVariant round trip."""
        value = self._values[row][column]
        return self._options[row].feasible, value if isinstance(value, (int, float)) else str(value)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._options)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(OPTION_COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == HORIZONTAL and role == DISPLAY and 0 <= section < len(OPTION_COLUMNS):
            return OPTION_COLUMNS[section].header
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self._texts[row][column]
        if role == ALIGNMENT:
            return self._alignments[column]
        opt = self._options[row]
        if role == FOREGROUND and not opt.feasible:
            return self._disabled
        if role == USER:
            value = self._values[row][column]
            return value if isinstance(value, (int, float)) else str(value)
        if role == FEASIBLE_ROLE:
            return opt.feasible
        if role == TOOLTIP:
            return self._tips[row]
        if role == DECORATION and column == 0 and self._colours:
            return self._swatches[row % len(self._swatches)]
        return None

    def flags(self, index):
        return READ_ONLY if index.isValid() else NO_FLAGS


class FeasibleFirstProxy(QSortFilterProxyModel):
    """Sorts by the clicked column (Qt.UserRole values); feasible rows stay first either way."""

    def lessThan(self, left, right) -> bool:
        model = self.sourceModel()
        (fl, a), (fr, b) = model.sort_key(left.row(), left.column()), model.sort_key(right.row(), right.column())
        if fl != fr:
            # Qt reverses lessThan for descending order; undo that for feasibility.
            return bool(fl) if self.sortOrder() == Qt.AscendingOrder else bool(fr)
        return sorts_before(a, b)

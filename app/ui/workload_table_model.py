"""The project's workloads as a table: one row per Workload, columns declared once."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.domain import Workload
from app.ui.columns import Column, format_value
from app.ui.roles import ALIGNMENT, DISPLAY, NO_FLAGS, READ_ONLY, TOOLTIP

_R = Qt.AlignRight | Qt.AlignVCenter


def _num(fmt: str):
    return lambda v: "–" if v is None else format(v, fmt)


# (header, getter, format, alignment): read-only here, edited through the form.
COLUMNS: list[Column] = [
    Column("name", "Name", lambda w: w.name, editable=False),
    Column("category", "Category", lambda w: w.category.value.replace("_", " "), editable=False),
    Column("requests_per_s", "Mean [req/s]", lambda w: w.traffic.requests_per_s, _num(",.3g"), _R, False),
    Column("peak_to_mean", "Peak/mean [×]", lambda w: w.traffic.peak_to_mean, _num(",.3g"), _R, False),
    Column("input_tokens", "Input [tok]", lambda w: w.tokens.input_tokens, _num(",d"), _R, False),
    Column("output_tokens", "Output [tok]", lambda w: w.tokens.output_tokens, _num(",d"), _R, False),
    Column("ttft_p95_ms", "TTFT p95 [ms]", lambda w: w.sla.ttft_p95_ms, _num(",.0f"), _R, False),
    Column("tpot_p95_ms", "TPOT p95 [ms]", lambda w: w.sla.tpot_p95_ms, _num(",.0f"), _R, False),
    Column("sensitivity", "Sensitivity", lambda w: w.sensitivity, format_value, editable=False),
    Column("budget", "Budget [USD/month]", lambda w: w.budget_usd_per_month, _num(",.0f"), _R, False),
]


class WorkloadTableModel(QAbstractTableModel):
    """Rows mirror the project's workloads; commands call replace/insert/remove (begin*/end* each)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._workloads: list[Workload] = []

    # -- Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._workloads)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(COLUMNS) and role == Qt.DisplayRole:
            return COLUMNS[section].header
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        w, col = self._workloads[index.row()], COLUMNS[index.column()]
        if role == DISPLAY:
            return col.fmt(col.getter(w))
        if role == ALIGNMENT:
            return int(col.alignment)
        if role == TOOLTIP:
            return f"{w.name}\n\n{w.description}" if w.description else w.name
        return None

    def flags(self, index):
        return READ_ONLY if index.isValid() else NO_FLAGS

    # -- the document side
    def set_workloads(self, workloads: list[Workload]) -> None:
        self.beginResetModel()
        self._workloads = list(workloads)
        self.endResetModel()

    def workloads(self) -> list[Workload]:
        return list(self._workloads)

    def workload(self, row: int) -> Workload:
        return self._workloads[row]

    def row_of(self, name: str) -> int:
        for i, w in enumerate(self._workloads):
            if w.name == name:
                return i
        return -1

    def names(self) -> set[str]:
        return {w.name for w in self._workloads}

    def unique_name(self, base: str) -> str:
        names, candidate, n = self.names(), base, 2
        while candidate in names:
            candidate, n = f"{base} ({n})", n + 1
        return candidate

    def replace(self, row: int, workload: Workload) -> None:
        self._workloads[row] = workload
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def insert(self, row: int, workload: Workload) -> None:
        row = max(0, min(row, len(self._workloads)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._workloads.insert(row, workload)
        self.endInsertRows()

    def remove(self, row: int) -> Workload:
        self.beginRemoveRows(QModelIndex(), row, row)
        w = self._workloads.pop(row)
        self.endRemoveRows()
        return w

"""Table model over the residuals: each measured figure, the prediction the project's profiles
give now and its error, the prediction with a fit not yet applied and its error, and how the
engine was asked (an offline run: as batch jobs are sized)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.measurement import METRIC_LABELS, Residual
from app.services.measurements import band_is_flat

Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "Run",
    "Figure",
    "Measured",
    "Predicted",
    "Error",
    "Fitted",
    "Error",
    "Band (shown)",
    "Predicted as",
)
FITTED_COLUMNS = (5, 6)  # "Fitted" and its error: shown once a fit exists
# the figure's name in the table, short enough to leave "Predicted as" room at 1366 px
SHORT_LABELS = {"output_tokens_per_s": "Output [tokens/s]"}


def _v(x: float | None) -> str:
    """4 significant figures, but whole numbers from 10,000 on ("28,390", not "2.839e+04")."""
    return "—" if x is None else f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:,.4g}"


def _e(r: Residual | None) -> str:
    return "—" if r is None or r.error is None else f"{r.error * 100:+.0f} %"


class ResidualsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Residual, Residual | None]] = []

    def set_rows(self, before: list[Residual], after: list[Residual] | None) -> None:
        fitted = {(r.run_id, r.metric): r for r in after or []}
        self.beginResetModel()
        self.rows = [(b, fitted.get((b.run_id, b.metric))) for b in before]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b, a = self.rows[index.row()]
        shown = a or b
        if role == Qt.ItemDataRole.DisplayRole:
            band = "—" if shown.low is None or shown.high is None else f"{_v(shown.low)} – {_v(shown.high)}"
            if band_is_flat(shown.low, shown.high):  # no spread: one figure, said so (not "675 – 675")
                band = f"{_v(shown.high)} (low = high)"
            return (
                b.run_id,
                SHORT_LABELS.get(b.metric) or METRIC_LABELS.get(b.metric, b.metric),
                _v(b.measured),
                _v(b.predicted),
                _e(b),
                _v(a.predicted) if a else "—",
                _e(a),
                band,
                b.predicted_as or "—",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (b.predicted_as, shown.reason) if x) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() < len(HEADERS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

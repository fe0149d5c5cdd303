"""Table model over the imported runs: the context cells (model, device, GPUs, runtime, precision,
lengths, load) are editable; an edit is validated by the domain record and handed to the page as
a whole new run (the page makes it one undo step). Columns are declared once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from app.domain import DomainError, readable_errors
from app.domain.measurement import MeasuredRun

Index = QModelIndex | QPersistentModelIndex


def _num(x: float | None, fmt: str = "{:,.4g}") -> str:
    """`fmt` (4 significant figures by default; whole numbers from 10,000 on, not "2.839e+04")."""
    if x is None:
        return ""
    return f"{x:,.0f}" if fmt == "{:,.4g}" and abs(x) >= 1e4 else fmt.format(x)


def _load(run: MeasuredRun) -> str:
    if run.load == "offline":
        return "offline"
    if run.load == "concurrency" and run.concurrency:
        return f"concurrency {run.concurrency:g}"
    if run.load == "rate" and run.rate_rps:
        return f"rate {run.rate_rps:g}"
    return ""


def parse_load(text: str) -> dict[str, Any]:
    """ "concurrency 16" / "16" -> closed loop, "rate 2.5" / "2.5/s" -> Poisson rate, "offline"."""
    t = text.strip().casefold().replace("req/s", "").replace("/s", " rate")
    if t in ("offline", "max", "inf"):
        return {"load": "offline", "concurrency": None, "rate_rps": None}
    words = t.replace("=", " ").split()
    nums = [w for w in words if w.replace(".", "", 1).isdigit()]
    if not nums:
        raise DomainError("load: write 'concurrency 16', 'rate 2.5' or 'offline'")
    value = float(nums[0])
    if "rate" in words:
        return {"load": "rate", "rate_rps": value, "concurrency": None}
    return {"load": "concurrency", "concurrency": value, "rate_rps": None}


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[MeasuredRun], str]
    field: str | None = None  # the MeasuredRun field an edit sets (None: read-only)
    right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Run", lambda r: r.id),
    Column("Model", lambda r: r.model or "", "model"),
    Column("Accelerator", lambda r: r.accelerator or "", "accelerator"),
    Column("GPUs", lambda r: _num(r.gpus, "{}"), "gpus", True),
    Column("Runtime", lambda r: r.runtime or "", "runtime"),
    Column("Precision", lambda r: r.precision.value if r.precision else "", "precision"),
    Column("In [tokens]", lambda r: _num(r.input_tokens, "{:,.0f}"), "input_tokens", True),
    Column("Out [tokens]", lambda r: _num(r.output_tokens, "{:,.0f}"), "output_tokens", True),
    Column("Load", _load, "load"),
    Column("TTFT [ms]", lambda r: _num(r.ttft_ms), None, True),
    Column("TPOT [ms]", lambda r: _num(r.tpot_ms), None, True),
    Column("Output [tok/s]", lambda r: _num(r.output_tokens_per_s), None, True),
)


class RunsTableModel(QAbstractTableModel):
    """The runs as rows; `edit_requested(row, run)` carries a validated edit, `edit_refused(text)`
    the reason an edit was not taken. `problems` (per run id) fills the tooltips."""

    edit_requested = Signal(int, object)
    edit_refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runs: list[MeasuredRun] = []
        self.problems: dict[str, str] = {}

    def set_runs(self, runs: list[MeasuredRun], problems: dict[str, str]) -> None:
        self.beginResetModel()
        self.runs, self.problems = list(runs), dict(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable if COLUMNS[index.column()].field else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run, col = self.runs[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole and col.field and col.field in run.missing():
            return "needed"  # the file does not say it: the user gives it here, nothing is guessed
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return col.get(run)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if run.included else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            why = self.problems.get(run.id, "")
            return f"{run.describe()}\n{why or 'ready to fit'}" + (f"\n{run.notes}" if run.notes else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        run = self.runs[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            included = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self.edit_requested.emit(index.row(), run.model_copy(update={"included": included}))
            return True
        field = COLUMNS[index.column()].field
        if role != Qt.ItemDataRole.EditRole or field is None:
            return False
        text = str(value).strip()
        try:
            update = parse_load(text) if field == "load" else {field: text or None}
            new = MeasuredRun.model_validate({**run.model_dump(), **update})
        except ValidationError as exc:
            self.edit_refused.emit(f"{COLUMNS[index.column()].header}: {readable_errors(exc)}")
            return False
        except DomainError as exc:
            self.edit_refused.emit(str(exc))
            return False
        if new != run:
            self.edit_requested.emit(index.row(), new)
        return True

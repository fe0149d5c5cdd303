"""QAbstractTableModel over a list of domain records, with validation at the cell."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QUndoStack

from app.domain import DomainError, readable_errors
from app.store import ProjectBusy, RecordChanged
from app.ui.columns import Column, columns_for, sorts_before
from app.ui.commands import SetRecordCommand
from app.ui.roles import ALIGNMENT, DISPLAY, EDIT, EDITABLE, HORIZONTAL, NO_FLAGS, READ_ONLY, TOOLTIP, USER
from app.ui.search_text import search_key


class RecordProxy(QSortFilterProxyModel):
    """Search and sort over a RecordTableModel reading its cached rows directly: one Python call
    per row filtered and per pair compared, instead of a data() round trip per cell (5,000
    records: filtering 250 ms and sorting 600 ms through data())."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""  # the typed text, folded (search_text)

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self._needle = search_key(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = search_key(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if not self._needle:
            return True
        return any(self._needle in search_key(t) for t in self.sourceModel()._row(source_row)[1])

    def lessThan(self, left, right) -> bool:
        model = self.sourceModel()
        return sorts_before(model._row(left.row())[0][left.column()], model._row(right.row())[0][right.column()])


class RecordTableModel(QAbstractTableModel):
    """Rows are domain records; edits go through the undo stack; bad values are refused.

    `persist(old, new)` is called after every change (new None = deleted, old None = added)
    so the project store can write it; it may raise DomainError, which is reported.
    """

    validation_failed = Signal(str)
    records_changed = Signal()
    write_waiting = Signal(str)  # a write refused only because another program holds the lock

    def __init__(
        self, record_cls: type, records: list, undo_stack: QUndoStack, persist: Callable | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.record_cls = record_cls
        self.columns: list[Column] = columns_for(record_cls)
        self._records = list(records)
        self._rows: dict[int, tuple[list, list[str]]] = {}  # see _row; cleared on every change
        self.undo_stack = undo_stack
        self.persist = persist
        # Where an edit refused only because the file is busy waits (a WaitingWrites, set by the
        # page); None: such an edit is refused and said like any other.
        self.waiting = None
        self.refused_busy: str | None = None  # why the last write was refused, when it was busy

    # -- Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == HORIZONTAL and 0 <= section < len(self.columns):
            if role == DISPLAY:
                return self.columns[section].header
            if role == TOOLTIP:
                return self.columns[section].key
        return None

    def _row(self, row: int) -> tuple[list, list[str]]:
        """(sort keys, texts) of a row, made once: sorting and filtering thousands of records
        ask for every cell many times over."""
        cached = self._rows.get(row)
        if cached is None:
            rec = self._records[row]
            values = [col.getter(rec) for col in self.columns]
            texts = [col.fmt(v) for col, v in zip(self.columns, values, strict=False)]
            keys = [v if isinstance(v, (int, float)) else t for v, t in zip(values, texts, strict=False)]
            cached = self._rows[row] = (keys, texts)
        return cached

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == ALIGNMENT:
            return int(self.columns[column].alignment)
        if role == DISPLAY:
            return self._row(row)[1][column]
        if role == USER:  # sort key
            return self._row(row)[0][column]
        if role == EDIT:
            value = self.columns[column].getter(self._records[row])
            return "" if value is None else self._row(row)[1][column].replace(",", "")
        if role == TOOLTIP:
            rec = self._records[row]
            return f"source: {rec.source}\nas of: {rec.as_of.isoformat()}"
        return None

    def flags(self, index):
        if not index.isValid():
            return NO_FLAGS
        return EDITABLE if self.columns[index.column()].editable else READ_ONLY

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if not index.isValid() or role != EDIT:
            return False
        col = self.columns[index.column()]
        old = self._records[index.row()]
        text = value.strip() if isinstance(value, str) else value
        try:
            new = self.edited(old, col.key, None if text == "" else text)
        except DomainError as exc:
            self.validation_failed.emit(str(exc))
            return False
        if new == old:
            return False
        self.undo_stack.push(SetRecordCommand(self, index.row(), old, new, col.key))
        return True

    # -- editing helpers (commands call these)
    def edited(self, record, field: str, value):
        """A validated copy of `record` with `field` = `value`; DomainError with the domain's
        message, or when a rename would take the name of another record (any capitalisation)."""
        data = record.model_dump()
        data[field] = value
        data["user_modified"] = True
        try:
            new = self.record_cls.model_validate(data)
        except ValidationError as exc:
            raise DomainError(f"{record.name}: {readable_errors(exc)}") from None
        wanted = new.name.casefold()
        if wanted != record.name.casefold():
            taken = next((r.name for r in self._records if r is not record and r.name.casefold() == wanted), None)
            if taken is not None:
                raise DomainError(f"{record.name}: a record named '{taken}' already exists; names are unique")
        return new

    def record(self, row: int):
        return self._records[row]

    def records(self) -> list:
        return list(self._records)

    # Each change is written first and shown only when the write succeeded: a refused write (a
    # busy or read-only file, a name taken meanwhile, a record changed by another writer) leaves
    # the table as the file is, says why, and returns False so the undo command that asked drops
    # itself. Records are found by name (unique per kind, any capitalisation), never by row.
    def row_of(self, name: str) -> int | None:
        key = name.casefold()
        return next((i for i, r in enumerate(self._records) if r.name.casefold() == key), None)

    def set_field(self, name: str, field: str, value) -> bool:
        """Set `field` of the record named `name` to `value` (already validated once)."""
        row = self.row_of(name)
        if row is None:
            self.validation_failed.emit(f"Not saved: {name} is no longer in the table")
            return False
        current = self._records[row]
        try:
            new = self.edited(current, field, value)
        except DomainError as exc:
            self.validation_failed.emit(f"Not saved: {exc}")
            return False
        return self.replace_record(row, new, previous=current)

    def replace_record(self, row: int, record, previous=None) -> bool:
        stored = self._persist(previous, record)
        if stored is None:
            return False
        self._show(row, record if stored is True else stored)
        return True

    def _show(self, row: int, record) -> None:
        self._records[row] = record
        self._rows.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        self.records_changed.emit()

    def insert_record(self, row: int, record) -> bool:
        if self._persist(None, record) is None:
            return False
        row = min(row, len(self._records))
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.insert(row, record)
        self._rows.clear()  # rows after it moved
        self.endInsertRows()
        self.records_changed.emit()
        return True

    def remove_named(self, name: str) -> bool:
        row = self.row_of(name)
        if row is None:
            self.validation_failed.emit(f"Not saved: {name} is no longer in the table")
            return False
        return self.remove_record(row)

    def remove_record(self, row: int) -> bool:
        if self._persist(self._records[row], None) is None:
            return False
        self._drop(row)
        return True

    def _drop(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self._records.pop(row)
        self._rows.clear()
        self.endRemoveRows()
        self.records_changed.emit()

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._rows.clear()
        self.endResetModel()
        self.records_changed.emit()

    def unique_name(self, base: str) -> str:
        names = {r.name for r in self._records}
        candidate, n = f"{base} (copy)", 2
        while candidate in names:
            candidate, n = f"{base} (copy {n})", n + 1
        return candidate

    def _persist(self, old, new):
        """Write the change: the record as stored (True when the store does not say), or None
        (and the reason shown) when the store refused it. A record changed on disk since it was
        read is re-read into the table, so what is shown is what the file holds."""
        self.refused_busy = None
        if self.persist is None:
            return True
        try:
            stored = self.persist(old, new)
        except ProjectBusy as exc:
            if self.waiting is None:
                self.validation_failed.emit(f"Not saved: {exc}")
                return None
            # who holds the file, without the store's "try again" advice: the queue tries again
            self.refused_busy = str(exc).split(": could not ", 1)[-1].split(": ", 1)[-1].split(";")[0]
            self.write_waiting.emit(self.refused_busy)
            return None
        except RecordChanged as exc:
            self.validation_failed.emit(f"Not saved: {exc}")
            if exc.records is not None:  # the kind as the file holds it: a record renamed elsewhere shows
                self.set_records(exc.records)
                return None
            row = self.row_of(old.name) if old is not None else None
            if row is not None:
                if exc.current is None:
                    self._drop(row)
                else:
                    self._show(row, exc.current)
            return None
        except DomainError as exc:
            self.validation_failed.emit(f"Not saved: {exc}")
            return None
        return True if stored is None else stored

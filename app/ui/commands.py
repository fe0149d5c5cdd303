"""Undoable edits. Each command's text is what Edit → Undo shows. A command whose write the
store refused marks itself obsolete, so the stack drops it: what the undo history offers is what
the file holds."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand


class SetRecordCommand(QUndoCommand):
    """Set one field of one record. The record is found by its name (unique per kind, any
    capitalisation), not by its row: rows move when records are added, deleted or re-read. Only
    that field is written, so undo restores it and leaves other fields as the file holds them."""

    def __init__(self, model: Any, row: int, old: Any, new: Any, field: str) -> None:
        super().__init__(f"Set {field.replace('_', ' ')} of {old.name}")
        self.model, self.field = model, field
        self.old_name, self.new_name = old.name, new.name
        self.old_value, self.new_value = getattr(old, field), getattr(new, field)

    def redo(self) -> None:
        self.setObsolete(not self.model.set_field(self.old_name, self.field, self.new_value))

    def undo(self) -> None:
        self.setObsolete(not self.model.set_field(self.new_name, self.field, self.old_value))


class InsertRecordCommand(QUndoCommand):
    def __init__(self, model: Any, row: int, record: Any, text: str) -> None:
        super().__init__(text)
        self.model, self.row, self.record = model, row, record

    def redo(self) -> None:
        self.setObsolete(not self.model.insert_record(self.row, self.record))

    def undo(self) -> None:
        self.setObsolete(not self.model.remove_named(self.record.name))


class RemoveRecordCommand(QUndoCommand):
    def __init__(self, model: Any, row: int) -> None:
        self.model, self.row = model, row
        self.record = model.record(row)
        super().__init__(f"Delete {self.record.name}")

    def redo(self) -> None:
        self.setObsolete(not self.model.remove_named(self.record.name))

    def undo(self) -> None:
        self.setObsolete(not self.model.insert_record(self.row, self.record))


class SetWhatIfCommand(QUndoCommand):
    """What-if values changed (one knob, or all of them back to the baseline). Applies to the
    baseline it was made on: once the panel shows another scenario it does nothing."""

    def __init__(
        self, panel: Any, old: dict[str, float], new: dict[str, float], text: str, applied: bool = False
    ) -> None:
        super().__init__(text)
        self.panel, self.old, self.new = panel, dict(old), dict(new)
        self.baseline = panel.baseline
        self._skip_redo = applied  # a drag already shows its last value when it is recorded

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
        elif self.panel.baseline is self.baseline:
            self.panel.apply_values(self.new)

    def undo(self) -> None:
        if self.panel.baseline is self.baseline:
            self.panel.apply_values(self.old)

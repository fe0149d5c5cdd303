"""Undoable edits. Each command's text is what Edit → Undo shows."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class SetRecordCommand(QUndoCommand):
    """Replace one record by an edited copy (one field changed)."""

    def __init__(self, model, row: int, old, new, field: str) -> None:
        super().__init__(f"Set {field.replace('_', ' ')} of {old.name}")
        self.model, self.row, self.old, self.new = model, row, old, new

    def redo(self) -> None:
        self.model.replace_record(self.row, self.new, previous=self.old)

    def undo(self) -> None:
        self.model.replace_record(self.row, self.old, previous=self.new)


class InsertRecordCommand(QUndoCommand):
    def __init__(self, model, row: int, record, text: str) -> None:
        super().__init__(text)
        self.model, self.row, self.record = model, row, record

    def redo(self) -> None:
        self.model.insert_record(self.row, self.record)

    def undo(self) -> None:
        self.model.remove_record(self.row)


class RemoveRecordCommand(QUndoCommand):
    def __init__(self, model, row: int) -> None:
        self.model, self.row = model, row
        self.record = model.record(row)
        super().__init__(f"Delete {self.record.name}")

    def redo(self) -> None:
        self.model.remove_record(self.row)

    def undo(self) -> None:
        self.model.insert_record(self.row, self.record)

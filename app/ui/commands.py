"""Undoable edits. Each command's text is what Edit → Undo shows. A command whose write the
store refused marks itself obsolete, so the stack drops it: what the undo history offers is what
the file holds."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class SetRecordCommand(QUndoCommand):
    """Replace one record by an edited copy (one field changed)."""

    def __init__(self, model, row: int, old, new, field: str) -> None:
        super().__init__(f"Set {field.replace('_', ' ')} of {old.name}")
        self.model, self.row, self.old, self.new = model, row, old, new

    def redo(self) -> None:
        self.setObsolete(not self.model.replace_record(self.row, self.new, previous=self.old))

    def undo(self) -> None:
        self.setObsolete(not self.model.replace_record(self.row, self.old, previous=self.new))


class InsertRecordCommand(QUndoCommand):
    def __init__(self, model, row: int, record, text: str) -> None:
        super().__init__(text)
        self.model, self.row, self.record = model, row, record

    def redo(self) -> None:
        self.setObsolete(not self.model.insert_record(self.row, self.record))

    def undo(self) -> None:
        self.setObsolete(not self.model.remove_record(self.row))


class RemoveRecordCommand(QUndoCommand):
    def __init__(self, model, row: int) -> None:
        self.model, self.row = model, row
        self.record = model.record(row)
        super().__init__(f"Delete {self.record.name}")

    def redo(self) -> None:
        self.setObsolete(not self.model.remove_record(self.row))

    def undo(self) -> None:
        self.setObsolete(not self.model.insert_record(self.row, self.record))


class SetWhatIfCommand(QUndoCommand):
    """What-if values changed (one knob, or all of them back to the baseline). Applies to the
    baseline it was made on: once the panel shows another scenario it does nothing."""

    def __init__(self, panel, old: dict, new: dict, text: str, applied: bool = False) -> None:
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

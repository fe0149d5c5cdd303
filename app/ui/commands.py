"""Undoable edits. Each command's text is what Edit → Undo shows. A command whose write the
store refused marks itself obsolete, so the stack drops it: what the undo history offers is what
the file holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand


class _WriteCommand(QUndoCommand):
    """A command whose write the store may refuse. Refused for a reason (a name taken, a record
    changed meanwhile) it marks itself obsolete, so the stack drops it: what the undo history
    offers is what the file holds. Refused only because another program holds the file's lock,
    the edit is not lost: it waits in the model's `waiting` queue (shown under the table, retried
    until the file is free) and, once written, is pushed again as an undoable edit. While edits
    wait, a new one waits behind them, so they reach the file in the order they were made.

    Subclasses set `forward` / `backward` (write the change / its undo, True when stored) and
    `again` (this command, already applied) as closures over plain values: a dropped command's
    Qt object is deleted by the stack, and a waiting edit must not need it."""

    forward: Callable[[], bool]
    backward: Callable[[], bool]
    again: Callable[[], QUndoCommand]

    def __init__(self, model: Any, text: str, applied: bool) -> None:
        super().__init__(text)
        self.model, self.label = model, text
        self._skip_redo = applied  # a waiting edit that was written: pushed to be undoable

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._write(self.forward, self.label, self.again)

    def undo(self) -> None:
        self._write(self.backward, f"Undo {self.label}", None)

    def _write(self, apply: Callable[[], bool], text: str, then: Callable[[], QUndoCommand] | None) -> None:
        waiting = getattr(self.model, "waiting", None)
        if waiting is not None and waiting.count():  # behind the edits that wait, in order
            self.setObsolete(True)
            waiting.add(text, apply, then, self.model)
            return
        if apply():
            return
        self.setObsolete(True)
        if waiting is not None and self.model.refused_busy:
            waiting.add(text, apply, then, self.model)


class SetRecordCommand(_WriteCommand):
    """Set one field of one record. The record is found by its name (unique per kind, any
    capitalisation), not by its row: rows move when records are added, deleted or re-read. Only
    that field is written, so undo restores it and leaves other fields as the file holds them."""

    def __init__(self, model: Any, row: int, old: Any, new: Any, field: str, applied: bool = False) -> None:
        super().__init__(model, f"Set {field.replace('_', ' ')} of {old.name}", applied)
        self.field = field
        old_name, new_name = old.name, new.name
        old_value, new_value = getattr(old, field), getattr(new, field)
        self.forward = lambda: model.set_field(old_name, field, new_value)
        self.backward = lambda: model.set_field(new_name, field, old_value)
        self.again = lambda: SetRecordCommand(model, row, old, new, field, applied=True)


class InsertRecordCommand(_WriteCommand):
    def __init__(self, model: Any, row: int, record: Any, text: str, applied: bool = False) -> None:
        super().__init__(model, text, applied)
        self.row, self.record = row, record
        name = record.name
        self.forward = lambda: model.insert_record(row, record)
        self.backward = lambda: model.remove_named(name)
        self.again = lambda: InsertRecordCommand(model, row, record, text, applied=True)


class RemoveRecordCommand(_WriteCommand):
    def __init__(self, model: Any, row: int, record: Any = None, applied: bool = False) -> None:
        record = model.record(row) if record is None else record
        super().__init__(model, f"Delete {record.name}", applied)
        self.row, self.record = row, record
        name = record.name
        self.forward = lambda: model.remove_named(name)
        self.backward = lambda: model.insert_record(row, record)
        self.again = lambda: RemoveRecordCommand(model, row, record, applied=True)


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

"""The open record of one kind (a scenario, a portfolio) and the project's names of that kind:
the one-way edit flow both documents share.

A page proposes a new record → `ReplaceRecordCommand` on the window's undo stack → `replace`
saves it through the services (one transaction, `_store`) → the kind's change signal and
`names_changed` → the views refresh. Nothing is shown that was not saved. A subclass names its
kind (`KIND`), declares its own change signal and says how to store, show and follow a delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain import DomainError

if TYPE_CHECKING:
    from app.store import Project


class RecordDocument(QObject):
    """One kind of named record in the open project: `record` (the open one, or None) and
    `names` (the project's, in order). Each change is one undo step; the store comes first."""

    names_changed = Signal(list)  # the project's names of this kind, in order
    message_posted = Signal(str)
    KIND = "record"  # the word for one record in messages and undo texts: "scenario", "portfolio"

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.project: Project | None = None
        self.record: Any = None
        self.names: list[str] = []

    # -- what a kind says
    def open(self, name: str) -> bool:  # pragma: no cover - each kind opens its own way
        raise NotImplementedError

    def _show(self, record: Any) -> None:
        """Emit the kind's change signal with `record` (the open one, or None)."""
        raise NotImplementedError

    def _store(self, old: Any, new: Any) -> Any:
        """Save `new` in place of `old` (None: add / delete) in one transaction; DomainError if
        refused. Returns the record as stored when it differs from `new` (an edit merged onto a
        change another window made), else None."""
        raise NotImplementedError

    def _refused(self, exc: DomainError) -> None:
        """A save was refused (said already): the views show what is stored again."""
        self._show(self.record)

    def _follow_delete(self, names: list[str], at: int) -> None:
        """After the record at `at` was deleted (`names` without it): open another or show none."""
        raise NotImplementedError

    # -- changes (each an undo step)
    def edit(self, new: Any, text: str) -> None:
        if self.record is not None and new != self.record:
            self._push(ReplaceRecordCommand(self, self.record, new, text))

    def add(self, record: Any, text: str) -> None:
        self._push(ReplaceRecordCommand(self, None, record, text))

    def delete(self) -> None:
        if self.record is not None:
            self._push(ReplaceRecordCommand(self, self.record, None, f"Delete {self.KIND} {self.record.name}"))

    def _push(self, command: QUndoCommand) -> None:
        if self.project is None:
            self.message_posted.emit(f"Open a project first: {self.KIND}s are saved in it.")
            return
        self.undo_stack.push(command)

    # -- what the commands call: the store first, then the views
    def replace(self, old: Any, new: Any) -> bool:
        """Save `new` in place of `old` (None: add / delete) and show it; False on a store error."""
        if self.project is None:
            return False
        try:
            stored = self._store(old, new)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            self._refused(exc)
            return False
        if stored is not None:
            new = stored
        names = list(self.names)
        at = names.index(old.name) if old is not None and old.name in names else -1
        if at >= 0 and new is not None:
            names[at] = new.name  # an edit or a rename keeps its place
        elif at >= 0:
            names.pop(at)
        elif new is not None:
            names.append(new.name)
        if names != self.names:
            self.names = names
            self.names_changed.emit(list(names))
        if new is None and at >= 0:
            self.record = None
            self._follow_delete(names, at)
            return True
        self.record = new
        self._show(new)
        return True


class ReplaceRecordCommand(QUndoCommand):
    """One user action on a record: add (old None), delete (new None), or an edit / rename."""

    def __init__(self, document: RecordDocument, old: Any, new: Any, text: str) -> None:
        super().__init__(text)
        self.document, self.old, self.new = document, old, new

    def redo(self) -> None:
        if not self.document.replace(self.old, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        self.document.replace(self.new, self.old)

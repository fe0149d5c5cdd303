"""The open scenario and the project's scenario names: the one place the window keeps them.

Edits flow one way (app.ui.record_document): a page proposes a new scenario → an undo command →
`replace` saves it through app.services.scenarios (one transaction) → `scenario_changed` /
`names_changed` → the views refresh. Nothing is shown that was not saved, and nothing typed
lives only in a widget. Opening another scenario remembers it in the project, so a reopen comes
back to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.domain import DomainError, Scenario
from app.services import scenarios as service
from app.store import ScenarioChanged
from app.ui.record_document import RecordDocument, ReplaceRecordCommand

if TYPE_CHECKING:
    from app.store import Project


class ScenarioDocument(RecordDocument):
    scenario_changed = Signal(object)  # the open Scenario (edited, or another opened), or None
    open_refused = Signal(str, str)  # (name, why): a saved scenario that cannot be opened as stored
    edit_refused = Signal(str)  # why: an edit refused because another window changed the scenario
    KIND = "scenario"

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(undo_stack, parent)
        self.refused: dict[str, str] = {}  # name -> why: saved scenarios that could not be opened
        # Opening a scenario is remembered once the user settles on one (a write per hop through
        # the list would cost more than the switch); an edit remembers it at once.
        self._remember_timer = QTimer(self, singleShot=True, interval=500)
        self._remember_timer.timeout.connect(self.flush)

    @property
    def scenario(self) -> Scenario | None:
        """The open scenario, or None."""
        return self.record  # type: ignore[no-any-return]

    @scenario.setter
    def scenario(self, value: Scenario | None) -> None:
        self.record = value

    # -- opening
    def set_project(self, project: Project | None) -> str | None:
        """Show `project`'s scenarios and open the one last opened (else the first); returns the
        page that was shown when the project was left, if it said."""
        self.flush()
        self.project, self.scenario, page = project, None, None
        self.names = []
        self.refused = {}
        if project is not None:
            try:
                service.adopt_workloads(project)
                self.names = service.list_scenarios(project)
                last, page = service.last_opened(project)
            except DomainError as exc:
                self.message_posted.emit(str(exc))
                last = None
            self.names_changed.emit(list(self.names))
            name = last if last in self.names else (self.names[0] if self.names else None)
            if name is not None:
                self.open(name)  # refused: said, and the editor shows no scenario, not the last one
                return page
        else:
            self.names_changed.emit([])
        self.scenario_changed.emit(None)
        return page

    def open(self, name: str) -> bool:
        """Make the saved scenario `name` the open one (no undo step: nothing changes)."""
        if self.project is None:
            return False
        if self.scenario is not None and self.scenario.name == name:
            return True
        try:
            scenario = service.open_scenario(self.project, name)
        except DomainError as exc:  # e.g. a stored value outside its range: named, never clamped
            self.message_posted.emit(str(exc))
            self.refused[name] = str(exc)
            if self.scenario is not None:
                self.flush()
            self.scenario = None  # the one chosen is shown as chosen (and refused), not the one before
            self.scenario_changed.emit(None)
            self.open_refused.emit(name, str(exc))
            return False
        self.refused.pop(name, None)
        self.scenario = scenario
        self._remember_timer.start()
        self.scenario_changed.emit(scenario)
        return True

    def flush(self) -> None:
        """Write down the open scenario now (a switch not yet remembered; on close)."""
        self._remember_timer.stop()
        if self.project is not None and self.scenario is not None:
            try:
                service.remember_opened(self.project, scenario=self.scenario.name)
            except DomainError as exc:
                self.message_posted.emit(str(exc))

    def remember_page(self, title: str) -> None:
        if self.project is not None:
            try:
                service.remember_opened(self.project, page=title)
            except DomainError as exc:
                self.message_posted.emit(str(exc))

    def delete_refused(self, name: str) -> bool:
        """Delete a saved scenario that could not be opened (no undo: there is no scenario to
        restore, only its unusable record); False, said, when the store refuses."""
        if self.project is None or name not in self.refused:
            return False
        try:
            service.delete_scenario(self.project, name)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return False
        self.refused.pop(name, None)
        self.names = [n for n in self.names if n != name]
        self.names_changed.emit(list(self.names))
        self.message_posted.emit(f"Deleted scenario {name}")
        return True

    # -- what RecordDocument.replace asks of a scenario
    def _show(self, record: Scenario | None) -> None:
        self.scenario_changed.emit(record)

    def _store(self, old: Scenario | None, new: Scenario | None) -> Scenario | None:
        """An edit writes only the fields it changed from `old` (the scenario as this window read
        it) and is refused when another window changed one of them meanwhile (ScenarioChanged)."""
        assert self.project is not None  # replace() checked it
        if new is None and old is not None:
            service.delete_scenario(self.project, old.name)
            return None
        if new is None:
            return None
        stored = service.save_scenario(self.project, new, old_name=old.name if old is not None else None, read=old)
        service.remember_opened(self.project, scenario=stored.name)
        self._remember_timer.stop()
        return stored if stored != new else None

    def _refused(self, exc: DomainError) -> None:
        """Another window changed or renamed the scenario: the list and the open scenario are read
        again from the file and the refusal is said beside the form, never dropped in silence."""
        if not isinstance(exc, ScenarioChanged):
            super()._refused(exc)
            return
        self.reread()
        self.edit_refused.emit(str(exc))

    def refresh(self) -> None:
        """Show the open scenario as the file holds it now (another window may have saved it);
        one row read, nothing written, no undo step. Gone or renamed meanwhile: the list is re-read."""
        if self.project is None or self.scenario is None:
            return
        try:
            names = service.list_scenarios(self.project)
            stored = service.open_scenario(self.project, self.scenario.name) if self.scenario.name in names else None
        except DomainError:
            stored = None
        if stored is None or names != self.names:
            self.reread()
        elif stored != self.scenario:
            self.scenario = stored
            self.scenario_changed.emit(stored)

    def reread(self) -> None:
        """Read the project's scenario names and the open scenario again from the file."""
        if self.project is None:
            return
        name = self.scenario.name if self.scenario is not None else None
        try:
            self.names = service.list_scenarios(self.project)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return
        self.scenario = None
        self.names_changed.emit(list(self.names))
        if name in self.names:
            self.open(name)
        elif self.names:
            self.open(self.names[0])
        else:
            self.scenario_changed.emit(None)

    def _follow_delete(self, names: list[str], at: int) -> None:
        """The scenario that took the deleted one's place in the list opens (none left: none shown)."""
        if names:
            self.open(names[min(at, len(names) - 1)])
        else:
            self.scenario_changed.emit(None)


ReplaceScenarioCommand = ReplaceRecordCommand  # one user action on a scenario (add, delete, edit / rename)

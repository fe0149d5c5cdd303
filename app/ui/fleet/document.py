"""The open portfolio and the project's portfolio names: the one place the Fleet page keeps them.

The same one-way flow as the scenarios (`app.ui.scenario_document`): an editor proposes a new
Portfolio → `ReplacePortfolioCommand` on the window's undo stack → `replace` saves it through
app.services.portfolio_records (one transaction) → `portfolio_changed` / `names_changed` → the
editors and the plan refresh. Nothing is shown that was not saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain import DomainError
from app.domain.portfolio import Portfolio
from app.services import portfolio_records as records
from app.services import portfolios

if TYPE_CHECKING:
    from app.store import Project


class PortfolioDocument(QObject):
    portfolio_changed = Signal(object)  # the open Portfolio (edited, or another opened), or None
    names_changed = Signal(list)  # the project's portfolio names, in order
    message_posted = Signal(str)

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.project: Project | None = None
        self.portfolio: Portfolio | None = None
        self.names: list[str] = []

    def set_project(self, project: Project | None) -> None:
        """Show `project`'s portfolios and open the one last open (else the first)."""
        self.project, self.portfolio, self.names = project, None, []
        last = None
        if project is not None:
            try:
                self.names = portfolios.list_portfolios(project)
                last = records.last_portfolio(project)
            except DomainError as exc:
                self.message_posted.emit(str(exc))
        self.names_changed.emit(list(self.names))
        name = last if last in self.names else (self.names[0] if self.names else None)
        if name is None or not self.open(name):
            self.portfolio_changed.emit(None)

    def open(self, name: str) -> bool:
        """Make the stored portfolio `name` the open one (no undo step: nothing changes)."""
        if self.project is None:
            return False
        try:
            portfolio = portfolios.open_portfolio(self.project, name)
            records.remember_portfolio(self.project, portfolio.name)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return False
        self.portfolio = portfolio
        self.portfolio_changed.emit(portfolio)
        return True

    # -- changes (each an undo step)
    def edit(self, new: Portfolio, text: str) -> None:
        if self.portfolio is not None and new != self.portfolio:
            self._push(ReplacePortfolioCommand(self, self.portfolio, new, text))

    def add(self, portfolio: Portfolio, text: str) -> None:
        self._push(ReplacePortfolioCommand(self, None, portfolio, text))

    def delete(self) -> None:
        if self.portfolio is not None:
            self._push(ReplacePortfolioCommand(self, self.portfolio, None, f"Delete portfolio {self.portfolio.name}"))

    def _push(self, command: QUndoCommand) -> None:
        if self.project is None:
            self.message_posted.emit("Open a project first: portfolios are saved in it.")
            return
        self.undo_stack.push(command)

    # -- what the commands call: the store first, then the views
    def replace(self, old: Portfolio | None, new: Portfolio | None) -> bool:
        """Save `new` in place of `old` (None: add / delete) and show it; False on a store error."""
        if self.project is None:
            return False
        try:
            if new is None and old is not None:
                portfolios.delete_portfolio(self.project, old.name)
            elif new is not None:
                portfolios.save_portfolio_record(self.project, new, old_name=old.name if old is not None else None)
            records.remember_portfolio(self.project, new.name if new is not None else None)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            self.portfolio_changed.emit(self.portfolio)  # the views show what is stored again
            return False
        names = list(self.names)
        if old is not None and old.name in names:
            at = names.index(old.name)
            if new is None:
                names.pop(at)
            else:
                names[at] = new.name
        elif new is not None:
            names.append(new.name)
        if names != self.names:
            self.names = names
            self.names_changed.emit(list(names))
        if new is None:
            self.portfolio = None
            if names and self.open(names[0]):
                return True
        self.portfolio = new
        self.portfolio_changed.emit(new)
        return True


class ReplacePortfolioCommand(QUndoCommand):
    """One user action on a portfolio: add (old None), delete (new None), or an edit / rename."""

    def __init__(self, document: PortfolioDocument, old: Portfolio | None, new: Portfolio | None, text: str) -> None:
        super().__init__(text)
        self.document, self.old, self.new = document, old, new

    def redo(self) -> None:
        if not self.document.replace(self.old, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        self.document.replace(self.new, self.old)

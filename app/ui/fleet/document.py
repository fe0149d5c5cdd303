"""The open portfolio and the project's portfolio names: the one place the Fleet page keeps them.

The same one-way flow as the scenarios (`app.ui.record_document`): an editor proposes a new
Portfolio → `ReplacePortfolioCommand` on the window's undo stack → `replace` saves it through
app.services.portfolio_records (one transaction) → `portfolio_changed` / `names_changed` → the
editors and the plan refresh. Nothing is shown that was not saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from app.domain import DomainError
from app.domain.portfolio import Portfolio
from app.services import portfolio_records as records
from app.services import portfolios
from app.ui.record_document import RecordDocument, ReplaceRecordCommand

if TYPE_CHECKING:
    from app.store import Project


class PortfolioDocument(RecordDocument):
    portfolio_changed = Signal(object)  # the open Portfolio (edited, or another opened), or None
    KIND = "portfolio"

    @property
    def portfolio(self) -> Portfolio | None:
        """The open portfolio, or None."""
        return self.record  # type: ignore[no-any-return]

    @portfolio.setter
    def portfolio(self, value: Portfolio | None) -> None:
        self.record = value

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

    # -- what RecordDocument.replace asks of a portfolio
    def _show(self, record: Portfolio | None) -> None:
        self.portfolio_changed.emit(record)

    def _store(self, old: Portfolio | None, new: Portfolio | None) -> None:
        assert self.project is not None  # replace() checked it
        if new is None and old is not None:
            portfolios.delete_portfolio(self.project, old.name)
        elif new is not None:
            portfolios.save_portfolio_record(self.project, new, old_name=old.name if old is not None else None)
        records.remember_portfolio(self.project, new.name if new is not None else None)

    def _follow_delete(self, names: list[str], at: int) -> None:
        """The first portfolio left opens (none left, or it cannot be opened: none shown)."""
        if not (names and self.open(names[0])):
            self.portfolio_changed.emit(None)


ReplacePortfolioCommand = ReplaceRecordCommand  # one user action on a portfolio (add, delete, edit / rename)

"""Form rows whose validation message sits next to the field and keeps its room (no layout jumps),
and the base of the Fleet page's editors: each proposes a whole new Portfolio with the text Edit →
Undo shows, or names the field that refused the value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain import DomainError
from app.domain.portfolio import Portfolio, PortfolioWorkload
from app.ui.inline_message import InlineMessage

LINE_EDIT_CHARS = 28  # [characters] the narrowest a text field opens at, as the model combo (a team or pool name whole)


def workload_source(w: PortfolioWorkload, in_project: str = "") -> str:
    """Where a portfolio's workload comes from, in a few words: a scenario by name, a scenario file
    by its file name (the whole path, a checkout's or a home folder's, is the tooltip's), or none."""
    if w.scenario:
        return f"scenario '{w.scenario}'{in_project}" if in_project else f"scenario {w.scenario}"
    return f"file {PurePath(w.file).name}" if w.file else "written here"


class FieldRow(QWidget):
    """A field, its unit and its one-line message to the right (room kept when empty)."""

    def __init__(self, field: QWidget, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        if isinstance(field, QLineEdit):  # a name reads whole ("mployee experience" at 1366 px)
            field.setMinimumWidth(field.fontMetrics().averageCharWidth() * LINE_EDIT_CHARS)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(field)
        if unit:
            label = QLabel(unit)
            label.setObjectName("fieldUnit")
            lay.addWidget(label)
        self.message = InlineMessage(lines=1, objectName="fieldMessage")
        self.message.setMinimumWidth(60)
        lay.addWidget(self.message, 1)

    def say(self, text: str) -> None:
        self.message.setText(text)


class PortfolioEditor(QWidget):
    """Base of the editors. `proposed(Portfolio, text)` after a value that validates; a refused
    value's reason goes to the field's row and `refused(text)`; `load` redraws from the kept one."""

    proposed = Signal(object, str)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.portfolio: Portfolio | None = None
        self.rows: dict[str, FieldRow] = {}
        self._loading = False

    def add_row(self, form: QFormLayout, key: str, label: str, field: QWidget, unit: str = "") -> FieldRow:
        row = self.rows[key] = FieldRow(field, unit)
        form.addRow(label, row)
        return row

    def set_portfolio(self, portfolio: Portfolio | None) -> None:
        self.portfolio = portfolio
        self._loading = True
        try:
            self.load(portfolio)
        finally:
            self._loading = False

    def load(self, portfolio: Portfolio | None) -> None:
        raise NotImplementedError

    def propose(self, key: str, make: Callable[[Portfolio], Portfolio], text: str) -> bool:
        """Build the new portfolio; its refusal is said at `key`'s row and the field shows the kept value."""
        if self._loading or self.portfolio is None:
            return False
        row = self.rows.get(key)
        try:
            new = make(self.portfolio)
        except (DomainError, ValueError) as exc:
            if row is not None:
                row.say(str(exc))
            self.refused.emit(str(exc))
            self.set_portfolio(self.portfolio)
            return False
        for r in self.rows.values():
            r.say("")
        if new != self.portfolio:
            self.proposed.emit(new, text)
        return True

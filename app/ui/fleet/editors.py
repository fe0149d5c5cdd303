"""The portfolio's editable tables: workloads (team, priority, traffic pattern, active days) and
node pools (nodes or auto, failure domains). Each edit hands a validated copy of the portfolio to
`edited` (records change only through `.edited(...)`); a refused value raises DomainError and the
page shows it and redraws the tables from the portfolio it kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.domain import DomainError
from app.domain.portfolio import NodePool, Portfolio, PortfolioWorkload, PriorityClass, ProfilePattern

WORKLOAD_COLUMNS = ["Workload", "Team", "Priority", "Traffic pattern", "Days/week", "Pools"]
POOL_COLUMNS = ["Pool", "Node type", "Nodes", "Burst", "Failure domains"]
PRIORITY_TEXT = {p: p.value.replace("_", " ") for p in PriorityClass}
PATTERN_TEXT = {p: p.value.replace("_", " ") for p in ProfilePattern}
CUSTOM = "own levels"


def _item(text: str, editable: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


class _Editor(QTableWidget):
    """A table drawn from a portfolio; `edited(Portfolio)` after each accepted change,
    `refused(str)` with the reason for a refused one."""

    edited = Signal(object)
    refused = Signal(str)

    def __init__(self, columns: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.setHorizontalHeaderLabels(columns)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.portfolio: Portfolio | None = None
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)

    def set_portfolio(self, portfolio: Portfolio | None) -> None:
        self.portfolio = portfolio
        self._filling = True
        try:
            self._fill(portfolio)
        finally:
            self._filling = False
        self.resizeColumnsToContents()

    def _fill(self, portfolio: Portfolio | None) -> None:
        raise NotImplementedError

    def _submit(self, make: Callable[[Portfolio], Portfolio]) -> None:
        if self.portfolio is None:
            return
        try:
            new = make(self.portfolio)
        except DomainError as exc:
            self.refused.emit(str(exc))
            self.set_portfolio(self.portfolio)  # the value shown goes back to the one kept
            return
        self.portfolio = new
        self.edited.emit(new)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling:
            row, column, text = item.row(), item.column(), item.text()
            self._submit(lambda p: self._edit_text(p, row, column, text))

    def _edit_text(self, portfolio: Portfolio, row: int, column: int, text: str) -> Portfolio:
        raise NotImplementedError

    def _combo(self, row: int, column: int, choices: dict[Any, str], current: object, field: str) -> None:
        box = QComboBox()
        for value, text in choices.items():
            box.addItem(text, value)
        if current in choices:
            box.setCurrentIndex(list(choices).index(current))
        else:
            box.addItem(CUSTOM, None)
            box.setCurrentIndex(box.count() - 1)
        box.currentIndexChanged.connect(
            lambda _i, b=box, r=row: self._submit(lambda p: self._edit_choice(p, r, field, b.currentData()))
        )
        self.setCellWidget(row, column, box)

    def _edit_choice(self, portfolio: Portfolio, row: int, field: str, value: object) -> Portfolio:
        raise NotImplementedError


class WorkloadsEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(WORKLOAD_COLUMNS, parent)

    def _fill(self, portfolio: Portfolio | None) -> None:
        rows = portfolio.workloads if portfolio else []
        self.clearContents()
        self.setRowCount(len(rows))
        for r, w in enumerate(rows):
            self.setItem(r, 0, _item(w.label, False))
            self.setItem(r, 1, _item(w.team, True))
            self._combo(r, 2, PRIORITY_TEXT, w.priority, "priority")
            pattern = w.profile.pattern if w.profile.levels is None else None
            self._combo(r, 3, PATTERN_TEXT, pattern, "pattern")
            self.setItem(r, 4, _item(str(w.profile.days_per_week), True))
            self.setItem(r, 5, _item(", ".join(w.pools) or "any", False))

    def _replace(self, portfolio: Portfolio, row: int, entry: PortfolioWorkload) -> Portfolio:
        workloads = list(portfolio.workloads)
        workloads[row] = entry
        return portfolio.edited(workloads=workloads)

    def _edit_text(self, portfolio: Portfolio, row: int, column: int, text: str) -> Portfolio:
        w = portfolio.workloads[row]
        if column == 1:
            return self._replace(portfolio, row, w.edited(team=text))
        if column == 4:
            return self._replace(portfolio, row, w.edited(profile=w.profile.edited(days_per_week=text)))
        return portfolio

    def _edit_choice(self, portfolio: Portfolio, row: int, field: str, value: object) -> Portfolio:
        w = portfolio.workloads[row]
        if value is None:  # "own levels" chosen again: nothing to change
            return portfolio
        if field == "priority":
            return self._replace(portfolio, row, w.edited(priority=value))
        return self._replace(portfolio, row, w.edited(profile=w.profile.edited(pattern=value, levels=None)))


class PoolsEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(POOL_COLUMNS, parent)

    def _fill(self, portfolio: Portfolio | None) -> None:
        rows = portfolio.fleet.pools if portfolio else []
        self.clearContents()
        self.setRowCount(len(rows))
        for r, p in enumerate(rows):
            self.setItem(r, 0, _item(p.name, False))
            self.setItem(r, 1, _item(p.instance, False))
            nodes = _item(str(p.nodes), True)
            nodes.setToolTip("A node count, or auto: the planner sizes the pool")
            self.setItem(r, 2, nodes)
            self.setItem(r, 3, _item("yes" if p.burst else "no", False))
            self.setItem(r, 4, _item(str(p.failure_domains), True))

    def _replace(self, portfolio: Portfolio, row: int, pool: NodePool) -> Portfolio:
        pools = list(portfolio.fleet.pools)
        pools[row] = pool
        return portfolio.edited(fleet=portfolio.fleet.edited(pools=pools))

    def _edit_text(self, portfolio: Portfolio, row: int, column: int, text: str) -> Portfolio:
        p = portfolio.fleet.pools[row]
        if column == 2:
            value = text.strip().lower()
            changes: dict[str, object] = {"nodes": value if value == "auto" else value or "?"}
            if value != "auto":
                changes["max_nodes"] = None
            return self._replace(portfolio, row, p.edited(**changes))
        if column == 4:
            return self._replace(portfolio, row, p.edited(failure_domains=text))
        return portfolio

"""The ranked options with their filters: group by hardware, feasible only, deployment, provider.

`OptionsPanel.view` is the tree (one row per hardware, its variants folded under it) and
`OptionsPanel.model` its OptionsTableModel; the page selects options through the model's
`index_of_option` / `option_index`. A filter or grouping change keeps the selected option
selected while it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.ui.option_columns import COST_RUN_COLUMN
from app.ui.options_table_model import OptionFilter, OptionsTableModel, hardware_places

ANY = ""
DEPLOYMENTS = [(ANY, "Any deployment"), ("cloud", "Cloud"), ("bare_metal", "Bare metal"), ("on_prem", "On-prem")]


class OptionsView(QTreeView):
    """A tree that reads like the table it replaced: sortable headers, whole-row selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optionsTable")
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)  # one height for all rows: no per-row size queries
        self.setWordWrap(False)
        self.setAllColumnsShowFocus(True)
        self.setIndentation(14)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long hardware name keeps its '(+9)'
        self.header().setSortIndicatorShown(True)
        self.header().setStretchLastSection(True)

    def resizeColumnsToContents(self) -> None:  # noqa: N802 - QTableView's name, kept for the page
        for column in range(self.header().count()):
            self.resizeColumnToContents(column)
        # Rank: room for a folded variant's number too (arrow, indentation, swatch, two digits).
        rank = self.fontMetrics().horizontalAdvance("000") + 2 * self.indentation() + 2 * self.iconSize().width() + 16
        self.setColumnWidth(0, max(self.columnWidth(0), rank))

    def scrollTo(  # noqa: N802 - Qt's name
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.isValid() and index.parent().isValid():  # a folded variant: open its group
            self.expand(index.parent())
        super().scrollTo(index, hint)


class OptionsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OptionsTableModel(self)
        self.view = OptionsView()
        self.view.setModel(self.model)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.grouped = QCheckBox("One row per hardware")
        self.grouped.setObjectName("optionsGrouped")
        self.grouped.setToolTip("Each hardware's best option, its other options folded under it")
        self.grouped.setChecked(self.model.grouped)
        self.feasible_only = QCheckBox("Feasible only")
        self.feasible_only.setObjectName("optionsFeasibleOnly")
        self.deployment = QComboBox()
        self.deployment.setObjectName("optionsDeployment")
        for key, label in DEPLOYMENTS:
            self.deployment.addItem(label, key)
        self.provider = QComboBox()
        self.provider.setObjectName("optionsProvider")
        self.provider.addItem("Any provider", ANY)
        self.provider.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.shown = QLabel()
        self.shown.setObjectName("optionsShown")
        self.shown.setMinimumWidth(self.shown.fontMetrics().horizontalAdvance("40 of 40 shown") + 4)
        self.shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.grouped, self.feasible_only, self.deployment, self.provider):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.shown)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.grouped.toggled.connect(self._on_grouping_toggled)
        for signal in (
            self.feasible_only.toggled,
            self.deployment.currentIndexChanged,
            self.provider.currentIndexChanged,
        ):
            signal.connect(self._on_filter_changed)
        self._expanded: set[str] = set()  # hardware whose variants the user opened, kept across re-runs
        self.model.modelAboutToBeReset.connect(self._remember_expanded)
        self.model.modelReset.connect(self._on_model_reset)

    # -- filling
    def set_hardware(self, catalog: Any, scenario: Any = None) -> None:
        """Read where each instance is (provider, deployment) for the filters."""
        self.model.set_hardware(hardware_places(catalog, scenario))
        self._offer_providers()

    def set_options(self, options: list[Any]) -> None:
        self.model.set_options(options)
        # a cost per run only for a job (batch, training); a serving workload has none to show
        self.view.setColumnHidden(COST_RUN_COLUMN, not any(o.cost_per_run_usd is not None for o in options))
        self._offer_providers()

    def _offer_providers(self) -> None:
        """The provider box lists the providers of the options at hand (the choice kept)."""
        providers = sorted({self.model.place(n)[0] for n in range(len(self.model.options()))} - {""}, key=str.casefold)
        current = [self.provider.itemData(i) for i in range(1, self.provider.count())]
        if providers == current:
            return
        chosen = self.provider.currentData()
        self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItem("Any provider", ANY)
        for p in providers:
            self.provider.addItem(p, p)
        self.provider.setCurrentIndex(max(self.provider.findData(chosen), 0))
        self.provider.blockSignals(False)
        if self.provider.currentData() != chosen:
            self._on_filter_changed()

    def _remember_expanded(self) -> None:
        self._expanded = {
            self.model.option(n).hardware
            for row in range(self.model.rowCount())
            if self.view.isExpanded(index := self.model.index(row, 0))
            and (n := self.model.option_index(index)) is not None
        }

    def _on_model_reset(self) -> None:
        """Groups the user opened stay open; a single group (one hardware in scope) opens itself."""
        self.shown.setText(f"{self.model.shown_count()} of {len(self.model.options())} shown")
        rows = self.model.rowCount()
        for row in range(rows):
            index = self.model.index(row, 0)
            n = self.model.option_index(index)
            if rows == 1 or (n is not None and self.model.option(n).hardware in self._expanded):
                self.view.expand(index)

    # -- slots
    def _on_grouping_toggled(self, on: bool) -> None:
        self._keeping_selection(lambda: self.model.set_grouped(on))

    def _on_filter_changed(self, *_args: object) -> None:
        option_filter = OptionFilter(
            feasible_only=self.feasible_only.isChecked(),
            deployment=self.deployment.currentData() or ANY,
            provider=self.provider.currentData() or ANY,
        )
        self._keeping_selection(lambda: self.model.set_filter(option_filter))

    def _keeping_selection(self, change: Callable[[], None]) -> None:
        selected = self.model.option_index(self.view.currentIndex())
        change()
        index = self.model.index_of_option(selected) if selected is not None else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

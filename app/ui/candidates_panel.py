"""Candidate sets: checkable lists of models, instances, precisions and runtimes.

Filled from the project's catalog (plus the scenario's inline records) and prefilled from the
scenario. Nothing checked in a list means "all that apply", as in the scenario file. The long
lists (models, instances) have a filter box and a "Group by" choice (provider, accelerator family,
deployment; model family); a group's check box checks every member shown. Each instance shows
its accelerator ("AWS p5.48xlarge — 8× H100 SXM"). `set_catalog` offers a changed catalog at once
and keeps the checks. `candidates_changed(Candidates)` fires when the user checks or unchecks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Precision
from app.ui.candidate_entries import GROUPINGS, KINDS, candidate_entries, selected_names
from app.ui.candidate_model import CandidateFilterProxy, CandidateTreeModel

__all__ = ["KINDS", "CandidatesPanel", "selected_names"]


class CandidatesPanel(QToolBox):
    candidates_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = None
        self.catalog = None
        self.models: dict[str, CandidateTreeModel] = {}
        self.proxies: dict[str, CandidateFilterProxy] = {}
        self.views: dict[str, QTreeView] = {}
        self.filters: dict[str, QLineEdit] = {}
        self.group_boxes: dict[str, QComboBox] = {}
        self.hints: dict[str, QLabel] = {}
        for kind, title in KINDS:
            self.addItem(self._page(kind), title)
        self._retitle()
        self.setEnabled(False)

    def _page(self, kind: str) -> QWidget:
        model = self.models[kind] = CandidateTreeModel(self)
        proxy = self.proxies[kind] = CandidateFilterProxy(self)
        proxy.setSourceModel(model)
        view = self.views[kind] = QTreeView(objectName=f"candidates_{kind}")
        view.setModel(proxy)
        view.setHeaderHidden(True)
        view.setUniformRowHeights(True)
        view.setIndentation(14)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the accelerator stays readable in a narrow panel
        view.header().setStretchLastSection(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # elide, never scroll sideways
        model.checks_changed.connect(self._on_checks_changed)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        hint = self.hints[kind] = QLabel(objectName=f"candidates_{kind}_hint")
        hint.setToolTip("Nothing checked in a list means every candidate that applies. Changes re-run the analysis.")
        if GROUPINGS[kind]:
            search = self.filters[kind] = QLineEdit(objectName=f"candidates_{kind}_filter")
            search.setPlaceholderText("Filter: e.g. h100 aws")
            search.setClearButtonEnabled(True)
            search.textChanged.connect(lambda text, k=kind: self._on_filter_edited(k, text))
            box = self.group_boxes[kind] = QComboBox(objectName=f"candidates_{kind}_grouping")
            for key, label in GROUPINGS[kind]:
                box.addItem(label, key)
            box.setToolTip("Group the list by")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(5)
            box.currentIndexChanged.connect(lambda _i, k=kind: self._on_grouping_chosen(k))
            model.set_grouping(box.currentData())
            shown = QToolButton(objectName=f"candidates_{kind}_check_shown", text="Check shown")
            shown.setToolTip("Check every candidate the filter shows")
            shown.clicked.connect(lambda _c=False, k=kind: self.check_shown(k))
            clear = QToolButton(objectName=f"candidates_{kind}_clear", text="Clear")
            clear.setToolTip("Uncheck all: every candidate that applies")
            clear.clicked.connect(lambda _c=False, k=kind: self.set_checked(k, []))
            tools = QHBoxLayout()
            box.setMaximumWidth(box.fontMetrics().horizontalAdvance("By accelerator family") + 48)
            tools.addWidget(box, 1)
            tools.addStretch(0)  # in a wide editor the box keeps a readable width, the buttons go right
            tools.addWidget(shown)
            tools.addWidget(clear)
            lay.addWidget(search)
            lay.addLayout(tools)
        lay.addWidget(view, 1)
        lay.addWidget(hint)
        return page

    # -- filling
    def set_scenario(self, scenario, catalog) -> None:
        """Offer the catalog's names and check the scenario's, without emitting. Another scenario
        starts with empty filter boxes and each list at its top."""
        another = getattr(self.scenario, "name", None) != getattr(scenario, "name", None)
        self.scenario, self.catalog = scenario, catalog
        if another:
            self.reset_view(scroll=False)
        self.setEnabled(scenario is not None)
        self._fill(
            selected_names(scenario) if scenario is not None else {k: [] for k, _ in KINDS}, keep_order=not another
        )
        if another:
            self.reset_view()

    def follow(self, scenario) -> None:
        """The editor shows `scenario` (a copy or a rename) whose lists read the same: the rows are
        not rebuilt, but the panel knows its name, so the next check is not taken for another
        scenario's first fill (which sorts the list checked-first under the mouse, D1)."""
        if self.scenario is not None and scenario is not None:
            self.scenario = scenario

    def reset_view(self, scroll: bool = True) -> None:
        """Empty filter boxes and (`scroll`) each list at its top: how another scenario starts."""
        for box in self.filters.values():
            if box.text():
                box.clear()
        if scroll:
            for view in self.views.values():
                view.scrollToTop()

    def set_catalog(self, catalog) -> None:
        """Offer a changed catalog (a record added, renamed or deleted) now; the checks stay."""
        self.catalog = catalog
        self._fill({kind: self.checked(kind) for kind, _ in KINDS}, keep_order=True)

    def _fill(self, wanted: dict[str, list[str]], keep_order: bool) -> None:
        """Offer the candidates, checking `wanted`. `keep_order`: the rows keep their places (the
        same scenario refilled after a check or a catalog edit: nothing moves under the cursor)."""
        entries = candidate_entries(self.catalog, self.scenario)
        for kind, model in self.models.items():
            model.set_entries(entries[kind], wanted[kind], keep_order=keep_order)
            self._expand(kind)
        self._retitle()

    def _expand(self, kind: str) -> None:
        """Filtering: every group open. Else the groups with a checked member open, the rest
        folded to one line each ('AWS (0 of 16)')."""
        view, proxy, model = self.views[kind], self.proxies[kind], self.models[kind]
        if not model.grouping:
            return
        if kind in self.filters and self.filters[kind].text().strip():
            view.expandAll()
            return
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            view.setExpanded(index, model.group_state(proxy.mapToSource(index).row()) != Qt.CheckState.Unchecked)

    def _retitle(self) -> None:
        """Each list's title and hint follow its checks: '(2)' and '2 checked', or 'all'."""
        for n, (kind, title) in enumerate(KINDS):
            count = len(self.checked(kind))
            self.setItemText(n, f"{title} ({count or 'all'})")
            self.hints[kind].setText(
                f"{count} checked: only these are sized." if count else "None checked: all that apply."
            )

    # -- reading and checking
    def checked(self, kind: str) -> list[str]:
        return self.models[kind].checked_names()

    def set_checked(self, kind: str, names: list[str]) -> None:
        """Check exactly `names` in one list (emits once)."""
        self.models[kind].set_checked_names(names)

    def check_shown(self, kind: str) -> None:
        """Check every candidate the filter shows in one list (emits once)."""
        self.models[kind].set_entries_checked(self.proxies[kind].shown_entries(), True)

    def candidates(self):
        """The scenario's Candidates with the checked names."""
        c = self.scenario.candidates
        precisions = [Precision(p) for p in self.checked("precisions")]
        return c.model_copy(
            update={
                "models": self.checked("models"),
                "hardware": self.checked("hardware"),
                "precisions": precisions or list(Precision),
                "runtimes": self.checked("runtimes"),
            }
        )

    # -- slots
    def _on_filter_edited(self, kind: str, text: str) -> None:
        self.models[kind].sort_checked_first()  # a new filter: the checked ones on top again
        self.proxies[kind].set_filter_text(text)
        self._expand(kind)

    def _on_grouping_chosen(self, kind: str) -> None:
        self.models[kind].set_grouping(self.group_boxes[kind].currentData())
        self._expand(kind)

    def _on_checks_changed(self) -> None:
        self._retitle()
        if self.scenario is None:
            return
        self.scenario = self.scenario.model_copy(update={"candidates": self.candidates()})
        self.candidates_changed.emit(self.scenario.candidates)

"""A candidate list as a checkable tree: group rows (provider, accelerator family, deployment,
model family) over the candidates, or a flat list; and the filter proxy of the filter box.

A group row's check box reads checked, partly checked or unchecked from its members; checking it
checks every member the filter shows ("select all in group"). `checks_changed` fires once per
user action, after the model has changed.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from app.ui.candidate_entries import NOT_IN_CATALOG, Candidate
from app.ui.columns import CANDIDATE_COLUMNS
from app.ui.roles import CHECK_STATE, DISPLAY, HORIZONTAL, TOOLTIP, USER
from app.ui.search_text import search_key, search_words

CHECKED, PARTLY, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.PartiallyChecked, Qt.CheckState.Unchecked
_ENTRY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
_UNFIT_FLAGS: Qt.ItemFlag = Qt.ItemFlag.ItemIsSelectable  # greyed out, not checkable
_TOP = 0  # internalId of a top-level row; a member of group g has g + 1

Index = QModelIndex | QPersistentModelIndex


def _is_checked(value: object) -> bool:
    return value == CHECKED or value == CHECKED.value


class CandidateTreeModel(QAbstractItemModel):
    """Candidates (domain-derived `Candidate`s) with their check state, grouped by one key."""

    checks_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Candidate] = []
        self._checked: set[str] = set()  # casefolded names
        self._grouping = ""
        self._groups: list[tuple[str, list[int]]] = []  # (title, entry numbers), when grouped

    # -- filling
    def set_entries(self, entries: list[Candidate], checked: list[str], keep_order: bool = False) -> None:
        """Offer `entries`, checking the names in `checked` (no `checks_changed`). Flat lists show
        the checked ones first; groups and members are in alphabetical order. `keep_order`: the rows
        already offered keep their places (new ones follow, sorted), so a row the user just checked
        never moves under the cursor; the list is sorted checked-first again only when it is built
        for another scenario or the filter changes (`sort_checked_first`)."""
        on = {n.casefold() for n in checked}
        place = {e.name.casefold(): n for n, e in enumerate(self._entries)} if keep_order else {}
        self.beginResetModel()
        self._checked = on
        self._entries = sorted(
            entries,
            key=lambda e: (
                place.get(e.name.casefold(), len(place)),
                e.name.casefold() not in on,
                bool(e.unfit),
                e.label.casefold(),
            ),
        )
        self._regroup()
        self.endResetModel()

    def sort_checked_first(self) -> None:
        """Sort the flat list again: checked first, then fit, then by label (no `checks_changed`)."""
        self.set_entries(self._entries, list(self._checked))

    def set_grouping(self, key: str) -> None:
        """Group by `key` (a key of Candidate.groups; '' for a flat list)."""
        if key == self._grouping:
            return
        self.beginResetModel()
        self._grouping = key
        self._regroup()
        self.endResetModel()

    @property
    def grouping(self) -> str:
        return self._grouping

    def _regroup(self) -> None:
        self._groups = []
        if not self._grouping:
            return
        members: dict[str, list[int]] = {}
        order = sorted(range(len(self._entries)), key=lambda n: self._entries[n].label.casefold())
        for n in order:
            members.setdefault(self._entries[n].groups.get(self._grouping, "Other"), []).append(n)
        titles = sorted(members, key=lambda t: (t == NOT_IN_CATALOG, t.casefold()))
        self._groups = [(t, members[t]) for t in titles]

    # -- reading
    def entries(self) -> list[Candidate]:
        return list(self._entries)

    def checked_keys(self) -> set[str]:
        """The checked names, casefolded (read-only use)."""
        return self._checked

    def checked_names(self) -> list[str]:
        return [e.name for e in self._entries if e.name.casefold() in self._checked]

    def entry(self, index: Index) -> Candidate | None:
        """The candidate at `index`, or None for a group row."""
        if not index.isValid():
            return None
        if not self._grouping:
            return self._entries[index.row()]
        group = index.internalId()
        return None if group == _TOP else self._entries[self._groups[group - 1][1][index.row()]]

    def group_state(self, group: int) -> Qt.CheckState:
        rows = self._groups[group][1]
        n = sum(self._entries[r].name.casefold() in self._checked for r in rows)
        return CHECKED if n == len(rows) and n else (PARTLY if n else UNCHECKED)

    # -- checking
    def set_checked_names(self, names: list[str]) -> None:
        """Check exactly `names`; `checks_changed` once."""
        self._checked = {n.casefold() for n in names}
        self._all_changed()
        self.checks_changed.emit()

    def set_entries_checked(self, entries: list[Candidate], on: bool) -> None:
        """Check (or uncheck) each of `entries`; `checks_changed` once."""
        for e in entries:
            if on and e.unfit:  # one that cannot serve the workload is never checked
                continue
            (self._checked.add if on else self._checked.discard)(e.name.casefold())
        self._all_changed()
        self.checks_changed.emit()

    def _all_changed(self) -> None:
        top = self.rowCount()
        if top:
            self.dataChanged.emit(self.index(0, 0), self.index(top - 1, 0), [CHECK_STATE, DISPLAY])
        for g, (_title, rows) in enumerate(self._groups):
            parent = self.index(g, 0)
            self.dataChanged.emit(self.index(0, 0, parent), self.index(len(rows) - 1, 0, parent), [CHECK_STATE])

    # -- QAbstractItemModel
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, _TOP if not parent.isValid() else parent.row() + 1)

    def parent(self, index: Index | None = None) -> QModelIndex:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()  # type: ignore[return-value]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self._groups) if self._grouping else len(self._entries)
        if self._grouping and parent.column() == 0 and parent.internalId() == _TOP:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return len(CANDIDATE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:  # noqa: N802
        if orientation == HORIZONTAL and role == DISPLAY and 0 <= section < len(CANDIDATE_COLUMNS):
            return CANDIDATE_COLUMNS[section].header
        return None

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:  # a group row
            title, rows = self._groups[index.row()]
            if role == DISPLAY:
                n = sum(self._entries[r].name.casefold() in self._checked for r in rows)
                return f"{title} ({n} of {len(rows)})"
            if role == CHECK_STATE:
                return self.group_state(index.row())
            if role == TOOLTIP:
                return f"{title}: check to choose every one shown in this group"
            return None
        if role == DISPLAY:
            return CANDIDATE_COLUMNS[index.column()].fmt(CANDIDATE_COLUMNS[index.column()].getter(entry))
        if role == CHECK_STATE:
            return CHECKED if entry.name.casefold() in self._checked else UNCHECKED
        if role == TOOLTIP:
            return entry.tooltip
        if role == USER:
            return entry.name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """A candidate that cannot serve the workload is greyed out, unless checked (to uncheck)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        entry = self.entry(index)
        if entry is not None and entry.unfit and entry.name.casefold() not in self._checked:
            return _UNFIT_FLAGS
        return _ENTRY_FLAGS

    def setData(self, index: Index, value: object, role: int = CHECK_STATE) -> bool:  # noqa: N802 - Qt's name
        if not index.isValid() or role != CHECK_STATE:
            return False
        entry = self.entry(index)
        if entry is None:
            members = [self._entries[r] for r in self._groups[index.row()][1]]
            self.set_entries_checked(members, _is_checked(value))
        else:
            self.set_entries_checked([entry], _is_checked(value))
        return True


class CandidateFilterProxy(QSortFilterProxyModel):
    """The filter box: every word typed must occur in a candidate's name, accelerator, provider,
    region, deployment or family; a group shows while one of its members does. A group's check
    box here checks the members shown, not those filtered out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)

    def set_filter_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateRowsFilter() is deprecated there
            self.beginFilterChange()
            self._words = search_words(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = search_words(text)
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt's name
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, CandidateTreeModel)
        entry = model.entry(model.index(source_row, 0, source_parent))
        return entry is not None and all(w in search_key(f"{entry.search} {entry.label}") for w in self._words)

    def shown_entries(self, parent: Index = QModelIndex()) -> list[Candidate]:
        """The candidates shown under `parent` (a proxy index; invalid: the whole list)."""
        model = self.sourceModel()
        assert isinstance(model, CandidateTreeModel)
        out: list[Candidate] = []
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            entry = model.entry(self.mapToSource(index))
            out += [entry] if entry is not None else self.shown_entries(index)
        return out

    def data(self, index: Index, role: int = DISPLAY) -> object:
        """While filtering, a group's check box reads its shown members (what a click changes)."""
        if role == CHECK_STATE and self._words and index.isValid():
            model = self.sourceModel()
            assert isinstance(model, CandidateTreeModel)
            if model.entry(self.mapToSource(index)) is None:
                shown = self.shown_entries(index)
                n = sum(name in model.checked_keys() for name in (e.name.casefold() for e in shown))
                return CHECKED if n == len(shown) and n else (PARTLY if n else UNCHECKED)
        return super().data(index, role)

    def setData(self, index: Index, value: object, role: int = CHECK_STATE) -> bool:  # noqa: N802 - Qt's name
        model = self.sourceModel()
        assert isinstance(model, CandidateTreeModel)
        if role == CHECK_STATE and index.isValid() and model.entry(self.mapToSource(index)) is None:
            model.set_entries_checked(self.shown_entries(index), _is_checked(value))
            return True
        return super().setData(index, value, role)

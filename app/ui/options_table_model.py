"""Ranked options of a Sizing as a read-only tree: one row per hardware (its best option), the
other options of that hardware folded under it; or a flat list. Columns declared once.

The cells live in a QStandardItemModel (the model is one, with `data`, `index`, `parent` and
`flags` left to Qt): a repaint of the table never calls Python. A Python QAbstractItemModel cost
~6.5 ms of each ~9.5 ms repaint (hundreds of data/flags/parent/index calls a paint), once per
what-if slider step. Python writes the cells when the options change, and only the cells whose
text, sort value, tooltip, colour or option changed (a what-if step moves some figures).

The model sorts and filters itself (no proxy: the grouping follows the sort, so a group's head
is its best option by the clicked column). Feasible rows stay first whatever the sort. Filters:
feasible only, deployment, provider (from `set_hardware`, the catalog's instances).
Infeasible rows are drawn in the palette's disabled text colour and say why in the last column;
the rank cell carries the option's plot colour (set by the page) so table and plots read alike.
Views address options by their index in `sizing.options`: `index_of_option`, `option_index`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QStandardItem, QStandardItemModel

from app.ui.columns import sorts_before
from app.ui.option_columns import (  # the columns' names, read from here by the views and tests too
    COST_RUN_COLUMN,  # noqa: F401
    EMBEDDING_TTFT_HEADER,
    ENERGY_COLUMN,  # noqa: F401
    HARDWARE_COLUMN,
    HEADER_TIPS,
    OPTION_COLUMNS,
    TTFT_COLUMN,
    energy_gap_text,
    energy_month_text,
    option_cells,
)
from app.ui.roles import ALIGNMENT, DECORATION, DISPLAY, FOREGROUND, HORIZONTAL, NO_FLAGS, READ_ONLY, TOOLTIP, USER

FEASIBLE_ROLE = USER + 1
OPTION_ROLE = USER + 2  # the option's index in sizing.options
_COLUMNS = len(OPTION_COLUMNS)
_HEAD = -1  # the folded row of a top-level row in a slot key (top row, folded row)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class OptionFilter:
    """Which options the table shows; '' = any."""

    feasible_only: bool = False
    deployment: str = ""  # "cloud", "on_prem"
    provider: str = ""


def hardware_places(catalog: Any, scenario: Any = None) -> dict[str, tuple[str, str]]:
    """Instance name (casefolded) -> (provider, deployment value), from the catalog and the
    scenario's inline instances. Bare accelerators have no entry."""
    instances = [*getattr(catalog, "instances", []), *(getattr(scenario, "instances", None) or [])]
    return {i.name.casefold(): (i.provider, getattr(i.deployment, "value", str(i.deployment))) for i in instances}


class _Row(NamedTuple):
    """What one shown row holds: its option (index in sizing.options), its cells' texts and
    values (the lists of set_options, compared whole first: most rows of a step keep most),
    its tooltip, its text colour (rgba; None: the palette's) and its swatch."""

    option: int
    texts: list[str]
    values: list[Any]
    tip: str
    feasible: bool
    foreground: int | None
    swatch: int | None


def _sort_value(value: Any) -> Any:
    """The USER role's value of a cell: a number as it is, anything else as text."""
    return value if isinstance(value, int | float) else str(value)


class OptionsTableModel(QStandardItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(0, _COLUMNS, parent)
        self.invisibleRootItem().setFlags(NO_FLAGS)
        self._options: list = []
        self._colours: list[str] = []
        self._swatches: list[QColor] = []
        # Per option, computed once in set_options: each becomes a row's cells when shown.
        self._values: list[list] = []
        self._texts: list[list[str]] = []
        self._tips: list[str] = []
        self._places: dict[str, tuple[str, str]] = {}
        self._disabled = QColor()
        self._grouped = True
        self._filter = OptionFilter()
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._top: list[int] = []  # option index of each top-level row
        self._folded: list[list[int]] = []  # option indices folded under each top-level row
        self._where: dict[int, tuple[int, int]] = {}  # option index -> (top row, folded row or -1)
        # The items of each row, by (top row, folded row or _HEAD), and what they show. Each item
        # is made here, in Python: when Qt deletes one (its row removed, the model gone) its
        # wrapper hears of it. (An item Qt made, e.g. by clone(), would leave a wrapper behind that
        # PySide then handed out for the next object at that address: "QStandardItem has no
        # attribute setShortcut" in unrelated tests.)
        self._items: dict[tuple[int, int], list[QStandardItem]] = {}
        self._shown: dict[tuple[int, int], _Row] = {}
        self._alignments = [int(c.alignment) for c in OPTION_COLUMNS]
        for column, c in enumerate(OPTION_COLUMNS):
            self.setHeaderData(column, HORIZONTAL, c.header, DISPLAY)
            if c.key in HEADER_TIPS:
                self.setHeaderData(column, HORIZONTAL, HEADER_TIPS[c.key], TOOLTIP)

    def _embedding_only(self) -> bool:
        """Every option shown is an embedding model's (none generates)."""
        return bool(self._options) and not any(o.generates for o in self._options)

    # -- filling
    def set_options(self, options: list) -> None:
        """Show `options`. When they fill the same rows as the shown ones (a what-if step often
        moves figures, not rows) the cells are updated in place: no reset, so the view keeps its
        current row, its open groups and its scroll position, and lays nothing out again."""
        shown = self._state()
        was_embedding = self._embedding_only()
        self._fill(options)
        if self._embedding_only() != was_embedding:
            # one vector a request: there is no first token (headerDataChanged follows)
            header = EMBEDDING_TTFT_HEADER if self._embedding_only() else OPTION_COLUMNS[TTFT_COLUMN].header
            self.setHeaderData(TTFT_COLUMN, HORIZONTAL, header, DISPLAY)
        self._arrange()
        new = self._state()
        if (self._top, self._folded, self._where) == shown[-3:] and self._top:
            self._emit_changed(self._show())
            return
        self._restore(shown)  # what the view shows until the reset begins (it reads it then)
        self.beginResetModel()
        self._restore(new)
        self._show()
        self.endResetModel()

    _STATE = ("_options", "_values", "_texts", "_tips", "_top", "_folded", "_where")

    def _emit_changed(self, changed: list[tuple[int, int, int, int]]) -> None:
        """dataChanged for the cells whose text changed (same rows): the view repaints those
        cells only (a what-if step leaves names, runtimes and parallelism as they were). A row
        whose feasibility or tooltip changed is changed whole (colour, tooltip on every cell).
        Rows are grouped: consecutive rows under one parent with the same changed columns make
        one signal. `changed`: (top row, folded row or _HEAD, first column, last column)."""
        spans: list[tuple[int, int, int, int, int]] = []  # (parent row or -1, first row, last row, col0, col1)
        for top, folded, c0, c1 in sorted(changed):
            parent, row = (-1, top) if folded == _HEAD else (top, folded)
            last = spans[-1] if spans else None
            if last is not None and last[0] == parent and last[2] == row - 1 and last[3:] == (c0, c1):
                spans[-1] = (parent, last[1], row, c0, c1)
            else:
                spans.append((parent, row, row, c0, c1))
        for parent, first, last_row, c0, c1 in spans:
            under = QModelIndex() if parent < 0 else self.index(parent, 0)
            self.dataChanged.emit(self.index(first, c0, under), self.index(last_row, c1, under))

    def _state(self) -> tuple:
        return tuple(getattr(self, name) for name in self._STATE)

    def _restore(self, state: tuple) -> None:
        for name, value in zip(self._STATE, state, strict=True):
            setattr(self, name, value)

    def _fill(self, options: list) -> None:
        """Per option, the cells' values, texts and tooltips."""
        self._options = list(options)
        cells = [option_cells(o) for o in self._options]  # the Compare tab reads the same cells
        self._values = [values for values, _texts in cells]
        self._texts = [texts for _values, texts in cells]
        self._tips = [
            "\n".join(
                f"{v.detail or v.constraint} Fix: {v.fix}" if v.fix else (v.detail or v.constraint)
                for v in o.violations
            )
            or o.label
            + (f"\nCost per month: {o.cost_basis}" if o.cost_per_run_usd is not None else "")
            + (f"\n{energy_month_text(o)}" if energy_month_text(o) else "")
            + (f"\nEnergy incomplete: {energy_gap_text(o)}" if o.energy_incomplete else "")
            for o in self._options
        ]
        self._disabled = QGuiApplication.palette().color(QPalette.Disabled, QPalette.Text)

    def set_hardware(self, places: dict[str, tuple[str, str]]) -> None:
        """Where each hardware is (see `hardware_places`), for the provider and deployment filters."""
        self._places = dict(places)
        if self._filter.provider or self._filter.deployment:
            self._rearrange_reset()

    def set_colours(self, colours: list[str]) -> None:
        """Plot colours by option index (cycled), shown as the rank cell's swatch."""
        self._colours = list(colours)
        self._swatches = [QColor(c) for c in self._colours]
        self._write()  # each swatch that changed says so (dataChanged, decoration)

    def set_grouped(self, on: bool) -> None:
        """One row per hardware with its variants folded under it (True), or a flat list."""
        if on != self._grouped:
            self._grouped = on
            self._rearrange_reset()

    def set_filter(self, option_filter: OptionFilter) -> None:
        if option_filter != self._filter:
            self._filter = option_filter
            self._rearrange_reset()

    @property
    def grouped(self) -> bool:
        return self._grouped

    @property
    def option_filter(self) -> OptionFilter:
        return self._filter

    # -- reading
    def option(self, option_index: int):
        """The option at `option_index` in sizing.options."""
        return self._options[option_index]

    def options(self) -> list:
        return list(self._options)

    def place(self, option_index: int) -> tuple[str, str]:
        """(provider, deployment) of an option's hardware; ('', '') when unknown (a bare device)."""
        return self._places.get(self._options[option_index].hardware.casefold(), ("", ""))

    def shown_count(self) -> int:
        return len(self._where)

    def option_index(self, index: Index) -> int | None:
        """The option (index in sizing.options) at a model index; None for an invalid one."""
        if not index.isValid():
            return None
        parent, row = index.parent(), index.row()
        if not parent.isValid():
            return self._top[row] if row < len(self._top) else None
        folded = self._folded[parent.row()] if parent.row() < len(self._folded) else []
        return folded[row] if row < len(folded) else None

    def index_of_option(self, option_index: int, column: int = 0) -> QModelIndex:
        """Where option `option_index` is shown; invalid when filtered out."""
        where = self._where.get(option_index)
        if where is None:
            return QModelIndex()
        top, folded = where
        if folded < 0:
            return self.index(top, column)
        return self.index(folded, column, self.index(top, 0))

    # -- arranging: filter, sort, group
    def _accepts(self, n: int) -> bool:
        f = self._filter
        if f.feasible_only and not self._options[n].feasible:
            return False
        if f.provider or f.deployment:
            provider, deployment = self.place(n)
            if f.provider and provider != f.provider:
                return False
            if f.deployment and deployment != f.deployment:
                return False
        return True

    def _arrange(self) -> None:
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder

        def compare(a: int, b: int) -> int:
            fa, fb = self._options[a].feasible, self._options[b].feasible
            if fa != fb:
                return -1 if fa else 1  # feasible first in either order
            va, vb = self._values[a][column], self._values[b][column]
            va = va if isinstance(va, int | float) or va is None else str(va)
            vb = vb if isinstance(vb, int | float) or vb is None else str(vb)
            result = -1 if sorts_before(va, vb) else (1 if sorts_before(vb, va) else 0)
            return (-result if descending else result) or (a - b)

        shown = sorted((n for n in range(len(self._options)) if self._accepts(n)), key=cmp_to_key(compare))
        self._top, self._folded, self._where = [], [], {}
        heads: dict[str, int] = {}
        for n in shown:
            key = self._options[n].hardware.casefold()
            if self._grouped and key in heads:
                top = heads[key]
                self._where[n] = (top, len(self._folded[top]))
                self._folded[top].append(n)
                continue
            heads[key] = len(self._top)
            self._where[n] = (len(self._top), -1)
            self._top.append(n)
            self._folded.append([])

    def _rearrange_reset(self) -> None:
        self.beginResetModel()
        self._arrange()
        self._show()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (feasible rows first either way); the selection follows its option,
        an open group its head option."""
        if not 0 <= column < len(OPTION_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self.option_index(i), i.column()) for i in old]
        rows = [len(self._top), *(len(f) for f in self._folded)]
        self._sort = (column, order)
        self._arrange()
        self.blockSignals(True)  # rows come and go inside the layout change: the views re-read it whole
        try:
            # Rows added at the ends first, so every new place exists when the persistent indexes move
            grown = [max(a, b) for a, b in zip(rows, [len(self._top), *(len(f) for f in self._folded)], strict=True)]
            self._resize(grown[0], grown[1:])
            new = [QModelIndex() if n is None else self.index_of_option(n, col) for n, col in kept]
            self.changePersistentIndexList(old, new)
            self._show()
        finally:
            self.blockSignals(False)
        self.layoutChanged.emit()

    # -- the items
    def _rows_now(self) -> dict[tuple[int, int], _Row]:
        """What each shown row holds, by (top row, folded row or _HEAD)."""
        swatches = len(self._swatches)
        disabled = self._disabled.rgba()
        rows: dict[tuple[int, int], _Row] = {}
        for n, (top, folded) in self._where.items():
            texts, tip = self._texts[n], self._tips[n]
            more = len(self._folded[top]) if folded == _HEAD else 0
            if more:  # the head of a group: how many variants fold under it
                texts = list(texts)
                texts[HARDWARE_COLUMN] = f"{texts[HARDWARE_COLUMN]} (+{more})"
                tip += f"\n{more} more option(s) on {self._options[n].hardware}: expand the row"
            feasible = bool(self._options[n].feasible)
            rows[(top, folded)] = _Row(
                n,
                texts,
                self._values[n],
                tip,
                feasible,
                None if feasible else disabled,
                n % swatches if swatches else None,
            )
        return rows

    def _show(self) -> list[tuple[int, int, int, int]]:
        """The items made to show the arrangement (rows added or dropped at the ends, signals
        blocked: the caller tells the views); returns what `_write` changed."""
        blocked = self.blockSignals(True)
        try:
            self._resize(len(self._top), [len(f) for f in self._folded])
            return self._write()
        finally:
            self.blockSignals(blocked)

    def _resize(self, tops: int, folded: list[int]) -> None:
        """`tops` top-level rows, folded[t] rows under top row t: blank rows added at the ends,
        the rows past the ends dropped."""
        have = self.rowCount()
        if tops < have:
            self.removeRows(tops, have - tops)
            self._forget(lambda key: key[0] >= tops)
        for top in range(have, tops):
            self._items[(top, _HEAD)] = items = self._new_row()
            self.appendRow(items)
        for top in range(tops):
            head = self._items[(top, _HEAD)][0]
            has, want = head.rowCount(), folded[top]
            if want < has:
                head.removeRows(want, has - want)
                self._forget(lambda key, top=top, want=want: key[0] == top and key[1] >= want)
            for row in range(has, want):
                self._items[(top, row)] = items = self._new_row()
                head.appendRow(items)

    def _new_row(self) -> list[QStandardItem]:
        """Blank read-only items, aligned as their columns."""
        items = []
        for alignment in self._alignments:
            item = QStandardItem()
            item.setFlags(READ_ONLY)
            item.setData(alignment, ALIGNMENT)
            items.append(item)
        return items

    def _forget(self, dropped) -> None:
        for key in [k for k in self._items if dropped(k)]:
            del self._items[key]
            self._shown.pop(key, None)

    def _write(self) -> list[tuple[int, int, int, int]]:
        """Write into the items what differs from what they show. Returns, per row that changed,
        (top row, folded row or _HEAD, first changed column, last changed column); a row whose
        tooltip or colour changed counts whole."""
        changed = []
        for key, row in self._rows_now().items():
            was, items = self._shown.get(key), self._items[key]
            if was == row:
                continue
            self._shown[key] = row
            if was is None or was.option != row.option:
                for item in items:
                    item.setData(row.option, OPTION_ROLE)
            if was is None or was.feasible != row.feasible:
                for item in items:
                    item.setData(row.feasible, FEASIBLE_ROLE)
            texts = []
            if was is None or was.texts != row.texts:
                texts = [c for c in range(_COLUMNS) if was is None or was.texts[c] != row.texts[c]]
                for c in texts:
                    items[c].setText(row.texts[c])
            if was is None or was.values != row.values:
                for c in range(_COLUMNS):
                    if was is None or was.values[c] != row.values[c]:
                        items[c].setData(_sort_value(row.values[c]), USER)
            whole = was is None or was.tip != row.tip or was.foreground != row.foreground
            if was is None or was.tip != row.tip:
                for item in items:
                    item.setToolTip(row.tip)
            if was is None or was.foreground != row.foreground:
                colour = None if row.foreground is None else QColor.fromRgba(row.foreground)
                for item in items:
                    item.setData(colour, FOREGROUND)
            if was is None or was.swatch != row.swatch:
                items[0].setData(None if row.swatch is None else self._swatches[row.swatch], DECORATION)
            if whole:
                changed.append((*key, 0, _COLUMNS - 1))
            elif texts:
                changed.append((*key, texts[0], texts[-1]))
        return changed

"""Ranked options of a Sizing as a read-only tree: one row per hardware (its best option), the
other options of that hardware folded under it; or a flat list. Columns declared once.

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
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.domain.energy_bound import lower_bound_cell
from app.domain.results import NOT_PRICED
from app.ui.columns import Column, sorts_before
from app.ui.roles import ALIGNMENT, DECORATION, DISPLAY, FOREGROUND, HORIZONTAL, NO_FLAGS, READ_ONLY, TOOLTIP, USER

_R = Qt.AlignRight | Qt.AlignVCenter
_L = Qt.AlignLeft | Qt.AlignVCenter


def _num(fmt: str):
    return lambda v: "" if v is None else format(v, fmt)


def _priced(fmt: str):
    """A figure an unpriced option does not have (its getter gives None): "n/a", not 0."""
    return lambda v: NOT_PRICED if v is None else format(v, fmt)


def _generated(fmt: str):
    """A decode figure (TPOT, output tokens/s): "n/a" for an embedding model, which returns one
    vector per request and generates no tokens (its getter gives None), never 0."""
    return lambda v: "n/a" if v is None else format(v, fmt)


def _if_generates(getter):
    return lambda o: getter(o) if o.generates else None


def _if_priced(getter):
    """None where the option is not priced (no operating point meets the SLA): "First violation"
    says why; sorted with the empty cells."""
    return lambda o: getter(o) if o.priced else None


OPTION_COLUMNS: list[Column] = [
    Column("rank", "Rank", lambda o: o.rank, _num("d"), _R, False),
    Column("model", "Model", lambda o: o.model, str, _L, False),
    Column("hardware", "Hardware", lambda o: o.hardware, str, _L, False),
    Column("runtime", "Runtime", lambda o: o.runtime, str, _L, False),
    Column("precision", "Precision", lambda o: o.precision.value, str, _L, False),
    Column("tp", "TP×PP", lambda o: f"{o.tensor_parallel}×{o.pipeline_parallel}", str, _R, False),
    Column("replicas", "Replicas", _if_priced(lambda o: o.replicas), _priced("d"), _R, False),
    Column("total_gpus", "GPUs", _if_priced(lambda o: o.total_gpus), _priced("d"), _R, False),
    Column("ttft", "TTFT p95 [ms]", lambda o: o.ttft_p95_ms, _num(",.0f"), _R, False),
    Column("tpot", "TPOT [ms]", _if_generates(lambda o: o.tpot_ms), _generated(",.1f"), _R, False),
    # output tokens/s of one replica at its share of the peak (the operating point), not its maximum
    Column(
        "tps",
        "Output at operating batch [tok/s/replica]",
        _if_generates(lambda o: o.tokens_per_s),
        _generated(",.0f"),
        _R,
        False,
    ),
    Column("cost_month", "Cost [USD/month]", _if_priced(lambda o: o.cost_per_month_usd), _priced(",.0f"), _R, False),
    # batch and training jobs: the cost of one run (empty while serving)
    Column("cost_run", "Cost [USD/run]", lambda o: o.cost_per_run_usd, _num(",.0f"), _R, False),
    Column(
        "cost_mtok",
        "Cost [USD/1M tok]",
        _if_priced(lambda o: o.cost_per_million_tokens_usd),
        _priced(",.3f"),
        _R,
        False,
    ),
    # no energy figure (no TDP catalogued for the hardware, or nothing served): "n/a", never 0 or blank
    Column("energy_mtok", "Energy [Wh/1M tok]", lambda o: o.energy_wh_per_million_tokens, _priced(",.0f"), _R, False),
    Column("feasible", "Feasible", lambda o: o.feasible, lambda v: "yes" if v else "no", _L, False),
    Column("why_not", "First violation", lambda o: first_violation(o), str, _L, False),
]
# What a header means where its name alone cannot say it (the header's tooltip)
PER_MTOK_TIP = (
    "Per 1M processed tokens: each request counts its prompt's text tokens, its image tokens and the "
    "tokens it generates; an embedding model generates none, so only its prompt counts."
)
HEADER_TIPS = {
    "tpot": "Time per output token at the operating point; n/a for an embedding model (no decode).",
    "tps": "Output tokens/s of one replica running at its operating batch (the most it serves within the SLA: "
    "the max req/s x output tokens); at the peak load it carries its share, at most this. n/a for an "
    "embedding model (one vector per request, no generated tokens).",
    "cost_mtok": PER_MTOK_TIP,
    "energy_mtok": PER_MTOK_TIP,
}
HARDWARE_COLUMN = [c.key for c in OPTION_COLUMNS].index("hardware")
TTFT_COLUMN = [c.key for c in OPTION_COLUMNS].index("ttft")
EMBEDDING_TTFT_HEADER = "Latency per request p95 [ms]"
ENERGY_COLUMN = [c.key for c in OPTION_COLUMNS].index("energy_mtok")


def energy_gap_text(o: Any) -> str:
    """What an option's energy lacks, and the partial figure it has, as the deployment table's
    tooltip says it: "no host power of X (lower bound 1,234: host power not included)"."""
    part = o.energy_wh_per_million_tokens
    have = f" (lower bound {part:,.0f}: {o.lower_bound_note()})" if part is not None else " (no energy figure)"
    return "no " + ", no ".join(o.energy_missing) + have


COST_RUN_COLUMN = [c.key for c in OPTION_COLUMNS].index("cost_run")

FEASIBLE_ROLE = USER + 1
OPTION_ROLE = USER + 2  # the option's index in sizing.options
_ROLES = frozenset({DISPLAY, ALIGNMENT, FOREGROUND, USER, FEASIBLE_ROLE, OPTION_ROLE, TOOLTIP, DECORATION})
_COLUMNS = len(OPTION_COLUMNS)
_TOP = 0  # internalId of a top-level row; a folded variant under top row r has r + 1

Index = QModelIndex | QPersistentModelIndex


def first_violation(option) -> str:
    if not option.violations:
        return ""
    v = option.violations[0]
    return v.line


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


class OptionsTableModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._options: list = []
        self._colours: list[str] = []
        self._swatches: list[QColor] = []
        # Per option, computed once in set_options: views ask data() hundreds of times a repaint.
        self._values: list[list] = []
        self._texts: list[list[str]] = []
        self._tips: list[str] = []
        self._alignments = [int(c.alignment) for c in OPTION_COLUMNS]
        self._places: dict[str, tuple[str, str]] = {}
        self._disabled = QColor()
        self._grouped = True
        self._filter = OptionFilter()
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._top: list[int] = []  # option index of each top-level row
        self._folded: list[list[int]] = []  # option indices folded under each top-level row
        self._where: dict[int, tuple[int, int]] = {}  # option index -> (top row, folded row or -1)

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
            self.headerDataChanged.emit(HORIZONTAL, TTFT_COLUMN, TTFT_COLUMN)
        self._arrange()
        new = self._state()
        if (self._top, self._folded, self._where) == shown[-3:] and self._top:
            self._emit_changed(shown)
            return
        self._restore(shown)  # what the view shows until the reset begins (it reads it then)
        self.beginResetModel()
        self._restore(new)
        self.endResetModel()

    _STATE = ("_options", "_values", "_texts", "_tips", "_top", "_folded", "_where")

    def _emit_changed(self, shown: tuple) -> None:
        """dataChanged for the cells whose text changed since `shown` (same rows): the view
        repaints those cells only (a full repaint of the visible rows costs ~10 ms; a what-if
        step leaves names, runtimes and parallelism as they were). A row whose feasibility or
        tooltip changed is changed whole (colour, tooltip on every cell). Rows are grouped:
        consecutive rows under one parent with the same changed columns make one signal."""
        old_options, old_texts, old_tips = shown[0], shown[2], shown[3]
        spans: list[tuple[int, int, int, int, int]] = []  # (parent row or -1, first row, last row, col0, col1)
        for n, (top, folded) in sorted(self._where.items(), key=lambda kv: kv[1]):
            if old_options[n].feasible != self._options[n].feasible or old_tips[n] != self._tips[n]:
                cols = [0, _COLUMNS - 1]
            else:
                old, new = old_texts[n], self._texts[n]
                cols = [c for c in range(_COLUMNS) if old[c] != new[c]]
            if not cols:
                continue
            parent, row, c0, c1 = (-1, top, cols[0], cols[-1]) if folded < 0 else (top, folded, cols[0], cols[-1])
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
        self._values = [[c.getter(o) for c in OPTION_COLUMNS] for o in self._options]
        self._texts = [[c.fmt(v) for c, v in zip(OPTION_COLUMNS, vals, strict=False)] for vals in self._values]
        for o, texts in zip(self._options, self._texts, strict=True):
            if o.energy_incomplete and o.energy_wh_per_million_tokens is not None:
                # the known part, as the lower bound it is, worded as the deployment table words it
                texts[ENERGY_COLUMN] = lower_bound_cell(texts[ENERGY_COLUMN], o.lower_bound_short())
        self._tips = [
            "\n".join(
                f"{v.detail or v.constraint} Fix: {v.fix}" if v.fix else (v.detail or v.constraint)
                for v in o.violations
            )
            or o.label
            + (f"\nCost per month: {o.cost_basis}" if o.cost_per_run_usd is not None else "")
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
        for row in range(self.rowCount()):
            top = self.index(row, 0)
            self.dataChanged.emit(top, top, [Qt.DecorationRole])
            if self._folded[row]:
                self.dataChanged.emit(
                    self.index(0, 0, top), self.index(len(self._folded[row]) - 1, 0, top), [Qt.DecorationRole]
                )

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
        parent = index.internalId()
        return self._top[index.row()] if parent == _TOP else self._folded[parent - 1][index.row()]

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
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (feasible rows first either way); the selection follows its option."""
        if not 0 <= column < len(OPTION_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self.option_index(i), i.column()) for i in old]
        self._sort = (column, order)
        self._arrange()
        new = [QModelIndex() if n is None else self.index_of_option(n, col) for n, col in kept]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- QAbstractItemModel
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # Bounds checked here, not by hasIndex(): a view asks for hundreds of indexes a repaint.
        if not 0 <= column < _COLUMNS:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if 0 <= row < len(self._top) else QModelIndex()
        top = parent.row()
        if parent.internalId() != _TOP or parent.column() != 0 or not 0 <= row < len(self._folded[top]):
            return QModelIndex()
        return self.createIndex(row, column, top + 1)

    def parent(self, index: Index | None = None) -> QModelIndex:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()  # type: ignore[return-value]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self._top)
        if parent.column() == 0 and parent.internalId() == _TOP:
            return len(self._folded[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return len(OPTION_COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt's name
        if orientation == HORIZONTAL and role == DISPLAY and 0 <= section < len(OPTION_COLUMNS):
            if section == TTFT_COLUMN and self._embedding_only():
                return EMBEDDING_TTFT_HEADER  # one vector a request: there is no first token
            return OPTION_COLUMNS[section].header
        if orientation == HORIZONTAL and role == TOOLTIP and 0 <= section < len(OPTION_COLUMNS):
            return HEADER_TIPS.get(OPTION_COLUMNS[section].key)
        return None

    def data(self, index, role=DISPLAY):
        if role not in _ROLES or not index.isValid():  # most of a view's questions: answered at once
            return None
        n = self.option_index(index)
        if n is None:
            return None
        column = index.column()
        if role == DISPLAY:
            text = self._texts[n][column]
            if column == HARDWARE_COLUMN and index.internalId() == _TOP and self._folded[index.row()]:
                return f"{text} (+{len(self._folded[index.row()])})"  # how many variants fold under it
            return text
        if role == ALIGNMENT:
            return self._alignments[column]
        opt = self._options[n]
        if role == FOREGROUND and not opt.feasible:
            return self._disabled
        if role == USER:
            value = self._values[n][column]
            return value if isinstance(value, int | float) else str(value)
        if role == FEASIBLE_ROLE:
            return opt.feasible
        if role == OPTION_ROLE:
            return n
        if role == TOOLTIP:
            folded = self._folded[index.row()] if index.internalId() == _TOP else []
            more = f"\n{len(folded)} more option(s) on {opt.hardware}: expand the row" if folded else ""
            return self._tips[n] + more
        if role == DECORATION and column == 0 and self._colours:
            return self._swatches[n % len(self._swatches)]
        return None

    def flags(self, index):
        return READ_ONLY if index.isValid() else NO_FLAGS

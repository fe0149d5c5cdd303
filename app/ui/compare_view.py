"""Workshop comparison: up to three pinned scenarios side by side, differences from the first
one in bold with the change written out (no colour needed, so it reads on any projector)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

MAX_PINNED = 3


@dataclass(frozen=True)
class Figure:
    name: str
    getter: object  # Sizing -> value
    fmt: str  # format spec for numbers
    unit: str = ""


def _rec(s, attr):
    return getattr(s.recommended, attr) if s.recommended is not None else None


FIGURES = [
    Figure("Inputs", lambda s: None, ""),  # filled with the pin's title (the what-if values)
    Figure("Verdict", lambda s: "Feasible" if s.feasible else (s.error or "Not feasible"), ""),
    # Short row names: in workshop mode's large type the labels must leave room for three columns.
    Figure("Choice", lambda s: s.recommended.label if s.recommended else "none", ""),
    Figure("Replicas", lambda s: _rec(s, "replicas"), ",.0f"),
    Figure("GPUs", lambda s: _rec(s, "total_gpus"), ",.0f"),
    Figure("TTFT p95", lambda s: _rec(s, "ttft_p95_ms"), ",.0f", "ms"),
    Figure("TPOT", lambda s: _rec(s, "tpot_ms"), ",.1f", "ms"),
    Figure("Per month", lambda s: _rec(s, "cost_per_month_usd"), ",.0f", "USD"),
    Figure("Per 1M tok", lambda s: _rec(s, "cost_per_million_tokens_usd"), ",.3f", "USD"),
]


def figure_text(fig: Figure, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)) and fig.fmt:
        return f"{format(value, fig.fmt)} {fig.unit}".strip()
    return str(value)


def difference_text(fig: Figure, value, base) -> str | None:
    """'(+12% vs first)' for numbers, '(differs)' for text; None when equal."""
    if value == base:
        return None
    if isinstance(value, (int, float)) and isinstance(base, (int, float)) and base:
        return f"({(value - base) / abs(base):+.0%} vs first)"
    return "(differs)"


class CompareView(QWidget):
    """Pinned (title, scenario, sizing) columns; `pins_changed(count)` after pin or clear."""

    pins_changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pinned: list[tuple[str, object, object]] = []
        self.table = QTableWidget(len(FIGURES), 0, objectName="compareTable")
        self.table.setVerticalHeaderLabels([f.name for f in FIGURES])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignTop)  # labels stay by their row's top
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setText(self._hint())
        self.clear_button = QPushButton("Clear pins")
        self.clear_button.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.clear_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)

    def pin(self, title: str, scenario, sizing) -> bool:
        """Add a column (the oldest after the first is dropped when full). False without a sizing."""
        if sizing is None:
            return False
        if len(self.pinned) >= MAX_PINNED:
            del self.pinned[1]
        self.pinned.append((title, scenario, sizing))
        self._refresh()
        return True

    def clear(self) -> None:
        self.pinned.clear()
        self._refresh()

    def _refresh(self) -> None:
        self.table.setColumnCount(len(self.pinned))
        for i, (_title, scenario, _sizing) in enumerate(self.pinned):
            header = QTableWidgetItem(chr(ord("A") + i))
            header.setToolTip(scenario.name)
            self.table.setHorizontalHeaderItem(i, header)
        base = self.pinned[0][2] if self.pinned else None
        for col, (title, _scenario, sizing) in enumerate(self.pinned):
            for row, fig in enumerate(FIGURES):
                if fig.name == "Inputs":
                    names = {s.name for _t, s, _z in self.pinned}
                    self.table.setItem(
                        row, col, QTableWidgetItem(title if len(names) == 1 else f"{_scenario.name}: {title}")
                    )
                    continue
                value = fig.getter(sizing)
                text = figure_text(fig, value)
                diff = None if col == 0 else difference_text(fig, value, fig.getter(base))
                item = QTableWidgetItem(text if diff is None else f"{text} {diff}")
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignVCenter)
                if diff is not None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setData(Qt.UserRole, diff is not None)
                self.table.setItem(row, col, item)
        self.clear_button.setEnabled(bool(self.pinned))
        self.hint.setText(self._hint())
        self.pins_changed.emit(len(self.pinned))

    def _hint(self) -> str:
        n = len(self.pinned)
        if not n:
            return (
                f"Pin up to {MAX_PINNED} scenarios with “Pin for comparison” to see them side by side; "
                "differences from the first are in bold."
            )
        more = f"; pin {MAX_PINNED - n} more" if n < MAX_PINNED else ""
        return f"{n} of {MAX_PINNED} pinned{more}. Bold: differs from A."

    def differs(self, row: int, col: int) -> bool:
        item = self.table.item(row, col)
        return bool(item and item.data(Qt.UserRole))

"""Workshop comparison: up to three pinned scenarios side by side, differences from the first
one in bold with the change written out (no colour needed, so it reads on any projector)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
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
    Figure("Scenario", lambda s: None, ""),  # filled with the pin's title
    Figure("Verdict", lambda s: "Feasible" if s.feasible else (s.error or "Not feasible"), ""),
    Figure("Recommended option", lambda s: s.recommended.label if s.recommended else "none", ""),
    Figure("Replicas", lambda s: _rec(s, "replicas"), ",.0f"),
    Figure("GPUs in total", lambda s: _rec(s, "total_gpus"), ",.0f"),
    Figure("TTFT p95", lambda s: _rec(s, "ttft_p95_ms"), ",.0f", "ms"),
    Figure("TPOT", lambda s: _rec(s, "tpot_ms"), ",.1f", "ms"),
    Figure("Cost per month", lambda s: _rec(s, "cost_per_month_usd"), ",.0f", "USD"),
    Figure("Cost per 1M tokens", lambda s: _rec(s, "cost_per_million_tokens_usd"), ",.3f", "USD"),
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
        self.hint = QLabel(f"Pin up to {MAX_PINNED} scenarios with “Pin for comparison” to see them side by side; "
                           "differences from the first are in bold.")
        self.hint.setWordWrap(True)
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
        self.table.setHorizontalHeaderLabels([chr(ord("A") + i) for i in range(len(self.pinned))])
        base = self.pinned[0][2] if self.pinned else None
        for col, (title, _scenario, sizing) in enumerate(self.pinned):
            for row, fig in enumerate(FIGURES):
                if fig.name == "Scenario":
                    self.table.setItem(row, col, QTableWidgetItem(title))
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
        self.pins_changed.emit(len(self.pinned))

    def differs(self, row: int, col: int) -> bool:
        item = self.table.item(row, col)
        return bool(item and item.data(Qt.UserRole))

"""Workshop comparison: up to three pinned scenarios side by side, differences from the first
one in bold with the change written out (no colour needed, so it reads on any projector)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
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

from app.services.comparison import FIGURES, Pin, compare

MAX_PINNED = 3
MIN_COLUMN = 140  # [px] a pinned column: '0.498 USD (+74% vs A)' on at most two lines, never cut
WORD_PADDING = 12  # [px] cell margins either side of the widest word, so wrapping never cuts one
# Where Qt's word wrap may break a line (Unicode line breaking): spaces, and after a hyphen that
# starts no number ('TensorRT-' / 'LLM'), so the unbreakable pieces are what must fit a column.
UNBREAKABLE = re.compile(r"\s+|(?<=-)(?=[^\d\s])")


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of `text` a wrapped cell can never split."""
    return [piece for piece in UNBREAKABLE.split(text) if piece]


class CompareView(QWidget):
    """Pinned (title, scenario, sizing) columns; `pins_changed(count)` after pin or clear."""

    pins_changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pinned: list[tuple[str, object, object]] = []
        self.column_floor = MIN_COLUMN  # [px] widest single word of any cell (bold included), at least MIN_COLUMN
        self.table = QTableWidget(len(FIGURES), 0, objectName="compareTable")
        self.table.setVerticalHeaderLabels([f.name for f in FIGURES])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN)  # narrower pane: scrolls, nothing cut
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

    def set_pinned(self, pinned: list[tuple[str, object, object]]) -> None:
        """Replace every pin at once ((title, scenario, sizing), A first): pins kept with a project."""
        self.pinned = list(pinned)[:MAX_PINNED]
        self._refresh()

    def pins(self) -> list[Pin]:
        """The pinned results, A first, for the comparison service."""
        return [Pin(title, scenario.name, sizing) for title, scenario, sizing in self.pinned]

    def _refresh(self) -> None:
        self.table.setColumnCount(len(self.pinned))
        for i, (_title, scenario, _sizing) in enumerate(self.pinned):
            header = QTableWidgetItem(chr(ord("A") + i))
            header.setToolTip(scenario.name)
            self.table.setHorizontalHeaderItem(i, header)
        for row, (_name, cells) in enumerate(compare(self.pins()).rows):
            for col, cell in enumerate(cells):
                item = QTableWidgetItem(cell.shown)
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignVCenter)
                if cell.differs:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setData(Qt.UserRole, cell.differs)
                self.table.setItem(row, col, item)
        self.column_floor = max(MIN_COLUMN, self._widest_word() + WORD_PADDING)
        self.table.horizontalHeader().setMinimumSectionSize(self.column_floor)
        self.clear_button.setEnabled(bool(self.pinned))
        self.hint.setText(self._hint())
        self.pins_changed.emit(len(self.pinned))

    def _widest_word(self) -> int:
        """[px] the widest unbreakable piece of any cell, in that cell's own font (bold is wider)."""
        widest = 0
        for row in range(self.table.rowCount()):
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                if item is None or not item.text():
                    continue
                metrics = QFontMetrics(item.font())
                widest = max(widest, *(metrics.horizontalAdvance(p) for p in unbreakable_pieces(item.text())))
        return widest

    def _hint(self) -> str:
        n = len(self.pinned)
        if not n:
            return (
                f"Pin up to {MAX_PINNED} scenarios with “Pin for comparison” to see them side by side; "
                "differences from the first are in bold."
            )
        more = f"; pin {MAX_PINNED - n} more" if n < MAX_PINNED else ""
        return f"{n} of {MAX_PINNED} pinned{more}. Bold: differs from A."

    def wanted_width(self) -> int:
        """[px] the width that shows every pinned column at its floor beside the row names."""
        t = self.table
        columns = max(len(self.pinned), 1) * self.column_floor
        return (
            t.verticalHeader().sizeHint().width()
            + columns
            + 2 * t.frameWidth()
            + t.verticalScrollBar().sizeHint().width()
        )

    def differs(self, row: int, col: int) -> bool:
        item = self.table.item(row, col)
        return bool(item and item.data(Qt.UserRole))

"""Workshop comparison: up to three pinned scenarios side by side, differences from the first
one in bold with the change written out (no colour needed, so it reads on any projector). The rows
are `app.ui.compare_rows`: the pins' grid and the options table's own cells (one source)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, Signal
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

from app.services.comparison import Cell, Pin
from app.ui.compare_rows import ROW_NAMES, TIPS, compare_rows

MAX_PINNED = 3
MIN_COLUMN = 140  # [px] a pinned column: '0.498 USD (+74% vs A)' on at most two lines, never cut
WORD_PADDING = 12  # [px] cell margins either side of the widest word, so wrapping never cuts one
ROW_PADDING = 6  # [px] above and below a cell's text lines
# Where Qt's word wrap may break a line (Unicode line breaking): spaces, and after a hyphen that
# starts no number ('TensorRT-' / 'LLM'), so the unbreakable pieces are what must fit a column.
UNBREAKABLE = re.compile(r"\s+|(?<=-)(?=[^\d\s])")


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of `text` a wrapped cell can never split."""
    return [piece for piece in UNBREAKABLE.split(text) if piece]


def short_text(cell: Cell) -> str:
    """A cell as the narrow Compare tab writes it: '270 ms (+17%)', the hint saying against what
    (the cards and the deck write '(+17% vs A)')."""
    return f"{cell.text} {cell.difference.replace(' vs A', '')}" if cell.difference else cell.text


class CompareView(QWidget):
    """Pinned (title, scenario, sizing) columns; `pins_changed(count)` after pin or clear."""

    pins_changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pinned: list[tuple[str, object, object]] = []
        # The selection matrix's recommendation for each pin (scenario, sizing) -> Recommendation | None,
        # worked out when a pin is added or the weights change, never per slider step; None: the engine's pick.
        self.recommend: Callable[[object, object], object] | None = None
        self.recommendations: list[object] = []
        self.notes: list[str] = []  # each pin's Pin.note: "re-evaluated after calibration at ...; was ..."
        self.designs: list[str] = []  # each pin's Pin.design: the design kept when it was sized again
        self.column_floor = MIN_COLUMN  # [px] widest single word of any cell (bold included), at least MIN_COLUMN
        self.table = QTableWidget(len(ROW_NAMES), 0, objectName="compareTable")
        self.table.setVerticalHeaderLabels(ROW_NAMES)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN)  # narrower pane: scrolls, nothing cut
        # each row as tall as its wrapped text in its (spanned) width: `_fit_rows`, on every resize
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().sectionResized.connect(self._fit_rows)
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
            del self.recommendations[1]
            del self.notes[1]
            del self.designs[1]
        self.pinned.append((title, scenario, sizing))
        self.recommendations.append(self._recommendation(scenario, sizing))
        self.notes.append("")
        self.designs.append("")
        self._refresh()
        return True

    def clear(self) -> None:
        self.pinned.clear()
        self.recommendations.clear()
        self.notes.clear()
        self.designs.clear()
        self._refresh()

    def set_pinned(
        self, pinned: list[tuple[str, object, object]], notes: list[str] | None = None, designs: list[str] | None = None
    ) -> None:
        """Replace every pin at once ((title, scenario, sizing), A first): pins kept with a project.
        `notes`: each pin's Pin.note (a pin sized again since it was pinned); none by default.
        `designs`: each pin's Pin.design (the design it keeps showing); none by default."""
        self.pinned = list(pinned)[:MAX_PINNED]
        self.recommendations = [self._recommendation(scenario, sizing) for _t, scenario, sizing in self.pinned]
        self.notes = (list(notes or []) + [""] * len(self.pinned))[: len(self.pinned)]
        self.designs = (list(designs or []) + [""] * len(self.pinned))[: len(self.pinned)]
        self._refresh()

    def recommend_again(self) -> None:
        """The weights changed: each pin's recommendation worked out again (the sizings stay)."""
        self.set_pinned(self.pinned, self.notes, self.designs)

    def _recommendation(self, scenario, sizing) -> object:
        return self.recommend(scenario, sizing) if self.recommend is not None else None

    def pins(self) -> list[Pin]:
        """The pinned results, A first, each with its matrix recommendation, for the comparison service."""
        return [
            Pin(title, scenario.name, sizing, rec, note, design)
            for (title, scenario, sizing), rec, note, design in zip(
                self.pinned, self.recommendations, self.notes, self.designs, strict=True
            )
        ]

    def _refresh(self) -> None:
        self.table.setColumnCount(len(self.pinned))
        for i, (_title, scenario, _sizing) in enumerate(self.pinned):
            header = QTableWidgetItem(chr(ord("A") + i))
            header.setToolTip(scenario.name)
            self.table.setHorizontalHeaderItem(i, header)
        self.table.clearSpans()
        rows = compare_rows(self.pins())
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([name for name, _cells in rows])
        for row, (name, _cells) in enumerate(rows):
            label = self.table.verticalHeaderItem(row)
            if label is not None and name in TIPS:
                label.setToolTip(TIPS[name])  # the options table's whole header
        for row, (_name, cells) in enumerate(rows):
            if len(cells) > 1 and not any(c.differs for c in cells) and len({c.text for c in cells}) == 1:
                self.table.setSpan(row, 0, 1, len(cells))  # the same for every pin: once, across (fewer lines)
            for col, cell in enumerate(cells):
                item = QTableWidgetItem(short_text(cell))
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignVCenter)
                if cell.differs:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setData(Qt.UserRole, cell.differs)
                self.table.setItem(row, col, item)
        self._fit_rows()
        self.column_floor = max(MIN_COLUMN, self._widest_word() + WORD_PADDING)
        self.table.horizontalHeader().setMinimumSectionSize(self.column_floor)
        self.clear_button.setEnabled(bool(self.pinned))
        self.hint.setText(self._hint())
        self.pins_changed.emit(len(self.pinned))

    def _fit_rows(self, *_args: object) -> None:
        """Each row's height: its tallest cell's text wrapped in the cell's width (a span's: its
        columns' together; Qt's ResizeToContents measures a spanned cell in one column)."""
        t = self.table
        for row in range(t.rowCount()):
            label = t.verticalHeaderItem(row)
            height = t.verticalHeader().fontMetrics().height() + ROW_PADDING if label is not None else 0
            col = 0
            while col < t.columnCount():
                span = max(t.columnSpan(row, col), 1)
                item = t.item(row, col)
                if item is not None and item.text():
                    width = sum(t.columnWidth(c) for c in range(col, col + span)) - WORD_PADDING
                    box = QFontMetrics(item.font()).boundingRect(
                        QRect(0, 0, max(width, 1), 100_000), int(Qt.TextFlag.TextWordWrap), item.text()
                    )
                    height = max(height, box.height() + ROW_PADDING)
                col += span
            if t.rowHeight(row) != height:
                t.setRowHeight(row, height)

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
        return f"{n} of {MAX_PINNED} pinned{more}. Bold: differs from A, (+12%) the change from A."

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

    def wanted_height(self) -> int:
        """[px] the height that shows the hint and every row whole, without a vertical scroll bar."""
        t = self.table
        self._fit_rows()
        lay = self.layout()
        spacing = lay.spacing() if lay is not None else 0
        rows = t.verticalHeader().length()
        below = t.horizontalScrollBar().sizeHint().height() if t.horizontalScrollBar().maximum() > 0 else 0
        top = max(self.hint.heightForWidth(self.hint.width()), self.clear_button.sizeHint().height())
        return top + spacing + t.horizontalHeader().height() + rows + 2 * t.frameWidth() + below

    def differs(self, row: int, col: int) -> bool:
        item = self.table.item(row, col)
        return bool(item and item.data(Qt.UserRole))

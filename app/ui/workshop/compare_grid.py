"""The pinned scenarios side by side as a grid a room reads without scrolling: one row per
criterion (`app.services.comparison_grid`), one column per pin A, B, C. A cell that differs from
A is bold on a yellow band with the change written out ('(+12%)'), so it reads in greyscale.

The type is as large as the step's height allows (FONT_PX down to MIN_PX, x the workshop's type
scale); long text wraps onto its row's lines and the rest is elided, the whole text in the
tooltip. When even the smallest type cannot hold every row (a small window), the least important
rows move to a next page of rows (Ctrl+Down / Ctrl+Up, or the rows button) and the hint names
them: fewer rows, never a scrollbar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget

from app.services import comparison_grid as cg
from app.services.comparison import REEVALUATED, Cell, Comparison, Pin
from app.ui.workshop.grid_cell import PAD_X, PAD_Y, GridCell, wrapped_lines
from app.ui.workshop.widgets import repolish

FONT_PX = 34  # [px] the largest type, a 1080-line screen's (about 25 pt)
MIN_PX = 20  # [px] the smallest the room reads from the back (15 pt at 96 dpi); these sizes x the type scale
HINT_PX = 16  # [px] the hint's type at most (it speaks to the presenter, not the room)
ROW_GAP = 4  # [px] between rows
COLUMN_GAP = 8  # [px] between columns
KEY_SHARE = 0.3  # the criteria column takes at most this share of the width
NARROW = 1000  # [px] below this width the hint takes two lines
PAGE_LINES = 2  # lines a row may take when the rows are paged (more rows on a page)


@dataclass(frozen=True)
class RowSpec:
    lines: int  # lines a cell may wrap onto before it is elided
    rank: int  # 0 is kept longest when the screen is short


ROWS: dict[str, RowSpec] = {
    cg.VERDICT: RowSpec(3, 0),  # an infeasible verdict names what rules it out
    cg.DESIGN: RowSpec(3, 1),
    cg.PER_MONTH: RowSpec(3, 2),
    cg.LATENCY: RowSpec(3, 3),
    cg.RUN_TIME: RowSpec(3, 3),
    cg.LATENCY_OR_RUN: RowSpec(3, 3),
    cg.PER_MILLION: RowSpec(3, 4),
    cg.BINDS: RowSpec(3, 5),
    cg.INPUTS: RowSpec(3, 6),
    cg.ENERGY: RowSpec(3, 7),
    REEVALUATED: RowSpec(3, 8),
}


@dataclass(frozen=True)
class Fit:
    px: int  # the type's pixel size
    pages: list[list[str]]  # the rows of each page, in the grid's order


def fit_rows(
    names: Sequence[str],
    height: int,
    line_spacing: dict[int, int],
    wrap: Callable[[str, int], tuple[int, int]],
    sizes: tuple[int, int] = (MIN_PX, FONT_PX),
) -> Fit:
    """The type and rows for `height` [px]: `line_spacing` maps a pixel size to its line height
    [px]; `wrap(name, px)` says how many lines row `name` needs at that size (at most its
    RowSpec.lines) and how many of its cells are still elided. The largest type at which every
    row fits under a header line with nothing elided; else the one eliding the fewest cells;
    else pages of the rows that fit at the smallest type, each on at most PAGE_LINES lines, the
    least important rows (RowSpec.rank) moved to later pages (a row cut to one line would elide
    the figures themselves)."""

    def need(rows: Sequence[str], px: int, most: int = 99) -> int:
        count = 1 + sum(min(wrap(n, px)[0], most) for n in rows)
        return count * line_spacing[px] + (len(rows) + 1) * (2 * PAD_Y + ROW_GAP)

    smallest, largest = sizes
    fitting = [px for px in range(largest, smallest - 1, -1) if need(names, px) <= height]
    if fitting:
        best = min(fitting, key=lambda px: (sum(wrap(n, px)[1] for n in names), -px))
        return Fit(best, [list(names)])
    by_rank = sorted(names, key=lambda n: spec(n).rank)
    pages: list[list[str]] = []
    left = by_rank
    while left:
        k = max((k for k in range(1, len(left) + 1) if need(left[:k], smallest, PAGE_LINES) <= height), default=1)
        chosen = set(left[:k])
        pages.append([n for n in names if n in chosen])
        left = left[k:]
    return Fit(smallest, pages)


def spec(name: str) -> RowSpec:
    return ROWS.get(name, RowSpec(1, len(ROWS)))


def shown_text(cell: Cell) -> str:
    """A cell as the grid says it: its text and the change from A, short ('$931/month (-81%)'):
    the yellow band already says 'differs from A'."""
    return f"{cell.text} {cell.difference.replace(' vs A)', ')')}" if cell.difference else cell.text


class CompareGrid(QWidget):
    """Up to three pinned results as columns; `clear_requested` asks to drop the pins."""

    clear_requested = Signal()

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None) -> None:
        """`scale`: the workshop's type scale (view.type_scale): FONT_PX, MIN_PX and HINT_PX are
        the 1366x768 design's sizes."""
        super().__init__(parent)
        self.setObjectName("workshopGrid")
        self.largest, self.smallest = round(FONT_PX * scale), round(MIN_PX * scale)
        self.hint_px = round(HINT_PX * scale)
        self.scale = scale
        self.hint = GridCell("workshopHint", 1)
        self.rows_button = QPushButton("More rows ▾")
        self.rows_button.setToolTip("Show the rows this screen has no room for (Ctrl+Down, Ctrl+Up)")
        self.rows_button.clicked.connect(lambda: self.page_rows(1))
        self.clear_button = QPushButton("Clear pins")
        for button in (self.rows_button, self.clear_button):
            button.setObjectName("workshopGridButton")  # smaller than the room's type: the presenter's
        self.clear_button.clicked.connect(self.clear_requested)
        top = self.top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.rows_button)
        top.addWidget(self.clear_button)
        self.body = QWidget()
        self.table = QGridLayout(self.body)
        self.table.setContentsMargins(0, 0, 0, 0)
        self.table.setHorizontalSpacing(COLUMN_GAP)
        self.table.setVerticalSpacing(ROW_GAP)
        self.corner = GridCell("workshopGridCorner")
        self.heads = [GridCell("workshopGridHead") for _ in range(3)]
        self.table.addWidget(self.corner, 0, 0)
        for col, head in enumerate(self.heads, start=1):
            self.table.addWidget(head, 0, col)
            self.table.setColumnStretch(col, 1)
        self.keys: dict[str, GridCell] = {}
        self.values: dict[str, list[GridCell]] = {}
        lay = self.outer = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        # the grid fits the rows to its height, never the other way round: its rows never grow it
        lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        lay.addLayout(top)
        lay.addWidget(self.body)
        lay.addStretch(1)
        self.comparison: Comparison | None = None
        self.fit = Fit(FONT_PX, [[]])
        self.page = 0
        self.show_pins([])

    # -- content
    def show_pins(self, pins: Sequence[Pin]) -> None:
        """`pins`: app.services.comparison.Pin records, A first."""
        self.comparison = cg.grid(pins) if pins else None
        n = len(self.comparison.letters) if self.comparison is not None else 0
        for col, head in enumerate(self.heads):
            head.setVisible(col < n)
        if self.comparison is not None:
            same = len(set(self.comparison.names)) == 1
            for col in range(n):
                letter, name = self.comparison.letters[col], self.comparison.names[col]
                self.heads[col].set_text(letter if same else f"{letter}  {name}")
            self.corner.set_text(self.comparison.names[0] if same else "")
            for name, cells in self.comparison.rows:
                self._row(name)
                self.keys[name].set_text(name)
                for col, cell in enumerate(cells):
                    label = self.values[name][col]
                    label.set_text(shown_text(cell))
                    label.set_bold(cell.differs)
                    repolish(label, "differs", cell.differs)
        self.clear_button.setEnabled(bool(n))
        self.page = 0
        self._lay_out()

    def _row(self, name: str) -> None:
        if name in self.keys:
            return
        row = len(self.keys) + 1
        lines = spec(name).lines
        self.keys[name] = GridCell("workshopGridKey", lines)
        self.table.addWidget(self.keys[name], row, 0)
        self.values[name] = [GridCell("workshopGridValue", lines) for _ in range(3)]
        for col, cell in enumerate(self.values[name], start=1):
            self.table.addWidget(cell, row, col)

    def cell(self, name: str, col: int) -> GridCell:
        """The cell of row `name` for pin `col` (0 is A)."""
        return self.values[name][col]

    def differs(self, name: str, col: int) -> bool:
        return bool(self.values[name][col].property("differs"))

    def row_names(self) -> list[str]:
        return [name for name, _cells in self.comparison.rows] if self.comparison is not None else []

    def shown_rows(self) -> list[str]:
        """The rows on screen now (the page in view)."""
        pages = self.fit.pages
        return pages[min(self.page, len(pages) - 1)] if self.comparison is not None else []

    def hidden_rows(self) -> list[str]:
        shown = set(self.shown_rows())
        return [n for n in self.row_names() if n not in shown]

    def page_rows(self, step: int) -> None:
        """The next (`step` 1) or previous (-1) page of rows, when the screen has more than one."""
        pages = len(self.fit.pages)
        if pages > 1:
            self.page = (self.page + step) % pages
            self._lay_out()

    # -- fitting
    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)  # what it shows follows its size (fewer rows), not the reverse

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        names = self.row_names()
        n = len(self.comparison.letters) if self.comparison is not None else 0
        self.hint.set_pixel_size(self.hint_px)
        self.hint.max_lines = 2 if self.width() < NARROW * self.scale else 1  # room for the rows not shown
        self.hint._fit_height()
        top = max(self.hint.height(), self.clear_button.sizeHint().height()) + self.outer.spacing()
        spacing = {px: self._line_spacing(px) for px in range(self.smallest, self.largest + 1)}
        page = self.page
        self._wraps: dict[tuple[str, int], tuple[int, int]] = {}
        sizes = (self.smallest, self.largest)
        self.fit = (
            fit_rows(names, self.height() - top, spacing, self._wrap, sizes) if names else Fit(self.largest, [[]])
        )
        self.page = min(page, len(self.fit.pages) - 1)
        shown = set(self.shown_rows())
        px = self.fit.px
        for cell in [self.corner, *self.heads]:
            cell.set_pixel_size(px)
            cell.set_bold(True)
        for name in self.keys:
            on = name in shown
            lines = self._wrap(name, px)[0] if on else 1
            if len(self.fit.pages) > 1:
                lines = min(lines, PAGE_LINES)
            for col, cell in enumerate([self.keys[name], *self.values[name]]):
                cell.max_lines = lines
                cell.set_pixel_size(px)
                cell._fit_height()
                cell.setVisible(on and (col == 0 or col - 1 < n))
        self.table.setColumnMinimumWidth(0, self._key_width(px, self.shown_rows()))
        for col in range(1, 4):
            self.table.setColumnStretch(col, 1 if col <= n else 0)
        self.rows_button.setVisible(len(self.fit.pages) > 1)
        self.hint.set_text(self._hint_text(n))
        self.table.activate()

    def _font(self, px: int, bold: bool = False) -> QFont:
        font = self.corner.cell_font()
        font.setPixelSize(px)
        font.setBold(bold)
        return font

    def _key_width(self, px: int, names: Sequence[str] | None = None) -> int:
        """[px] the criteria column: the widest of `names` (default all rows) at `px`, at most
        KEY_SHARE of the width."""
        metrics = QFontMetrics(self._font(px))
        rows = self.row_names() if names is None else names
        widest = max((metrics.horizontalAdvance(n) for n in rows), default=0) + 2 * PAD_X
        return min(widest, round(KEY_SHARE * max(self.width(), 1)))

    def _wrap(self, name: str, px: int) -> tuple[int, int]:
        """The lines row `name` needs at `px` in the columns' width (at most its RowSpec.lines)
        and how many of its cells are elided there."""
        key = (name, px)
        if key not in self._wraps:
            cells = dict(self.comparison.rows)[name] if self.comparison is not None else []
            most = spec(name).lines
            width = (self.width() - self._key_width(px) - COLUMN_GAP * len(cells)) // max(len(cells), 1) - 2 * PAD_X
            counts = [len(wrapped_lines(shown_text(c), self._font(px, bold=c.differs), width, most + 1)) for c in cells]
            self._wraps[key] = (min(max(counts, default=1), most), sum(n > most for n in counts))
        return self._wraps[key]

    def _line_spacing(self, px: int) -> int:
        return QFontMetrics(self._font(px, bold=True)).lineSpacing()

    def _hint_text(self, n: int) -> str:
        if not n:
            return "Pin the result on screen (Pin button, Ctrl+D) as A, then move the sliders and pin B and C."
        text = f"{n} of 3 pinned. Bold on a yellow band: differs from A. Hover a cell for its whole text."
        hidden = self.hidden_rows()
        if hidden:
            pages = len(self.fit.pages)
            text = f"Rows {self.page + 1}/{pages} (Ctrl+Down/Up); not shown: {', '.join(hidden)}. " + text
        return text

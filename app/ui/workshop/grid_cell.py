"""One cell of the workshop's comparison grid: its text wrapped onto at most `max_lines` lines in a
font the grid sets (`set_pixel_size`), the last line elided ('…') when the text is longer, the
whole text in the tooltip. Its height is its lines' (the grid fits the rows to the screen), its
width whatever the grid gives it (it never asks for more, so it never pushes a scrollbar)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

PAD_X = 6  # [px] each side of the text
PAD_Y = 3  # [px] above and below


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` broken at word boundaries into lines at most `width` px wide in `font`; beyond
    `max_lines` the last line shown is elided with '…'."""
    if not text or width <= 0:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    metrics = QFontMetrics(font)
    out = []
    for i, (start, length) in enumerate(spans[:max_lines]):
        if i == max_lines - 1 and len(spans) > max_lines:
            rest = " ".join(text[start:].split())
            out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        else:
            out.append(text[start : start + length].rstrip())
    return out


class GridCell(QFrame):
    """A text cell of the comparison grid (styled by the QSS as `QFrame#<name>`, `[differs="true"]`)."""

    def __init__(self, name: str, max_lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.max_lines = max_lines
        self._text = ""
        self._font = QFont(self.font())
        self._fit_height()

    def text(self) -> str:
        """The whole text (what the tooltip says)."""
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setToolTip(text)
            self.update()

    def set_bold(self, bold: bool) -> None:
        if self._font.bold() != bold:
            self._font.setBold(bold)
            self.update()

    def set_pixel_size(self, px: int) -> None:
        if self._font.pixelSize() != px:
            self._font.setPixelSize(px)
            self._fit_height()
            self.update()

    def cell_font(self) -> QFont:
        return QFont(self._font)

    @staticmethod
    def height_for(font: QFont, lines: int) -> int:
        """[px] a cell's height with `lines` lines in `font`."""
        return lines * QFontMetrics(font).lineSpacing() + 2 * PAD_Y

    def _fit_height(self) -> None:
        self.setFixedHeight(self.height_for(self._font, self.max_lines))

    def shown_lines(self) -> list[str]:
        """The lines as drawn at the cell's width (the last one elided when the text is longer)."""
        return wrapped_lines(self._text, self._font, self.width() - 2 * PAD_X, self.max_lines)

    def elided(self) -> bool:
        """True when the lines drawn leave some of the text out (compared without white space)."""
        return "".join("".join(self.shown_lines()).split()) != "".join(self._text.split())

    def sizeHint(self) -> QSize:
        return QSize(QFontMetrics(self._font).horizontalAdvance(self._text) + 2 * PAD_X, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(2 * PAD_X, self.height())

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setFont(self._font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        metrics = QFontMetrics(self._font)
        y = PAD_Y
        for line in self.shown_lines():
            painter.drawText(PAD_X, y + metrics.ascent(), line)
            y += metrics.lineSpacing()
        painter.end()

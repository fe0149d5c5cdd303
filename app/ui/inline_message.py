"""A validation message that never moves the widgets around it.

A label shown only when there is something to say pushed the form under it down, so the next
click landed on another field than the one aimed at. `InlineMessage` keeps its room whether it
is shown, hidden or empty: a fixed height of `lines` text lines (a longer message is cut there and
reads in full in the tooltip), and its size is retained while hidden. A narrow one may keep room for
more lines than a wide one (decided by its width, so only a window's resize changes it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class InlineMessage(QLabel):
    """Word-wrapped message with a constant height; `objectName` picks the style (the QSS's
    `QLabel#inlineMessage` by default)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        lines: int = 2,
        objectName: str = "inlineMessage",  # noqa: N803 - Qt's keyword
        narrow_lines: int | None = None,
        narrow_below_px: int = 0,
    ) -> None:
        """`narrow_lines` lines (instead of `lines`) while the label is narrower than
        `narrow_below_px` [px]: a one-line message beside a field cut most messages at 1366x768
        ('must be a whole number from 1 to 1,000,…'). The height changes with the window's width
        only, never when a message comes or goes."""
        super().__init__(parent)
        self.setObjectName(objectName)
        self.lines = self.wide_lines = lines
        self.narrow_lines = narrow_lines or lines
        self.narrow_below_px = narrow_below_px
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # a long message never widens the window
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._fit_height()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def shown_lines(self) -> list[str]:
        """The lines a message of at most `lines` lines shows: wrapped between words, the last
        cut with '…' where the rest is wider than the label (a label's own wrapping showed the
        middle of two half-cut lines); in full in the tooltip."""
        metrics = self.fontMetrics()
        width = max(self.contentsRect().width(), 1)
        lines: list[str] = []
        words = self.text().split()
        while words and len(lines) < self.lines - 1:
            line = words.pop(0)
            while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            if metrics.horizontalAdvance(line) > width:  # one word wider than the label: cut it here
                words.insert(0, line)
                break
            lines.append(line)
        if words:
            lines.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
        return lines

    def shown_text(self) -> str:
        return "\n".join(self.shown_lines())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            align,
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )

    def _fit_height(self) -> None:
        self.ensurePolished()
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * self.lines + frame + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        lines = self.narrow_lines if event.size().width() < self.narrow_below_px else self.wide_lines
        if lines != self.lines:  # the width alone decides: no height loop (the width ignores the height)
            self.lines = lines
            self._fit_height()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):  # QSS padding, workshop type
            self._fit_height()

"""A validation message that never moves the widgets around it.

A label shown only when there is something to say pushed the form under it down, so the next
click landed on another field than the one aimed at. `InlineMessage` keeps its room whether it
is shown, hidden or empty: a fixed height of `lines` text lines (a longer message is cut there and
reads in full in the tooltip), and its size is retained while hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class InlineMessage(QLabel):
    """Word-wrapped message with a constant height; `objectName` picks the style (the QSS's
    `QLabel#inlineMessage` by default)."""

    def __init__(self, parent: QWidget | None = None, lines: int = 2, objectName: str = "inlineMessage") -> None:  # noqa: N803 - Qt's keyword
        super().__init__(parent)
        self.setObjectName(objectName)
        self.lines = lines
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

    def shown_text(self) -> str:
        """What a one-line message shows: the text cut with '…' where it is wider than the
        label (wrapped, it showed the middle of two half-cut lines); in full in the tooltip."""
        if self.lines != 1:
            return self.text()
        width = max(self.contentsRect().width(), 1)
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.lines != 1 or not self.text():
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

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):  # QSS padding, workshop type
            self._fit_height()

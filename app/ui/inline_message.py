"""A validation message that never moves the widgets around it.

A label shown only when there is something to say pushed the form under it down, so the next
click landed on another field than the one aimed at. `InlineMessage` keeps its room whether it
is shown, hidden or empty: a fixed height of `lines` text lines, and its size is retained while
hidden. A longer message reads in full, wrapped, in an overlay of the same width drawn over the
(empty) space under it, never moving a widget (and in the tooltip). A narrow one may keep room for
more lines than a wide one (decided by its width, so only a window's resize changes it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHideEvent, QMoveEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QSizePolicy, QWidget


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
        self._overlay: QLabel | None = None  # the whole of a message longer than `lines`
        self._host: QWidget | None = None  # the widget the overlay lives on (a scroll area's page)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)
        self._place_overlay()

    def needed_lines(self) -> int:
        """How many lines the whole message takes, wrapped between words at this width."""
        metrics = self.fontMetrics()
        width = max(self.contentsRect().width(), 1)
        words, n = self.text().split(), 0
        while words:
            line = words.pop(0)
            while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            n += 1
        return n

    def overflowing(self) -> bool:
        """Whether the message is longer than the lines kept for it (the overlay shows it whole)."""
        return bool(self.text()) and self.needed_lines() > self.lines

    def _overlay_host(self) -> QWidget | None:
        """The outermost widget that scrolls with this one (a scroll area's page), else the window:
        the overlay is clipped by neither the group box nor the form under it."""
        w = self.parentWidget()
        while w is not None and w.parentWidget() is not None:
            up = w.parentWidget()
            area = up.parentWidget() if up is not None else None
            if isinstance(area, QAbstractScrollArea) and up is area.viewport():
                return w
            w = up
        return w

    def _place_overlay(self) -> None:
        if not (self.isVisible() and self.overflowing()):
            if self._overlay is not None:
                self._overlay.hide()
            return
        host = self._overlay_host()
        if host is None:
            return
        if self._overlay is None or self._host is not host:
            if self._host is not None:
                self._host.removeEventFilter(self)
            if self._overlay is not None:
                self._overlay.deleteLater()
            self._overlay = QLabel(host)
            self._overlay.setObjectName(self.objectName())
            self._overlay.setWordWrap(True)
            self._overlay.setAutoFillBackground(True)  # drawn over what is under it, readable
            self._overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks go through
            self._host = host
            host.installEventFilter(self)
        overlay = self._overlay
        overlay.setText(self.text())
        overlay.setFont(self.font())
        width = self.width()
        overlay.setFixedWidth(width)
        overlay.setFixedHeight(overlay.heightForWidth(width))
        overlay.move(self.mapTo(host, QPoint(0, 0)))
        overlay.show()
        overlay.raise_()

    def overlay(self) -> QLabel | None:
        """The overlay showing a long message whole (None until one was needed)."""
        return self._overlay

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._host and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._place_overlay()  # the form re-laid out: follow this label
        return False

    def moveEvent(self, event: QMoveEvent) -> None:  # noqa: N802 - Qt's name
        super().moveEvent(event)
        self._place_overlay()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._place_overlay()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        if self._overlay is not None:
            self._overlay.hide()

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
        if not self.text() or (self._overlay is not None and self._overlay.isVisible()):
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
        self._place_overlay()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):  # QSS padding, workshop type
            self._fit_height()

"""Text that comes from data is shown as written, never as Qt rich text.

Qt guesses: a label, message box or tooltip whose text looks like HTML (Qt.mightBeRichText) is
rendered as rich text, so a record named `<img src="file:///...">` loaded a local file into a
tooltip, and `<b>x</b>` in a note turned bold. One application-wide event filter, installed by
`create_application` like the wheel guard, covers every widget the app makes:

- a QLabel (message boxes' labels included) whose format is still Qt.AutoText becomes
  Qt.PlainText when it is first polished; a label that means markup says Qt.RichText itself
  (and escapes the data it puts in, see html.escape);
- a tooltip (a widget's, an item view's cell or header, a plot item's) is shown through
  `plain_tooltip`, which escapes it inside an explicit rich-text wrapper that keeps its lines.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QToolTip,
    QWidget,
)


def plain_tooltip(text: str) -> str:
    """`text` for QToolTip.showText so that it reads literally: escaped, in a wrapper that makes
    Qt take it as rich text (or it would show '&lt;'), with line breaks kept."""
    if not text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def _tooltip_at(watched: QObject, event: QHelpEvent) -> str | None:
    """The tooltip Qt would show for `event` on `watched`; None when it is not one we know."""
    parent = watched.parent()
    pos = event.pos()
    if isinstance(parent, QHeaderView) and watched is parent.viewport():
        section = parent.logicalIndexAt(pos)
        model = parent.model()
        if section < 0 or model is None:
            return ""
        value = model.headerData(section, parent.orientation(), Qt.ItemDataRole.ToolTipRole)
        return "" if value is None else str(value)
    if isinstance(parent, QAbstractItemView) and watched is parent.viewport():
        index = parent.indexAt(pos)
        value = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        return "" if value is None else str(value)
    if isinstance(parent, QGraphicsView) and watched is parent.viewport():
        for item in parent.items(pos):
            if item.toolTip():
                return str(item.toolTip())
        return ""
    if isinstance(watched, QWidget) and not isinstance(watched, (QAbstractItemView, QGraphicsView)):
        return watched.toolTip() or None  # None: a widget with its own tooltips (a tab bar) decides
    return None


class PlainTextGuard(QObject):
    """Event filter: AutoText labels become PlainText on polish; tooltips are shown escaped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plainTextGuard")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QLabel):
            plain_label(watched)
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = _tooltip_at(watched, event)
            if text is None:
                return False
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), watched)  # type: ignore[arg-type]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return False


def plain_label(label: QLabel) -> None:
    """Show `label`'s text as written unless it asked for rich text itself."""
    if label.textFormat() == Qt.TextFormat.AutoText:
        label.setTextFormat(Qt.TextFormat.PlainText)


def install_plain_text_guard(app: QApplication) -> PlainTextGuard:
    """Install the guard on `app` once (later calls return the same filter). It acts on labels
    polished after it (create_application installs it before any widget exists); walking
    app.allWidgets() here could touch widgets Qt is deleting."""
    existing = app.findChild(PlainTextGuard, "plainTextGuard")
    if isinstance(existing, PlainTextGuard):
        return existing
    plain_text_guard = PlainTextGuard(app)
    app.installEventFilter(plain_text_guard)
    return plain_text_guard


def remove_plain_text_guard(app: QApplication) -> None:
    """Take the guard off `app` (tests that install it on the shared application)."""
    for existing in app.findChildren(PlainTextGuard):
        app.removeEventFilter(existing)
        existing.deleteLater()
        existing.setObjectName("")


__all__ = ["PlainTextGuard", "install_plain_text_guard", "plain_label", "plain_tooltip", "remove_plain_text_guard"]

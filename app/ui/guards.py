"""Two application-wide guards, applied when Qt polishes a widget (once per widget), not per event.

- **The wheel edits only the field the user is working in.** Qt gives spin boxes, combo boxes and
  sliders focus on a wheel turn and then changes their value, so scrolling a form with the pointer
  resting over a field silently edited it (800 -> 797). Such a widget gets Qt.StrongFocus (tab or
  click, not the wheel) and a wheel filter: a turn over it while it lacks focus is handed to its
  parent (a scroll area then scrolls, as the user meant).
- **Text from data is shown as written, never as Qt rich text.** Qt guesses: a label, message box
  or tooltip whose text looks like HTML (Qt.mightBeRichText) is rendered as rich text, so a record
  named `<img src="file:///...">` loaded a local file into a tooltip. A QLabel still on
  Qt.AutoText becomes Qt.PlainText when polished; Qt's tooltip is such a label (`qtooltip_label`,
  polished each time a tooltip window is made), so every tooltip, a widget's, an item view's cell
  or header, a plot item's, shows as written. A label that means markup says Qt.RichText itself
  and escapes the data it puts in (html.escape).

Why a style and not an application event filter: a Python filter on the application runs for
every event of every object (about 800 per what-if step); it cost 10-20 % of a slider-to-redraw
and half of a scenario switch. The style's polish runs once per widget; the wheel filter sits on
the guarded widgets only.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QProxyStyle, QSlider, QWidget

GUARDED = (QAbstractSpinBox, QComboBox, QSlider)  # not QScrollBar: the wheel is what it is for


class WheelFilter(QObject):
    """Event filter on a guarded widget: a wheel turn is ignored unless the widget has focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # unaccepted: QApplication offers it to the parent widgets
            return True
        return False


class GuardStyle(QProxyStyle):
    """The application's style with both guards in `polish` (see the module doc)."""

    def __init__(self) -> None:
        super().__init__()  # the platform's default style underneath
        self.setObjectName("archwiseGuardStyle")
        self.wheel_filter = WheelFilter(self)

    def polish(self, target: Any) -> Any:  # Qt overloads polish for a widget, the application and a palette
        if isinstance(target, QWidget):
            guard_widget(target, self.wheel_filter)
        return super().polish(target)


def guard_widget(widget: QWidget, wheel_filter: QObject) -> None:
    """Apply both guards to `widget` (idempotent: Qt may polish a widget again)."""
    if isinstance(widget, QLabel):
        plain_label(widget)
    elif isinstance(widget, GUARDED):
        if widget.focusPolicy() & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.removeEventFilter(wheel_filter)  # never twice
        widget.installEventFilter(wheel_filter)


def plain_label(label: QLabel) -> None:
    """Show `label`'s text as written unless it asked for rich text itself."""
    if label.textFormat() == Qt.TextFormat.AutoText:
        label.setTextFormat(Qt.TextFormat.PlainText)


def installed_guard(app: QApplication) -> GuardStyle | None:
    """The guard style installed on `app`, if any."""
    found = app.findChild(GuardStyle, "archwiseGuardStyle")
    return found if isinstance(found, GuardStyle) else None


def install_guards(app: QApplication) -> GuardStyle:
    """Make the guard style `app`'s style once (later calls return it). Qt re-polishes the widgets
    that exist already, so they are guarded too; a style sheet set before or after stays on top."""
    existing = installed_guard(app)
    if existing is not None:
        return existing
    style = GuardStyle()
    app.setStyle(style)
    style.setParent(app)  # findable by installed_guard; the application owns it either way
    return style


def remove_guards(app: QApplication) -> None:
    """Back to Qt's default style without the guards (tests that must leave the shared application
    as they found it). Deleting the wheel filter takes it off every widget it sat on."""
    existing = installed_guard(app)
    if existing is None:
        return
    existing.setObjectName("")
    app.setStyle(QProxyStyle())
    if shiboken6.isValid(existing):  # Qt deleted it unless a style sheet's wrapper kept it alive
        existing.deleteLater()  # its wheel filter goes with it


__all__ = [
    "GuardStyle",
    "WheelFilter",
    "guard_widget",
    "install_guards",
    "installed_guard",
    "plain_label",
    "remove_guards",
]

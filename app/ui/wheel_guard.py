"""The mouse wheel changes a value only in the field the user is working in.

Qt gives spin boxes, combo boxes and sliders focus on a wheel turn and then changes their value,
so scrolling a form with the pointer resting over a field silently edited it (800 -> 797). One
application-wide event filter, installed by `create_application`, covers every such widget the
app ever makes (catalog delegates and lazily built pages included):

- when a widget is first polished, its focus policy becomes Qt.StrongFocus (tab or click, not
  the wheel);
- a wheel turn over one that does not have focus is handed to its parent (a scroll area then
  scrolls, as the user meant) instead of changing the value.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

GUARDED = (QAbstractSpinBox, QComboBox, QSlider)  # not QScrollBar: the wheel is what it is for


class WheelGuard(QObject):
    """Event filter: StrongFocus on polish, wheel ignored unless focused (see the module doc)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wheelGuard")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                event.ignore()  # unaccepted: QApplication offers it to the parent widgets
                return True
        elif kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            guard(watched)
        return False


def guard(widget: QWidget) -> None:
    """Tab or click focuses `widget`; the wheel does not."""
    if widget.focusPolicy() & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on `app` once (later calls return the same filter); widgets polished
    before the call are guarded now."""
    existing = app.findChild(WheelGuard, "wheelGuard")
    if isinstance(existing, WheelGuard):
        return existing
    wheel_guard = WheelGuard(app)
    app.installEventFilter(wheel_guard)
    for widget in app.allWidgets():
        if isinstance(widget, GUARDED):
            guard(widget)
    return wheel_guard


def remove_wheel_guard(app: QApplication) -> None:
    """Take the guard off `app` (tests that must leave the shared application as they found it)."""
    existing = app.findChild(WheelGuard, "wheelGuard")
    if isinstance(existing, WheelGuard):
        app.removeEventFilter(existing)
        existing.setParent(None)
        existing.deleteLater()

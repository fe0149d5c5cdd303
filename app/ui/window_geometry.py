"""Where the main window opens: never larger than the screen's free area, never smaller than
usable, and the geometry a user left remembered per screen size.

A geometry saved on a 1366x768 screen once opened a 748x425 window on a 1920x1080 one, and the
first-ever window (1400x860) was cut off on 1366x768. `fit_rect` clamps any rectangle to the
screen it opens on; `screen_key` names a screen size for the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

DEFAULT_SIZE = QSize(1400, 860)  # [px] the first-ever window on a large screen
USABLE_SIZE = QSize(1000, 650)  # [px] the smallest window the pages are laid out for


def screen_key(available: QRect) -> str:
    """'1366x768': the screen size a geometry is remembered under."""
    return f"{available.width()}x{available.height()}"


def smallest_size(available: QRect) -> QSize:
    """The usable minimum, or the whole free area where the screen is smaller."""
    return USABLE_SIZE.boundedTo(available.size())


def fit_rect(wanted: QRect | None, available: QRect) -> QRect:
    """`wanted` (None: the default size, centred) resized into [smallest_size, available] and
    moved so that it lies wholly on the screen's free area."""
    if wanted is None or not wanted.isValid():
        size = DEFAULT_SIZE.boundedTo(available.size())
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(available.center())
        return rect
    size = wanted.size().expandedTo(smallest_size(available)).boundedTo(available.size())
    left = min(max(wanted.left(), available.left()), available.right() + 1 - size.width())
    top = min(max(wanted.top(), available.top()), available.bottom() + 1 - size.height())
    return QRect(left, top, size.width(), size.height())

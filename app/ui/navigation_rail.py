"""The navigation rail: one row per page, its icon and title; icons only in a narrow window.

At 683x384 logical px (a 1366x768 screen at 200 %) a 190 px rail left the pages 493 px; below
`COMPACT_BELOW` window width the rail shows its icons alone (each title in its tooltip), and the
pages get the width back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

WIDE = 190  # [px] the rail with its titles
COMPACT_BELOW = 1000  # [px] window width under which the rail shows icons only (USABLE_SIZE's width)
ITEM_PADDING = 14  # [px] the item's left and right padding in archwise.qss (navigationRail::item)


class _RailDelegate(QStyledItemDelegate):
    """Draws a row without its title while the rail is compact (the item keeps its text)."""

    def __init__(self, rail: NavigationRail) -> None:
        super().__init__(rail)
        self.rail = rail

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if self.rail.compact:
            option.text = ""


class NavigationRail(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigationRail")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # never a sideways bar
        self.compact = False
        self.setItemDelegate(_RailDelegate(self))
        self.setFixedWidth(WIDE)

    def add_page(self, icon: QIcon, title: str) -> None:
        item = QListWidgetItem(icon, title)
        item.setToolTip(title)
        self.addItem(item)

    def follow_width_of(self, window: QWidget) -> None:
        """Icons only while `window` is narrower than COMPACT_BELOW."""
        window.installEventFilter(self)
        self.set_compact(window.width() < COMPACT_BELOW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.set_compact(watched.width() < COMPACT_BELOW)
        return super().eventFilter(watched, event)

    def set_compact(self, on: bool) -> None:
        if on == self.compact:
            return
        self.compact = on
        icon = self.iconSize().width()
        if icon <= 0:  # not set: the style's small icon, as the list draws it
            icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width() + 4
        self.setFixedWidth(icon + 2 * ITEM_PADDING + frame if on else WIDE)
        self.doItemsLayout()  # the rows' widths without (or with) their titles
        self.horizontalScrollBar().setValue(0)
        self.viewport().update()

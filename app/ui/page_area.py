"""The pages' stack, each page in a scroll area: a page that cannot shrink to the window scrolls,
none is cut or squeezed.

At QT_SCALE_FACTOR=2 a 1366x768 screen is 683x384 logical px: the Analysis, Measurements and Fleet
pages need more, and a window set to the screen squeezed them below their minimum (sliders drawn
over each other, buttons cut). In its own scroll area (`PageScroller`) a page fills the room as
before when it fits and gets at least its minimum size, scrolled, when it does not; one page's
needs never make another scroll.

`PageStack` hands out the pages themselves (`widget`, `currentWidget`, `indexOf`,
`setCurrentWidget`, `removeWidget`), so the window and its tests address pages as before."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget


class PageScroller(QScrollArea):
    """One page's scroll area: the page fills it, and is never made smaller than its minimum
    size (scrolled then). Not QScrollArea's widget-resizable mode: that sizes a page with
    wrapped text to its height-for-width, a preference, and scrolled pages that fit at
    1366x768 (the Selection matrix wanted 856 px of 727)."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setObjectName("pageArea")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(page)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        page.installEventFilter(self)

    def fit_page(self) -> None:
        """The page as large as the room without scroll bars, at least its minimum size; a
        dimension that scrolls takes its scroll bar's room from the other."""
        page = self.widget()
        if page is None:
            return
        room = self.maximumViewportSize()
        need = page.minimumSizeHint().expandedTo(page.minimumSize())
        width, height = max(room.width(), need.width()), max(room.height(), need.height())
        if need.height() > room.height():  # a vertical bar: less width
            width = max(need.width(), room.width() - self.verticalScrollBar().sizeHint().width())
        if need.width() > room.width():  # a horizontal bar: less height
            height = max(need.height(), room.height() - self.horizontalScrollBar().sizeHint().height())
        if page.size() != QSize(width, height):
            page.resize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_page()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # the page's layout changed (a minimum may have): fitted again
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self.fit_page()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Room for the scroll bars only: the page scrolls inside."""
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(3 * bar, 3 * bar)


class PageStack(QStackedWidget):
    """A QStackedWidget of pages, each held in a PageScroller; its methods take and give pages."""

    def addWidget(self, page: QWidget) -> int:  # noqa: N802 - Qt's name
        return self.insertWidget(self.count(), page)

    def insertWidget(self, index: int, page: QWidget) -> int:  # noqa: N802
        return super().insertWidget(index, PageScroller(page))

    def removeWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt's name
        """Take `page` out (it is the caller's, unparented); its scroll area goes."""
        area = self._area(page)
        if area is None:
            return
        super().removeWidget(area)
        area.takeWidget()
        area.deleteLater()

    def widget(self, index: int) -> QWidget | None:
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt's name
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt's name
        area = self._area(page)
        return super().indexOf(area) if area is not None else -1

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt's name
        area = self._area(page)
        if area is not None:
            super().setCurrentWidget(area)

    def scroller(self, index: int) -> QScrollArea | None:
        """The scroll area holding the page at `index`."""
        area = super().widget(index)
        return area if isinstance(area, QScrollArea) else None

    def _area(self, page: QWidget) -> QScrollArea | None:
        for i in range(self.count()):
            area = self.scroller(i)
            if area is not None and area.widget() is page:
                return area
        return None

"""Entering and leaving workshop mode: the workshop view takes the window's central place (no
navigation rail, catalog or forms), full screen; leaving puts the pages back and restores the
window exactly as it was (position, size, maximised or not, the page shown)."""

from __future__ import annotations

import warnings
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QRect, Qt
from PySide6.QtWidgets import QApplication, QSplitter, QStackedLayout, QWidget

from app.paths import STYLE_DIR
from app.ui.workshop.view import DESIGN_HEIGHT, WorkshopView, scaled_qss, type_scale

STEP_MESSAGE = "Workshop: "  # the status bar's line while the room steps through the views (cleared on leaving)


class WorkshopController(QObject):
    """`set_active(on)` enters or leaves; `view` is built on first entry. `window` is the
    MainWindow (its analysis page, selection page, actions and messages)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: Any = window  # the MainWindow (importing it here would be circular)
        self.view: WorkshopView | None = None
        self._pages: QWidget | None = None  # the window's normal central widget while in workshop mode
        self._geometry = QByteArray()  # saveGeometry() before entering
        self._state = Qt.WindowState.WindowNoState  # windowState() before entering
        self.scale = 1.0  # workshop type size over its 1366x768 design (type_scale)
        self._rect = QRect()  # geometry() before entering: put back exactly (restoreGeometry adjusts for frames)
        # every splitter of the pages and its sizes before entering: the workshop borrows the what-if
        # column out of an Analysis page splitter, and the full-screen round trip rescales the rest
        self._splitters: list[tuple[QSplitter, list[int]]] = []

    @property
    def active(self) -> bool:
        return self._pages is not None

    def normal_geometry(self) -> QByteArray | None:
        """The geometry to remember for this screen while in workshop mode (not the full screen)."""
        return self._geometry if self.active else None

    def set_active(self, on: bool) -> None:
        if on and not self.active:
            self.enter()
        elif not on and self.active:
            self.leave()

    def enter(self) -> None:
        w = self.window
        w.commit_typing()
        self._geometry, self._state, self._rect = w.saveGeometry(), w.windowState(), w.geometry()
        view = self._ensure_view()  # builds the Analysis page when it is not there yet
        pages = w.centralWidget()
        self._splitters = [(s, s.sizes()) for s in pages.findChildren(QSplitter)] if pages is not None else []
        qss = STYLE_DIR / "workshop.qss"
        text = qss.read_text(encoding="utf-8") if qss.exists() else ""
        w.setStyleSheet(scaled_qss(text, self.scale))
        self._pages = w.takeCentralWidget()
        w.setCentralWidget(view)
        view.attach()
        view.show()
        screen = w.screen()
        if screen is not None and not w.isMaximized():
            # Full screen is a request to the window manager; an X server without one (a kiosk,
            # a projector PC, Xvfb) leaves the window as it was. Size it to the screen first
            # (after showFullScreen, setGeometry would clear the full-screen state); a window
            # manager that honours the request gives it the same rectangle.
            w.setGeometry(screen.geometry())
        w.showFullScreen()
        view.setFocus()

    def leave(self) -> None:
        w = self.window
        view = self.view
        if view is None or self._pages is None:
            return
        view.detach()
        w.takeCentralWidget()  # the view, kept for the next entry
        view.setParent(None)
        w.setCentralWidget(self._pages)
        self._pages = None
        w.setStyleSheet("")
        if self._state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(self._rect)
        self._restore_splitters()
        bar = w.statusBar()
        if bar.currentMessage().startswith(STEP_MESSAGE):  # the room's step means nothing on the pages
            bar.clearMessage()
        if w.actions.workshop.isChecked():  # left by the view's button
            w.actions.workshop.setChecked(False)

    def _restore_splitters(self) -> None:
        """Every splitter's sizes as before entering, exactly, however many times the presenter goes
        in and out. The style sheet just went back to the normal one and the window to its size:
        the posted polish and layout events run first, or the borrowed what-if column's
        workshop-sized minimum width and the full-screen round trip push the panes aside later."""
        QCoreApplication.sendPostedEvents()
        for splitter, sizes in self._splitters:
            splitter.setSizes(sizes)
        self._splitters = []
        # The pages were laid out hidden at the workshop's larger type: a candidate list's page in
        # its tool box came back with its children laid out wider than the page ('Chec' for Check
        # shown, the hint over the list). Every layout is laid out again at its widget's size now.
        pages = self.window.centralWidget()
        for widget in pages.findChildren(QWidget) if pages is not None else []:
            layout = widget.layout()
            stale = layout is not None and layout.geometry().size() != widget.size()
            if stale and widget.isVisible() and not isinstance(layout, QStackedLayout):
                layout.setGeometry(widget.rect())

    def _ensure_view(self) -> WorkshopView:
        if self.view is None:
            w = self.window
            screen = w.screen()
            height = screen.availableGeometry().height() if screen is not None else DESIGN_HEIGHT
            self.scale = type_scale(height, screen.devicePixelRatio() if screen is not None else 1.0)
            view = self.view = WorkshopView(w.ensure_analysis_page(), self.scale)
            view.selection_weights = lambda: dict(w.selection_page.weights())
            view.leave_requested.connect(lambda: w.actions.workshop.setChecked(False))
            view.export_requested.connect(self._on_export_requested)
            view.weights_changed.connect(self._on_weights_changed)
            view.step_changed.connect(lambda key: w.show_message(f"{STEP_MESSAGE}{key}"))
        return self.view

    def _on_weights_changed(self, weights: dict[str, float]) -> None:
        """The room's weights become the Selection matrix page's (and so the decision package's)."""
        page = self.window.selection_page
        if not page.sliders:  # not built yet: the matrix of the result on screen first
            self.window.followers.refresh_selection()
        for key, value in weights.items():
            if key in page.sliders:
                page.sliders[key].setValue(int(round(value)))

    def _on_export_requested(self) -> None:
        from app.ui.workshop.export import choose_and_export

        if self.view is not None:
            choose_and_export(self.window, self.view)
            # the closed dialog kept the keyboard: Esc (leave), Page Down (next step) did nothing
            # until a click; the window and the view take it back
            with warnings.catch_warnings():  # deprecated for activateWindow(), which waits on the window system
                warnings.simplefilter("ignore", DeprecationWarning)
                QApplication.setActiveWindow(self.window)
            self.window.activateWindow()
            self.view.setFocus()

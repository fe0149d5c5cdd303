"""The Help menu and the page shortcuts: Ctrl+1 … Ctrl+9 go to the rail's pages (however many
the window has), F1 opens the guide at the page in view with the focused field's own help
above it, and About names the versions and where the project, log and settings files are."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app import __version__
from app.ui.help.content import PAGE_SECTIONS
from app.ui.help.dialogs import AboutDialog, HelpDialog, about_html

WORKSHOP_KEYS = [  # keys the workshop view handles itself (QShortcuts, not menu actions)
    (
        "Page Down, Ctrl+Right",
        "Workshop mode: next view (verdict → latency → cost → memory → matrix → …)",
    ),
    ("Page Up, Ctrl+Left", "Workshop mode: previous view"),
    ("Ctrl+D", "Workshop mode: pin the result on screen as A, B or C"),
    ("Esc", "Workshop mode: leave (as F11), the window restored as it was"),
]
PACKAGES = ["PySide6-Essentials", "pyqtgraph", "numpy", "SQLAlchemy", "pydantic", "reportlab", "python-pptx"]


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def focused_help(widget: QWidget | None, stop: QWidget | None = None) -> str:
    """The focused thing's own help: its What's This or tooltip, else its nearest parent's (up
    to `stop`); '' when none has any."""
    while widget is not None and widget is not stop:
        text = widget.whatsThis() or widget.toolTip()
        if text:
            return " ".join(text.split())
        widget = widget.parentWidget()
    return ""


class HelpMenu(QObject):
    """Built by `install_help(window)`; `dialog` is built on first use."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window: Any = window  # the MainWindow (its pages, actions, project)
        self.dialog: HelpDialog | None = None
        self.page_actions: list[QAction] = []
        bar = window.menuBar()
        go = QMenu("&Go to page", window)
        from app.ui.main_window import PAGES

        for n, title in enumerate(PAGES[:9], start=1):
            action = QAction(f"&{n} {title}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, t=title: self.go_to(t))
            go.addAction(action)
            window.addAction(action)  # works whatever menu is shown
            self.page_actions.append(action)
        view_menu = next((a.menu() for a in bar.actions() if a.menu() and _plain(a.text()) == "View"), None)
        (view_menu or bar.addMenu("&View")).addMenu(go)

        menu = self.menu = bar.addMenu("&Help")
        self.guide_action = QAction("&Guide", window)
        self.context_action = QAction("Help on the focused &field", window)
        self.context_action.setShortcut(QKeySequence("F1"))
        self.glossary_action = QAction("G&lossary", window)
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.about_action = QAction("&About Archwise", window)
        for action in (self.context_action, self.guide_action, self.glossary_action, self.shortcuts_action):
            menu.addAction(action)
            window.addAction(action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        self.guide_action.triggered.connect(lambda: self.show_guide("intro"))
        self.context_action.triggered.connect(self.help_on_focus)
        self.glossary_action.triggered.connect(lambda: self._dialog().show_tab(self._dialog().glossary))
        self.shortcuts_action.triggered.connect(lambda: self._dialog().show_tab(self._dialog().shortcuts))
        self.about_action.triggered.connect(self.show_about)

    # -- pages
    def go_to(self, title: str) -> None:
        w = self.window
        if w.actions.workshop.isChecked():  # the pages are not in view in workshop mode
            w.actions.workshop.setChecked(False)
        w.show_page(title)

    # -- help
    def _dialog(self) -> HelpDialog:
        if self.dialog is None:
            self.dialog = HelpDialog(self.shortcut_rows(), self.window)
        return self.dialog

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """Every menu action with a shortcut, as the menus name it, then the workshop keys."""
        rows: list[tuple[str, str]] = []

        def walk(menu: QMenu, path: str) -> None:
            for action in menu.actions():
                sub = action.menu()
                if isinstance(sub, QMenu):
                    walk(sub, f"{path} → {_plain(action.text())}")
                elif action.shortcuts():
                    keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                    rows.append((keys, f"{path} → {_plain(action.text())}"))

        for top in self.window.menuBar().actions():
            if isinstance(top.menu(), QMenu):
                walk(top.menu(), _plain(top.text()))
        return rows + WORKSHOP_KEYS

    def show_guide(self, key: str, note: str = "") -> None:
        dialog = self._dialog()
        dialog.guide.show_section(key, note)
        dialog.show_tab(dialog.guide)

    def help_on_focus(self) -> None:
        """F1: the guide's section for the page (or workshop mode) in view, with the focused
        field's own help above it."""
        w = self.window
        focus = QApplication.focusWidget()
        if w.workshop.active:
            key = "workshop"
        else:
            from app.ui.main_window import PAGES

            row = w.stack.currentIndex()
            key = PAGE_SECTIONS.get(PAGES[row] if 0 <= row < len(PAGES) else "", "intro")
        note = focused_help(focus, w) if focus is not None and w.isAncestorOf(focus) else ""
        self.show_guide(key, note)

    # -- about
    def versions(self) -> list[tuple[str, str]]:
        out = [("Archwise", __version__), ("Python", platform.python_version()), ("Qt", qVersion())]
        for name in PACKAGES:
            try:
                out.append((name, metadata.version(name)))
            except metadata.PackageNotFoundError:
                out.append((name, "not installed"))
        return out

    def places(self) -> list[tuple[str, str]]:
        from app.logs import log_file
        from app.paths import default_project_path

        w = self.window
        project = w.project_path or (str(w.project.path) if getattr(w.project, "path", None) else "")
        log = log_file()
        settings = getattr(getattr(w.settings, "_qs", None), "fileName", lambda: QSettings().fileName())()
        return [
            ("Open project", project or str(default_project_path())),
            ("Default project", str(default_project_path())),
            ("Log file", str(log) if log is not None else "none could be written"),
            ("Settings", str(Path(settings)) if settings else "the system's settings store"),
        ]

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(about_html(__version__, self.versions(), self.places()), self.window)
        dialog.open()
        return dialog


def install_help(window: Any) -> HelpMenu:
    """Add the Help menu, F1 and Ctrl+1 … Ctrl+9 to `window` (the MainWindow)."""
    return HelpMenu(window)

"""The main window: assembles the navigation rail, pages, menus and status bar. No logic."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QListWidget, QMainWindow, QMessageBox, QStackedWidget, QWidget,
)

from app import __version__
from app.domain import DomainError
from app.paths import EXAMPLES_DIR, STYLE_DIR
from app.ui.actions import build_actions
from app.ui.catalog_page import CatalogPage
from app.ui.notice_page import NoticePage
from app.ui.project_session import StoreUnavailable, open_project
from app.ui.settings import Settings

PAGES = ["Catalog", "Workloads", "Analysis", "Selection matrix", "Report"]
_log = logging.getLogger("archwise")


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.project = None
        self.project_path: str | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"Archwise {__version__}")

        self.rail = QListWidget(objectName="navigationRail")
        self.rail.addItems(PAGES)
        self.rail.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.catalog_page = CatalogPage(self.undo_stack)
        self.catalog_page.message_posted.connect(self.show_message)
        self.stack.addWidget(self.catalog_page)
        for title, line in [
            ("Workloads", "Workloads are not available yet: the project store has not landed."),
            ("Analysis", "Loading the analysis page…"),  # replaced by AnalysisPage when first shown
            ("Selection matrix", "The selection matrix is not available yet: app.selection has not landed."),
            ("Report", "Decision packages are not available yet: app.services.reporting has not landed."),
        ]:
            self.stack.addWidget(NoticePage(title, line))
        self.analysis_page = None
        self.rail.currentRowChanged.connect(self._on_rail_row_changed)
        self.rail.setCurrentRow(0)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rail)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.actions = build_actions(self, self.undo_stack)
        a = self.actions
        a.new.triggered.connect(self._on_new_triggered)
        a.open.triggered.connect(self._on_open_triggered)
        a.save_as.triggered.connect(self._on_save_as_triggered)
        a.quit.triggered.connect(self.close)
        a.workshop.toggled.connect(self.set_workshop_mode)
        for act in (a.import_catalog, a.export_catalog, a.export_package):
            act.triggered.connect(lambda *_, t=act.text(): self.show_message(
                f"{t.replace('&', '').rstrip('…')}: not available yet (the service has not landed)."))
        self._fill_recent_menu()
        self._fill_examples_menu()

        geometry = settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        self.statusBar().showMessage("Ready")

    def _on_rail_row_changed(self, row: int) -> None:
        if row == PAGES.index("Analysis") and self.analysis_page is None:
            from app.ui.analysis_page import AnalysisPage  # lazily: pyqtgraph and the engine

            self.analysis_page = AnalysisPage(lambda: self.project)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, self.analysis_page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(row)

    # -- projects
    def open_project(self, path: str | None) -> bool:
        """Open `path` (None: the last project, else the default one). A bad file gives one message."""
        if path is None:
            last = self.settings.get("project/last")
            path = last if last and Path(last).exists() else None
        try:
            project, catalog = open_project(path)
        except StoreUnavailable as exc:
            self.catalog_page.set_project(None, None, str(exc))
            return False
        except DomainError as exc:
            self._report_open_error(path, str(exc))
            return False
        except Exception as exc:  # a store error not yet wrapped as ProjectError: still no traceback
            _log.exception("opening %s", path)
            self._report_open_error(path, f"{path} could not be opened ({exc}). Choose another file or create a new project.")
            return False
        if self.project is not None and hasattr(self.project, "close"):
            self.project.close()
        self.project, self.project_path = project, str(path) if path else None
        self.undo_stack.clear()
        self.catalog_page.set_project(project, catalog)
        if path:
            self.settings.add_recent(str(path))
            self._fill_recent_menu()
        self.setWindowTitle(f"Archwise {__version__} — {Path(path).name if path else 'default project'}")
        self.show_message(f"Opened {path or 'the default project'}")
        return True

    def _report_open_error(self, path, message: str) -> None:
        self.show_message(message)
        QMessageBox.warning(self, "Could not open project", message)

    def _on_new_triggered(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", "Archwise project (*.archwise)")
        if path:
            self.open_project(path)

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Archwise project (*.archwise);;All files (*)")
        if path:
            self.open_project(path)

    def _on_save_as_triggered(self) -> None:
        if self.project is None or not hasattr(self.project, "save_as"):
            self.show_message("Save As is not available yet: the project store has not landed.")
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save project as", "", "Archwise project (*.archwise)")
        if path:
            self.project.save_as(path)
            self.open_project(path)

    def _fill_recent_menu(self) -> None:
        menu = self.actions.recent_menu
        menu.clear()
        recent = self.settings.get("project/recent")
        for p in recent:
            menu.addAction(p, lambda p=p: self.open_project(p))
        menu.setEnabled(bool(recent))

    def _fill_examples_menu(self) -> None:
        menu = self.actions.examples_menu
        menu.clear()
        examples = sorted(EXAMPLES_DIR.glob("*.yaml")) if EXAMPLES_DIR.exists() else []
        for ex in examples:
            menu.addAction(ex.stem, lambda ex=ex: self.show_message(
                f"Opening {ex.name} needs the Analysis page, which is not available yet."))
        menu.setEnabled(bool(examples))

    # -- view
    def set_workshop_mode(self, on: bool) -> None:
        qss = STYLE_DIR / "workshop.qss"
        self.setStyleSheet(qss.read_text(encoding="utf-8") if on and qss.exists() else "")
        self.rail.setFixedWidth(260 if on else 170)
        self.catalog_page.fit_columns()
        self.showFullScreen() if on else self.showNormal()
        self.settings.set("view/workshop", on)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def closeEvent(self, event) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.sync()
        if self.project is not None and hasattr(self.project, "close"):
            self.project.close()
        super().closeEvent(event)

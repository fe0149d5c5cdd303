"""The main window: assembles the navigation rail, pages, menus and status bar; slots hand off."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.domain import CATALOG_KINDS, DomainError
from app.paths import EXAMPLES_DIR, STYLE_DIR
from app.ui import file_dialogs
from app.ui.actions import build_actions
from app.ui.catalog_page import CatalogPage
from app.ui.icons import app_icon, page_icon
from app.ui.notice_page import NoticePage
from app.ui.project_session import open_project
from app.ui.report_page import ReportPage
from app.ui.selection_page import SelectionPage
from app.ui.settings import Settings
from app.ui.workloads_page import WorkloadsPage

PAGES = ["Catalog", "Workloads", "Analysis", "Selection matrix", "Report"]
RECORD_FILES = [file_dialogs.CATALOG_RECORDS, file_dialogs.ALL_FILES]
EXPORT_FORMATS = [file_dialogs.YAML, file_dialogs.CSV, file_dialogs.JSON]
_log = logging.getLogger("archwise")


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.project = None
        self.project_path: str | None = None
        self.undo_stack = QUndoStack(self)
        self._selection_stale = False
        self._report_stale = False
        self.setWindowTitle(f"Archwise {__version__}")
        self.setWindowIcon(app_icon())

        self.rail = QListWidget(objectName="navigationRail")
        for title in PAGES:
            self.rail.addItem(QListWidgetItem(page_icon(title), title))
        self.rail.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.catalog_page = CatalogPage(self.undo_stack)
        self._workloads_page = None  # built when first shown or asked for (not needed to start)
        self.analysis_page = None  # built when first needed: pyqtgraph and the engine load then
        self.selection_page = SelectionPage()
        self.report_page = ReportPage()
        for page in (
            self.catalog_page,
            NoticePage("Workloads", "Loading the workloads page…"),
            NoticePage("Analysis", "Loading the analysis page…"),
            self.selection_page,
            self.report_page,
        ):
            self.stack.addWidget(page)
        for page in (self.catalog_page, self.report_page):
            page.message_posted.connect(self.show_message)
        self.selection_page.weights_changed.connect(self.report_page.set_weights)
        self.report_page.export_failed.connect(lambda m: self.show_error("Decision package", m))
        self.rail.currentRowChanged.connect(self._on_rail_row_changed)
        self.rail.setCurrentRow(0)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rail)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.actions = a = build_actions(self, self.undo_stack)
        a.new.triggered.connect(self._on_new_triggered)
        a.open.triggered.connect(self._on_open_triggered)
        a.save_as.triggered.connect(self._on_save_as_triggered)
        a.import_catalog.triggered.connect(self._on_import_catalog_triggered)
        a.export_catalog.triggered.connect(self._on_export_catalog_triggered)
        a.import_model.triggered.connect(self._on_import_model_triggered)
        a.export_package.triggered.connect(self._on_export_package_triggered)
        a.quit.triggered.connect(self.close)
        a.workshop.toggled.connect(self.set_workshop_mode)
        self._fill_recent_menu()
        self._fill_examples_menu()

        geometry = settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        self.statusBar().showMessage("Ready")

    # -- pages
    def show_page(self, title: str) -> None:
        self.rail.setCurrentRow(PAGES.index(title))

    @property
    def workloads_page(self) -> WorkloadsPage:
        """The Workloads page, built on first use (a start shows the catalog)."""
        if self._workloads_page is None:
            page = self._workloads_page = WorkloadsPage(self.undo_stack)
            page.message_posted.connect(self.show_message)
            page.analyse_requested.connect(self.analyse)
            row = PAGES.index("Workloads")
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if self.project is not None:
                page.set_project(self.project)
        return self._workloads_page

    def ensure_analysis_page(self):
        if self.analysis_page is None:
            from app.ui.analysis_page import AnalysisPage  # lazily: pyqtgraph and the engine

            self.analysis_page = AnalysisPage(lambda: self.project)
            row = PAGES.index("Analysis")
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, self.analysis_page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.catalog_page.catalog_changed.connect(self.analysis_page.candidates.set_catalog)  # new records at once
            if hasattr(self.analysis_page, "sizing_changed"):
                self.analysis_page.sizing_changed.connect(self._on_sizing_changed)
            if hasattr(self.analysis_page, "message_posted"):
                self.analysis_page.message_posted.connect(self.show_message)
            if hasattr(self.analysis_page, "set_workshop") and self.actions.workshop.isChecked():
                self.analysis_page.set_workshop(True)
        return self.analysis_page

    def _on_rail_row_changed(self, row: int) -> None:
        if row == PAGES.index("Analysis"):
            self.ensure_analysis_page()
        if row == PAGES.index("Workloads"):
            self.workloads_page  # noqa: B018  (built on first show)
        self.stack.setCurrentIndex(row)
        if row == PAGES.index("Selection matrix") and self._selection_stale:
            self._refresh_selection()
        if row == PAGES.index("Report") and self._report_stale:
            self._refresh_report()

    def _analysed(self):
        """(scenario, sizing) the Analysis page shows, or (None, None)."""
        page = self.analysis_page
        if page is None or not hasattr(page, "current_sizing"):
            return None, None
        sizing = page.current_sizing()
        scenario = getattr(page, "sized_scenario", None) or page.current_scenario()
        return scenario, sizing

    def _on_sizing_changed(self, _sizing) -> None:
        """After every run, what-if previews included. The matrix and the report follow while
        shown, else when next shown: rebuilding them for every slider step would cost more than
        the step, and would turn each preview into a detailed sizing."""
        page = self.analysis_page
        scenario = getattr(page, "sized_scenario", None) or page.current_scenario()
        if scenario is not None:
            self.show_message(f"Analysed {scenario.name}")
        self._selection_stale = self._report_stale = True
        if self.stack.currentWidget() is self.selection_page:
            self._refresh_selection()
        elif self.stack.currentWidget() is self.report_page:
            self._refresh_report()

    def _refresh_report(self) -> None:
        scenario, sizing = self._analysed()
        self._report_stale = False
        self.report_page.set_context(
            self.project, scenario, sizing, self.selection_page.weights() if self.selection_page.sliders else None
        )

    def _refresh_selection(self) -> None:
        scenario, sizing = self._analysed()
        if sizing is None or self.project is None:
            return
        self._selection_stale = False
        self._guard(
            "Selection matrix", lambda: self.selection_page.set_sizing(self.project, scenario, sizing), box=False
        )

    # -- scenarios into the Analysis page
    def analyse(self, scenario) -> None:
        page = self.ensure_analysis_page()
        if hasattr(page, "set_scenario"):
            page.set_scenario(scenario)
        self.show_page("Analysis")
        self.show_message(f"Analysing {scenario.name}…")

    def open_example(self, path: Path) -> None:
        from app.services.sizing import load_scenario

        scenario = self._guard("Open example", lambda: load_scenario(path))
        if scenario is not None:
            self.analyse(scenario)

    # -- projects
    def open_project(self, path: str | None) -> bool:
        """Open `path` (None: the last project, else the default one). A bad file gives one message."""
        if path is None:
            last = self.settings.get("project/last")
            path = last if last and Path(last).exists() else None
        try:
            project, catalog = open_project(path)
        except DomainError as exc:
            self.show_error("Could not open project", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - not wrapped by the store: still one message, no traceback
            _log.exception("opening %s", path)
            self.show_error("Could not open project", f"{path} could not be opened ({exc}). Choose another file.")
            return False
        if self.project is not None:
            self.project.close()
        self.project, self.project_path = project, str(path) if path else None
        self.undo_stack.clear()
        self.catalog_page.set_project(project, catalog)
        if self._workloads_page is not None:  # else it reads the project when first built
            self._workloads_page.set_project(project)
        scenario, sizing = self._analysed()
        self.report_page.set_context(project, scenario, sizing)
        if path:
            self.settings.add_recent(str(path))
            self._fill_recent_menu()
        self.setWindowTitle(f"Archwise {__version__} — {Path(path).name if path else 'default project'}")
        self.show_message(f"Opened {path or 'the default project'}")
        return True

    def _on_new_triggered(self) -> None:
        path = file_dialogs.save_path(self, "New project", [file_dialogs.PROJECT])
        if path:
            self.open_project(path)

    def _on_open_triggered(self) -> None:
        path = file_dialogs.open_path(self, "Open project", [file_dialogs.PROJECT, file_dialogs.ALL_FILES])
        if path:
            self.open_project(path)

    def _on_save_as_triggered(self) -> None:
        if self.project is None:
            self.show_message("Open a project first.")
            return
        path = file_dialogs.save_path(self, "Save project as", [file_dialogs.PROJECT])
        if path and self._guard("Save As", lambda: self.project.save_as(path)) is not None:
            self.open_project(path)

    # -- catalog files
    def _on_import_catalog_triggered(self) -> None:
        path = file_dialogs.open_path(self, "Import catalog records", RECORD_FILES)
        if path:
            self.import_catalog_records(path)

    def import_catalog_records(self, path: str) -> None:
        from app.services import catalog as service

        report = self._guard("Import", lambda: service.import_records(self.project, path))
        if report is not None:
            self._reload_catalog()
            self.show_message(f"Imported {Path(path).name}: {report}")

    def _on_export_catalog_triggered(self) -> None:
        if self.project is None:
            return self.show_message("Open a project first.")
        kind, ok = QInputDialog.getItem(self, "Export catalog kind", "Kind:", list(CATALOG_KINDS), 0, False)
        if not ok:
            return
        path = file_dialogs.save_path(self, f"Export {kind}", EXPORT_FORMATS, f"{kind}.yaml")
        if path:
            self.export_catalog_kind(kind, path)

    def export_catalog_kind(self, kind: str, path: str) -> None:
        from app.services import catalog as service

        written = self._guard("Export", lambda: service.export_records(self.project, kind, path))
        if written is not None:
            self.show_message(f"Exported {kind} to {written}")

    def _on_import_model_triggered(self) -> None:
        path = file_dialogs.open_path(self, "Import model from config.json", [file_dialogs.HF_CONFIG])
        if path:
            self.import_model_config(path)

    def import_model_config(self, path: str) -> None:
        from app.services import catalog as service

        model = self._guard("Import model", lambda: service.import_model_config(self.project, path))
        if model is not None:
            self._reload_catalog()
            self.show_message(f"Imported model {model.name} from {Path(path).name}")

    def _reload_catalog(self) -> None:
        catalog = self._guard("Catalog", self.project.catalog)
        if catalog is not None:
            self.catalog_page.set_project(self.project, catalog)

    def _on_export_package_triggered(self) -> None:
        self.show_page("Report")
        self.report_page.choose_and_export()

    # -- menus
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
            menu.addAction(ex.stem.replace("-", " "), lambda ex=ex: self.open_example(ex))
        menu.setEnabled(bool(examples))

    # -- view
    def set_workshop_mode(self, on: bool) -> None:
        qss = STYLE_DIR / "workshop.qss"
        self.setStyleSheet(qss.read_text(encoding="utf-8") if on and qss.exists() else "")
        self.rail.setFixedWidth(250 if on else 190)
        self.catalog_page.fit_columns()
        if self._workloads_page is not None:
            self._workloads_page.fit_columns()
        if self.analysis_page is not None and hasattr(self.analysis_page, "set_workshop"):
            self.analysis_page.set_workshop(on)
        self.showFullScreen() if on else self.showNormal()
        self.settings.set("view/workshop", on)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def show_error(self, title: str, message: str) -> None:
        self.show_message(message)
        QMessageBox.warning(self, title, message)

    def _guard(self, what: str, fn, box: bool = True):
        """fn()'s result; a DomainError's message (or a short one for anything else) instead of a traceback."""
        if self.project is None:
            self.show_message("Open a project first.")
            return None
        try:
            return fn()
        except DomainError as exc:
            message = str(exc)
        except Exception as exc:  # noqa: BLE001 - logged in full; the user reads one line
            _log.exception("%s failed", what)
            message = f"{what} failed: {exc or type(exc).__name__}. Details are in the log file."
        (self.show_error(what, message) if box else self.show_message(message))
        return None

    def closeEvent(self, event) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.sync()
        for page in (self.report_page, self.analysis_page):
            if page is not None and hasattr(page, "runner"):
                page.runner.cancel()
        if self.project is not None:
            self.project.close()
        super().closeEvent(event)

"""The main window: assembles the navigation rail, pages, menus and status bar; slots hand off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.domain import DomainError
from app.logs import log_exception
from app.ui import file_dialogs, window_geometry
from app.ui.actions import build_actions
from app.ui.analysis_followers import AnalysisFollowers
from app.ui.catalog_page import CatalogPage
from app.ui.catalog_update_bar import CatalogUpdateBar
from app.ui.file_actions import FileActions
from app.ui.icons import app_icon, page_icon
from app.ui.navigation_rail import NavigationRail
from app.ui.notice_page import NoticePage
from app.ui.page_area import PageStack
from app.ui.pin_keeper import PinKeeper
from app.ui.project_session import open_project
from app.ui.report_page import ReportPage
from app.ui.scenario_document import ScenarioDocument
from app.ui.scenarios_page import ScenariosPage
from app.ui.selection_page import SelectionPage
from app.ui.settings import Settings

if TYPE_CHECKING:
    from app.store import Project
    from app.ui.analysis_page import AnalysisPage
    from app.ui.deployment.page import DeploymentPage
    from app.ui.fleet.page import FleetPage
    from app.ui.measurements.page import MeasurementsPage

PAGES = ["Catalog", "Scenarios", "Analysis", "Selection matrix", "Deployment", "Report", "Measurements", "Fleet"]


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.project: Project | None = None
        self.project_path: str | None = None
        self.undo_stack = QUndoStack(self)
        self.document = ScenarioDocument(self.undo_stack, self)  # the open scenario and the project's names
        self.document.message_posted.connect(self.show_message)
        self.followers = AnalysisFollowers(self)  # the matrix and the report follow the analysis
        self.pins = PinKeeper(self)  # the pinned scenarios saved with the project
        self.setWindowTitle(f"Archwise {__version__}")
        self.setWindowIcon(app_icon())

        self.rail = NavigationRail()  # icons only in a narrow window
        for title in PAGES:
            self.rail.add_page(page_icon(title), title)
        self.stack = PageStack()  # each page in a scroll area: one that cannot shrink to the window scrolls
        self.catalog_page = CatalogPage(self.undo_stack)
        self._scenarios_page: ScenariosPage | None = None  # built when first shown or asked for (not needed to start)
        self.analysis_page: AnalysisPage | None = None  # built when first needed: pyqtgraph and the engine load then
        self.measurements_page: MeasurementsPage | None = None  # built when first shown
        self.fleet_page: FleetPage | None = None  # built when first shown
        self.selection_page = SelectionPage()
        self.selection_page.use_undo_stack(self.undo_stack)  # a weight change is one Edit → Undo step (D30)
        self.deployment_page: DeploymentPage | None = None  # built when first shown (pyqtgraph loads then)
        self.report_page = ReportPage()
        for page in (
            self.catalog_page,
            NoticePage("Scenarios", "Loading the scenarios page…"),
            NoticePage("Analysis", "Loading the analysis page…"),
            self.selection_page,
            NoticePage("Deployment", "Loading the deployment page…"),
            self.report_page,
            NoticePage("Measurements", "Loading the measurements page…"),
            NoticePage("Fleet", "Loading the fleet page…"),
        ):
            self.stack.addWidget(page)
        for page in (self.catalog_page, self.report_page):
            page.message_posted.connect(self.show_message)
        self.selection_page.weights_changed.connect(self.report_page.set_weights)
        self.report_page.export_failed.connect(lambda m: self.show_error("Decision package", m))
        self.report_page.author_edited.connect(self._on_report_author_edited)  # kept with the scenario
        self.report_page.set_default_author(settings.get("report/author"))  # and for scenarios without one
        self.document.scenario_changed.connect(self.report_page.set_open_scenario)  # its author, shown on reopen
        self.document.scenario_changed.connect(self.followers.on_open_scenario_changed)  # never another's analysis
        self.rail.currentRowChanged.connect(self._on_rail_row_changed)
        self.rail.setCurrentRow(0)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.rail)
        pages = QVBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        self.catalog_update = CatalogUpdateBar()  # this release's shipped records, merged with one button (D32)
        pages.addWidget(self.catalog_update)
        pages.addWidget(self.stack, 1)
        lay.addLayout(pages, 1)
        self.setCentralWidget(central)

        self.files = FileActions(self)
        self.files.catalog_changed.connect(self._reload_catalog)
        self.catalog_update.merged.connect(self._reload_catalog)
        self.catalog_page.catalog_changed.connect(self._offer_catalog)  # edits and undo: new records at once
        self.actions = a = build_actions(self, self.undo_stack)
        a.new.triggered.connect(self._on_new_triggered)
        a.open.triggered.connect(self._on_open_triggered)
        a.save.triggered.connect(self.save)
        a.save_as.triggered.connect(self._on_save_as_triggered)
        a.import_scenario.triggered.connect(self.files.choose_scenario_import)
        a.export_scenario.triggered.connect(self.files.choose_scenario_export)
        a.import_catalog.triggered.connect(self.files.choose_catalog_import)
        a.export_catalog.triggered.connect(self.files.choose_catalog_export)
        a.import_model.triggered.connect(self.files.choose_model_import)
        a.export_package.triggered.connect(self._on_export_package_triggered)
        a.quit.triggered.connect(self.close)
        from app.ui.workshop import WorkshopController

        self.workshop = WorkshopController(self)  # the projector view, swapped in by F11
        from app.ui.help import install_help

        self.help = install_help(self)  # Help menu, F1, Ctrl+1..9 for the pages
        a.workshop.toggled.connect(self.set_workshop_mode)
        self.files.fill_recent_menu()
        self.files.fill_examples_menu()

        self._place_on_screen()
        self.rail.follow_width_of(self)
        self.statusBar().showMessage("Ready")

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)

    def _place_on_screen(self) -> None:
        """The geometry left on a screen of this size (or the default), clamped to the screen."""
        available = self._available()
        self.setMinimumSize(window_geometry.smallest_size(available))
        saved = self.settings.window_geometry(window_geometry.screen_key(available))
        if saved.isEmpty():
            saved = self.settings.get("window/geometry")
        wanted = self.geometry() if not saved.isEmpty() and self.restoreGeometry(saved) else None
        if not self.isMaximized():
            self.setGeometry(window_geometry.fit_rect(wanted, available))

    # -- pages
    def show_page(self, title: str) -> None:
        self.rail.setCurrentRow(PAGES.index(title))

    def _place(self, title: str, page: QWidget) -> None:
        """Put a page built on first use where its placeholder was."""
        row = PAGES.index(title)
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()

    @property
    def scenarios_page(self) -> ScenariosPage:
        """The Scenarios page, built on first use (a start shows the catalog)."""
        if self._scenarios_page is None:
            page = self._scenarios_page = ScenariosPage(self.document, self.stack)
            page.message_posted.connect(self.show_message)
            page.analyse_requested.connect(self.analyse)
            self._place("Scenarios", page)
            if self.project is not None:
                page.set_project(self.project, self.guard("Catalog", self.project.catalog, box=False))
        return self._scenarios_page

    def ensure_analysis_page(self) -> AnalysisPage:
        if self.analysis_page is None:
            from app.ui.analysis_page import AnalysisPage  # lazily: pyqtgraph and the engine

            self.analysis_page = AnalysisPage(lambda: self.project, self.document)
            self.analysis_page.refused_fields = self._refused_fields  # said in its verdict (D9)
            self._place("Analysis", self.analysis_page)
            self.analysis_page.whatif.use_undo_stack(self.undo_stack)  # a slider change is one Edit → Undo step
            self.analysis_page.sizing_changed.connect(self.followers.on_sizing_changed)
            self.analysis_page.message_posted.connect(self.show_message)
            self.pins.attach(self.analysis_page)  # the project's pinned scenarios come back
        return self.analysis_page

    def ensure_measurements_page(self) -> MeasurementsPage:
        if self.measurements_page is None:
            from app.ui.measurements.page import MeasurementsPage  # lazily: pyqtgraph and the engine

            page = self.measurements_page = MeasurementsPage(lambda: self.project, self.undo_stack)
            page.message_posted.connect(self.show_message)
            # offered to the pages that size (not a catalog reload: that clears the undo history)
            page.catalog_changed.connect(self._on_calibration_changed)
            self._place("Measurements", page)
        return self.measurements_page

    def ensure_fleet_page(self) -> FleetPage:
        if self.fleet_page is None:
            from app.ui.fleet.page import FleetPage  # lazily: pyqtgraph and the engine

            page = self.fleet_page = FleetPage(lambda: self.project, self.undo_stack)
            page.set_project(self.project)
            page.on_scenarios_changed(list(self.document.names))
            self.document.names_changed.connect(page.on_scenarios_changed)
            page.message_posted.connect(self.show_message)
            page.plan_shown.connect(lambda: self.report_page.set_fleet(page.plan))  # the package's Fleet section
            self._place("Fleet", page)
        return self.fleet_page

    def ensure_deployment_page(self) -> DeploymentPage:
        if self.deployment_page is None:
            from app.ui.deployment.page import DeploymentPage  # lazily: pyqtgraph loads then

            self.deployment_page = DeploymentPage()
            self.deployment_page.percentile_kept.connect(self._on_hybrid_percentile_kept)
            self._place("Deployment", self.deployment_page)
            self.followers.deployment_stale = True  # show the analysed scenario when first shown
        return self.deployment_page

    def _on_hybrid_percentile_kept(self, percentile: float) -> None:
        """The Deployment slider's percentile becomes the open scenario's hybrid base (an undo step)."""
        current = self.document.scenario
        if current is None:
            return
        kept = current.assumptions.model_copy(update={"hybrid_base_percentile": percentile})
        self.document.edit(current.model_copy(update={"assumptions": kept}), f"Keep hybrid base P{percentile:g}")

    def _on_report_author_edited(self, author: str) -> None:
        """The Report page's author becomes the scenario's (an undo step, saved with it)."""
        if author:  # the user's name, for scenarios and projects without an author (kept across restarts)
            self.settings.set("report/author", author)
            self.report_page.set_default_author(author)
        current, shown = self.document.scenario, self.report_page.scenario
        if current is None or (shown is not None and current.name != shown.name):
            return
        if shown is not None:
            self.report_page.scenario = shown.model_copy(update={"author": author})
        self.document.edit(current.model_copy(update={"author": author}), "Set report author")

    def _on_rail_row_changed(self, row: int) -> None:
        self.commit_typing()  # e.g. a description typed, then a page chosen with the keyboard
        if row == PAGES.index("Analysis"):
            self.ensure_analysis_page()
        if row == PAGES.index("Scenarios"):
            self.scenarios_page  # noqa: B018  (built on first show)
        if row == PAGES.index("Measurements"):
            self.ensure_measurements_page().refresh()
        if row == PAGES.index("Fleet"):
            self.ensure_fleet_page()
        if row == PAGES.index("Deployment"):
            self.ensure_deployment_page()
        self.stack.setCurrentIndex(row)
        self.document.remember_page(PAGES[row])
        self.followers.on_page_shown(self.stack.currentWidget())

    # -- scenarios into the Analysis page
    def commit_typing(self) -> None:
        self.report_page.commit_typing()
        if self._scenarios_page is not None:
            self._scenarios_page.commit_typing()

    def _refused_fields(self, name: str) -> list[str]:
        """The open scenario's fields whose typed text the Scenarios page refused, each with the
        saved value analysed in its place ('Mean rate 8 req/s'); [] for another scenario."""
        form = self._scenarios_page.editor.form if self._scenarios_page is not None else None
        if form is None or form.scenario is None or form.scenario.name != name:
            return []
        return form.refused()

    def analyse(self) -> None:
        """Size the open scenario, as it is, on the Analysis page."""
        self.commit_typing()
        if self.document.scenario is None:
            return self.show_message("Open or create a scenario first (Scenarios page).")
        page = self.ensure_analysis_page()
        self.show_page("Analysis")
        page.run()
        refused = self._refused_fields(self.document.scenario.name)
        self.show_message(
            f"Analysing {self.document.scenario.name}…"
            + (
                f" {len(refused)} field(s) not valid: analysed with the saved values {', '.join(refused)}."
                if refused
                else ""
            )
        )

    def open_example(self, path: Path) -> None:
        """An example becomes a scenario of the project (kept, editable, undoable), then is analysed."""
        if self.files.import_scenario(path, reuse_same=True):  # opened twice: the same scenario
            self.analyse()

    def _on_calibration_changed(self) -> None:
        """A calibration applied or reverted: the pages that size, and the pinned cards, use it now."""
        self._offer_catalog(self.project.catalog())
        # the pins sized again, as on reopening the project; a card whose figures moved says so
        self.pins.restore(calibrated_at=dt.datetime.now().strftime("%H:%M"))

    def _offer_catalog(self, catalog) -> None:
        """Records were added, changed or deleted: the candidate lists offer them now, checks kept."""
        if self._scenarios_page is not None:
            self._scenarios_page.editor.set_catalog(catalog)
        if self.analysis_page is not None:
            self.analysis_page.refresh_catalog(catalog)
        if self.fleet_page is not None:
            self.fleet_page.refresh_catalog(catalog)

    # -- projects
    def open_project(self, path: str | None) -> bool:
        """Open `path` (None: the last project, else the default one). A bad file gives one message."""
        if path is None:
            last = self.settings.get("project/last")
            path = last if last and Path(last).exists() else None
        if not self.catalog_page.may_close():  # catalog edits wait for the open file
            return False
        try:
            project, catalog = open_project(path)
        except DomainError as exc:
            self.show_error("Could not open project", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - not wrapped by the store: still one message, no traceback
            where = log_exception(f"opening {path or 'the default project'}")
            self.show_error(
                "Could not open project",
                f"{path or 'The default project'} could not be opened ({exc}). Details are in {where}.",
            )
            return False
        if self.project is not None:
            self.project.close()
        self.project, self.project_path = project, str(path) if path else None
        file_dialogs.start_in(Path(path).parent if path else None)
        self.undo_stack.clear()
        self.catalog_page.set_project(project, catalog)
        if self._scenarios_page is not None:  # else it reads the project when first built
            self._scenarios_page.set_project(project, catalog)
        page = self.document.set_project(project)  # opens the scenario last open in this project
        if self.fleet_page is not None:
            self.fleet_page.set_project(project)
        if self.analysis_page is not None:
            self.analysis_page.refresh_catalog(catalog)
            self.pins.restore()  # this project's pinned scenarios, not the last one's
        self.followers.refresh_report()  # the open scenario, unless it is the one analysed (D10)
        self.catalog_update.check(project)
        if path:
            self.settings.add_recent(str(path))
            self.files.fill_recent_menu()
        self.setWindowTitle(f"Archwise {__version__} — {Path(path).name if path else 'default project'}")
        self.show_message("; ".join([f"Opened {path or 'the default project'}", *getattr(project, "notes", [])]))
        if page in PAGES:
            self.show_page(page)
        self.followers.on_project_opened()  # left on a page that shows the analysis: it is sized again
        return True

    def _on_new_triggered(self) -> None:
        path = file_dialogs.save_path(self, "New project", [file_dialogs.PROJECT])
        if path:
            self.open_project(path)

    def _on_open_triggered(self) -> None:
        path = file_dialogs.open_path(self, "Open project", [file_dialogs.PROJECT, file_dialogs.ALL_FILES])
        if path:
            self.open_project(path)

    def save(self) -> None:
        """File → Save: edits are saved as they are made; this takes a field still being typed
        in, writes down the open scenario and says so."""
        if self.project is None:
            self.show_message("Open a project first.")
            return
        if self._scenarios_page is not None:
            self._scenarios_page.editor.form.commit_focused()
        self.document.flush()
        scenario = self.document.scenario
        what = f"Scenario '{scenario.name}' saved" if scenario is not None else "Saved"
        self.show_message(f"{what} in {Path(self.project_path or '').name or 'the project'}.")

    def _on_save_as_triggered(self) -> None:
        if self.project is None:
            self.show_message("Open a project first.")
            return
        self.document.flush()  # the copy opens on the scenario open now
        path = file_dialogs.save_path(self, "Save project as", [file_dialogs.PROJECT])
        if path and self.guard("Save As", lambda: self.project.save_as(path)) is not None:
            self.open_project(path)

    def _reload_catalog(self) -> None:
        catalog = self.guard("Catalog", self.project.catalog)
        if catalog is not None:
            self.catalog_page.set_project(self.project, catalog)
            self._offer_catalog(catalog)

    def _on_export_package_triggered(self) -> None:
        self.commit_typing()
        self.show_page("Report")
        self.report_page.choose_and_export()

    # -- view
    def set_workshop_mode(self, on: bool) -> None:
        self.workshop.set_active(on)  # app/ui/workshop: enters full screen, restores the window on leaving
        self.settings.set("view/workshop", on)

    def show_message(self, text: str) -> None:
        """`text` in the status bar, cut with '…' to the bar's width (a long import or fit message ran
        off the window at 1366 px); the whole text is the bar's tooltip."""
        bar = self.statusBar()
        room = max(bar.width() - 40, 200)  # the size grip and the margins
        shown = bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        bar.setToolTip(text if shown != text else "")
        bar.showMessage(shown, 10000)

    def show_error(self, title: str, message: str) -> None:
        self.show_message(message)
        QMessageBox.warning(self, title, message)

    def guard(self, what: str, fn, box: bool = True):
        """fn()'s result; a DomainError's message (or a short one for anything else) instead of a traceback."""
        if self.project is None:
            self.show_message("Open a project first.")
            return None
        try:
            return fn()
        except DomainError as exc:
            message = str(exc)
        except Exception as exc:  # noqa: BLE001 - logged in full; the user reads one line
            where = log_exception(f"{what} failed")
            message = f"{what} failed: {exc or type(exc).__name__}. Details are in {where}."
        (self.show_error(what, message) if box else self.show_message(message))
        return None

    def closeEvent(self, event) -> None:
        if not self.catalog_page.may_close():  # catalog edits still wait for a busy file
            event.ignore()
            return
        self.commit_typing()
        self.document.flush()
        geometry = self.workshop.normal_geometry() or self.saveGeometry()  # not workshop mode's full screen
        self.settings.set_window_geometry(window_geometry.screen_key(self._available()), geometry)
        self.settings.sync()
        self.report_page.runner.cancel()
        if self.analysis_page is not None:
            self.analysis_page.stop_work()
        if self.deployment_page is not None:
            self.deployment_page.stop_work()
        if self.fleet_page is not None:
            self.fleet_page.shutdown()
        if self.project is not None:
            self.project.close()
        super().closeEvent(event)

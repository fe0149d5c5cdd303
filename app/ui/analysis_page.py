"""Analysis page: pick a scenario and candidates, size it in a worker, read the verdict, the
ranked options and four linked plots; what-if sliders re-size as they move; Explain says how.

Built lazily by the main window (pyqtgraph and the engine load when this page is first shown).
MainWindow talks to it through `current_scenario`, `current_sizing`, `sizing_changed` and
`refresh_catalog`. With a ScenarioDocument (the window's), the page lists the
project's scenarios and always sizes the open one as it is on screen: a candidate checked here is
a saved, undoable edit of it, and Run analysis never goes back to an older copy. Without one
(tests), `set_scenario` shows a given scenario and the list offers the shipped examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import INSUFFICIENT_HARDWARE, Catalog, Chart, Scenario, Sizing
from app.paths import EXAMPLES_DIR
from app.services.sizing import catalog_of
from app.ui.analysis_key import analysis_key
from app.ui.gui_thread_gc import freeze_long_lived
from app.ui.options_panel import OptionsPanel
from app.ui.screen_update import one_screen_update
from app.ui.splitters import Splitter
from app.ui.training_words import training_run_words
from app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from app.store import Project

# [px] the chart grid beside a heightened Compare tab: two rows of plots with their axes
MIN_CHARTS_HEIGHT = 240
CHARTS_SHARE_BESIDE_COMPARE = 0.6  # the charts' share of the centre's height beside the Compare tab
MIN_OPTIONS_WIDTH = 320  # [px] the options table beside a widened Compare tab: rank, model, hardware
# [px] Until the user drags it, the charts take the height the options/Explain pane can spare: that
# pane keeps 2/5 of it, or at least its filter row, header and four rows (LOWER_PANE_SMALL), while
# the charts have less than CHARTS_WANTED (at 1280x720 logical, 1920x1080 at 150 %, the plots were
# ~75 px tall and the SLA and capacity labels lay over the curves and legends).
LOWER_PANE_SMALL = 150
CHARTS_WANTED = 470
# [px] each row of the chart grid at least: a panel's title and a plot whose SLA and capacity labels
# find a spot off the curves (at 911x512 logical, a 1366x768 screen at 150 %, the plots were ~55 px
# tall and the labels lay on the curves); a smaller window scrolls the page instead
MIN_CHART_ROW_HEIGHT = 170
# [px] In a window shorter than SHORT_WINDOW (911x512 logical: 1366x768 at 150 %) the page scrolls
# anyway, and the rows get MIN_CHART_ROW_HEIGHT_SHORT: at 170 px the labels found no spot off the
# curves (83 and 20 curve samples under the latency chart's SLA labels), at 230 px they mostly do
SHORT_WINDOW = 640
MIN_CHART_ROW_HEIGHT_SHORT = 230
SCENARIO_BOX_CHARS = 12  # the scenario list's least width [characters]; wider where there is room
PROGRESS_WIDTH = (60, 140)  # [px] the progress bar's least and most width
CHART_KEYS = ["latency_vs_concurrency", "cost_vs_latency", "memory", "replicas_vs_traffic", "energy_vs_traffic"]
# Each prices a plan per traffic step: a what-if preview builds them only while a plot shows them
COSTLY_CHARTS = frozenset({"replicas_vs_traffic", "energy_vs_traffic"})
# The last grid cell holds these as tabs (energy shares the traffic axis with cost)
TRAFFIC_TABS = {"replicas_vs_traffic": "Cost", "energy_vs_traffic": "Energy"}
EMPTY_NOTES = {
    "energy_vs_traffic": "No feasible option with an energy figure.",
    "cost_vs_latency": "No feasible option to place on the cost axis.",
    "replicas_vs_traffic": "No feasible option to scale with traffic.",
    "latency_vs_concurrency": "No option reaches a servable operating point.",
    "memory": "No option to break down.",
}


@dataclass
class _Request:
    """One sizing to run: a scenario (or a file to load it from) and whether the side panels
    should be refilled from it (a newly chosen scenario) or not (a what-if of the current one)."""

    scenario: object = None
    path: str | None = None
    refill: bool = False
    detailed: bool = True  # False: a what-if preview (no bands or explanations), detailed once settled
    key: object = None  # the AnalysisKey of the open scenario it sizes (project file, name, inputs)


@dataclass
class _Result:
    """What a finished sizing job hands back to the GUI thread."""

    request: _Request
    scenario: Scenario
    sizing: Sizing
    catalog: Catalog | None  # read off the GUI thread when the request refills the side panels


class ChartPanel(QFrame):
    """Title, export button and the ChartView of one chart key."""

    def __init__(self, key: str, parent=None) -> None:
        super().__init__(parent)
        from app.ui.chart_export import ExportButton
        from app.ui.chart_view import ChartView

        self.setObjectName("chartPanel")
        self.key = key
        self.view = ChartView()
        self.view.defer_hidden = True  # the page behind workshop mode draws none of its plots
        self.view.cache_text()  # on screen: its text repaints from pixmaps on each what-if step
        self.title = QLabel(key.replace("_", " ").capitalize(), objectName="chartTitle")
        self.title.setStyleSheet("font-weight: bold")
        self.note = QLabel("", objectName="chartNote")
        self.note.setStyleSheet("font-style: italic")
        # A long title is clipped (full text in its tooltip), never widens the window. The note
        # (why the plot is empty) has its own wrapped line under the title, shown only while the
        # plot is empty: it never takes the title's room.
        self.title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.export_button = ExportButton(self.view)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(self.note)
        lay.addWidget(self.view, 1)

    def set_chart(self, chart, live: bool = False) -> None:
        if self.title.text() != chart.title:
            self.title.setText(chart.title)
            self.title.setToolTip(chart.title)
        note = "" if chart.series else EMPTY_NOTES.get(self.key, "No data.")
        if self.note.text() != note:
            self.note.setText(note)
            self.note.setVisible(bool(note))
        self.view.set_chart(chart, live)


CANCEL_OFF_DELAY_MS = 300  # [ms] the Cancel button stays enabled this long after the work ends


class AnalysisPage(QWidget):
    sizing_changed = Signal(object)  # Sizing, after every finished run
    message_posted = Signal(str)  # one line for the status bar

    def __init__(self, project_getter: Callable[[], Project | Catalog | None], document=None, parent=None) -> None:
        super().__init__(parent)
        self.project_getter = project_getter
        self.document = document
        self._entry = None  # the list entry the shown scenario came from (without a document)
        # Set by the window: the Scenarios page's fields whose typed text was refused, for the
        # scenario named ('Mean rate 8 req/s': the saved value sized in its place); the banner says so.
        self.refused_fields: Callable[[str], list[str]] = lambda _name: []
        self._stale = False  # the open scenario changed while the page was hidden: size it when shown
        # A newly opened or edited scenario is sized once the user pauses (hopping through the
        # list starts no sizing per hop, and none competes with the page being filled).
        self._changed_timer = QTimer(self, singleShot=True, interval=150)
        self._changed_timer.timeout.connect(self._size_open_scenario)
        from app.services import sizing as sizing_service

        self.service = sizing_service
        self._evaluations = sizing_service.evaluation_cache()  # a slider step reuses the last evaluation
        self.sizing = None
        self.sized_scenario = None  # the scenario the shown sizing answers
        # its AnalysisKey: the project file and the open scenario (inputs) it was sized from; the
        # Report, Selection and Deployment pages show the sizing only for that same key
        self.sized_key = None
        self._scenario = None
        self._pending: _Request | None = None
        self._running_request: _Request | None = None  # the newest run started, until the runner is idle
        self._selected_label: str | None = None  # the option the user picked, kept across re-runs
        self._auto_selecting = False
        self._explained = None  # the option the Explain tab should show
        self._strategy_stale = False
        from app.ui.pin_queue import PinQueue

        # Pins pressed while the values on screen were still being sized: each sizes its own state
        self.pin_queue = PinQueue(self)
        # While sliders move, each result is a preview (plots, table, verdict: every figure
        # exact, but no uncertainty bands or explanations, half the engine time). 200 ms after
        # the last one the detailed sizing follows and fills the Explain and Strategy tabs.
        self._detail_timer = QTimer(self, singleShot=True, interval=200)
        self._detail_due = False  # the timer fired while the previewed run was finishing
        self._detail_timer.timeout.connect(self._request_detail)
        # The Cancel button goes grey 300 ms after the work ends, not between previews that follow
        # each other (a drag, a preview then its detailed sizing): one repaint less per step.
        self._cancel_off_timer = QTimer(self, singleShot=True, interval=CANCEL_OFF_DELAY_MS)
        self._show_progress = True
        # Chart keys another view shows from this page's results (workshop mode's chart step)
        self.chart_demand: Callable[[], set[str]] | None = None
        self._centre_before_compare: list[int] | None = None  # the charts' height while Compare took it
        # The label of the option the charts and strategy lead with (workshop mode: the selection
        # matrix's recommendation); None: the engine's pick
        self.chart_lead: Callable[[], str | None] | None = None
        # (scenario, sizing) -> the selection matrix's recommendation (app.report.Recommendation) or
        # None, set by the window (its weights): the banner names it, as the verdict and report do.
        # Asked for each detailed result only; a preview keeps the last one's choice by label.
        self.recommend: Callable[[Scenario, Sizing], object] | None = None
        self.recommendation: object = None
        # (scenario, option) -> the workload kind's figures for the recommendation (a batch run's hours)
        self.kind_figures: Callable[[Scenario, object], object] | None = None
        self._lead_asked: tuple[object, str] | None = None  # the last (scenario, label) sized again to lead
        self._recommended_kind: object = None
        self.runner = TaskRunner(parent=self)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Analysis", objectName="pageTitle"))
        from app.ui.candidates_panel import CandidatesPanel
        from app.ui.chart_view import load_palette
        from app.ui.compare_view import CompareView
        from app.ui.explain_panel import ExplainPanel
        from app.ui.whatif_panel import WhatIfPanel

        self.palette_ = load_palette("normal")
        self.scenario_box = QComboBox()
        self.scenario_box.setMinimumContentsLength(SCENARIO_BOX_CHARS)
        self.run_button = QPushButton("Run analysis")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMinimumWidth(PROGRESS_WIDTH[0])  # narrower in a small window, never wider
        self.progress.setMaximumWidth(PROGRESS_WIDTH[1])
        self.pin_button = QPushButton("Pin for comparison")
        self.pin_button.setEnabled(False)
        self.banner = QLabel(objectName="verdictBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.RichText)
        self.banner.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.banner.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        # A fixed-height, scrollable banner: a verdict of another length never re-lays out the plots.
        self.banner_area = QScrollArea(objectName="verdictArea")
        self.banner_area.setWidget(self.banner)
        self.banner_area.setWidgetResizable(True)
        self.banner_area.setFrameShape(QFrame.NoFrame)
        self._fit_banner_height()
        self.whatif = WhatIfPanel()
        self.candidates = CandidatesPanel()
        self.options = OptionsPanel()  # one row per hardware, variants folded; filters
        self.table_model, self.table = self.options.model, self.options.view
        self.table_model.set_colours(self.palette_["series"])
        self.explain = ExplainPanel()
        self.strategy = QTextBrowser(objectName="strategyPanel")
        self.compare = CompareView()
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.explain, "Explain")
        self.side_tabs.addTab(self.strategy, "Strategy")
        self.side_tabs.addTab(self.compare, "Compare")
        self.side_tabs.setTabVisible(2, False)
        # Pins made here show here too (workshop mode shows them as A/B/C cards).
        self.compare.pins_changed.connect(lambda n: self.side_tabs.setTabVisible(2, n > 0))
        self.side_tabs.currentChanged.connect(self._refresh_side_tab)
        self.side_tabs.currentChanged.connect(self._give_compare_room)
        self.compare.pins_changed.connect(self._give_compare_room)
        self.panels = {key: ChartPanel(key) for key in CHART_KEYS}
        self.charts = {key: panel.view for key, panel in self.panels.items()}
        self._fill_scenario_box()
        self._build_layout(lay)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self._cancel_off_timer.timeout.connect(lambda: self.cancel_button.setEnabled(self.runner.busy))
        self.pin_button.clicked.connect(self.pin)
        self.pin_queue.pin_ready.connect(self._pin_now)
        self.pin_queue.failed.connect(lambda m: self.message_posted.emit(f"The pin could not be sized: {m}"))
        self.scenario_box.activated.connect(self._on_scenario_box_activated)
        self.runner.progressed.connect(self._on_progressed)
        self.runner.result_ready.connect(self._on_result_ready)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(self._on_runner_finished)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.whatif.scenario_changed.connect(self._on_whatif_changed)
        self.candidates.candidates_changed.connect(self._on_candidates_changed)
        if document is not None:
            document.names_changed.connect(self._fill_scenario_box)
            document.scenario_changed.connect(self._on_document_scenario_changed)
            if document.scenario is not None:
                self._on_document_scenario_changed(document.scenario)
        for panel in self.panels.values():
            panel.view.option_clicked.connect(self.select_option)
            panel.export_button.exported.connect(lambda p: self.message_posted.emit(f"Exported the plot to {p}"))
            panel.export_button.failed.connect(self.message_posted.emit)
        # pyqtgraph, the engine and this page are built: what is alive now lives for the session
        freeze_long_lived()

    def _build_layout(self, lay: QVBoxLayout) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario:"))
        top.addWidget(self.scenario_box, 1)
        for w in (self.run_button, self.cancel_button, self.progress, self.pin_button):
            top.addWidget(w)
        side = Splitter(Qt.Vertical)
        side.addWidget(self.whatif)
        side.addWidget(self.candidates)
        side.setStretchFactor(1, 1)
        grid_w = QWidget()
        # two rows of plots tall enough for their axes and reference labels: a smaller window
        # scrolls the page (app.ui.page_area) instead of squeezing the plots under their labels
        self.chart_grid = grid_w
        grid_w.setMinimumHeight(2 * MIN_CHART_ROW_HEIGHT)  # taller in a short window: _fit_chart_rows
        grid = QGridLayout(grid_w)
        grid.setContentsMargins(0, 0, 0, 0)
        grid_keys = [k for k in CHART_KEYS if k not in TRAFFIC_TABS]
        for i, key in enumerate(grid_keys):
            grid.addWidget(self.panels[key], i // 2, i % 2)
        self.traffic_tabs = QTabWidget(objectName="trafficTabs")
        self.traffic_tabs.setDocumentMode(True)
        for key, name in TRAFFIC_TABS.items():
            self.traffic_tabs.addTab(self.panels[key], name)
        self.traffic_tabs.currentChanged.connect(self.ensure_charts)
        n = len(grid_keys)
        grid.addWidget(self.traffic_tabs, n // 2, n % 2)
        # equal cells, whatever the plots' size hints say: a hint that changed while workshop mode
        # had the page (under a window manager) gave one column two thirds and squashed a row
        for k in range(2):
            grid.setColumnStretch(k, 1)
            grid.setRowStretch(k, 1)
        lower = self.lower_splitter = Splitter(Qt.Horizontal)
        lower.addWidget(self.options)
        lower.addWidget(self.side_tabs)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        centre = self.centre_splitter = Splitter(Qt.Vertical)
        centre.addWidget(grid_w)
        centre.addWidget(lower)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 2)
        centre.setSizes([CHARTS_WANTED, 300])
        self._centre_dragged = False  # the user's split is kept from then on
        centre.splitterMoved.connect(self._on_centre_dragged)
        main = self.main_splitter = Splitter(Qt.Horizontal)
        main.addWidget(side)
        main.addWidget(centre)
        main.setStretchFactor(1, 1)
        main.setSizes([270, 1000])
        lay.addLayout(top)
        lay.addWidget(self.banner_area)
        lay.addWidget(main, 1)

    # -- the API MainWindow uses
    def set_scenario(self, scenario) -> None:
        """Show `scenario` (an entry at the top of the scenario list) and size it."""
        box = self.scenario_box
        if box.count() and box.itemData(0)[0] == "given":
            box.removeItem(0)
        box.insertItem(0, f"{scenario.name} (opened)", ("given", scenario))
        box.setCurrentIndex(0)
        self._entry = box.itemData(0)
        self._request(_Request(scenario=scenario, refill=True))

    def current_scenario(self):
        """The scenario last sent to the engine (what-if changes included), or None."""
        return self._scenario

    def current_sizing(self):
        """The shown sizing, detailed: a what-if preview is completed here (on this thread: tens
        of ms) when asked for before its detailed run has come back."""
        if self.sizing is not None and not self.sizing.detailed and self.sized_scenario is not None:
            project = self.project_getter()
            if project is not None:
                scenario = self.sized_scenario
                sizing = self.service.size_scenario(project, scenario, deployments=False, lead=self.lead_label())
                request = _Request(scenario=scenario, key=self.sized_key)
                self._on_result_ready(_Result(request, scenario, sizing, None))
        return self.sizing

    def _give_compare_room(self, *_args: object) -> None:
        """The Compare tab in view: its pane widened to show every pinned column whole (the
        options table keeps at least MIN_OPTIONS_WIDTH); a wide enough pane is left as it is."""
        if self.side_tabs.currentWidget() is not self.compare or not self.compare.pinned:
            self._give_compare_height()  # the charts' height back
            return
        sizes = self.lower_splitter.sizes()
        tabs_frame = self.side_tabs.width() - self.compare.width()
        want = self.compare.wanted_width() + max(tabs_frame, 0)
        total = sum(sizes)
        if sizes[1] < want and total > 0:
            side = max(min(want, total - MIN_OPTIONS_WIDTH), sizes[1])
            self.lower_splitter.setSizes([total - side, side])
        self._give_compare_height()

    def _give_compare_height(self) -> None:
        """The Compare tab in view: the lower pane as tall as its rows (3 pins at 1366x768 scrolled),
        the charts keeping MIN_CHARTS_HEIGHT; the charts' height comes back with another tab."""
        centre, sizes = self.centre_splitter, self.centre_splitter.sizes()
        if self.side_tabs.currentWidget() is not self.compare or not self.compare.pinned:
            if self._centre_before_compare is not None:
                centre.setSizes(self._centre_before_compare)
                self._centre_before_compare = None
            return
        frame = self.side_tabs.height() - self.compare.height()
        want = self.compare.wanted_height() + max(frame, 0)
        total = sum(sizes)
        if sizes[1] < want and total > 0:
            # the charts keep CHARTS_SHARE_BESIDE_COMPARE of the height (D9: at 1366x768 the four
            # plots were squashed to ~90 px); the comparison scrolls inside itself for the rest
            keep = max(MIN_CHARTS_HEIGHT, int(CHARTS_SHARE_BESIDE_COMPARE * total))
            lower = max(min(want, total - keep), sizes[1])
            if self._centre_before_compare is None:
                self._centre_before_compare = sizes
            centre.setSizes([total - lower, lower])

    def _fit_banner_height(self) -> None:
        self.banner.ensurePolished()
        self.banner_area.setFixedHeight(self.banner.fontMetrics().lineSpacing() * 4 + 8)

    # -- hand-offs
    def _fill_scenario_box(self, names: list[str] | None = None) -> None:
        if self.document is not None:  # the project's scenarios, the open one current
            box = self.scenario_box
            box.blockSignals(True)
            box.clear()
            for name in self.document.names if names is None else names:
                box.addItem(name, ("name", name))
            self._select_open_scenario()
            box.blockSignals(False)
            return
        for path in sorted(EXAMPLES_DIR.glob("*.yaml")) if EXAMPLES_DIR.exists() else []:
            self.scenario_box.addItem(f"Example: {path.stem}", ("path", str(path)))
        project = self.project_getter()
        if project is not None and not isinstance(project, Catalog):  # a bare catalog saves no scenarios
            try:
                saved = list(project.scenarios())
            except Exception as exc:  # noqa: BLE001 - a store error must not stop the page from opening
                self.message_posted.emit(f"Saved scenarios could not be read: {exc}")
                saved = []
            for s in saved:
                self.scenario_box.addItem(f"Project: {s.name}", ("given", s))

    def _select_open_scenario(self) -> None:
        scenario = self.document.scenario if self.document is not None else None
        index = self.scenario_box.findText(scenario.name, Qt.MatchExactly) if scenario is not None else -1
        if index >= 0 and index != self.scenario_box.currentIndex():
            self.scenario_box.setCurrentIndex(index)

    def _on_scenario_box_activated(self, _index: int) -> None:
        data = self.scenario_box.currentData()
        if self.document is not None:
            if data and not self.document.open(self.scenario_box.currentText()):
                self._select_open_scenario()
            elif not self.isVisible() or self._scenario is None:
                self.run()
            return  # the document's change signal sizes the newly opened scenario
        self.run()

    def stop_work(self) -> None:
        """No more sizing from this page: pending (debounced) runs dropped, a running one cancelled.
        The window calls it when it closes, so a timer cannot start a worker after that."""
        self._changed_timer.stop()
        self._detail_timer.stop()
        self._detail_due = False
        self.runner.cancel()

    def run(self) -> None:
        """Size the scenario as shown: the open one (candidates and what-if values included); a
        newly chosen list entry is loaded first."""
        self._stale = False
        self._changed_timer.stop()
        if self.document is not None or (self._scenario is not None and self.scenario_box.currentData() == self._entry):
            if self._scenario is None:
                self._set_banner("Choose a scenario first: Scenarios → New scenario, or File → Open example.")
                return
            self._request(_Request(scenario=self._scenario, refill=True))
            return
        data = self.scenario_box.currentData()
        if not data:
            self._set_banner("Choose a scenario first.")
            return
        kind, value = data
        self._entry = data
        self._request(_Request(path=value, refill=True) if kind == "path" else _Request(scenario=value, refill=True))

    def refresh_catalog(self, catalog) -> None:
        """Offer a changed catalog's records in the candidate lists at once (choices kept)."""
        self.candidates.set_catalog(catalog)

    def _on_document_scenario_changed(self, scenario) -> None:
        """The open scenario was edited (here or on the Scenarios page), undone, or another was opened."""
        self._select_open_scenario()
        if scenario is None:
            self._scenario = None
            return
        if self._scenario is not None and scenario == self._scenario:
            return
        baseline = self.whatif.baseline
        if baseline is not None and baseline.name == scenario.name and baseline.workload == scenario.workload:
            # the same workload (candidates, assumptions... changed): the what-if values stay on screen
            from app.ui.whatif_panel import compose

            self.whatif.baseline = scenario
            self.whatif.scenario = compose(scenario, scenario, self.whatif.values)
        else:
            self.whatif.set_scenario(scenario)
        self._scenario = self.whatif.scenario  # what the page shows, and so what it sizes
        project = self.project_getter()
        if project is not None and self.candidates.scenario != scenario:
            self.candidates.set_scenario(scenario, catalog_of(project))
        if self.isVisible():
            self._changed_timer.start()
        else:
            self._stale = True

    def _on_whatif_changed(self, scenario) -> None:
        """A what-if value moved: its preview is sized; the detailed sizing an older preview
        scheduled waits for this one's (200 ms after the last preview shown, not mid-drag)."""
        self._detail_timer.stop()
        self._request(_Request(scenario=scenario, detailed=False), coalesce=True)

    def _size_open_scenario(self) -> None:
        if self._scenario is not None:
            self._request(_Request(scenario=self._scenario), coalesce=True)

    def _on_centre_dragged(self, *_args: object) -> None:
        self._centre_dragged = True

    def _fit_centre(self) -> None:
        """The charts' share of the centre (see CHARTS_WANTED), unless the user dragged the split or
        the Compare tab holds the height."""
        centre = self.centre_splitter
        sizes = centre.sizes()
        total = sum(sizes)
        if self._centre_dragged or self._centre_before_compare is not None or total <= 0:
            return
        lower = min(round(total * 2 / 5), max(LOWER_PANE_SMALL, total - CHARTS_WANTED))
        if sizes[1] != lower:
            centre.setSizes([total - lower, lower])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # the layout has resized the splitter already
        self._fit_centre()

    def _fit_chart_rows(self) -> None:
        """The chart rows' least height for the window's: taller in a short window (the page
        scrolls there: see MIN_CHART_ROW_HEIGHT_SHORT)."""
        short = self.window().height() < SHORT_WINDOW
        least = 2 * (MIN_CHART_ROW_HEIGHT_SHORT if short else MIN_CHART_ROW_HEIGHT)
        if self.chart_grid.minimumHeight() != least:
            self.chart_grid.setMinimumHeight(least)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window() and event.type() == QEvent.Type.Resize:
            self._fit_chart_rows()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        top = self.window()
        if top is not self and getattr(self, "_watched_window", None) is not top:
            self._watched_window = top
            top.installEventFilter(self)  # its height sets the chart rows' (_fit_chart_rows)
        self._fit_chart_rows()
        self._fit_centre()
        if self._stale and self._scenario is not None:
            self.run()
        else:
            self.ensure_charts()

    def charts_wanted(self) -> set[str] | None:
        """The chart keys a what-if preview builds: all but the costly charts no plot shows
        (None, all of them, when no plot is on screen, as in a page never shown)."""
        shown = {key for key, panel in self.panels.items() if panel.view.isVisible()}
        if self.chart_demand is not None:
            shown |= self.chart_demand()
        if not shown:
            return None
        return (set(CHART_KEYS) - COSTLY_CHARTS) | (shown & COSTLY_CHARTS)

    def lead_label(self) -> str | None:
        """The label of the option the charts and strategy lead with: workshop mode's choice, else the
        self-hosted option the selection matrix recommends (kept by label through a drag's previews,
        so a preview is led by it without sizing twice); None: the engine's pick."""
        if self.chart_lead is not None:
            return self.chart_lead()
        rec = self.recommendation
        led = getattr(rec, "option", None) is not None or getattr(rec, "hosted", None) is not None  # a hosted API too
        return getattr(rec, "label", None) if led else None

    def lead_with(self, label: str | None) -> None:
        """A detailed result led by another option than `label` is sized again, led by it (once per
        scenario and label: its options are the same, so is the choice)."""
        sizing, scenario = self.sizing, self.sized_scenario
        if sizing is None or not sizing.detailed or scenario is None or label is None or not sizing.options:
            return
        led = {sizing.options[sizing.chart_lead].label, sizing.chart_lead_hosted}
        if label in led or self._lead_asked == (scenario, label):
            return
        self._lead_asked = (scenario, label)
        self.size_again()

    def size_again(self) -> None:
        """Size the scenario as shown again, the same what-if values (charts to lead with another option)."""
        if self.sized_scenario is not None:
            self._request(_Request(scenario=self._scenario or self.sized_scenario), coalesce=True)

    def ensure_charts(self, *_args) -> None:
        """A plot just shown whose chart the shown preview left out is sized now (the same
        what-if values, one preview more), so it never stays on an older result."""
        if self.sizing is None or self.sized_scenario is None or self.sizing.detailed:
            return
        wanted = self.charts_wanted()
        have = {c.key for c in self.sizing.charts}
        if wanted is not None and wanted <= have:
            return
        self._request(_Request(scenario=self._scenario or self.sized_scenario, detailed=False), coalesce=True)

    def cancel(self) -> None:
        self._pending = None
        self._detail_due = False
        self._detail_timer.stop()  # the detailed sizing a preview scheduled is work under way too
        self._cancel_off_timer.stop()
        self.cancel_button.setEnabled(False)
        self.pin_queue.cancel()
        self.runner.cancel()
        self.progress.setValue(0)
        self._set_banner(
            "Cancelled: the results shown are from the last finished run." if self.sizing else "Cancelled."
        )

    def _request(self, request: _Request, coalesce: bool = False, supersede: bool = False) -> None:
        """Start a sizing; with `coalesce`, one already running finishes first and only the
        newest waiting request follows it (slider drags never queue up). `supersede`: start now
        even so (the running one has handed its result over)."""
        project = self.project_getter()
        if project is None:
            self._set_banner("Open a project first: the analysis sizes against the project's catalog.")
            return
        if request.scenario is not None:
            self._scenario = request.scenario
        if request.key is None and request.scenario is not None:
            # what it sizes is the open scenario (what-if values aside) in this project
            opened = self.document.scenario if self.document is not None else request.scenario
            request.key = analysis_key(project, opened)
        running = self._running_request
        # A preview of a newer value supersedes the detailed sizing of an older one (the follow-up
        # after a pause): that run is cancelled, not waited for. A running preview is waited for
        # (else a drag would cancel every run and show nothing until it stopped).
        follow_up = (
            running is not None
            and running.detailed
            and not running.refill
            and not request.detailed
            and request.scenario is not None
            and request.scenario != running.scenario
        )
        if coalesce and self.runner.busy and not supersede and not follow_up:
            self._pending = request
            return
        self._pending = None
        service, evaluations = self.service, self._evaluations
        charts = None if request.detailed else self.charts_wanted()  # read here, on the GUI thread
        lead = None if request.refill else self.lead_label()  # a fresh scenario: the engine's pick first

        def job(progress, cancelled):
            scenario = request.scenario or service.load_scenario(request.path)
            # A preview shows no progress bar: its progress signals would only wake this thread.
            report = (lambda pct: progress(pct / 100.0)) if request.detailed else None
            # No deployment comparison: the Deployment page and the report add it when they need it.
            sizing = service.size_scenario(
                project,
                scenario,
                progress=report,
                cancelled=cancelled,
                detailed=request.detailed,
                reuse=evaluations,
                deployments=False,
                charts_wanted=charts,
                lead=lead,
            )
            # A fresh scenario refills the candidate lists: read the catalog here, off the GUI thread.
            catalog = catalog_of(project) if request.refill else None
            return _Result(request, scenario, sizing, catalog)

        self._cancel_off_timer.stop()
        if not self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(True)
        self._show_progress = not coalesce  # a what-if re-run takes a frame or two: no bar flicker
        if self._show_progress:
            self.progress.setValue(0)
        self._running_request = request
        self.runner.start(job)

    def _on_progressed(self, fraction: float, _message: str) -> None:
        if self._show_progress:
            self.progress.setValue(int(fraction * 100))

    def _on_runner_finished(self) -> None:
        self._running_request = None
        due, self._detail_due = self._detail_due, False
        if self._pending is not None:
            self._request(self._pending, coalesce=not self._pending.refill)
        elif due:
            self._request_detail()
        if not self.runner.busy and self.cancel_button.isEnabled():
            self._cancel_off_timer.start()  # greyed unless more work starts first

    def _request_detail(self) -> None:
        """The detailed sizing of the previewed scenario, unless a newer change is under way."""
        if self.sizing is None or self.sizing.detailed or self._pending is not None:
            return  # a newer preview's result restarts the timer
        if self.runner.busy:  # the run whose preview is shown has not said it finished (a slow worker
            self._detail_due = True  # under load): the detailed sizing follows when it does
            return
        # the scenario as shown now (an edit since the preview included), never an older copy
        self._request(_Request(scenario=self._scenario or self.sized_scenario), coalesce=True)

    def _on_candidates_changed(self, candidates) -> None:
        if self.document is not None and self.document.scenario is not None:
            current = self.document.scenario
            self.document.edit(
                current.model_copy(update={"candidates": candidates}), f"Choose candidates of {current.name}"
            )
            return
        if self._scenario is not None:
            self._request(
                _Request(scenario=self._scenario.model_copy(update={"candidates": candidates})), coalesce=True
            )
            self.whatif.scenario = self._scenario

    def pin(self) -> None:
        """Pin the what-if values as shown at this moment (Pin button, Ctrl+D in workshop mode),
        a value still being typed in a box taken first. Shown and sized: pinned at once. Not sized
        yet (a run under way, a slider just moved): that state is kept and sized on its own, so a
        slider moved before its result comes back never changes what this pin holds."""
        self.whatif.commit_typing()
        scenario, project = self._scenario, self.project_getter()
        if scenario is None or project is None:
            return
        if not self.pin_queue.waiting and scenario == self.sized_scenario:
            self._pin_now(scenario, self.current_sizing())
            return
        service = self.service
        self.pin_queue.add(
            scenario, lambda s, cancelled: service.size_scenario(project, s, cancelled=cancelled, deployments=False)
        )

    def _pin_now(self, scenario, sizing) -> None:
        """Pin `sizing`, the detailed result of `scenario`, labelled with its what-if inputs."""
        if sizing is None:
            return
        s, w = scenario, scenario.workload
        sla = f"TTFT ≤ {w.sla.ttft_p95_ms:,g} ms" if w.sla.ttft_p95_ms else "no TTFT target"
        tokens = f"{w.tokens.input_tokens:,}→{w.tokens.output_tokens:,} tokens"
        rate = f"{w.mean_requests_per_s:,.3g} req/s" if w.mean_requests_per_s else "training run"
        inputs = f"{rate} · {tokens} · {sla}"
        self.compare.pin(inputs, s, sizing)
        self.message_posted.emit(f"Pinned {s.name} for comparison ({len(self.compare.pinned)} of 3)")

    # -- results
    def _on_result_ready(self, result: _Result) -> None:
        waiting = self._pending
        if waiting is not None and not waiting.refill:
            # A newer what-if value waited for this run: it is sized now, in the worker, while this
            # result is drawn here (during a drag the two overlap; every result is still shown).
            self._request(waiting, coalesce=True, supersede=True)
        request, scenario, sizing, catalog = result.request, result.scenario, result.sizing, result.catalog
        self.sizing, self.sized_scenario = sizing, scenario
        self.sized_key = request.key if request.key is not None else analysis_key(self.project_getter(), scenario)
        # A result for an older copy (the user edited while it ran) never puts that copy back.
        newest = self.document is None or self._scenario is None or scenario == self._scenario
        if (request.refill or self._scenario is None) and newest:
            self._selected_label = None
            self._scenario = scenario
            if self.document is None:  # else the document's signal keeps the sliders and lists
                self.whatif.set_scenario(scenario)
                if catalog is not None:
                    self.candidates.set_scenario(scenario, catalog)
        if request.refill and catalog is not None and newest:
            # where each hardware is, for the deployment and provider filters: with the window's
            # document too (tgui6 D1: only a page without one read it, so every filter but 'Any'
            # emptied the table in the app)
            self.options.set_hardware(catalog, scenario)
        if self._show_progress:
            self.progress.setValue(100)
        # the verdict, the table and every plot reach the screen in one update (app.ui.screen_update)
        scenes = (view.scene() for view in self.charts.values() if view.isVisible())
        with one_screen_update(self, scenes):
            self._show_result(request, sizing)

    def _show_result(self, request: _Request, sizing) -> None:
        """Hand `sizing` to the verdict, the table, the plots and the side panels."""
        self.pin_button.setEnabled(True)
        self._show_verdict(sizing)
        self.options.set_options(sizing.options)
        for chart in sizing.charts:
            if chart.key in self.panels:
                self.panels[chart.key].set_chart(chart, live=not sizing.detailed)  # axes hold while dragging
        if request.refill:
            self.table.resizeColumnsToContents()
            for col in (1, 2):  # model and hardware names can be long: keep them readable, not huge
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), 220))
        self._strategy_stale = True
        self._restore_selection(sizing)  # a preview only marks what to explain: see _refresh_side_tab
        for panel in (self.explain, self.strategy):  # greyed while they show the figures before the drag
            if panel.isEnabled() != sizing.detailed:
                panel.setEnabled(sizing.detailed)
        if sizing.detailed:
            self._detail_timer.stop()
            self._refresh_side_tab()
        else:
            self._detail_timer.start()
        self.sizing_changed.emit(sizing)
        if sizing.detailed and self.chart_lead is None:
            self.lead_with(self.lead_label())  # the charts and strategy follow the banner's recommendation

    def _on_failed(self, message: str) -> None:
        """A failed run leaves nothing of the previous one on screen: the table, the charts'
        series, Explain and Strategy are cleared (each chart keeps its axes, with no data)."""
        self.progress.setValue(0)
        message = message[:1].upper() + message[1:]
        self._set_banner(f"The analysis could not run. {escape(message)}", error=True)
        self.message_posted.emit(f"The analysis could not run: {message}")
        self.sizing = None
        self.pin_button.setEnabled(False)
        self.options.set_options([])
        for panel in self.panels.values():
            chart = panel.view.chart
            if isinstance(chart, Chart):
                panel.set_chart(chart.model_copy(update={"series": [], "reference_lines": [], "categories": []}))
        self._explained = None
        self.explain.show_option(None)
        self.strategy.clear()
        self._strategy_stale = False

    def _set_banner(self, html: str, error: bool = False) -> None:
        self.banner.setText(html)
        if self.banner.property("error") != error:  # the QSS colours the edge by this property
            self.banner.setProperty("error", error)
            self.banner.style().unpolish(self.banner)
            self.banner.style().polish(self.banner)

    def recommend_again(self) -> None:
        """The matrix's weights changed: the banner names the recommendation they make (the charts
        and strategy follow it)."""
        if self.sizing is not None and self.sizing.detailed:
            self._show_verdict(self.sizing)
            if self.chart_lead is None:
                self.lead_with(self.lead_label())

    def _update_recommendation(self, sizing) -> None:
        """The matrix's recommendation for a detailed result; a preview keeps the last one's choice
        (by label, its figures from the preview) so a drag never builds a matrix."""
        self._recommended_kind = None  # a preview's figures moved: its kind figures follow with the detail
        if not sizing.feasible:
            self.recommendation = None
        elif sizing.detailed or self.recommendation is None:
            scenario = self.sized_scenario
            if sizing.detailed and self.recommend is not None and scenario is not None:
                self.recommendation = rec = self.recommend(scenario, sizing)
                option = getattr(rec, "option", None)
                if option is not None and option != sizing.recommended and self.kind_figures is not None:
                    self._recommended_kind = self.kind_figures(scenario, option)
        else:
            label = getattr(self.recommendation, "label", None)
            option = next((o for o in sizing.options if o.label == label), None)
            if option is not None:
                self.recommendation = self.recommendation.__class__(label=label, option=option)

    def _show_verdict(self, sizing) -> None:
        from app.ui.chart_view import load_palette

        normal = load_palette("normal")  # the banner sits on the page, which stays light in workshop mode
        ok, bad = normal["series"][2], normal["reference"]
        self._update_recommendation(sizing)
        refused = self.refused_fields(self.sized_scenario.name) if self.sized_scenario is not None else []
        said = (
            f"<i>{len(refused)} field{'s' if len(refused) > 1 else ''} on the Scenarios page not valid: analysed "
            f"with the saved value{'s' if len(refused) > 1 else ''} {escape(', '.join(refused))}.</i><br>"
            if refused
            else ""
        )
        if sizing.feasible and sizing.recommended is not None:
            o, rec = sizing.recommended, self.recommendation
            label = getattr(rec, "label", "") or o.label
            o = getattr(rec, "option", None) or o  # a hosted API recommended: the cheapest design's figures
            # The matrix's choice, and the truly cheapest feasible design when that is another one
            # (D3: the engine's first option may cost up to 0.1 % more, ranked first by fewer GPUs)
            by = " (selection matrix)" if label != sizing.recommended.label else ""
            cheapest = sizing.cheapest_feasible() or sizing.recommended
            named = cheapest.label != label and (
                cheapest.cost_per_month_usd < o.cost_per_month_usd or getattr(rec, "option", None) is None
            )
            also = f" Cheapest feasible: {escape(cheapest.label)}, {cheapest.cost_summary}." if named else ""
            if named and cheapest.host_ram_unverified:
                also += " <i>Its host RAM is not verified.</i>"
            # a node whose record gives no RAM figure: feasible only if its server holds the index (D7)
            caveat = o.host_ram_unverified
            head = "Feasible if the host RAM holds the index." if caveat else "Feasible."
            also += f" <i>{escape(caveat[:1].upper() + caveat[1:])}.</i>" if caveat else ""
            self._set_banner(
                f"{said}<b style='color:{ok}'>{head}</b> Recommended{by}: <b>{escape(label)}</b> — "
                + (
                    f"{escape(trained)} ({escape(o.cost_summary)})"
                    if (trained := training_run_words(o))  # a training run: its GPUs and hours (tgui6 D3)
                    else f"{o.replicas} replica(s), {o.total_gpus} GPU(s), "
                    f"{escape(_speed_words(sizing, _is_embedding_job(self.sized_scenario), o, self._recommended_kind))}"
                    f", {o.cost_summary}"
                )
                + (f", ${o.cost_per_million_tokens_usd:,.3f} per 1M tokens " if o.priced else " ")  # unpriced: no $0
                + f"({sum(x.feasible for x in sizing.options)} of {len(sizing.options)} options feasible).{also}"
                + "".join(f" <i>{escape(n)}.</i>" for n in sizing.scope_notes)
            )
            return
        rows = "".join(
            f"<li>{_bold_title(c)}" + (f" <i>Fix: {escape(c.fix)}</i>" if c.fix else "") + "</li>"
            for c in sizing.binding_constraints
        )
        # A budget verdict says that options meet the SLA; the breached budget shows in red like any failure.
        note = " Options meet the SLA; only the budget rules them out." if sizing.error_kind == "budget" else ""
        scope = "".join(f" <i>{escape(n)}.</i>" for n in sizing.scope_notes)
        self._set_banner(
            f"{said}<b style='color:{bad}'>{escape(sizing.error or INSUFFICIENT_HARDWARE)}</b>{escape(note)}{scope}"
            f"<ul style='margin:0'>{rows}</ul>",
            error=True,
        )

    # -- linking
    def select_option(self, option_index: int) -> None:
        """Select option `option_index` in the table (and so in every plot)."""
        if not 0 <= option_index < len(self.table_model.options()):
            return
        self.table.setCurrentIndex(self.table_model.index_of_option(option_index))

    def selected_option_index(self) -> int | None:
        return self.table_model.option_index(self.table.currentIndex())

    def _restore_selection(self, sizing) -> None:
        labels = [o.label for o in sizing.options]
        if not labels:
            self._explained = None
            self._refresh_side_tab()
            for view in self.charts.values():
                view.highlight(None)
            return
        # The user's pick survives a what-if re-run while it is still offered; else the one the charts
        # lead with (the engine's pick, or the recommendation workshop mode asked for).
        # (A sizing led by another option, as workshop mode asks for, keeps that lead; else the
        # matrix's recommendation the banner names.)
        recommended = getattr(self.recommendation, "label", None)
        lead = labels.index(recommended) if recommended in labels and not sizing.chart_lead else sizing.chart_lead
        target = labels.index(self._selected_label) if self._selected_label in labels else lead
        self._auto_selecting = True
        try:
            current = self.table.currentIndex()
            if current.isValid() and self.table_model.option_index(current) == target:
                # the same row (the table was updated in place): the plots and Explain follow its new figures
                self._on_current_row_changed(current, current)
            else:
                self.select_option(target)
        finally:
            self._auto_selecting = False

    def _on_current_row_changed(self, current, _previous) -> None:
        row = self.table_model.option_index(current)
        if row is None:
            return
        for view in self.charts.values():
            view.highlight(row)
        option = self.table_model.option(row)
        if not self._auto_selecting:
            self._selected_label = option.label
        self._explained = option
        self._refresh_side_tab()

    def _refresh_side_tab(self, *_args) -> None:
        """Render only the side tab in view (rich text costs a few ms; the rest waits until shown).
        A preview has no explanations: the tab keeps the last detailed text until they come."""
        if self.sizing is not None and not self.sizing.detailed:
            return
        current = self.side_tabs.currentWidget()
        if current is self.explain and self.explain.option is not self._explained:
            self.explain.show_option(self._explained)
        elif current is self.strategy and self._strategy_stale and self.sizing is not None:
            self.strategy.setHtml(_strategy_html(self.sizing))
            self._strategy_stale = False


def _strategy_html(sizing) -> str:
    parts = []
    if sizing.strategy:
        parts.append(
            "<h4>Recommended strategy</h4><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sizing.strategy) + "</ul>"
        )
    if sizing.avoid:
        parts.append("<h4>Avoid</h4><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sizing.avoid) + "</ul>")
    if sizing.hosted:
        parts.append(
            "<h4>Hosted APIs</h4><ul>"
            + "".join(
                f"<li>{escape(h.name)}: {'image cost unknown, text alone ' if h.image_cost_unknown else ''}"
                f"${h.cost_per_month_usd:,.0f}/month, "
                + (f"${h.cost_per_run_usd:,.0f}/run, " if h.cost_per_run_usd is not None else "")
                + f"${h.cost_per_million_tokens_usd:,.3f} per 1M "
                f"tokens{'' if h.allowed else ' — not allowed: ' + escape(h.reason)}"
                + (f"; images: {escape(h.image_basis)}" if h.image_basis else "")
                + "</li>"
                for h in sizing.hosted
            )
            + "</ul>"
        )
    return "".join(parts) or "<p>No strategy notes for this result.</p>"


def _bold_title(c) -> str:
    """A binding constraint as the banner shows it: its title in bold, then the detail (the title
    once: a detail that names it already stands alone)."""
    line = c.line
    if line.startswith(c.title + ": "):
        return f"<b>{escape(c.title)}</b>: {escape(line[len(c.title) + 2 :])}"
    return escape(line)


def _is_embedding_job(scenario) -> bool:
    """Whether `scenario` (or None) is a batch job of one vector per request."""
    return bool(scenario is not None and scenario.workload.is_embedding_job)


def _speed_words(sizing, embedding: bool = False, option=None, kind=None) -> str:
    """The recommended option's speed as the latency chart shows it: a batch job's time to finish a
    run against its deadline (each request's own latency after it), else TTFT and TPOT. An embedding
    job's request returns one vector, no token stream: its latency and vectors/s, no TPOT."""
    o = option or sizing.recommended
    per_request = (
        f"latency p95 {o.e2e_p95_ms:,.0f} ms, {o.requests_per_s_per_replica:,.0f} vectors/s per replica"
        if embedding
        else f"TTFT p95 {o.ttft_p95_ms:,.0f} ms, TPOT {o.tpot_ms:,.1f} ms"
    )
    # `kind`: the workload kind's figures for `option` when that is not the engine's pick (the
    # sizing's are the pick's); without them a run's hours are left out rather than misquoted
    kind = sizing.workload_kind if o == sizing.recommended else kind
    figs = kind.figures if kind is not None and kind.kind == "batch" else {}
    hours, deadline = figs.get("completion time per run [h]"), figs.get("deadline per run [h]")
    if hours is None or deadline is None:
        return per_request
    return f"a run takes {hours:,.2f} h of its {deadline:g} h deadline (each request: {per_request})"

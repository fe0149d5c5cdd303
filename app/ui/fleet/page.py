"""The Fleet page: open or start a portfolio, edit its workloads and pools, and read the plan: the
verdict and its binding constraints, GPU demand per workload by hour against capacity (burst and
preemption marked), the placement of replicas on nodes at a chosen hour, KPIs per workload and per
team, the "fail a node" what-if and shared vs separate fleets.

Every plan comes from `app.services.fleet.FleetSession` on a worker (a first plan sizes each
workload on each pool: about a second; a re-plan after an edit ~0.1 s from the session's cache);
a newer edit supersedes a plan still running. A refused edit or a bad file is one inline message;
the portfolio shown before stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import Catalog, DomainError, Workload, parse
from app.domain.fleet_results import CHARGEBACK_RULE, CHARGEBACK_SHORT, FleetPlan
from app.domain.portfolio import DAY_NAMES, HOURS_PER_WEEK, Portfolio, PriorityClass, default_priority, hour_label
from app.services import fleet as fs
from app.services import portfolio_records as records
from app.services import portfolios
from app.services import scenarios as scenario_service
from app.services.sizing import catalog_of
from app.ui import file_dialogs
from app.ui.chart_view import ChartView, load_palette
from app.ui.fleet import results
from app.ui.fleet.document import PortfolioDocument
from app.ui.fleet.editors import FleetForm, PoolsEditor, WorkloadList
from app.ui.fleet.fields import PortfolioEditor
from app.ui.fleet.placement_view import PlacementView
from app.ui.fleet.workload_form import WorkloadForm
from app.ui.inline_message import InlineMessage
from app.ui.splitters import Splitter
from app.ui.workers import TaskRunner

PEAK = -1  # the hour choosers' "busiest hour" entry
NO_PORTFOLIO = (
    "No portfolio yet: New portfolio starts one in this project (add workloads from its scenarios or new ones, "
    "and node pools), or import a portfolio YAML or an example."
)
SIM_PROMPT = (
    "Run event simulation (SimPy) queues each serving workload's requests at its own peak hour, with priorities "
    "and one node failing a third of the way in, and sets the simulated p95 next to the plan's."
)

POOLS_PANE_SHARE = 0.6  # the most of the page the inputs pane takes to show the pool columns
WORKLOADS_SHARE = 0.4  # the most of the workloads tab the list takes to show every row
KPI_PANE_SHARE = 0.66  # the most of the page the results pane takes to show every KPI column
LAST_COLUMN_PX = 65  # [px] the pools table's last column (failure domains), which stretches
BLANK: dict[str, Any] = {  # "New": one workload and one auto-sized pool, names from the shipped catalog
    "name": "New portfolio",
    "workloads": [
        {
            "name": "New workload",
            "workload": {
                "name": "New workload",
                "category": "inference_api",
                "traffic": {"requests_per_s": 1, "peak_to_mean": 2},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"]},
            "team": "unassigned",
        }
    ],
    "fleet": {"pools": [{"name": "Pool 1", "instance": "Lambda 8x H100 SXM", "nodes": "auto"}]},
}


def _hour_box(minimum_label: str) -> QComboBox:
    box = QComboBox()
    box.addItem(minimum_label, PEAK)
    for h in range(HOURS_PER_WEEK):
        box.addItem(hour_label(h), h)
    box.setMaxVisibleItems(24)
    return box


class FleetPage(QWidget):
    message_posted = Signal(str)
    plan_shown = Signal()  # the tables and charts show the newest plan
    plan_failed = Signal(str)
    simulation_shown = Signal()  # the SimPy check of the plan shown is in the Event simulation tab

    def __init__(
        self, project: Callable[[], Any], undo_stack: QUndoStack | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.document = PortfolioDocument(self.undo_stack, self)
        self.session: fs.FleetSession | None = None
        self.plan: FleetPlan | None = None
        self._shown: Portfolio | None = None  # the portfolio the plan was asked for last
        self.runner = TaskRunner(parent=self)
        self.runner.result_ready.connect(self._on_plan_ready)
        self.runner.failed.connect(self._on_plan_failed)
        self.sim_runner = TaskRunner(parent=self)
        self.sim_runner.result_ready.connect(self._on_simulation_ready)
        self.sim_runner.failed.connect(self._on_simulation_failed)
        self.sim_runner.progressed.connect(self._on_simulation_progress)
        self.sim_runner.finished.connect(self._on_simulation_finished)

        # -- bar: the project's portfolios, files and examples
        self.page_title = QLabel("Fleet")  # a page title, as the other pages have
        self.page_title.setObjectName("pageTitle")
        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(14)
        self.new_button = QPushButton("New portfolio")
        self.portfolio_name = QLineEdit()
        self.portfolio_name.setPlaceholderText("portfolio name")
        self.portfolio_name.setToolTip(
            "The open portfolio's name. Type a name, then Rename (or Enter) to rename the open portfolio, "
            "or New portfolio to start a new one under it"
        )
        self.rename_button = QPushButton("Rename")
        self.rename_button.setToolTip("Rename the open portfolio to the name typed beside it")
        self.portfolio_name.setMinimumWidth(150)  # [px] the name reads whole at 1366 px
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.open_button = QPushButton("Import YAML…")
        self.examples = QComboBox()
        self.examples.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.examples.setMinimumContentsLength(12)
        self.examples.addItem("Add an example…", None)
        for path in fs.example_portfolios():
            self.examples.addItem(path.stem.replace("-", " "), str(path))
        self.save_button = QPushButton("Export YAML…")
        self.simulate_button = QPushButton("Run event simulation (SimPy)")
        self.simulate_button.setToolTip(
            "Queue every serving workload's requests at its own peak hour with priorities and a node failure "
            "(SimPy), and set the simulated p95 next to the plan's: a few seconds"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Portfolio:"))
        for w in (
            self.chooser, self.portfolio_name, self.rename_button, self.new_button, self.duplicate_button,
            self.delete_button, self.open_button,
        ):  # fmt: skip
            bar.addWidget(w)
        bar.addWidget(self.examples)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        title_row = QHBoxLayout()  # the check sits by the title: the bar's row is full at 1366 px
        title_row.addWidget(self.page_title)
        title_row.addStretch(1)
        title_row.addWidget(self.simulate_button)

        self.message = InlineMessage(lines=1)  # keeps its room: the tables never jump; in full in its tooltip
        self.message.hide()
        self.verdict = QLabel(NO_PORTFOLIO)
        self.verdict.setObjectName("fleetVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # -- left: the portfolio
        self.workloads = WorkloadList()
        self.workloads.scenario_names = self._scenario_names
        self.workloads.scenario_priority = self._scenario_priority
        self.form = WorkloadForm()
        self.form.scenario_workload = self._scenario_workload
        self.pools = PoolsEditor()
        self.fleet_form = FleetForm()
        self.editors: list[PortfolioEditor] = [self.workloads, self.form, self.pools, self.fleet_form]
        for editor in self.editors:
            editor.proposed.connect(self.document.edit)
            editor.refused.connect(self.message_posted)
        self.workloads.chosen.connect(self.form.show_row)
        form_scroll = self.form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.form)
        workloads_tab = self.workloads_split = Splitter(Qt.Orientation.Vertical)
        workloads_tab.addWidget(self.workloads)
        workloads_tab.addWidget(form_scroll)
        workloads_tab.setStretchFactor(1, 3)
        workloads_tab.setChildrenCollapsible(False)
        workloads_tab.setSizes([120, 520])  # the list is short; the chosen workload's form gets the room
        self._workloads_dragged = False  # a user's drag of the split is kept (no refit over it)
        workloads_tab.splitterMoved.connect(self._on_workloads_dragged)
        # planned while hidden (a window opening on another page), the split has no height yet:
        # it is fitted again when it gets one
        workloads_tab.installEventFilter(self)
        pools_tab = QWidget()
        pl = QVBoxLayout(pools_tab)
        pl.addWidget(self.pools, 1)
        pl.addWidget(self._titled("Fleet assumptions", self.fleet_form))
        self.inputs = QTabWidget()
        self.inputs.addTab(workloads_tab, "Workloads")
        self.inputs.addTab(pools_tab, "Node pools and fleet")
        # -- right: the plan
        palette = load_palette()
        self.day = QComboBox()
        self.day.addItem("Busiest day", None)
        for d, name in enumerate(DAY_NAMES):
            self.day.addItem(name, d)
        self.day.currentIndexChanged.connect(self._show_demand)
        self.demand = ChartView()
        self.demand.bar_ticks_from_categories = True  # the hours of the day, not '#rank' of an option
        self.demand.setMinimumHeight(220)
        demand_tab = self._tab([self._row(QLabel("Day:"), self.day)], self.demand)

        self.placement_hour = _hour_box("Busiest hour")
        self.placement_hour.currentIndexChanged.connect(lambda _i: self.replan())
        self.placement = PlacementView(palette["series"])
        self.placement_note = QLabel()
        self.placement_note.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.placement)
        placement_tab = self._tab(
            [self._row(QLabel("Replicas on nodes at:"), self.placement_hour)], scroll, below=[self.placement_note]
        )

        self.kpis = results.FigureTable(results.KPI_COLUMNS, tips=results.KPI_TIPS, compact=True)
        self.teams = results.FigureTable(results.TEAM_COLUMNS, tips=results.TEAM_TIPS, compact=True)
        kpi_tab = Splitter(Qt.Orientation.Vertical)
        kpi_tab.addWidget(
            self._titled(
                f"Per workload (chargeback: {CHARGEBACK_SHORT})",
                self.kpis,
                CHARGEBACK_RULE[:1].upper() + CHARGEBACK_RULE[1:] + ".",
            )
        )
        kpi_tab.addWidget(self._titled("Per team", self.teams))

        self.failure_hour = _hour_box("Busiest hour")
        self.fail_button = QPushButton("Fail a node")
        self.fail_button.setToolTip("Lose one node, and one failure domain, of each base pool at the chosen hour")
        self.fail_button.clicked.connect(self.replan)
        self.failures = results.FigureTable(results.FAILURE_COLUMNS, compact=True)
        failure_tab = self._tab([self._row(QLabel("Fail at:"), self.failure_hour, self.fail_button)], self.failures)

        self.sharing_text = QLabel()
        self.sharing_text.setWordWrap(True)
        self.sharing = results.FigureTable(results.SHARING_COLUMNS)
        sharing_tab = self._tab([self.sharing_text], self.sharing)

        self.outputs = QTabWidget()
        # Every tab in view at 1366 x 768 (the sixth, Event simulation, sat behind the scroll arrows):
        # short names, the long ones in the tabs' tooltips; a narrower pane elides them, never scrolls.
        self.outputs.setUsesScrollButtons(False)
        self.outputs.setElideMode(Qt.TextElideMode.ElideRight)
        self.outputs.addTab(demand_tab, "GPU demand")
        self.outputs.addTab(placement_tab, "Placement")
        self.outputs.addTab(kpi_tab, "KPIs")
        self.outputs.setTabToolTip(2, "KPIs and chargeback: per workload and per team")
        self.outputs.addTab(failure_tab, "Fail a node")
        self.outputs.addTab(sharing_tab, "Shared vs separate")
        self.simulation_text = QLabel(SIM_PROMPT)
        self.simulation_text.setWordWrap(True)
        self.simulation_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.simulation = results.FigureTable(results.SIMULATION_COLUMNS)
        # a long check (a minute on a busy machine) shows how far it is and can be stopped, as the
        # Analysis page's run can (GUI tester D21)
        self.sim_progress = QProgressBar()
        self.sim_progress.setRange(0, 100)
        self.sim_cancel = QPushButton("Cancel")
        self.sim_cancel.setToolTip("Stop the event simulation; the plan stays as it is")
        self.sim_cancel.clicked.connect(self.cancel_simulation)
        sim_bar = QWidget()
        sim_row = QHBoxLayout(sim_bar)
        sim_row.setContentsMargins(0, 0, 0, 0)
        sim_row.addWidget(self.sim_progress, 1)
        sim_row.addWidget(self.sim_cancel)
        self.sim_bar = sim_bar
        self.sim_bar.setVisible(False)
        self.outputs.addTab(self._tab([self.simulation_text, self.sim_bar], self.simulation), "Simulation")
        self.outputs.setTabToolTip(5, "Event simulation (SimPy) of the plan's peak hours")

        split = self.split = Splitter(Qt.Orientation.Horizontal)
        split.addWidget(self.inputs)
        split.addWidget(self.outputs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([560, 620])

        lay = QVBoxLayout(self)
        lay.addLayout(title_row)
        lay.addLayout(bar)
        lay.addWidget(self.message)
        lay.addWidget(self.verdict)
        lay.addWidget(split, 1)

        self.open_button.clicked.connect(self._choose_open)
        self.save_button.clicked.connect(self._choose_save)
        self.new_button.clicked.connect(self.new_portfolio)
        self.inputs.currentChanged.connect(self._give_pools_room)
        self.outputs.currentChanged.connect(self._give_kpis_room)
        self.pools.table.horizontalHeader().sectionResized.connect(self._give_pools_room)
        self.examples.activated.connect(self._on_example_chosen)
        self.chooser.activated.connect(lambda _i: self.document.open(self.chooser.currentText()))
        # renaming is an explicit action (Rename, or Enter in the box): leaving the box for New
        # portfolio must not rename the open one (tgui5 D8)
        self.portfolio_name.returnPressed.connect(self.rename_portfolio)
        self.rename_button.clicked.connect(self.rename_portfolio)
        self.portfolio_name.textEdited.connect(lambda _text: self._say(""))  # a refused name's message goes
        self.delete_button.clicked.connect(self.document.delete)
        self.duplicate_button.clicked.connect(self.duplicate_portfolio)
        self.simulate_button.clicked.connect(self.run_simulation)
        self.document.names_changed.connect(self._on_names_changed)
        self._known_scenarios: set[str] | None = None  # the project's scenarios, as last told
        self.document.portfolio_changed.connect(self._on_portfolio_changed)
        self.document.message_posted.connect(self._show_refusal)
        self._on_portfolio_changed(None)

    # -- layout helpers
    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        for x in widgets:
            lay.addWidget(x)
        lay.addStretch(1)
        return w

    @staticmethod
    def _tab(top: list[QWidget], body: QWidget, below: list[QWidget] | None = None) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        for x in top:
            lay.addWidget(x)
        lay.addWidget(body, 1)
        for x in below or []:
            lay.addWidget(x)
        return w

    @staticmethod
    def _titled(title: str, body: QWidget, tip: str = "") -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 4, 0, 0)
        label = QLabel(title)
        label.setWordWrap(True)
        if tip:
            label.setToolTip(tip)
        lay.addWidget(label)
        lay.addWidget(body, 1)
        return w

    # -- the project and its portfolios
    def set_project(self, project: Any) -> None:
        """Show `project`'s portfolios (the window calls this when a project is opened)."""
        self.runner.cancel()
        self.sim_runner.cancel()
        self.session = None
        catalog = None
        if project is not None:
            try:
                catalog = catalog_of(project)
            except DomainError as exc:
                self._show_refusal(str(exc))
        self.refresh_catalog(catalog)
        self.document.set_project(project)

    def refresh_catalog(self, catalog: Catalog | None) -> None:
        """Offer the catalog's models, hosted APIs and node types (records added or edited meanwhile)."""
        for editor in (self.form, self.pools):
            editor.set_catalog(catalog)
        self.workloads.default_model = next((m.name for m in catalog.models), None) if catalog else None
        self.session = None  # the next plan reads the catalog as it is now

    def _scenario_names(self) -> list[str]:
        project = self._project()
        try:
            return scenario_service.list_scenarios(project) if project is not None else []
        except DomainError as exc:
            self._show_refusal(str(exc))
            return []

    def _scenario_workload(self, name: str) -> Workload | None:
        project = self._project()
        try:
            return scenario_service.open_scenario(project, name).workload if project is not None else None
        except DomainError:
            return None

    def _scenario_priority(self, name: str) -> PriorityClass:
        workload = self._scenario_workload(name)
        return default_priority(workload) if workload is not None else PriorityClass.INTERACTIVE

    def _ensure_project(self) -> bool:
        project = self._project()
        if project is None:
            self._show_refusal("Open a project first: portfolios are saved in it.")
            return False
        if project is not self.document.project:
            self.set_project(project)
        return True

    def new_portfolio(self) -> bool:
        """A new portfolio in the project (one new workload written here, one pool sized for me)."""
        if not self._ensure_project():
            return False
        # the name typed in the box, unless it is the open portfolio's own (then the default name)
        typed = self.portfolio_name.text().strip()
        if self.document.portfolio is not None and typed == self.document.portfolio.name:
            typed = ""
        data = dict(BLANK, name=records.unique_name(self.document.names, typed or "New portfolio"))
        self.document.add(parse(Portfolio, data, what="new portfolio"), f"New portfolio {data['name']}")
        return self.document.portfolio is not None and self.document.portfolio.name == data["name"]

    def duplicate_portfolio(self) -> bool:
        """A copy of the open portfolio under a free name ('X (copy)'), opened: a variant to try."""
        p = self.document.portfolio
        if p is None or not self._ensure_project():
            return False
        copy = p.edited(name=records.unique_name(self.document.names, f"{p.name} (copy)"))
        self.document.add(copy, f"Duplicate portfolio {p.name}")
        return self.document.portfolio is copy

    def open_portfolio(self, path: str | Path) -> bool:
        """Import the portfolio YAML at `path` into the project and plan it. A bad file: one message;
        the page keeps what it had. A workload read from a scenario file keeps its file's full path."""
        if not self._ensure_project():
            return False
        project = self._project()
        try:
            portfolio = portfolios.read_portfolio_yaml(project, path)  # scenario files made absolute, a free name
            fs.FleetSession(project, portfolio, portfolios.base_dir(project))  # every name checked before it is kept
        except DomainError as exc:
            self._show_refusal(str(exc))
            return False
        self.document.add(portfolio, f"Import portfolio {portfolio.name}")
        return self.document.portfolio is portfolio

    def set_portfolio(self, portfolio: Portfolio, path: Path | None = None) -> bool:
        """Keep `portfolio` in the project (a new one) and plan it."""
        if not self._ensure_project():
            return False
        self.document.add(portfolio, f"Add portfolio {portfolio.name}")
        return self.document.portfolio is portfolio

    @property
    def portfolio(self) -> Portfolio | None:
        return self.document.portfolio

    def _on_names_changed(self, names: list[str]) -> None:
        self.chooser.clear()
        self.chooser.addItems(names)
        self.chooser.setEnabled(bool(names))

    def _give_pools_room(self, *_args: object) -> None:
        """The pools tab in view: the inputs pane widened to show every pool column (a long node
        type whole), up to POOLS_PANE_SHARE of the page; a wide enough pane is left as it is."""
        if self.inputs.currentWidget() is None or not self.inputs.currentWidget().isAncestorOf(self.pools):
            return
        sizes, table = self.split.sizes(), self.pools.table
        total = sum(sizes)
        columns = sum(table.columnWidth(c) for c in range(table.columnCount() - 1)) + LAST_COLUMN_PX
        chrome = self.inputs.width() - table.viewport().width()
        want = min(columns + max(chrome, 0), int(total * POOLS_PANE_SHARE))
        if total > 0 and sizes[0] < want:
            self.split.setSizes([want, total - want])

    def _on_workloads_dragged(self, _pos: int, _index: int) -> None:
        self._workloads_dragged = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_workloads_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.workloads_split and event.type() == QEvent.Type.Resize:
            self._fit_workloads_height()
        return super().eventFilter(watched, event)

    def _fit_workloads_height(self) -> None:
        """The workload list as tall as its rows, up to WORKLOADS_SHARE of the tab (the form below
        keeps the rest): at 1366 x 768 the fixed 120 px cut the third of four rows in half."""
        split, table = self.workloads_split, self.workloads.table
        total = sum(split.sizes())
        if self._workloads_dragged or total <= 0 or table.rowCount() == 0:
            return
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        frame = 2 * table.frameWidth() + (
            table.horizontalScrollBar().height() if table.horizontalScrollBar().isVisible() else 0
        )
        lay = self.workloads.layout()
        first = lay.itemAt(0) if lay is not None else None
        above = (first.sizeHint().height() + lay.spacing()) if lay is not None and first is not None else 0
        header = max(table.horizontalHeader().height(), table.horizontalHeader().sizeHint().height())
        want = min(above + header + rows + frame, int(total * WORKLOADS_SHARE))
        want = max(want, self.workloads.minimumHeight())
        if split.sizes()[0] != want:
            split.blockSignals(True)
            split.setSizes([want, total - want])
            split.blockSignals(False)

    def _give_kpis_room(self, *_args: object) -> None:
        """The KPI tab (or the failure tab) in view: the results pane widened by what its compact
        tables' columns still lack once their text columns are narrowed (`FigureTable.fit_columns`),
        up to KPI_PANE_SHARE of the page, so no column needs scrolling to at 1366 x 768."""
        current = self.outputs.currentWidget()
        if current is None:
            return
        tables = [t for t in (self.kpis, self.teams, self.failures) if current.isAncestorOf(t)]
        if not tables:
            return
        sizes, table = self.split.sizes(), tables[0]
        for t in tables:
            t.fit_columns()
        lack = max(t.columns_width() for t in tables) - (table.viewport().width() - 1)
        total = sum(sizes)
        want = min(sizes[1] + lack, int(total * KPI_PANE_SHARE))
        if total > 0 and lack > 0 and sizes[1] < want:
            self.split.setSizes([total - want, want])

    def rename_portfolio(self) -> None:
        """Rename the open portfolio to the name in the box (Rename, or Enter in the box)."""
        p = self.document.portfolio
        name = self.portfolio_name.text().strip()
        if p is None or name == p.name:  # none open: the name waits for New portfolio
            return
        try:
            new = p.edited(name=name)
        except DomainError as exc:
            self._show_refusal(str(exc))
            self.portfolio_name.setText(p.name)
            return
        self.document.edit(new, f"Rename portfolio {p.name}")

    def _on_portfolio_changed(self, portfolio: Portfolio | None) -> None:
        for editor in self.editors:
            editor.set_portfolio(portfolio)
        self.form.show_row(max(self.workloads.table.currentRow(), 0))
        self._fit_workloads_height()
        has = portfolio is not None
        for w in (
            self.rename_button, self.duplicate_button, self.delete_button, self.save_button, self.simulate_button,
            self.inputs,
        ):  # fmt: skip
            w.setEnabled(has)
        # with no portfolio open the name box names the next New one (typed first, then New)
        self.portfolio_name.setPlaceholderText("portfolio name" if has else "new portfolio name")
        if portfolio is None:
            self._shown = None
            self.portfolio_name.setText("")
            self.plan = None
            self.verdict.setText(NO_PORTFOLIO)
            return
        self.portfolio_name.setText(portfolio.name)
        if portfolio.name in self.document.names:
            self.chooser.setCurrentIndex(self.document.names.index(portfolio.name))
        if portfolio is self._shown:  # a refused edit: the views show the kept one again, its message stays
            return
        self._shown = portfolio
        self._say("")
        self.replan()

    def _choose_open(self) -> None:
        path = file_dialogs.open_path(self, "Import portfolio", [file_dialogs.YAML, file_dialogs.ALL_FILES])
        if path:
            self.open_portfolio(path)

    def _on_example_chosen(self, index: int) -> None:
        path = self.examples.itemData(index)
        self.examples.setCurrentIndex(0)
        if path:
            self.open_portfolio(path)

    def _choose_save(self) -> None:
        if self.portfolio is None:
            return
        path = file_dialogs.save_path(self, "Export portfolio as", [file_dialogs.YAML])
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        if self.portfolio is None:
            return False
        try:
            written = fs.save_portfolio(self.portfolio, path)
        except (DomainError, OSError) as exc:
            self._show_refusal(f"Could not save the portfolio: {exc}")
            return False
        self.message_posted.emit(f"Portfolio saved as {written}")
        return True

    # -- planning
    def on_scenarios_changed(self, names: list[str]) -> None:
        """The project's scenario names changed (one deleted, restored by Undo, renamed): a portfolio
        whose workloads read a scenario that came or went is planned again from the project as it
        is now, so no stale plan stays on screen (GUI tester D16)."""
        old, self._known_scenarios = self._known_scenarios, set(names)
        portfolio = self.document.portfolio
        if old is None or portfolio is None:
            return
        used = {w.scenario for w in portfolio.workloads if w.scenario}
        if not used & (old ^ self._known_scenarios):
            return
        self.session = None  # the session read the scenarios as they were
        self._say("")
        self.replan()

    def replan(self) -> None:
        """Plan the portfolio as it is now on a worker (a newer call supersedes a running one)."""
        portfolio, project = self.document.portfolio, self._project()
        if portfolio is None or project is None:
            return
        if self.session is None:
            try:
                self.session = fs.FleetSession(project, portfolio, portfolios.base_dir(project))
            except DomainError as exc:
                self._show_refusal(str(exc))
                self.verdict.setText(f"Not planned: {exc}")
                return
        session = self.session
        fail_at = self.failure_hour.currentData()
        place_at = self.placement_hour.currentData()

        def work(progress, cancelled) -> FleetPlan:  # type: ignore[no-untyped-def]
            return session.plan(
                portfolio,
                failure_hour=None if fail_at == PEAK else fail_at,
                placement_hour=None if place_at == PEAK else place_at,
            )

        self.verdict.setText(self.verdict.text() if self.plan else "Planning…")
        self.runner.start(work)

    def run_simulation(self) -> None:
        """The SimPy check of the plan shown, on a worker (seconds); its words and figures go to the
        Event simulation tab."""
        if self.plan is None:
            self._show_refusal("Plan the portfolio first: the event simulation checks a plan.")
            return
        # the plan alone: a new catalog (as after reopening the project) drops the session, not the plan
        plan = self.plan
        self.simulation_text.setText("Simulating each serving workload at its peak hour with SimPy…")
        self.simulation.set_rows([])
        self.outputs.setCurrentIndex(self.outputs.count() - 1)
        self.sim_progress.setValue(0)
        self.sim_progress.setFormat("Starting…")
        self.sim_bar.setVisible(True)
        self.simulate_button.setEnabled(False)  # one check at a time: the running one shows its progress
        self.sim_runner.start(lambda progress, cancelled: fs.FleetSession.simulate(plan, progress, cancelled))

    def cancel_simulation(self) -> None:
        """Stop the running event simulation; its result, if it still comes, is dropped."""
        if self.sim_runner.busy:
            self.sim_runner.cancel()
            self.simulation_text.setText("Event simulation cancelled: run it again to check the plan.")
            self._on_simulation_finished()

    def _on_simulation_progress(self, fraction: float, words: str) -> None:
        self.sim_progress.setValue(int(fraction * 100))
        self.sim_progress.setFormat(f"{words} – %p%" if words else "%p%")

    def _on_simulation_finished(self) -> None:
        self.sim_bar.setVisible(False)
        self.simulate_button.setEnabled(self.document.portfolio is not None)

    def _on_simulation_ready(self, plan: FleetPlan) -> None:
        if self.plan is None or plan.portfolio != self.plan.portfolio:
            return
        self.simulation_text.setText(results.simulation_summary(plan))
        self.simulation.set_rows(results.simulation_rows(plan))
        self.simulation_shown.emit()

    def _on_simulation_failed(self, message: str) -> None:
        self.simulation_text.setText(f"The event simulation stopped: {message}")
        self._show_refusal(message)

    def _on_plan_failed(self, message: str) -> None:
        self._show_refusal(message)
        self.plan_failed.emit(message)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_refusal(self, message: str) -> None:
        self._say(message)
        self.message_posted.emit(message)

    def _on_plan_ready(self, plan: FleetPlan) -> None:
        self.plan = plan
        self.sim_runner.cancel()
        self.simulation_text.setText(SIM_PROMPT)  # a check of the plan before would not be this plan's
        self.simulation.set_rows([])
        self.verdict.setText(results.verdict_text(plan))
        self._show_demand()
        names = [s.name for s in self.demand.chart.series] if self.demand.chart else []
        self.placement.set_nodes(plan.placement, names)
        self.placement_note.setText(
            f"At {plan.placement_hour_label}: {len(plan.placement)} node(s) in use. Hover a GPU for its replica."
        )
        self.kpis.set_rows(results.kpi_rows(plan))
        self.teams.set_rows(results.team_rows(plan))
        self.failures.set_rows(results.failure_rows(plan))
        self._give_kpis_room()
        self.sharing_text.setText(results.sharing_summary(plan))
        self.sharing.set_rows(results.sharing_rows(plan))
        self.plan_shown.emit()

    def _show_demand(self, *_args: object) -> None:
        if self.plan is None:
            return
        chart = fs.demand_chart(self.plan, self.day.currentData())
        self.demand.set_chart(chart)  # its bars labelled by hour, as many as fit (ChartView._set_bar_ticks)

    def shutdown(self) -> None:
        self.runner.cancel()
        self.sim_runner.cancel()

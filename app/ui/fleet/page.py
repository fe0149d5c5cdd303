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

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import DomainError, parse
from app.domain.fleet_results import FleetPlan
from app.domain.portfolio import DAY_NAMES, HOURS_PER_WEEK, Portfolio, hour_label
from app.services import fleet as fs
from app.ui import file_dialogs
from app.ui.chart_view import ChartView, load_palette
from app.ui.fleet import results
from app.ui.fleet.editors import PoolsEditor, WorkloadsEditor
from app.ui.fleet.placement_view import PlacementView
from app.ui.inline_message import InlineMessage
from app.ui.workers import TaskRunner

PEAK = -1  # the hour choosers' "busiest hour" entry

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

    def __init__(self, project: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.session: fs.FleetSession | None = None
        self.portfolio: Portfolio | None = None
        self.path: Path | None = None
        self.plan: FleetPlan | None = None
        self.runner = TaskRunner(parent=self)
        self.runner.result_ready.connect(self._on_plan_ready)
        self.runner.failed.connect(self._on_plan_failed)

        # -- bar: files and examples
        self.open_button = QPushButton("Open portfolio…")
        self.examples = QComboBox()
        self.examples.addItem("Start from an example…", None)
        for path in fs.example_portfolios():
            self.examples.addItem(path.stem.replace("-", " "), str(path))
        self.new_button = QPushButton("New")
        self.save_button = QPushButton("Save as…")
        self.save_button.setEnabled(False)
        self.title = QLabel("No portfolio open")
        self.title.setObjectName("fleetTitle")
        bar = QHBoxLayout()
        for w in (self.open_button, self.examples, self.new_button, self.save_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)

        self.message = InlineMessage(lines=2)  # keeps its room: the tables never jump
        self.message.hide()
        self.verdict = QLabel("Open a portfolio (a YAML file) or start from an example to plan a shared fleet.")
        self.verdict.setObjectName("fleetVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # -- left: the portfolio
        self.workloads = WorkloadsEditor()
        self.pools = PoolsEditor()
        for editor in (self.workloads, self.pools):
            editor.edited.connect(self._on_edited)
            editor.refused.connect(self._show_refusal)
        self.inputs = QTabWidget()
        self.inputs.addTab(self.workloads, "Workloads")
        self.inputs.addTab(self.pools, "Node pools")

        # -- right: the plan
        palette = load_palette()
        self.day = QComboBox()
        self.day.addItem("Busiest day", None)
        for d, name in enumerate(DAY_NAMES):
            self.day.addItem(name, d)
        self.day.currentIndexChanged.connect(self._show_demand)
        self.demand = ChartView()
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

        self.kpis = results.FigureTable(results.KPI_COLUMNS)
        self.teams = results.FigureTable(results.TEAM_COLUMNS)
        kpi_tab = QSplitter(Qt.Orientation.Vertical)
        kpi_tab.addWidget(self._titled("Per workload (chargeback shares each pool's cost by GPU-hours)", self.kpis))
        kpi_tab.addWidget(self._titled("Per team", self.teams))

        self.failure_hour = _hour_box("Busiest hour")
        self.fail_button = QPushButton("Fail a node")
        self.fail_button.setToolTip("Lose one node, and one failure domain, of each base pool at the chosen hour")
        self.fail_button.clicked.connect(self.replan)
        self.failures = results.FigureTable(results.FAILURE_COLUMNS)
        failure_tab = self._tab([self._row(QLabel("Fail at:"), self.failure_hour, self.fail_button)], self.failures)

        self.sharing_text = QLabel()
        self.sharing_text.setWordWrap(True)
        self.sharing = results.FigureTable(results.SHARING_COLUMNS)
        sharing_tab = self._tab([self.sharing_text], self.sharing)

        self.outputs = QTabWidget()
        self.outputs.addTab(demand_tab, "GPU demand")
        self.outputs.addTab(placement_tab, "Placement")
        self.outputs.addTab(kpi_tab, "KPIs and chargeback")
        self.outputs.addTab(failure_tab, "Fail a node")
        self.outputs.addTab(sharing_tab, "Shared vs separate")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.inputs)
        split.addWidget(self.outputs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([540, 640])

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.message)
        lay.addWidget(self.verdict)
        lay.addWidget(split, 1)

        self.open_button.clicked.connect(self._choose_open)
        self.save_button.clicked.connect(self._choose_save)
        self.new_button.clicked.connect(self.new_portfolio)
        self.examples.activated.connect(self._on_example_chosen)

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
    def _titled(title: str, body: QWidget) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 4, 0, 0)
        label = QLabel(title)
        label.setWordWrap(True)
        lay.addWidget(label)
        lay.addWidget(body, 1)
        return w

    # -- portfolios in

    def open_portfolio(self, path: str | Path) -> bool:
        """Read and check `path`, then plan it. A bad file: one message; the page keeps what it had."""
        try:
            portfolio = fs.load_portfolio(path)
        except DomainError as exc:
            self._show_refusal(str(exc))
            return False
        return self.set_portfolio(portfolio, Path(path))

    def new_portfolio(self) -> bool:
        return self.set_portfolio(parse(Portfolio, BLANK, what="new portfolio"), None)

    def set_portfolio(self, portfolio: Portfolio, path: Path | None) -> bool:
        base = path.parent if path is not None else Path.cwd()
        project = self._project()
        if project is None:
            self._show_refusal("Open a project first: the portfolio's names are checked against its catalog.")
            return False
        try:
            session = fs.FleetSession(project, portfolio, base)
        except DomainError as exc:
            self._show_refusal(str(exc))
            return False
        self.session, self.portfolio, self.path = session, portfolio, path
        self.title.setText(f"{portfolio.name}" + (f" — {path.name}" if path else " (not saved)"))
        self.save_button.setEnabled(True)
        self.workloads.set_portfolio(portfolio)
        self.pools.set_portfolio(portfolio)
        self._say("")
        self.replan()
        return True

    def _choose_open(self) -> None:
        path = file_dialogs.open_path(self, "Open portfolio", [file_dialogs.YAML, file_dialogs.ALL_FILES])
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
        path = file_dialogs.save_path(self, "Save portfolio as", [file_dialogs.YAML])
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
    def _on_edited(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.workloads.portfolio = self.pools.portfolio = portfolio
        self._say("")
        self.replan()

    def replan(self) -> None:
        """Plan the portfolio as it is now on a worker (a newer call supersedes a running one)."""
        if self.session is None or self.portfolio is None:
            return
        session, portfolio = self.session, self.portfolio
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
        self.sharing_text.setText(results.sharing_summary(plan))
        self.sharing.set_rows(results.sharing_rows(plan))
        self.plan_shown.emit()

    def _show_demand(self, *_args: object) -> None:
        if self.plan is None:
            return
        chart = fs.demand_chart(self.plan, self.day.currentData())
        self.demand.set_chart(chart)
        step = 3  # every third hour labelled: 24 labels do not fit a half-width chart
        self.demand.getAxis("bottom").setTicks([[(i, c) for i, c in enumerate(chart.categories) if i % step == 0], []])

    def shutdown(self) -> None:
        self.runner.cancel()

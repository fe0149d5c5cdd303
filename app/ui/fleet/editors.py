"""The portfolio's list editors: its workloads (a list to choose one from, add from the project's
scenarios or new, remove), its node pools (a table of fields, add, remove) and the fleet's
assumptions. Each change proposes a validated copy of the portfolio as one undoable edit; a
refused value is said next to its field (or under the pools table) and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import Assumptions, Catalog, Workload, parse
from app.domain.hardware import Deployment
from app.domain.portfolio import NodePool, Portfolio, PortfolioWorkload, PriorityClass
from app.services.portfolio_records import unique_name
from app.ui.fleet.fields import PortfolioEditor, workload_source
from app.ui.fleet.number_box import NumberBox
from app.ui.inline_message import InlineMessage

WORKLOAD_COLUMNS = ["Workload", "Source", "Priority", "Team"]
POOL_COLUMNS = ["Pool", "Node type", "Nodes", "Max nodes", "Burst", "$/node-h", "Domains"]
POOL_COLUMN_TIPS = [
    "The pool's name", "The node type (catalog instance); the full name is in the box's tooltip",
    "Nodes owned, or sized for the portfolio", "Most nodes a sized pool may take", "Rented by the hour when needed",
    "Price per node-hour [USD]; the catalog's when empty", "Failure domains (racks or zones) the nodes are spread over",
]  # fmt: skip
# [px] start widths, the node type taking what is left: all of it fits the pane at 1366 px, no
# sideways scrolling; the user may drag the others
POOL_COLUMN_PX = [90, 0, 115, 85, 45, 80, 65]
NODE_TYPE_COLUMN = 1
NODE_TYPE_MIN_PX = 190  # [px] 'Lambda 8x H100 SXM' in its box
SIZE_IT = "size it for me"
NO_LIMIT = "no limit"
CATALOG_PRICE = "catalog's"
AUTO = -1  # the nodes field's value for "size it for me"
FROM_REGIONS = -1  # the grid field's value for "from each pool's region" (no site grid)


def new_workload(name: str, model: str | None) -> PortfolioWorkload:
    """A serving workload written in the portfolio: round placeholders the architect overwrites
    (1 req/s at a 2x peak, 1,000 tokens in, 200 out, TTFT p95 1 s); none is a catalog figure."""
    workload = Workload.model_validate(
        {
            "name": name,
            "category": "inference_api",
            "traffic": {"requests_per_s": 1, "peak_to_mean": 2},
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 1000},
        }
    )
    candidates = {"models": [model]} if model else None
    return PortfolioWorkload.model_validate({"name": name, "workload": workload, "candidates": candidates})


class WorkloadList(PortfolioEditor):
    """The workloads of the portfolio; `chosen(row)` when one is selected."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario_names: Callable[[], list[str]] = list  # the project's scenarios, asked when the menu opens
        # the priority a scenario gets when added (by its kind: batch, training, interactive)
        self.scenario_priority: Callable[[str], PriorityClass] = lambda _name: PriorityClass.INTERACTIVE
        self.default_model: str | None = None
        self.table = QTableWidget(0, len(WORKLOAD_COLUMNS))
        self.table.setHorizontalHeaderLabels(WORKLOAD_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Source (elided in the middle, whole in its tooltip) takes what the other columns leave: at
        # 1366 x 768 the table scrolled sideways and cut the team's name
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WORKLOAD_COLUMNS.index("Source"), QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(110)
        self.add_menu = QMenu(self)
        # A push button with a menu keeps room for its arrow beside the text (the instant-popup
        # tool button drew the arrow over the last letter), as the Scenarios page's New scenario.
        self.add_button = QPushButton("Add workload")
        self.add_button.setMenu(self.add_menu)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.remove_button = QPushButton("Remove workload")
        self.message = InlineMessage(lines=1, objectName="fieldMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.message, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._on_current(row))
        self.remove_button.clicked.connect(self.remove_current)
        self.refused.connect(self.message.setText)

    def load(self, portfolio: Portfolio | None) -> None:
        rows = portfolio.workloads if portfolio else []
        keep = self.table.currentRow()
        self.table.setRowCount(len(rows))
        for r, w in enumerate(rows):
            source = workload_source(w)
            for c, text in enumerate([w.label, source, w.priority.value.replace("_", " "), w.team]):
                item = QTableWidgetItem(text)
                item.setToolTip(f"file {w.file}" if c == 1 and w.file else text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.remove_button.setEnabled(bool(rows))
        self.add_button.setEnabled(portfolio is not None)
        if rows:
            self.table.setCurrentCell(min(max(keep, 0), len(rows) - 1), 0)

    def _on_current(self, row: int) -> None:
        if row >= 0:
            self.chosen.emit(row)

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        self.add_menu.addAction("New workload written here", self.add_new)
        names = self.scenario_names()
        sub = self.add_menu.addMenu("From a scenario of this project")
        sub.setEnabled(bool(names))
        for name in names:
            sub.addAction(name.replace("&", "&&"), partial(self.add_scenario, name))  # "R&D": "&" is no mnemonic

    def _add(self, base: str, entry_for: Callable[[str], PortfolioWorkload], text: str) -> None:
        def make(p: Portfolio) -> Portfolio:
            entry = entry_for(unique_name([w.label for w in p.workloads], base))
            return p.edited(workloads=[*p.workloads, entry])

        if self.propose("add", make, text):
            self.message.setText("")
            self.table.setCurrentCell(self.table.rowCount() - 1, 0)

    def add_new(self) -> None:
        """A new inline serving workload, named 'New workload' (2, 3 … when taken)."""
        self._add("New workload", lambda name: new_workload(name, self.default_model), "Add a new workload")

    def add_scenario(self, scenario: str) -> None:
        """The project's scenario `scenario` as a workload of the portfolio."""
        priority = self.scenario_priority(scenario)
        self._add(
            scenario,
            lambda name: PortfolioWorkload(name=name, scenario=scenario, priority=priority),
            f"Add scenario {scenario}",
        )

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if self.portfolio is None or not 0 <= row < len(self.portfolio.workloads):
            return
        if len(self.portfolio.workloads) == 1:
            self.message.setText("A portfolio keeps at least one workload: add another before removing this one.")
            return
        label = self.portfolio.workloads[row].label
        workloads = [w for i, w in enumerate(self.portfolio.workloads) if i != row]
        self.propose("remove", lambda p: p.edited(workloads=workloads), f"Remove workload {label}")


class PoolsEditor(PortfolioEditor):
    """The node pools: a row of fields each; add and remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instances: list[str] = []
        self.catalog: Catalog | None = None
        self.table = QTableWidget(0, len(POOL_COLUMNS))
        self.table.setHorizontalHeaderLabels(POOL_COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the node type as wide as the longest one in use (`_fit_node_type`; at 1366 px it was cut),
        # the last column taking what is left on a wide screen
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, px in enumerate(POOL_COLUMN_PX):
            header = self.table.horizontalHeaderItem(c)
            if header is not None:  # set by setHorizontalHeaderLabels above
                header.setToolTip(POOL_COLUMN_TIPS[c])
            self.table.setColumnWidth(c, px or NODE_TYPE_MIN_PX)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.add_button = QPushButton("Add pool")
        self.add_burst_button = QPushButton("Add burst pool")
        self.remove_button = QPushButton("Remove pool")
        self.message = InlineMessage(lines=1, objectName="fieldMessage")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.add_burst_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        self.add_button.clicked.connect(lambda: self.add_pool(burst=False))
        self.add_burst_button.clicked.connect(lambda: self.add_pool(burst=True))
        self.remove_button.clicked.connect(self.remove_current)
        self.refused.connect(self.message.setText)

    def set_catalog(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self.instances = [i.name for i in catalog.instances] if catalog else []
        self.set_portfolio(self.portfolio)

    def load(self, portfolio: Portfolio | None) -> None:
        pools = portfolio.fleet.pools if portfolio else []
        self.table.setRowCount(len(pools))
        for r, p in enumerate(pools):
            name = QLineEdit(p.name)
            name.editingFinished.connect(lambda row=r, e=name: self._edit(row, "Rename pool", name=e.text()))
            self.table.setCellWidget(r, 0, name)
            kind = QComboBox()
            kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            kind.setMinimumContentsLength(8)
            kind.setToolTip(p.instance)
            for i in self.instances if p.instance in self.instances else [p.instance, *self.instances]:
                kind.addItem(i, i)
            kind.setCurrentIndex(kind.findData(p.instance))
            kind.activated.connect(lambda _i, row=r, b=kind: self._edit(row, "Set node type", instance=b.currentData()))
            self.table.setCellWidget(r, 1, kind)
            nodes = NumberBox(shown=(0, 100_000), words={AUTO: SIZE_IT})
            nodes.setValue(-1 if p.nodes == "auto" else int(p.nodes))
            nodes.valueChanged.connect(lambda v, row=r: self._on_nodes(row, v))
            self.table.setCellWidget(r, 2, nodes)
            most = NumberBox(shown=(0, 100_000), words={0: NO_LIMIT})
            most.setValue(p.max_nodes or 0)
            most.setEnabled(p.nodes == "auto")
            most.valueChanged.connect(lambda v, row=r: self._edit(row, "Set most nodes", max_nodes=int(v) or None))
            self.table.setCellWidget(r, 3, most)
            burst = QCheckBox()
            burst.setChecked(p.burst)
            burst.toggled.connect(lambda on, row=r: self._edit(row, "Set burst", burst=on))
            self.table.setCellWidget(r, 4, burst)
            price = NumberBox(2, shown=(0, 1e6), words={0: CATALOG_PRICE})
            price.setValue(p.price_usd_per_hour or 0)
            price.valueChanged.connect(lambda v, row=r: self._edit(row, "Set price", price_usd_per_hour=v or None))
            self.table.setCellWidget(r, 5, price)
            domains = NumberBox(shown=(1, 1000))
            domains.setValue(p.failure_domains)
            domains.valueChanged.connect(
                lambda v, row=r: self._edit(row, "Set failure domains", failure_domains=int(v))
            )
            self.table.setCellWidget(r, 6, domains)
        self._fit_node_type([p.instance for p in pools])
        self.remove_button.setEnabled(len(pools) > 1)
        for b in (self.add_button, self.add_burst_button):
            b.setEnabled(portfolio is not None and bool(self.instances))

    def _fit_node_type(self, names: list[str]) -> None:
        """The node type column wide enough for each pool's node type whole, in its box (text,
        frame and arrow), never narrower than NODE_TYPE_MIN_PX; the table scrolls sideways instead."""
        box = self.table.cellWidget(0, NODE_TYPE_COLUMN) if names else None
        if not isinstance(box, QComboBox):
            return
        metrics = box.fontMetrics()
        text = max(metrics.horizontalAdvance(n) for n in names)
        # the box's chrome (frame, margins, arrow): its size hint less its minimum contents ('X' x 8, Qt's rule)
        chrome = box.sizeHint().width() - metrics.horizontalAdvance("X" * box.minimumContentsLength())
        want = max(NODE_TYPE_MIN_PX, text + chrome)
        if self.table.columnWidth(NODE_TYPE_COLUMN) < want:
            self.table.setColumnWidth(NODE_TYPE_COLUMN, want)

    def _replace(self, portfolio: Portfolio, row: int, pool: NodePool) -> Portfolio:
        pools = list(portfolio.fleet.pools)
        pools[row] = pool
        return portfolio.edited(fleet=portfolio.fleet.edited(pools=pools))

    def _edit(self, row: int, text: str, **changes: Any) -> None:
        if self.portfolio is None or self._loading:
            return
        pool = self.portfolio.fleet.pools[row]
        if self.propose("pool", lambda p: self._replace(p, row, pool.edited(**changes)), f"{text} of pool {pool.name}"):
            self.message.setText("")

    def _on_nodes(self, row: int, value: float) -> None:
        if value == AUTO:
            self._edit(row, "Size for me", nodes="auto")
        else:  # any other number, negative too, goes to the pool's validation: a refusal is said
            self._edit(row, "Set nodes", nodes=int(value), max_nodes=None)

    def add_pool(self, burst: bool) -> None:
        if self.portfolio is None or not self.instances:
            return
        fleet = self.portfolio.fleet
        base = "Burst" if burst else "Pool"
        name = unique_name([p.name for p in fleet.pools], f"{base} {len(fleet.pools) + 1}")
        instance = fleet.pools[-1].instance if fleet.pools else self.instances[0]
        if burst:
            instance = self._burst_instance(instance)
        pool = NodePool(name=name, instance=instance, nodes="auto", burst=burst)
        self.propose("pool", lambda p: p.edited(fleet=fleet.edited(pools=[*fleet.pools, pool])), f"Add pool {name}")

    def _burst_instance(self, last: str) -> str:
        """A burst pool rents by the hour: a cloud instance, the one with the last pool's
        accelerator (and count) when the catalog has one, else the first cloud instance."""
        if self.catalog is None:
            return last
        cloud = [i for i in self.catalog.instances if i.deployment == Deployment.CLOUD]
        ref = next((i for i in self.catalog.instances if i.name == last), None)
        if ref is None or not cloud:
            return cloud[0].name if cloud else last
        same = [i for i in cloud if i.accelerator == ref.accelerator]
        exact = [i for i in same if i.accelerator_count == ref.accelerator_count]
        return (exact or same or cloud)[0].name

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if self.portfolio is None or not 0 <= row < len(self.portfolio.fleet.pools):
            self.message.setText("Choose the pool to remove (click its row).")
            return
        fleet = self.portfolio.fleet
        gone = fleet.pools[row].name
        pools = [p for i, p in enumerate(fleet.pools) if i != row]
        # workloads kept to the removed pool may run on any pool left
        workloads = [w.edited(pools=[n for n in w.pools if n != gone]) for w in self.portfolio.workloads]
        if self.propose(
            "pool", lambda p: p.edited(workloads=workloads, fleet=fleet.edited(pools=pools)), f"Remove pool {gone}"
        ):
            self.message.setText("")


class FleetForm(PortfolioEditor):
    """The fleet's assumptions: reserve for failures, utilisation ceiling, availability target, and
    the electricity price and PUE its on-prem pools are priced at: the portfolio's own, never a
    scenario's (the plan's notes name a scenario that assumes others)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # any number typed reaches the portfolio's validation, which says the range (never clamped)
        self.max_util = NumberBox(0, 5, shown=(1, 100))
        self.reserve = NumberBox(shown=(0, 10_000))
        self.availability = NumberBox(3, shown=(50, 99.999))
        self.electricity = NumberBox(3, 0.01, shown=(0, 10))
        self.pue = NumberBox(2, 0.05, shown=(1, 5))
        # the owned site's grid intensity for the KPIs' CO2e: pools whose region has no catalog figure (an
        # on-prem pool has no region); a region's figure is never replaced. The lowest value reads "from each
        # pool's region" (None: regions' figures only)
        self.grid = NumberBox(0, 10, shown=(0, 2000), words={FROM_REGIONS: "from each pool's region"})
        self.grid.setToolTip(
            "Your site's grid intensity, for pools whose region has no catalog figure (on-prem nodes); "
            "a pool in a catalogued cloud region keeps its region's figure."
        )
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, "max_utilisation", "Most GPUs a pool may fill", self.max_util, "%")
        self.add_row(form, "reserve_nodes", "Nodes kept free for failures", self.reserve, "per base pool")
        self.add_row(form, "availability_target", "Availability target", self.availability, "% of peak hours carried")
        self.add_row(
            form, "electricity", "Electricity (on-prem pools)", self.electricity, "USD/kWh, the portfolio's own"
        )
        self.add_row(form, "pue", "PUE (on-prem pools)", self.pue, "the portfolio's own, not a scenario's")
        self.add_row(
            form,
            "grid",
            "Grid intensity (CO2e)",
            self.grid,
            "gCO2e/kWh, on-prem sites",
        )
        self.grid.valueChanged.connect(
            lambda v: self._edit_assumption(
                "grid", "Set fleet grid intensity", grid_gco2e_per_kwh=None if v == FROM_REGIONS else v
            )
        )
        self.electricity.valueChanged.connect(
            lambda v: self._edit_assumption("electricity", "Set fleet electricity price", electricity_usd_per_kwh=v)
        )
        self.pue.valueChanged.connect(lambda v: self._edit_assumption("pue", "Set fleet PUE", pue=v))
        self.max_util.valueChanged.connect(lambda v: self._edit("max_utilisation", "Set utilisation ceiling", v / 100))
        self.reserve.valueChanged.connect(lambda v: self._edit("reserve_nodes", "Set failure reserve", int(v)))
        self.availability.valueChanged.connect(
            lambda v: self._edit("availability_target", "Set availability target", round(v / 100, 6))
        )

    def load(self, portfolio: Portfolio | None) -> None:
        self.setEnabled(portfolio is not None)
        if portfolio is None:
            return
        f = portfolio.fleet
        self.max_util.setValue(f.max_utilisation * 100)
        self.reserve.setValue(f.reserve_nodes)
        self.availability.setValue(f.availability_target * 100)
        self.electricity.setValue(f.assumptions.electricity_usd_per_kwh)
        self.pue.setValue(f.assumptions.pue)
        grid = f.assumptions.grid_gco2e_per_kwh
        self.grid.setValue(-1 if grid is None else grid)

    def _edit(self, field: str, text: str, value: object) -> None:
        self.propose(field, lambda p: p.edited(fleet=p.fleet.edited(**{field: value})), text)

    def _edit_assumption(self, key: str, text: str, **changes: float | None) -> None:
        def make(p: Portfolio) -> Portfolio:
            assumptions = parse(Assumptions, {**p.fleet.assumptions.model_dump(), **changes}, what="Fleet assumptions")
            return p.edited(fleet=p.fleet.edited(assumptions=assumptions))

        self.propose(key, make, text)

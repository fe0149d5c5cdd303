"""Read-only tables of a FleetPlan: KPIs per workload, chargeback per team, the failure cases,
shared vs separate fleets. Figures are the plan's, formatted here and never computed."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.domain.fleet_results import AVERAGE_WEEK_RULE, FailureCase, FleetPlan, UnitSimulation
from app.domain.numbers import figure


def _money(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"


def _share(v: float) -> str:
    return f"{v:.0%}" if v >= 0.995 or v == 0 else f"{v:.1%}"


MAX_COLUMN_PX = 150  # [px]
LAST_TEXT_PX = 240  # [px] a compact table's last text column (a sentence) keeps at least this much
WORD_PADDING_PX = 14  # [px] a cell's margins around its longest word
# two-line headers for the tables that must fit the results pane at 1366 x 768 (issue 18: the
# per-workload table's last columns sat off-screen); the one-line name stays in the tooltip
COMPACT_HEADERS = {
    "SLA met": "SLA\nmet",
    "Requests/week": "Requests/\nweek",
    "GPU-h/week": "GPU-h/\nweek",
    "$/month": "$/\nmonth",
    "$/request": "$/\nrequest",
    "$/1M tok": "$/1M\ntok",
    "kWh/month": "kWh/\nmonth",
    "kg CO2e/month": "kg CO2e/\nmonth",
    "Replicas (planned → after)": "Replicas\n(planned → after)",
}


def _numeric(text: str) -> bool:
    """A figure ("1,200", "$3", "2 → 1"), not a sentence that starts with one ("4 replica-hours on...")."""
    return bool(text) and (text[:1].isdigit() or text[:1] in "-$") and len(text.split()) <= 3


class FigureTable(QTableWidget):
    """A read-only table; numbers right-aligned, the full text of a cell in its tooltip. A compact
    table shows two-line headers (`COMPACT_HEADERS`) and fits its width: when its columns are wider
    than the view, its text columns are narrowed (their words wrap) so no column needs scrolling to."""

    def __init__(
        self,
        columns: list[str],
        parent: QWidget | None = None,
        tips: dict[str, str] | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.compact = compact
        self._text_columns: dict[int, int] = {}  # text column -> [px] its longest word
        self.headings: list[int] = []  # the rows that head the rows below them (set_rows)
        self._fitting = False
        self.setHorizontalHeaderLabels([COMPACT_HEADERS.get(c, c) if compact else c for c in columns])
        for c, name in enumerate(columns):  # a column's rule, where it has one, in its header's tooltip
            if (header := self.horizontalHeaderItem(c)) is not None:
                tip = tips.get(name, "") if tips else ""
                if tip or compact:
                    header.setToolTip(f"{name}: {tip}" if compact and tip else tip or name)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def set_rows(self, rows: list[list[str]]) -> None:
        """`rows` of cells; a row of one cell in a table of several columns is a heading over the
        rows below it (bold, spanning the table, not counted in the columns' widths)."""
        self.clearContents()
        self.clearSpans()
        self.setRowCount(len(rows))
        self.headings = []
        text: dict[int, int] = {}
        metrics = self.fontMetrics()
        for r, row in enumerate(rows):
            if len(row) == 1 and self.columnCount() > 1:
                item = QTableWidgetItem(row[0])
                item.setToolTip(row[0])
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setSizeHint(QSize(1, metrics.lineSpacing()))  # the columns' widths ignore it
                self.setItem(r, 0, item)
                self.setSpan(r, 0, 1, self.columnCount())
                self.headings.append(r)
                continue
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setToolTip(cell)
                if c > 0 and _numeric(cell):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                elif cell and cell != "unknown":
                    word = max(metrics.horizontalAdvance(w) for w in cell.split()) + WORD_PADDING_PX
                    text[c] = max(text.get(c, 0), word)
                self.setItem(r, c, item)
        self._text_columns = text
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns to their contents, a long cell at most MAX_COLUMN_PX (it reads in its tooltip);
        a compact table then narrows its text columns, widest first, down to their longest word (the
        rest wraps onto more lines), until all columns fit the view."""
        self.resizeColumnsToContents()
        n = self.columnCount()
        for c in range(n - 1):  # a long cell reads in its tooltip; the next columns stay in view
            self.setColumnWidth(c, min(self.columnWidth(c), MAX_COLUMN_PX))
        if self.compact:
            widths = [self.columnWidth(c) for c in range(n)]
            if n - 1 in self._text_columns:  # a last text column (it stretches) asks for a readable measure
                natural = max(self.sizeHintForColumn(n - 1), self.horizontalHeader().sectionSizeHint(n - 1))
                widths[n - 1] = min(natural, max(self._text_columns[n - 1], LAST_TEXT_PX))
            over = sum(widths) - (self.viewport().width() - 1)  # the view's last pixel too: no scrolling by one
            floor = dict(self._text_columns)
            if n - 1 in floor:
                floor[n - 1] = widths[n - 1]
            while over > 0:
                text = [c for c, word in floor.items() if widths[c] > word]
                if not text:
                    break
                c = max(text, key=lambda k: widths[k])
                cut = min(over, widths[c] - floor[c], max(1, widths[c] // 8))
                widths[c] -= cut
                over -= cut
            for c in range(n):
                self.setColumnWidth(c, widths[c])
            self.resizeRowsToContents()
        self._fit_headings()

    def _fit_headings(self) -> None:
        """Each heading row as tall as its text wrapped across the table's width."""
        if not self.headings:
            return
        bold = self.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        width = max(self.columns_width(), self.viewport().width()) - WORD_PADDING_PX
        for r in self.headings:
            item = self.item(r, 0)
            text = item.text() if item is not None else ""
            rect = metrics.boundingRect(QRect(0, 0, max(width, 1), 1 << 20), int(Qt.TextFlag.TextWordWrap), text)
            self.setRowHeight(r, rect.height() + 8)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.compact and event.size().width() != event.oldSize().width():
            self.fit_columns()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """The view narrowed without the table resizing (a vertical scroll bar came as the rows
        wrapped, a hidden tab laid out at its real width): fit again, once per change."""
        handled = super().viewportEvent(event)
        if self.compact and event.type() == QEvent.Type.Resize and not self._fitting:
            resize = cast(QResizeEvent, event)
            if resize.size().width() != resize.oldSize().width():
                self._fitting = True
                try:
                    self.fit_columns()
                finally:
                    self._fitting = False
        return handled

    def columns_width(self) -> int:
        """[px] the width the columns need, as fitted (`fit_columns`)."""
        return sum(self.columnWidth(c) for c in range(self.columnCount()))


KPI_COLUMNS = [
    "Workload", "Team", "Priority", "SLA met", "Requests/week", "GPU-h/week",
    "$/month", "$/request", "$/1M tok", "kWh/month", "kg CO2e/month",
]  # fmt: skip
TEAM_COLUMNS = ["Team", "$/month", "Share", "GPU-h/week", "kg CO2e/month", "Workloads"]
WEEK_TIP = f"Per week: {AVERAGE_WEEK_RULE}."
MONTH_TIP = f"Per month: the average week's figure x hours a month / 168, the week being {AVERAGE_WEEK_RULE}."
CO2E_TIP = (
    "kWh x each pool's grid intensity (the pool region's catalog figure, else the fleet's grid_gco2e_per_kwh, the "
    "owned site's; "
    f"'unknown' when a pool it uses has neither: the verdict says which). {MONTH_TIP}"
)
KPI_TIPS = {
    "Requests/week": WEEK_TIP,
    "GPU-h/week": WEEK_TIP,
    "$/month": "The workload's share of the fleet's monthly bill plus its hosted API cost.",
    "kWh/month": MONTH_TIP,
    "kg CO2e/month": CO2E_TIP,
    "$/request": f"The month's cost / the month's requests: {AVERAGE_WEEK_RULE}.",
    "$/1M tok": f"The month's cost / the month's tokens: {AVERAGE_WEEK_RULE}.",
}
TEAM_TIPS = {
    "Share": f"Of the fleet's monthly cost ($/month): {AVERAGE_WEEK_RULE}.",
    "GPU-h/week": WEEK_TIP,
    "kg CO2e/month": CO2E_TIP,
}
FAILURE_COLUMNS = ["Workload", "Priority", "Status", "Served", "Replicas (planned → after)", "Detail"]
SHARING_COLUMNS = ["Fleet", "Pool", "Nodes", "GPUs", "$/month"]


def kpi_rows(plan: FleetPlan) -> list[list[str]]:
    return [
        [
            k.name,
            k.team,
            k.priority.value.replace("_", " "),
            _share(k.sla_attainment),
            f"{k.requests_per_week:,.0f}",
            figure(k.gpu_hours_per_week, 3),
            _money(k.cost_usd_per_month),
            "-" if k.cost_per_request_usd is None else figure(k.cost_per_request_usd, 3),
            "-" if k.cost_per_mtok_usd is None else figure(k.cost_per_mtok_usd, 3),
            bounded(k.energy_kwh_per_month, k.energy_lower_bound),
            bounded(k.co2e_kg_per_month, k.energy_lower_bound, "unknown"),
        ]  # fmt: skip
        for k in plan.kpis
    ]


def team_rows(plan: FleetPlan) -> list[list[str]]:
    return [
        [
            t.team,
            _money(t.cost_usd_per_month),
            _share(t.share),
            figure(t.gpu_hours_per_week, 3),
            bounded(t.co2e_kg_per_month, t.co2e_lower_bound, "unknown"),
            ", ".join(t.workloads),
        ]
        for t in plan.teams
    ]


def failure_heading(case: FailureCase) -> str:
    """A case's loss, time and what the outage adds to the planned week (burst node-hours, burst
    USD, fallback USD), heading its workloads' rows."""
    return (
        f"{case.lost}, {case.hour_label} for {case.hours_out} h: burst {case.burst_node_hours:,.0f} node-h "
        f"(${_money(case.burst_cost_usd)}), fallback ${case.fallback_cost_usd:,.2f}"
    )


def failure_rows(plan: FleetPlan) -> list[list[str]]:
    """Per case a heading (`failure_heading`, one cell) then one row per impact: the loss was
    named in five columns on a case's first row only, and the table needed 1,700 px (its Workload
    column sat past the pane's edge at 1366 x 768)."""
    rows: list[list[str]] = []
    for case in plan.failures:
        rows.append([failure_heading(case)])
        rows += [
            [
                i.unit,
                i.priority.value.replace("_", " "),
                i.status,
                _share(i.served_share),
                f"{i.replicas_planned} → {i.replicas_after}",
                i.detail,
            ]
            for i in case.impacts
        ]
    return rows


def sharing_rows(plan: FleetPlan) -> list[list[str]]:
    s = plan.sharing
    if s is None:
        return []
    rows = [["Shared, same rule", s.shared_pools, "", str(s.shared_gpus), _money(s.shared_cost_usd_per_month)]]
    rows += [
        [f"{f.unit} alone", f.pool + (" (rented by the hour)" if f.burst else ""), str(f.nodes), str(f.gpus),
         _money(f.cost_usd_per_month)]
        for f in s.separate
    ]  # fmt: skip
    rows.append(["Separate, together", "", "", str(s.separate_gpus), _money(s.separate_cost_usd_per_month)])
    return rows


def sharing_summary(plan: FleetPlan) -> str:
    s = plan.sharing
    if s is None:
        return ""
    saves = (
        f"Sharing saves {s.saving_owned_gpus:,} owned GPUs and ${s.saving_usd_per_month:,.0f}/month"
        if s.saving_usd_per_month >= 0
        else f"Separate fleets would cost ${-s.saving_usd_per_month:,.0f}/month less"
    )
    return (
        f"{saves}: {s.gpus_line} (${s.shared_cost_usd_per_month:,.0f} against "
        f"${s.separate_cost_usd_per_month:,.0f}/month). "
        f"Rule: {s.basis}."
    )


def verdict_text(plan: FleetPlan) -> str:
    """The verdict in plain words, the binding constraints named, the fleet's size and cost."""
    lines = [plan.verdict]
    for b in plan.binding_constraints:
        lines.append(f"• {b.line}" + (f" Fix: {b.fix}" if b.fix else ""))
    lines.append(
        f"Base pools {plan.gpus:,} GPUs · ${plan.cost_usd_per_month:,.0f}/month (hosted APIs included) · "
        + (
            f"energy {plan.energy_note}"
            if plan.energy_kwh_per_month is None or plan.energy_kwh_per_week is None
            else f"{_ge(plan.energy_lower_bound)}{plan.energy_kwh_per_month:,.0f} kWh/month "
            f"({plan.energy_kwh_per_week:,.0f}/week)"
        )
        + " · CO2e "
        + (
            f"unknown: {plan.co2e_note}"
            if plan.co2e_kg_per_week is None or plan.co2e_kg_per_month is None
            else f"{_ge(plan.energy_lower_bound)}{plan.co2e_kg_per_month:,.0f} kg/month "
            f"({plan.co2e_kg_per_week:,.0f} kg/week)" + (f" ({plan.energy_note})" if plan.energy_lower_bound else "")
        )
        + f" · {plan.idle_gpu_hours_per_week:,.0f} idle GPU-hours/week "
        "(an average week: a monthly job's run once a month) · "
        f"busiest hour {plan.worst_hour_label}"
    )
    return "\n".join(lines)


SIMULATION_COLUMNS = [
    "Workload", "Hour", "req/s", "Requests", "Slots", "Plan e2e p95",
    "Simulated e2e p95", "Wait p95", "Node lost: e2e p95", "Preempted",
]  # fmt: skip


def _ms(v: float | None) -> str:
    """A duration given in ms, in the unit a reader takes in: '840 ms', '35.3 s', '12 min', '4.1 h'
    (GUI tester D21: a node-lost p95 read "14,686,557 ms", 4.1 hours)."""
    if v is None:
        return "-"
    if v < 10_000:
        return f"{v:,.0f} ms"
    if v < 120_000:
        return f"{v / 1000:,.1f} s"
    if v < 2 * 3_600_000:
        return f"{v / 60_000:,.0f} min"
    return f"{v / 3_600_000:,.1f} h"


def _outage(s: UnitSimulation) -> bool:
    """The node-lost case leaves the workload no slot at all: an outage, not a slower service."""
    return s.failure_e2e_p95_ms is not None and (s.failure_slots or 0) <= 0


def simulation_rows(plan: FleetPlan) -> list[list[str]]:
    return [
        [
            s.unit,
            s.hour_label,
            figure(s.rate_rps, 3),
            f"{s.requests:,}" + ("" if s.share_simulated >= 0.999 else f" ({_share(s.share_simulated)} of the hour)"),
            f"{s.slots:,}",
            _ms(s.analytic_e2e_p95_ms),
            _ms(s.simulated_e2e_p95_ms),
            _ms(s.simulated_wait_p95_ms),
            ("outage: " if _outage(s) else "") + _ms(s.failure_e2e_p95_ms),
            f"{s.preempted_requests:,}",
        ]  # fmt: skip
        for s in plan.simulation
    ]


def simulation_summary(plan: FleetPlan) -> str:
    """The SimPy check in words: per serving workload, the simulated p95 next to the plan's, and
    what a node failure does to it."""
    if not plan.simulation:
        return (
            "The event simulation found no serving workload with requests and replicas in any hour: "
            "jobs are checked by the plan's schedule, not by queueing."
        )
    lines = ["SimPy check of each serving workload at its own peak hour (end-to-end p95 per request):"]
    for s in plan.simulation:
        line = (
            f"• {s.unit} at {s.hour_label}: {_ms(s.simulated_e2e_p95_ms)} simulated against "
            f"{_ms(s.analytic_e2e_p95_ms)} "
            f"in the plan, at {figure(s.rate_rps, 3)} req/s on {s.slots:,} slots"
        )
        if _outage(s):
            line += (
                f"; with a node lost, an outage: no capacity left on its pools, so its requests wait for the "
                f"repair (e2e p95 {_ms(s.failure_e2e_p95_ms)}) and {s.preempted_requests:,} are preempted"
            )
        elif s.failure_e2e_p95_ms is not None:
            line += (
                f"; with a node lost, {_ms(s.failure_e2e_p95_ms)} and {s.preempted_requests:,} requests "
                "preempted and served again"
            )
        elif plan.failures and plan.failures[0].hour_label != s.hour_label:
            line += f"; no failure run (the plan re-plans its node failure at {plan.failures[0].hour_label})"
        lines.append(line + ".")
    return "\n".join(lines)


def _ge(lower: bool) -> str:
    return "≥ " if lower else ""


def bounded(value: float | None, lower: bool, missing: str = "n/a") -> str:
    """A kWh or kg cell: `missing` when unknown, "≥ x (no host)" when the host power is unknown."""
    if value is None:
        return missing
    return f"≥ {value:,.0f} (no host)" if lower else f"{value:,.0f}"

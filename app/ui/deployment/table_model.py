"""The comparison's rows as a table: one row per deployment model, columns declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain import DeploymentComparison, DeploymentRow
from app.domain.energy_bound import upper_bound_cell
from app.ui.columns import Column
from app.ui.roles import ALIGNMENT, DISPLAY, FONT, TOOLTIP, USER

_R = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_L = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_HORIZONTAL = Qt.Orientation.Horizontal


def _num(fmt: str) -> Callable[[Any], str]:
    return lambda v: "n/a" if v is None else format(v, fmt)


def _nodes(r: DeploymentRow) -> str:
    """Nodes at month 1; a hybrid's owned base + the most cloud nodes its busiest burst hour takes."""
    if r.deployment == "hybrid" and r.burst_nodes_max:
        return f"{r.nodes:d} + {r.burst_nodes_max:d} burst"
    return f"{r.nodes:d}"


def _nodes_tip(r: DeploymentRow) -> str | None:
    if r.deployment != "hybrid":
        return None
    base = f"{r.nodes:d} owned base node(s), spares included"
    if not r.burst_nodes_max:
        return base + "; no hour bursts to the cloud"
    # a batch job runs per month (its runs' hours), serving traffic repeats its day
    over = (
        f"{r.burst_hours_per_day:g} h a day"
        if r.burst_hours_per_day is not None
        else f"{r.burst_hours_per_month or 0:,.0f} h a month (the job's runs)"
    )
    return (
        f"{base}; the cloud burst takes up to {r.burst_nodes_max:d} node(s), "
        f"{r.burst_node_hours_per_month or 0:,.0f} node-hours a month over {over}"
    )


# Two-line headers (name, then unit) keep the numeric columns narrow enough for 1366 px.
DEPLOYMENT_COLUMNS: list[Column] = [
    Column("label", "Deployment model", lambda r: r.label, str, _L, False),
    Column("hardware", "Hardware", lambda r: r.hardware, str, _L, False),
    Column("model", "Model", lambda r: r.model, str, _L, False),
    Column("nodes", "Nodes", lambda r: r.nodes, str, _R, False),
    Column("upfront", "Upfront\n[USD]", lambda r: r.upfront_usd, _num(",.0f"), _R, False),
    Column("month", "Cost\n[USD/month]", lambda r: r.cost_per_month_usd, _num(",.0f"), _R, False),
    Column("horizon", "Cost over\nhorizon [USD]", lambda r: r.horizon_cost_usd, _num(",.0f"), _R, False),
    Column("mtok", "Cost\n[USD/1M tok]", lambda r: r.cost_per_million_tokens_usd, _num(",.3f"), _R, False),
    Column("wh_mtok", "Energy\n[Wh/1M tok]", lambda r: r.energy_wh_per_million_tokens, _num(",.0f"), _R, False),
    Column("co2_month", "CO2e\n[kg/month]", lambda r: r.co2e_kg_per_month, _num(",.0f"), _R, False),
    Column("co2_mtok", "CO2e\n[g/1M tok]", lambda r: r.co2e_g_per_million_tokens, _num(",.1f"), _R, False),
    Column("lead", "Provision\n[days]", lambda r: r.lead_time_days, _num(",.0f"), _R, False),
    Column("burden", "Ops\n[points]", lambda r: r.ops_burden, _num(".0f"), _R, False),
    Column("binds", "What binds", lambda r: r.binds, str, _L, False),
]
# The dominance rule in words (engine.deployment.dominance), for the label header's tooltip
DOMINATED_RULE = (
    "A row marked (dominated) costs more over the horizon than another row that commits you for no longer "
    "(on-demand and spot 0 months, reserved 12 / 36, a lease its minimum term, on-prem the capex write-off): "
    "committing longer to pay more is never the better buy. It stays for reference, in italics; its tooltip "
    "names the row that beats it and by how much. Spot beats other rows only for work that survives interruption."
)
TEXT_KEYS = {"label", "hardware", "model", "binds"}  # elided in the view: the tooltip has the whole text
ENERGY_KEYS = {"wh_mtok", "co2_month", "co2_mtok"}
CO2E_KEYS = {"co2_month", "co2_mtok"}


def _incomplete(r: DeploymentRow, key: str) -> bool:
    """The figure leaves a part out: energy without a figure it needs, or CO2e without a side's grid."""
    return r.energy_incomplete or (key in CO2E_KEYS and bool(r.co2e_missing))


class DeploymentTableModel(QAbstractTableModel):
    """Rows of a DeploymentComparison, read-only; USER role gives the raw value for sorting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DeploymentRow] = []
        self._horizon = 0
        self._italic = QFont()  # dominated rows (engine.deployment.dominance)
        self._italic.setItalic(True)

    def set_comparison(self, comparison: DeploymentComparison | None) -> None:
        self.beginResetModel()
        self._rows = list(comparison.rows) if comparison is not None else []
        self._horizon = comparison.horizon_months if comparison is not None else 0
        self.endResetModel()

    def row(self, r: int) -> DeploymentRow:
        return self._rows[r]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(DEPLOYMENT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != _HORIZONTAL or not 0 <= section < len(DEPLOYMENT_COLUMNS):
            return None
        col = DEPLOYMENT_COLUMNS[section]
        if role == DISPLAY:
            if col.key == "horizon" and self._horizon:
                return f"Cost over\n{self._horizon} months [USD]"
            return col.header
        if role == TOOLTIP and col.key in ENERGY_KEYS:
            return "Cloud rows: a physical estimate (providers publish no per-instance energy)"
        if role == TOOLTIP and col.key == "label":
            return DOMINATED_RULE
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], DEPLOYMENT_COLUMNS[index.column()]
        value = col.getter(r)
        if role == DISPLAY:
            if col.key == "nodes":
                return _nodes(r)
            if col.key == "label" and r.dominated:
                return f"{r.label} (dominated)"
            text = col.fmt(value)
            if col.key in ENERGY_KEYS and _incomplete(r, col.key) and value is not None:
                # a figure that leaves a part out (no host power) is shown as the lower bound it is
                return f"≥ {text} ({r.lower_bound_short(col.key in CO2E_KEYS)})"
            if col.key in ENERGY_KEYS and r.energy_bound == "upper" and value is not None:
                # a host at its catalogued maximum every hour ("≤ ≈29 (host max)": at most, an estimate)
                return upper_bound_cell(("≈" if r.energy_estimated else "") + text)
            if col.key in ENERGY_KEYS and r.energy_estimated and value is not None:
                text = "≈" + text
            return text
        if role == ALIGNMENT:
            return int(col.alignment)
        if role == USER:
            return value
        if role == FONT and r.dominated:
            return self._italic
        if role == TOOLTIP:
            if col.key in ENERGY_KEYS and _incomplete(r, col.key):
                part = (
                    ""
                    if value is None
                    else f" (lower bound {col.fmt(value)}: {r.lower_bound_note(col.key in CO2E_KEYS)})"
                )
                if not r.energy_incomplete:  # the energy is whole; a share of it is on an unknown grid
                    return "CO2e incomplete: no " + ", no ".join(r.co2e_missing) + part
                return "Energy incomplete: no " + ", no ".join(r.energy_missing) + part
            if col.key in ENERGY_KEYS and r.energy_bound == "upper":
                return f"Energy {r.energy_bound_reason}"
            if col.key == "binds" or col.key == "label":
                return "\n".join([r.label, *([r.dominated] if r.dominated else []), r.binds, *r.assumptions]) or None
            if col.key == "nodes":
                return _nodes_tip(r)
            if col.key in TEXT_KEYS:
                return str(value)
            if col.key == "co2_month" and r.co2e_g_per_million_tokens is not None:
                estimate = ", a physical estimate" if r.energy_estimated else ""
                return f"{r.co2e_g_per_million_tokens:,.1f} g CO2e per 1M tokens{estimate}"
            if col.key == "wh_mtok" and r.energy_kwh_per_month is not None:
                power = f" ({r.power_kw:,.2f} kW average)" if r.power_kw is not None else ""
                estimate = ", a physical estimate" if r.energy_estimated else ""
                return f"{r.energy_kwh_per_month:,.0f} kWh per month{power}{estimate}"
            if col.key in ENERGY_KEYS and r.energy_estimated:
                return "physical estimate: TDP-based power x PUE (providers do not publish it per instance)"
        return None

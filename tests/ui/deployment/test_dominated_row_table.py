"""The deployment table marks a dominated row: "(dominated)" after its label, italics, and the
sentence naming the row that beats it in the label's tooltip; the header states the rule."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain import DeploymentComparison, DeploymentRow
from app.engine.deployment.dominance import mark_dominated
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel
from app.ui.roles import DISPLAY, FONT, TOOLTIP

LABEL = next(i for i, c in enumerate(DEPLOYMENT_COLUMNS) if c.key == "label")


def _row(label: str, pricing: str, horizon: float, commit: float) -> DeploymentRow:
    return DeploymentRow(
        deployment="cloud",
        pricing=pricing,
        label=label,
        hardware=f"hw {label}",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=horizon / 12,
        horizon_cost_usd=horizon,
        cost_per_million_tokens_usd=1.0,
        commitment_months=commit,
    )


def test_dominated_row_is_marked_in_the_table(qtmodeltester):
    rows = [
        _row("Cloud on-demand", "on_demand", 34_952.4, 0),
        _row("Cloud reserved 1 y", "reserved_1y", 1_075_442.4, 12),
    ]
    mark_dominated(rows, 12, spot_ok=False)
    model = DeploymentTableModel()
    model.set_comparison(
        DeploymentComparison(horizon_months=12, growth_per_quarter=0, hybrid_base_percentile=60, rows=rows)
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, LABEL), DISPLAY) == "Cloud on-demand"
    assert model.data(model.index(0, LABEL), FONT) is None
    assert model.data(model.index(1, LABEL), DISPLAY) == "Cloud reserved 1 y (dominated)"
    assert model.data(model.index(1, 5), FONT).italic()  # every cell of the row
    tip = model.data(model.index(1, LABEL), TOOLTIP)
    # 1,075,442.4 / 34,952.4 = 30.77
    assert "dominated by Cloud on-demand on hw Cloud on-demand: 30.8x its cost over 12 months" in tip
    rule = model.headerData(LABEL, Qt.Orientation.Horizontal, TOOLTIP)
    assert "commits you for no longer" in rule

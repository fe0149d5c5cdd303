"""A dominated deployment row draws in the cumulative-cost chart dashed and faded, named
"(dominated)" in the legend (issue 18: after 1695693 the table marked such rows but the chart drew
them as the others)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain import DeploymentComparison, DeploymentRow
from app.engine.deployment.compare import _cumulative_chart
from app.engine.deployment.dominance import mark_dominated
from app.ui.chart_view import ChartView


def _row(label: str, pricing: str, month: float, commit: float) -> DeploymentRow:
    return DeploymentRow(
        deployment="cloud",
        pricing=pricing,
        label=label,
        hardware=f"hw {label}",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=month,
        horizon_cost_usd=12 * month,
        cost_per_million_tokens_usd=1.0,
        cumulative_usd=[month * (m + 1) for m in range(12)],
        commitment_months=commit,
    )


def _comparison() -> DeploymentComparison:
    # reserved 1 y: $89,620 a month, 12 months committed, against on-demand's $2,913 with none
    rows = [
        _row("Cloud on-demand", "on_demand", 2_913.0, 0),
        _row("Cloud reserved 1 y + on-demand peak", "reserved_1y", 89_620.0, 12),
    ]
    mark_dominated(rows, 12, spot_ok=False)
    c = DeploymentComparison(horizon_months=12, growth_per_quarter=0, hybrid_base_percentile=60, rows=rows)
    c.cumulative_chart = _cumulative_chart(c)
    return c


def test_dominated_series_is_named_and_marked_in_the_chart_data():
    c = _comparison()
    assert c.rows[1].dominated and not c.rows[0].dominated
    names = [(s.name, s.role) for s in c.cumulative_chart.series]
    assert names == [("On-demand", "component"), ("Reserved 1 y (dominated)", "dominated")]


def test_dominated_curve_draws_dashed_and_faded(qtbot):
    view = ChartView()
    qtbot.addWidget(view)
    view.place_legend_beside()
    view.set_chart(_comparison().cumulative_chart)
    live = view.series_item("On-demand").opts["pen"]
    dominated = view.series_item("Reserved 1 y (dominated)").opts["pen"]
    assert live.style() == Qt.PenStyle.SolidLine and live.color().alpha() == 255
    assert dominated.style() == Qt.PenStyle.DashLine
    assert dominated.color().alpha() == 0x66  # 40 % opaque
    assert [label.text for _, label in view.legend.items] == ["On-demand", "Reserved 1 y (dominated)"]

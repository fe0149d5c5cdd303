"""D8: the budget line's label is the shown scenario's budget. A scenario with no budget in
between hid the line; pyqtgraph does not re-render a hidden label's text, and the view then
thought the new text was set, so a $8,000 line kept reading "Budget $5,000" (real ChartView)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain import Chart, ReferenceLine, Series
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def _cost_chart(budget: float | None) -> Chart:
    refs = [ReferenceLine(label="Workload mean 0.2 req/s", value=0.2, orientation="vertical")]
    if budget:
        refs.append(ReferenceLine(label=f"Budget ${budget:,.0f}", value=budget))
    return Chart(
        key="cost_vs_traffic",
        title="Monthly cost (and replicas) vs traffic",
        x_label="Traffic",
        x_unit="req/s",
        y_label="Cost per month",
        y_unit="USD",
        kind="line",
        series=[Series(name="option", x=[0.1, 0.2, 0.4], y=[4000, 8868, 12000], option_index=0)],
        reference_lines=refs,
    )


def test_budget_label_follows_the_scenario_after_one_without_budget(qtbot):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    for budget in (5000, None, 8000):  # Lab-notebook, Semantic search, Coding assistant
        view.set_chart(_cost_chart(budget))
        QApplication.processEvents()
    line = view.ref_lines[1]
    assert line.isVisible() and line.value() == 8000
    shown = line.label.textItem.toPlainText()
    assert "8,000" in shown and "5,000" not in shown, shown

"""The Fleet page's per-workload KPI table shows every column at 1366 x 768 without scrolling
sideways (issue 18 leftover: at 1366 x 768 its last six columns, $/month to kg CO2e, sat past the
pane's right edge): two-line headers, text columns narrowed to their longest word (the rest wraps),
and the results pane widened for the KPI tab. The page at 1176 x 720 is the 1366 x 768 window's
(the 190 px navigation rail and the margins)."""

from __future__ import annotations

import pytest

from app.services.fleet import example_portfolios
from app.ui.fleet import results

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
WAIT = 120_000


@pytest.fixture
def page(fleet_page):
    return fleet_page(1176, 720, shown=True)


def test_every_kpi_column_is_in_view_at_1366(page, qtbot):
    ex = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(ex)
    page.outputs.setCurrentIndex(
        next(i for i in range(page.outputs.count()) if page.outputs.tabText(i).startswith("KPIs"))
    )
    table = page.kpis
    qtbot.waitUntil(lambda: table.viewport().width() > 0 and table.horizontalScrollBar().maximum() == 0)
    assert table.columnCount() == len(results.KPI_COLUMNS)
    view = table.viewport().width()
    for c in range(table.columnCount()):  # each column's right edge inside the view, none hidden
        assert table.horizontalHeader().sectionViewportPosition(c) + table.columnWidth(c) <= view + 1, c
        assert table.columnWidth(c) > 20
    metrics = table.fontMetrics()
    for r in range(table.rowCount()):  # a text cell wraps but never cuts a word
        for c in (0, 1, 2):
            words = table.item(r, c).text().split()
            assert max(metrics.horizontalAdvance(w) for w in words) <= table.columnWidth(c), (r, c)
    # the one-line name and its rule in the compact header's tooltip
    month = results.KPI_COLUMNS.index("kWh/month")
    assert table.horizontalHeaderItem(month).toolTip().startswith("kWh/month: Per month")
    teams = page.teams
    qtbot.waitUntil(lambda: teams.horizontalScrollBar().maximum() == 0)

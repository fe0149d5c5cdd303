"""The Fleet page's "Add workload" button shows its whole text beside its menu arrow (issue 13:
the instant-popup tool button drew the arrow over the last letter, as "New scenario" did), and a
workload read from a scenario file is named by its file name, not the checkout's absolute path
(the screenshots showed /work/wt/<branch>/catalog/examples/...); the whole path is the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyle

from app.services.fleet import example_portfolios

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]


@pytest.fixture
def page(fleet_page):
    return fleet_page(1176, 720, shown=True)


def test_add_workload_text_and_arrow_both_fit(page, qtbot):
    button = page.workloads.add_button
    qtbot.waitUntil(button.isVisible)
    text = button.fontMetrics().horizontalAdvance(button.text())
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    assert button.menu() is not None
    assert button.width() >= text + arrow + 8  # the text, the arrow and a margin either side


def test_scenario_file_named_without_its_folder(page, qtbot):
    example = next(p for p in example_portfolios() if p.stem == "enterprise-platform")
    with qtbot.waitSignal(page.plan_shown, timeout=120_000):
        assert page.open_portfolio(example)
    table = page.workloads.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Employee assistant")
    source = table.item(row, 1)
    assert source.text() == "file rag-assistant-cloud.yaml"
    folder = str(example.parent.parent)  # .../catalog/examples
    assert folder in source.toolTip() and source.toolTip().endswith("rag-assistant-cloud.yaml")
    table.selectRow(row)
    form = page.form
    assert form.source.text() == "file rag-assistant-cloud.yaml"
    assert folder not in form.source.text()

"""The node pools' Node type column shows the pool's node type whole at 1366x768 (window defects:
'Oracle OCI 8x MI355X (bare-metal shape)' was cut in a 190-px column): the column is as wide as
the longest node type in use, in its box; the table scrolls sideways instead."""

from __future__ import annotations

import pytest

from app.ui.fleet.editors import NODE_TYPE_COLUMN

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, shown
LONG = "Oracle OCI 8x MI355X (bare-metal shape)"


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366 - 190, 720, shown=True)  # the page beside the rail at 1366x768


def test_a_long_node_type_is_shown_whole(page, qtbot):
    assert page.new_portfolio()
    pools = page.pools
    assert LONG in pools.instances  # the shipped catalog's longest node type
    box = pools.table.cellWidget(0, NODE_TYPE_COLUMN)
    box.setCurrentIndex(box.findData(LONG))
    box.activated.emit(box.currentIndex())  # as a user's choice: one undoable edit
    qtbot.waitUntil(lambda: page.portfolio.fleet.pools[0].instance == LONG)
    box = pools.table.cellWidget(0, NODE_TYPE_COLUMN)  # the rows are rebuilt from the portfolio
    assert box.currentText() == LONG
    chrome = box.sizeHint().width() - box.fontMetrics().horizontalAdvance("X" * box.minimumContentsLength())
    need = box.fontMetrics().horizontalAdvance(LONG) + chrome
    assert pools.table.columnWidth(NODE_TYPE_COLUMN) >= need  # its box fills the cell

"""A portfolio name typed before pressing New portfolio names the new portfolio (window defects:
the name box was greyed out with no portfolio open and New always said 'New portfolio')."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, shown


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 720, shown=True)


def test_a_name_typed_first_names_the_new_portfolio(page, qtbot):
    assert page.portfolio is None and page.portfolio_name.isEnabled()
    qtbot.keyClicks(page.portfolio_name, "Q3 capacity plan")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.portfolio is not None and page.portfolio.name == "Q3 capacity plan"
    assert page.document.names == ["Q3 capacity plan"]
    assert page.portfolio_name.text() == "Q3 capacity plan"
    # with one open, the box renames it, and New starts the next under the default name
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.portfolio.name == "New portfolio"
    assert sorted(page.document.names) == ["New portfolio", "Q3 capacity plan"]

"""The Fleet name box: New portfolio takes the name typed in it, and only Rename (or Enter) renames
the open portfolio (tgui5 D8: typing "Chat 70B on own DGX" over "Claims platform" then New
portfolio renamed the open portfolio and called the new one "New portfolio"). Real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, shown


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 720, shown=True)


def _type(page, qtbot, text: str) -> None:
    page.portfolio_name.setFocus()
    page.portfolio_name.selectAll()
    qtbot.keyClicks(page.portfolio_name, text)


def test_new_portfolio_takes_the_typed_name_and_leaves_the_open_one(page, qtbot):
    _type(page, qtbot, "Claims platform")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.portfolio.name == "Claims platform"
    _type(page, qtbot, "Chat 70B on own DGX")
    page.new_button.setFocus()  # leaving the box (as a click on New does) renames nothing
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert sorted(page.document.names) == ["Chat 70B on own DGX", "Claims platform"]
    assert page.portfolio.name == "Chat 70B on own DGX"
    assert page.portfolio_name.text() == "Chat 70B on own DGX"


def test_rename_is_the_explicit_action(page, qtbot):
    _type(page, qtbot, "Claims platform")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    _type(page, qtbot, "Claims platform 2026")
    page.rename_button.setFocus()
    assert page.document.names == ["Claims platform"]  # leaving the box renames nothing
    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    assert page.document.names == ["Claims platform 2026"] and page.portfolio.name == "Claims platform 2026"
    _type(page, qtbot, "Claims 2027")
    qtbot.keyClick(page.portfolio_name, Qt.Key.Key_Return)  # Enter in the box renames too
    assert page.document.names == ["Claims 2027"]
    # New with the box showing the open portfolio's own name: the default name, the open one kept
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert sorted(page.document.names) == ["Claims 2027", "New portfolio"]

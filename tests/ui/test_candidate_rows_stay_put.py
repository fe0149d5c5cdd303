"""A checked candidate row stays where it was clicked (D1): two clicks on two adjacent rows check
those two models, in the scenario editor and on the Analysis side panel. The lists sort checked
first only when built for another scenario or when the filter changes. Real main window, real
project file in tmp_path, real mouse clicks on the check boxes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(window_on):
    return window_on("rows.archwise")


def _click_box(view, row: int) -> None:
    """Click the check box of flat row `row` as a user does."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, box.center())


def _two_adjacent_clicks(qtbot, panel) -> None:
    panel.setCurrentIndex(0)  # Models
    view, model = panel.views["models"], panel.models["models"]
    qtbot.waitExposed(view)
    assert not model.grouping  # the flat list, where the rows were sorted checked-first
    # two adjacent unchecked rows well down the list: the lower is clicked first, then the one above
    assert model.checked_names() == []
    upper, lower = (view.model().index(r, 0).data(Qt.ItemDataRole.UserRole) for r in (5, 6))  # as seen
    _click_box(view, 6)
    assert panel.checked("models") == [lower]
    _click_box(view, 5)  # the row that was one above, the cursor not moved
    assert sorted(panel.checked("models")) == sorted([lower, upper])  # the two the user clicked
    assert view.model().index(5, 0).data(Qt.ItemDataRole.UserRole) == upper  # nothing moved
    assert view.model().index(6, 0).data(Qt.ItemDataRole.UserRole) == lower
    # a new filter (typed, then cleared) sorts the checked ones on top again
    panel.filters["models"].setText("a")
    panel.filters["models"].setText("")
    top = {view.model().index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(2)}
    assert top == {lower, upper}


def test_the_scenario_editor_checks_the_two_rows_clicked(qtbot, window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    editor = page.editor
    editor.tabs.setCurrentIndex(1)  # Candidates
    _two_adjacent_clicks(qtbot, editor.candidates)
    saved = window.document.scenario.candidates.models  # what the editor stored for the scenario
    assert sorted(saved) == sorted(editor.candidates.checked("models"))


def test_the_analysis_side_panel_checks_the_two_rows_clicked(qtbot, window):
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    window.show_page("Analysis")
    analysis = window.ensure_analysis_page()
    _two_adjacent_clicks(qtbot, analysis.candidates)


def test_a_duplicated_scenario_keeps_the_rows_where_they_were_clicked(qtbot, window):
    """D1 as the tester met it (main 65bce25): Duplicate, then check a model in the copy's list.
    The copy has the same candidates, so its list was not rebuilt and still knew the original's
    name; the first check then looked like another scenario and sorted the list checked-first,
    under the mouse. Two adjacent clicks must check the two models clicked."""
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    window.show_page("Scenarios")
    page.duplicate_current()
    assert window.document.scenario.name != "" and "copy" in window.document.scenario.name.casefold()
    page.editor.tabs.setCurrentIndex(1)  # Candidates
    _two_adjacent_clicks(qtbot, page.editor.candidates)
    assert sorted(window.document.scenario.candidates.models) == sorted(page.editor.candidates.checked("models"))

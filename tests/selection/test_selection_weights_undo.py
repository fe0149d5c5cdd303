"""D30: a selection-matrix weight change is one Edit → Undo step: Ctrl+Z takes the weight back and
the table re-ranks as before (it used to leave the weight and undo an unrelated earlier action,
an imported scenario). Real SelectionPage and QUndoStack; the matrix of test_selection_page."""

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QUndoCommand, QUndoStack
from test_selection_page import matrix

from app.ui.selection_page import SelectionPage


class _Earlier(QUndoCommand):
    """An earlier, unrelated step on the window's stack (the tester's 'Import scenario Huge')."""

    def __init__(self, log: list[str]) -> None:
        super().__init__("Import scenario Huge")
        self.log = log

    def undo(self) -> None:
        self.log.append("undone")


def test_weight_change_is_undone_first_and_redone(qtbot):
    stack, log = QUndoStack(), []
    stack.push(_Earlier(log))
    page = SelectionPage()
    qtbot.addWidget(page)
    page.use_undo_stack(stack)
    page.show_selection(*matrix())
    assert page.model.row(0).model == "A"
    with qtbot.waitSignal(page.weights_changed, timeout=3000):
        page.sliders["ttft_p95"].setValue(3)  # ttft 3 vs cost 3 + tpot 1: B (4/7) beats A (3/7)
    assert page.model.row(0).model == "B"
    assert stack.count() == 2 and stack.undoText().startswith("Set selection weight")
    stack.undo()  # Ctrl+Z
    assert page.sliders["ttft_p95"].value() == 1 and page.model.row(0).model == "A"
    assert log == []  # the earlier step untouched
    stack.redo()
    assert page.sliders["ttft_p95"].value() == 3 and page.model.row(0).model == "B"
    assert stack.count() == 2  # an undo or redo records nothing new

"""The Report page's author before any analysis: typed, the window closed from the field, the project
reopened in a new window, the field shows it again, read back from the real SQLite file (issue 13)."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def _window(qtbot, settings, path) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    return w


def test_author_typed_without_analysis_survives_close_and_reopen(qtbot, settings, tmp_path):
    path = tmp_path / "hospital.archwise"
    Project.open(path, create=True).close()
    w = _window(qtbot, settings, path)
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    w.document.add(scenario, f"Open {scenario.name}")
    assert w.report_page.sizing is None  # nothing analysed yet (the page shows the open scenario, D10)
    w.report_page.author.setText("Dana Okafor")  # typed; the window closes with the field still focused
    w.close()
    stored = Project.open(path)
    try:
        assert stored.scenario(scenario.name).author == "Dana Okafor"
    finally:
        stored.close()

    again = _window(qtbot, settings, path)
    assert again.document.scenario is not None and again.document.scenario.name == scenario.name
    assert again.report_page.author.text() == "Dana Okafor"  # shown before any analysis
    again.report_page.author.setText("Lee Park")
    again.report_page.author.editingFinished.emit()
    assert again.undo_stack.undoText() == "Set report author"
    again.undo_stack.undo()
    assert again.document.scenario.author == "Dana Okafor"
    assert again.report_page.author.text() == "Dana Okafor"  # the undone author is shown again
    again.close()

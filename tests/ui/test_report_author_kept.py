"""The author typed on the Report page is kept with the scenario: it survives closing the project
and opening its SQLite file again (GUI test report, item 3), and it is one undo step."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def test_report_author_is_stored_with_the_scenario_and_read_back_on_reopen(qtbot, settings, tmp_path):
    path = tmp_path / "logistics.archwise"
    Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    w.document.add(scenario, f"Open {scenario.name}")
    page = w.report_page
    page.set_context(w.project, w.document.scenario, None)
    page.author.setText("Dana Okafor, Platform team")
    page.author.editingFinished.emit()
    assert w.document.scenario.author == "Dana Okafor, Platform team"
    assert w.undo_stack.undoText() == "Set report author"
    w.close()
    reopened = Project.open(path)
    try:
        assert reopened.scenario(scenario.name).author == "Dana Okafor, Platform team"
    finally:
        reopened.close()

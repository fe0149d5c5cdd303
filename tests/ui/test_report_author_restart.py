"""The report author survives a restart for every scenario (issue 18 leftovers, hardening item 2).

The author typed on the Report page is stored with its scenario in the project (3e7bb6a); that
stays. What was lost on a restart was the author for any other scenario: a new scenario, or
another project, started blank and the package went out without a name. The author is the user,
so the last one typed is also kept in the user's settings (not the project: a project file is
shared with colleagues, whose own names it must not impose) and printed for a scenario without
an author of its own, shown greyed in the empty field; the scenario itself is not changed."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store import Project
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def _window(qtbot, settings, path) -> MainWindow:
    Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    return w


def test_the_last_author_is_printed_after_a_restart_for_a_scenario_without_one(qtbot, tmp_path):
    first = _window(qtbot, Settings(tmp_path / "settings"), tmp_path / "a.archwise")
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    first.document.add(scenario, f"Open {scenario.name}")
    first.report_page.author.setText("Dana Okafor")
    first.report_page.author.editingFinished.emit()
    first.close()  # the app quits

    again = _window(qtbot, Settings(tmp_path / "settings"), tmp_path / "b.archwise")  # restarted, another project
    other = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml").model_copy(update={"author": ""})
    again.document.add(other, f"Open {other.name}")
    page = again.report_page
    assert page.author.text() == ""  # the scenario has no author of its own
    assert page.author.placeholderText().startswith("Dana Okafor")
    assert page.author_text() == "Dana Okafor"  # what the exported title page prints
    again.close()
    with Project.open(tmp_path / "b.archwise") as project:
        assert project.scenario(other.name).author == ""  # shown, not written into the scenario


def test_a_scenario_keeps_its_own_author_over_the_last_typed(qtbot, tmp_path):
    settings = Settings(tmp_path / "settings")
    settings.set("report/author", "Dana Okafor")
    w = _window(qtbot, settings, tmp_path / "a.archwise")
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml").model_copy(update={"author": "Lee Park"})
    w.document.add(scenario, f"Open {scenario.name}")
    assert w.report_page.author.text() == "Lee Park"
    assert w.report_page.author_text() == "Lee Park"
    w.close()

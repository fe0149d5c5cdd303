"""Issue 18 screenshot pass: "Workshop: latency" stayed in the status bar on the normal pages after
leaving workshop mode (up to its 10 s timeout); leaving clears the step's message, and only that."""

from __future__ import annotations

import pytest

from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


@pytest.fixture
def window(qtbot, settings, tmp_path):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    yield w
    if w.analysis_page is not None:
        w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()


def test_leaving_workshop_mode_clears_its_step_message(qtbot, window):
    bar = window.statusBar()
    window.actions.workshop.setChecked(True)
    window.workshop.view.show_step("latency")
    assert bar.currentMessage() == "Workshop: latency"
    window.actions.workshop.setChecked(False)
    assert bar.currentMessage() == ""


def test_leaving_keeps_a_message_that_is_not_the_workshops(qtbot, window):
    bar = window.statusBar()
    window.actions.workshop.setChecked(True)
    window.workshop.view.show_step("latency")
    window.show_message("Exported deck.pdf and 5 PNG(s) beside it")
    window.actions.workshop.setChecked(False)
    assert bar.currentMessage() == "Exported deck.pdf and 5 PNG(s) beside it"

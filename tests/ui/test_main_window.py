"""The main window shell, settings and the background worker runner."""

import pytest

from app.ui.main_window import PAGES, MainWindow
from app.ui.workers import TaskRunner

# The offscreen platform plugin warns about a feature it lacks; not our code.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_window_has_the_rail_and_says_what_is_missing(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert [window.rail.item(i).text() for i in range(window.rail.count())] == PAGES
    window.open_project(None)
    window.rail.setCurrentRow(2)
    assert window.stack.currentIndex() == 2
    assert window.stack.currentWidget() is window.analysis_page
    assert window.catalog_page.tabs.count() == 6


def test_corrupted_project_file_gives_a_message(qtbot, settings, tmp_path, monkeypatch):
    bad = tmp_path / "broken.archwise"
    bad.write_bytes(b"this is not a sqlite database" * 10)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2]))
    assert window.open_project(str(bad)) is False
    # Either the store reports the bad file, or (until the store lands) the page says it is missing.
    assert shown or not window.catalog_page.notice.isHidden()


def test_settings_remember_recent(settings):
    settings.add_recent("/a.archwise")
    settings.add_recent("/b.archwise")
    settings.add_recent("/a.archwise")
    assert settings.get("project/recent") == ["/a.archwise", "/b.archwise"]
    assert settings.get("project/last") == "/a.archwise"


def _long_job(progress, cancelled):
    # Polls the cancellation predicate like the engine does; bounded so a test can never hang.
    for i in range(10_000_000):
        if cancelled():
            return "cancelled"
        if i % 100_000 == 0:
            progress(i / 10_000_000, "working")
    return "done"


def test_cancel_a_long_run(qtbot):
    runner = TaskRunner()
    results = []
    runner.result_ready.connect(results.append)
    with qtbot.waitSignal(runner.progressed, timeout=5000):
        runner.start(_long_job)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.cancel()
    assert results == [] and not runner.busy


def test_newer_run_supersedes_older(qtbot):
    runner = TaskRunner()
    results = []
    runner.result_ready.connect(results.append)
    runner.start(_long_job)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.start(lambda progress, cancelled: 42)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert results == [42]

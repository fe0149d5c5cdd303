"""The workshop's pinned scenarios (A/B/C) come back when the project is reopened: real windows
over a real SQLite file, closed and opened again."""

from __future__ import annotations

import pytest

from app import store
from app.paths import EXAMPLES_DIR
from app.services.comparison import compare
from app.services.sizing import load_scenario
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def _window(qtbot, settings, path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    return w


def _close(w):
    if w.analysis_page is not None:
        w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()
    w.close()


def test_pins_come_back_after_closing_and_reopening_the_project(qtbot, settings, tmp_path):
    path = tmp_path / "room.archwise"
    store.Project.open(path, create=True).close()
    w = _window(qtbot, settings, path)
    page = w.ensure_analysis_page()
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        w.document.add(scenario, f"Open {scenario.name}")
        w.analyse()
    qtbot.waitUntil(lambda: page.sizing is not None and page.sizing.detailed and not page.runner.busy, timeout=60000)
    page.pin_button.click()  # A
    slider = page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        slider.setValue(slider.value() - 100)  # about a tenth of the traffic
    qtbot.waitUntil(lambda: page.sizing.detailed and not page.runner.busy, timeout=60000)
    page.pin_button.click()  # B
    qtbot.waitUntil(lambda: len(page.compare.pinned) == 2, timeout=60000)
    before = [(title, s) for title, s, _sizing in page.compare.pinned]
    shown = compare(page.compare.pins())
    _close(w)

    w = _window(qtbot, settings, path)
    page = w.ensure_analysis_page()
    assert [(title, s) for title, s, _sizing in page.compare.pinned] == before
    assert compare(page.compare.pins()).rows == shown.rows  # the same figures, differences and all
    assert page.compare.table.columnCount() == 2 and page.side_tabs.isTabVisible(2)
    w.actions.workshop.setChecked(True)
    view = w.workshop.view
    view.show_step("compare")
    assert [h.isVisible() for h in view.cards.heads] == [True, True, False]
    assert view.cards.cell("Inputs", 1).text() == shown.cell("Inputs", 1).shown
    view.cards.clear_button.click()  # a cleared comparison stays cleared
    w.actions.workshop.setChecked(False)
    _close(w)

    w = _window(qtbot, settings, path)
    assert w.ensure_analysis_page().compare.pinned == []
    _close(w)


def test_another_project_shows_its_own_pins(qtbot, settings, tmp_path):
    from app.services import pins

    first, second = tmp_path / "first.archwise", tmp_path / "second.archwise"
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    project = store.Project.open(first, create=True)
    pins.save_pins(project, [("kept in first", scenario)])
    project.close()
    store.Project.open(second, create=True).close()
    w = _window(qtbot, settings, first)
    page = w.ensure_analysis_page()
    assert [title for title, _s, _z in page.compare.pinned] == ["kept in first"]
    assert w.open_project(str(second))
    assert page.compare.pinned == []
    assert w.open_project(str(first))
    assert [title for title, _s, _z in page.compare.pinned] == ["kept in first"]
    _close(w)

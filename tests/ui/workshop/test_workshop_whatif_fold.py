"""The workshop's what-if column folds away for a chart at the window's whole width (tgui4 D25:
on a 1366x768 screen at 150 %, 910x512 logical px, the column left the chart a third of the
window). Real window with the shipped RAG example analysed, at that logical size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]


@pytest.fixture
def view(qtbot, settings, tmp_path):
    from app import store

    path = tmp_path / "fold.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    page = w.ensure_analysis_page()
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        w.document.add(scenario, f"Open {scenario.name}")
        w.analyse()
    qtbot.waitUntil(lambda: page.sizing is not None and page.sizing.detailed and not page.runner.busy, timeout=60000)
    w.actions.workshop.setChecked(True)
    w.showNormal()
    w.resize(910, 512)  # 1366x768 at 150 %
    qtbot.waitUntil(lambda: w.width() == 910)
    yield w.workshop.view
    page.runner.cancel()
    w.report_page.runner.cancel()


def test_the_whatif_column_folds_away_and_comes_back(qtbot, view):
    view.show_step("latency")
    chart = view.chart_steps["latency"]
    qtbot.waitUntil(lambda: view.side.isVisible())
    beside = chart.width()
    assert beside < 0.62 * view.width()  # the column takes the rest
    qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.side.isVisible())
    qtbot.waitUntil(lambda: chart.width() > 0.9 * view.width())  # the chart at the window's width
    assert view.side_button.isChecked() and "◂" in view.side_button.text()
    view.show_step("cost")  # folded on every chart step until shown again
    assert not view.side.isVisible()
    view.show_step("matrix")
    assert not view.side_button.isEnabled()  # the matrix has its own sliders
    view.show_step("cost")
    view.side_button.click()
    qtbot.waitUntil(lambda: view.side.isVisible())
    assert view.analysis.whatif.isVisibleTo(view.side)  # the sliders are back beside the chart

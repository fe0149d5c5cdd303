"""Leaving workshop mode gives the Analysis page's four plots back at their sizes (window defects:
after two F11 cycles under Xvfb with openbox the latency plot had 279x95 px of its 434x147 and the
cost plot 593 px of width: the chart grid shared its space by the plots' size hints, which the
round trip changed; the splitters' sizes were back, the grid's cells were not). Real window, an
analysed example, the offscreen platform (where the same squash showed)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from app.paths import EXAMPLES_DIR
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]


@pytest.fixture
def window(qtbot, settings, tmp_path):
    from app import store

    path = tmp_path / "grid.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    yield w
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def panel_rects(page) -> dict[str, tuple[int, int, int, int]]:
    return {key: panel.geometry().getRect() for key, panel in page.panels.items()}


def test_two_workshop_cycles_leave_the_four_plots_as_they_were(qtbot, window):
    window.setGeometry(QRect(0, 0, 1366, 768))
    page = window.ensure_analysis_page()
    window.open_example(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    qtbot.waitUntil(lambda: page.sizing is not None and page.sizing.detailed and not page.runner.busy, timeout=60000)
    window.show_page("Analysis")
    qtbot.waitUntil(lambda: page.isVisible() and page.panels["latency_vs_concurrency"].height() > 0)
    before = panel_rects(page)
    width = {key: rect[2] for key, rect in before.items()}
    assert abs(width["latency_vs_concurrency"] - width["cost_vs_latency"]) <= 8  # two equal columns
    for _cycle in range(2):
        window.actions.workshop.setChecked(True)
        qtbot.waitUntil(window.isFullScreen)
        window.actions.workshop.setChecked(False)
        qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.waitUntil(lambda: panel_rects(page) == before, timeout=3000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60000)

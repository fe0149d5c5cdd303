"""Leaving workshop mode gives the Analysis page back as it was: every splitter's sizes (charts,
candidate list, what-if column) equal to those before entering, however many times the presenter
goes in and out (GUI test report: the charts shrank to ~50 px, worse each F11 cycle)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtWidgets import QSplitter

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


def splitter_sizes(page) -> dict[str, list[int]]:
    return {s.objectName() or f"#{n}": s.sizes() for n, s in enumerate(page.findChildren(QSplitter))}


def test_three_workshop_cycles_leave_every_analysis_splitter_as_it_was(qtbot, window):
    window.setGeometry(QRect(0, 0, 1366, 768))
    page = window.ensure_analysis_page()
    window.show_page("Analysis")
    qtbot.waitUntil(lambda: page.isVisible() and page.width() > 0)
    # a layout of the user's own: the first handle of each splitter moved
    for s in page.findChildren(QSplitter):
        sizes = s.sizes()
        if len(sizes) > 1 and sum(sizes) > 100:
            s.setSizes([sizes[0] + 37, sizes[1] - 37, *sizes[2:]])
    before = splitter_sizes(page)
    assert before and any(sum(v) > 0 for v in before.values())
    for _cycle in range(3):
        window.actions.workshop.setChecked(True)
        qtbot.waitUntil(window.isFullScreen)
        window.actions.workshop.setChecked(False)
        qtbot.waitUntil(lambda: not window.isFullScreen())
    assert splitter_sizes(page) == before
    QCoreApplication.sendPostedEvents()  # and they stay so once the pending layout events have run
    assert splitter_sizes(page) == before

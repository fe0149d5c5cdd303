"""The Scenarios page's "New scenario" button shows its whole text beside its menu arrow (window
defects: the instant-popup tool button drew the arrow over the last letter, "New scenari▾").
Real window with the app's stylesheet, at 1366x768."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyle

from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]


def test_new_scenario_text_and_arrow_both_fit(qtbot, settings, tmp_path):
    Project.open(tmp_path / "p.archwise", create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "p.archwise"))
    w.show_page("Scenarios")
    button = w.scenarios_page.new_button
    qtbot.waitUntil(button.isVisible)
    text = button.fontMetrics().horizontalAdvance(button.text())
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    assert button.menu() is not None
    assert button.width() >= text + arrow + 8  # the text, the arrow and a margin either side
    w.close()

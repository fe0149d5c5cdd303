"""The batch job's start-window messages read whole beside their field in the main window at
1366x768 (two lines where the column is narrow): "'Deadline per run' 10 is longer than the start
window 22:00-06:00 (8 h): shorten the deadline or widen the window" was cut. Real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def commit(row, text: str) -> None:
    row.editor.setText(text)
    row.editor.editingFinished.emit()
    QApplication.processEvents()


def test_start_window_messages_read_whole_at_1366(qtbot, settings, tmp_path):
    from app.ui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "m.archwise"))
    w.show_page("Scenarios")
    page = w.scenarios_page
    page.new_blank(Category.BATCH)
    rows = page.editor.form.rows
    tabs = page.editor.tabs
    for t in range(tabs.count()):
        if tabs.widget(t).isAncestorOf(rows["workload.batch.start_window"].editor):
            tabs.setCurrentIndex(t)
    QApplication.processEvents()
    window, deadline = rows["workload.batch.start_window"], rows["workload.batch.deadline_hours"]
    commit(window, "late evening")
    bad_window = (window.message.text(), window.message.shown_lines())
    commit(window, "22:00-06:00")
    commit(deadline, "10")
    too_long = (deadline.message.text(), deadline.message.shown_lines())
    assert "late evening" in bad_window[0] and "22:00-06:00" in bad_window[0]  # what it holds, what it wants
    assert "10 h" in too_long[0] and "8 h" in too_long[0] and "widen the window" in too_long[0]
    for text, lines in (bad_window, too_long):
        assert " ".join(lines) == text, lines  # whole, nothing elided
    w.close()

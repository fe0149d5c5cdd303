"""D2: a field message longer than the lines kept for it reads whole at 1366x768 ("...; use at
most 8 peak hours or ..."), in an overlay of the message column's width over the space under it,
and no widget of the form moves when it comes or goes. Real main window, project in tmp_path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(window_on):
    return window_on("long.archwise")


def _edit(row, text: str) -> None:
    row.editor.setText(text)
    row.editor.editingFinished.emit()


def test_the_peak_hours_refusal_reads_whole_at_1366(qtbot, window, tmp_path):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    rows = page.editor.form.rows
    _edit(rows["workload.traffic.peak_to_mean"], "3")
    peak = rows["workload.traffic.peak_hours_per_day"]
    page.editor.tabs.widget(0).ensureWidgetVisible(peak.editor)
    qtbot.wait(1)  # let the layout settle after the scroll
    where = {k: r.editor.mapTo(window, QPoint(0, 0)) for k, r in rows.items() if r.editor.isVisible()}
    _edit(peak, "9")
    message = peak.message
    text = message.text()
    assert "use at most 8 peak hours" in text  # 9 h x 3 = 27 > 24; 24 / 3 = 8 h
    assert message.shown_text().endswith("…")  # the two lines kept for it cut it...
    overlay = message.overlay()
    assert overlay is not None and overlay.isVisible() and overlay.text() == text  # ...the overlay does not
    metrics = overlay.fontMetrics()
    assert overlay.height() >= message.needed_lines() * metrics.lineSpacing()  # every line has room
    assert overlay.width() == message.width()
    assert overlay.mapTo(window, QPoint(0, 0)) == message.mapTo(window, QPoint(0, 0))  # on its own field
    # nothing moved
    assert {k: r.editor.mapTo(window, QPoint(0, 0)) for k, r in rows.items() if r.editor.isVisible()} == where
    assert window.grab().save(str(tmp_path / "long_message.png"))
    _edit(peak, "8")  # the fix: accepted, the overlay goes
    assert message.text() == "" and not overlay.isVisible()

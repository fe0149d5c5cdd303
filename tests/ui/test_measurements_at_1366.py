"""The Measurements page in the main window at 1366x768: the residual table's "Predicted as"
column lies inside the table with room to read (it began past the right edge), before and after a
fit, and a long status message is cut to the status bar's width with the whole text in its tooltip
(an import naming each value not used ran off the window). Real widgets and files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def predicted_as_fits(page) -> None:
    view = page.residuals_view
    header = view.horizontalHeader()
    last = header.count() - 1
    assert page.residuals_model.headerData(last, Qt.Orientation.Horizontal) == "Predicted as"
    left, width = header.sectionViewportPosition(last), header.sectionSize(last)
    assert left + width <= view.viewport().width()  # inside the table, no scrolling
    assert width >= 140  # room for "steady state, 16 in flight" on two lines at most
    cell = page.residuals_model.index(0, last)
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith(cell.data())  # whole in the tooltip


def test_measurements_page_reads_at_1366(qtbot, settings, tmp_path):
    from app.ui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "m.archwise"))
    w.show_page("Measurements")
    page = w.ensure_measurements_page()
    bad = tmp_path / "own.csv"  # plain.csv with three bad cells: the import names each
    text = (DATA / "plain.csv").read_text(encoding="utf-8")
    bad.write_text(text + "Llama-3.2-3B-Instruct,NVIDIA L40S,one,1,vLLM,bf17,0,270.2,16,,fast,14.1,,2025-05-30,\n")
    with qtbot.waitSignal(page.results_shown, timeout=60_000):
        assert page.import_files([str(bad), str(DATA / "llama_bench.json")])
    QApplication.processEvents()
    predicted_as_fits(page)
    bar = w.statusBar()
    full = bar.toolTip()
    assert full.startswith("Imported 5 run(s) from llama_bench.json, own.csv; 4 value(s) not used: ")
    assert "line 9: ttft_ms 'fast' is not a number" in full
    shown = bar.currentMessage()
    assert shown.endswith("…") and full.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.width()
    with qtbot.waitSignal(page.results_shown, timeout=120_000):
        page.fit_button.click()
    QApplication.processEvents()
    assert not page.residuals_view.isColumnHidden(5)  # the fit's columns show once there is a fit
    predicted_as_fits(page)
    w.show_message("short")
    assert bar.currentMessage() == "short" and bar.toolTip() == ""
    page.runner.cancel()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60_000)
    w.close()

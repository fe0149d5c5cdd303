"""At 1280x720 logical (1920x1080 at 150 %) the Analysis plots were about 75 px tall: the SLA and
"Workload mean" labels lay over the curves and the memory chart's capacity labels over its legend
(issue 13). Until the user drags the split, the options/Explain pane gives the charts the height it
can spare: 2/5 of the centre, but no more than the charts need beyond CHARTS_WANTED and no less than
LOWER_PANE_SMALL. Real window at 1280x720, 1366x768 and 1920x1080."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app import store
from app.ui.analysis_page import CHARTS_WANTED, LOWER_PANE_SMALL
from tests.ui.test_scenarios_page import close, make_window

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("width,height", [(1280, 720), (1366, 768), (1920, 1080)])
def test_charts_take_the_height_the_table_can_spare(qtbot, settings, tmp_path, width, height):
    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    window = make_window(qtbot, settings, path)
    try:
        window.resize(width, height)
        window.show_page("Analysis")
        page = window.analysis_page
        QApplication.processEvents()
        charts, lower = page.centre_splitter.sizes()
        total = charts + lower
        assert lower == min(round(total * 2 / 5), max(LOWER_PANE_SMALL, total - CHARTS_WANTED))
        plot = page.charts["latency_vs_concurrency"]
        if height <= 768:
            assert lower == LOWER_PANE_SMALL  # the filter row, the header and four rows
            assert plot.height() >= 150, plot.height()  # was ~110 at 720 (3:2 split)
        else:
            assert lower == round(total * 2 / 5)  # a tall screen keeps the 3:2 split it had
        # a split the user drags is theirs: a resize no longer puts the table back to its share
        page.centre_splitter.moveSplitter(charts - 60, 1)
        QApplication.processEvents()
        window.resize(width, height - 40)
        QApplication.processEvents()
        charts, lower = page.centre_splitter.sizes()
        assert lower > min(round((charts + lower) * 2 / 5), max(LOWER_PANE_SMALL, charts + lower - CHARTS_WANTED))
    finally:
        close(window)

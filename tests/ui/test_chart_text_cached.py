"""The Analysis page's plots draw their text (legend names, reference-line labels, axis titles) from
pixmaps on repaints, as their axes are: a what-if step repaints the plot area, and laying the
same text out again on every step cost time (issue 13). A plot copied for a file keeps its text as
text (an SVG export must not carry pictures of words)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows

CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def _texts(view) -> list[QGraphicsTextItem]:
    return [item for item in view.scene().items() if isinstance(item, QGraphicsTextItem)]


def test_analysis_plots_draw_their_text_from_pixmaps(qtbot):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1440, 860)
    page.show()
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.set_scenario(load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"))
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60000)
    page.stop_work()
    view = page.charts["latency_vs_concurrency"]
    texts = {item.toPlainText(): item.cacheMode() for item in _texts(view)}
    assert any("SLA" in text for text in texts)  # the reference line's label is among them
    assert "#1" in texts  # a legend name
    assert any("Latency" in text for text in texts)  # the y axis title
    assert set(texts.values()) == {CACHED}


def test_a_plot_copied_for_a_file_keeps_its_text_as_text(qtbot):
    from app.ui.chart_export import document_view
    from app.ui.chart_view import ChartView

    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    sizing = size_scenario(catalog_from_dir(), scenario, detailed=False, deployments=False)
    view = ChartView()
    qtbot.addWidget(view)
    view.cache_text()
    view.set_chart(next(c for c in sizing.charts if c.key == "latency_vs_concurrency"))
    copy = document_view(view)
    try:
        texts = _texts(copy)
        assert len(texts) > 3
        assert all(item.cacheMode() == QGraphicsItem.CacheMode.NoCache for item in texts)
    finally:
        copy.deleteLater()

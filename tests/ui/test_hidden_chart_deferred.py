"""A chart view that is hidden (a tab not in front) only keeps the charts it is handed and
draws the newest one when shown: a slider step pays for the plots in view, and what a hidden
plot shows once in front is the same as if it had been drawn on every step."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.whatif_panel import apply_knob

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows

KEY = "energy_vs_traffic"  # in the traffic cell's second tab: hidden until chosen


@pytest.fixture
def page(qtbot):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    p = AnalysisPage(lambda: catalog)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    yield p
    p.runner.cancel()


def _size(qtbot, page, scenario):
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        page.set_scenario(scenario)
    return blocker.args[0]


def test_a_hidden_tab_draws_the_newest_chart_when_shown(qtbot, page):
    base = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    view = page.charts[KEY]
    first = next(c for c in _size(qtbot, page, apply_knob(base, "traffic", 1.0)).charts if c.key == KEY)
    page.traffic_tabs.setCurrentWidget(page.panels[KEY])  # drawn once: it has been on screen
    x, y = view.series_item(first.series[0].name).getData()
    assert_allclose(y, first.series[0].y)
    page.traffic_tabs.setCurrentIndex(0)  # hidden again
    second = next(c for c in _size(qtbot, page, apply_knob(base, "traffic", 3.0)).charts if c.key == KEY)
    assert view.chart is second  # the view holds the newest chart at once...
    assert view._pending is not None  # ...and draws it only when shown
    item = view.items[0]
    assert_allclose(item.getData()[0], first.series[0].x)  # still the older drawing, off screen
    page.traffic_tabs.setCurrentWidget(page.panels[KEY])
    assert view._pending is None
    assert_allclose(view.items[0].getData()[0], second.series[0].x)
    assert_allclose(view.items[0].getData()[1], second.series[0].y)
    assert not any(
        a == b for a, b in zip(first.series[0].x, second.series[0].x, strict=True)
    )  # the test would not tell the two apart otherwise


def test_a_view_never_on_screen_draws_at_once(qtbot):
    """Without a window on screen (an export, a test) the view draws when handed a chart."""
    from app.ui.chart_view import ChartView

    base = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    from app.services.sizing import size_scenario

    sizing = size_scenario(catalog_from_dir(), base, detailed=False, deployments=False)
    chart = next(c for c in sizing.charts if c.key == "latency_vs_concurrency")
    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(chart)
    assert view._pending is None
    assert_allclose(view.items[0].getData()[1], chart.series[0].y)


def test_a_preview_leaves_out_the_hidden_tab_and_builds_it_when_shown(qtbot, page):
    """While the Energy tab is behind, a slider's preview skips its curve (one plan per traffic
    step); choosing the tab sizes one preview more, so the tab shows these what-if values."""
    from app.services.sizing import size_scenario

    base = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    _size(qtbot, page, apply_knob(base, "traffic", 1.0))
    assert page.sizing.detailed and KEY in {c.key for c in page.sizing.charts}  # a full run builds all
    slider = page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        slider.setValue(slider.value() + 40)
    preview = blocker.args[0]
    assert not preview.detailed
    assert KEY not in {c.key for c in preview.charts}
    assert "replicas_vs_traffic" in {c.key for c in preview.charts}  # the tab in front is built
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        page.traffic_tabs.setCurrentWidget(page.panels[KEY])
    shown = blocker.args[0]
    chart = next(c for c in shown.charts if c.key == KEY)
    expected = size_scenario(catalog_from_dir(), page.sized_scenario, deployments=False)
    assert chart == next(c for c in expected.charts if c.key == KEY)
    view = page.charts[KEY]
    assert_allclose(view.series_item(chart.series[0].name).getData()[1], chart.series[0].y)


def test_a_page_never_on_screen_keeps_its_charts_until_shown(qtbot):
    """The Analysis page behind workshop mode, built there and never shown, draws none of its
    plots on a slider step (workshop mode draws its own full-size chart); shown, each plot
    draws the newest chart."""
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    scenario = load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    sizing = _size(qtbot, page, scenario)
    qtbot.waitUntil(lambda: not page.runner.busy)
    views = [page.charts[c.key] for c in sizing.charts if c.key in page.charts]
    assert views and all(v._pending is not None for v in views)  # kept, not drawn
    assert all(not v.items for v in views)  # nothing drawn yet
    page.show()
    latency = next(c for c in page.sizing.charts if c.key == "latency_vs_concurrency")
    view = page.charts["latency_vs_concurrency"]
    assert view._pending is None and view.chart is latency
    assert_allclose(view.items[0].getData()[1], latency.series[0].y)
    page.runner.cancel()

"""The Analysis page draws the engine's energy curve (Wh per 1M tokens vs traffic) in the traffic
cell's Energy tab; the screen shows the engine's numbers, nothing recomputed."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.engine.charts import TRAFFIC_STEPS
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.whatif_panel import apply_knob

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


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


def test_energy_tab_draws_the_engine_curve(qtbot, page, tmp_path):
    scenario = apply_knob(load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"), "traffic", 1.0)
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        page.set_scenario(scenario)
    sizing = blocker.args[0]
    chart = next(c for c in sizing.charts if c.key == "energy_vs_traffic")
    assert chart.series and chart.y_unit == "Wh"
    page.traffic_tabs.setCurrentWidget(page.panels["energy_vs_traffic"])
    view = page.charts["energy_vs_traffic"]
    x, y = view.series_item(chart.series[0].name).getData()
    assert_allclose(y, chart.series[0].y)
    # at the workload's own mean the curve passes through the option's Wh per 1M tokens
    o = sizing.options[chart.series[0].option_index]
    at_mean = list(TRAFFIC_STEPS).index(1.0)
    assert_allclose(y[at_mean], o.energy_wh_per_million_tokens, rtol=1e-9)
    assert page.panels["energy_vs_traffic"].title.text() == "Energy per 1M tokens vs traffic"
    page.grab().save(str(tmp_path / "energy_tab.png"))
    page.grab().save("/tmp/energy_tab.png")

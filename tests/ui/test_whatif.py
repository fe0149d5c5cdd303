"""What-if sliders: log-scale knobs, modified scenarios, re-sizing in a worker, plots redrawn."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import Catalog
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows

EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_dir()


@pytest.fixture
def scenario():
    from app.services.sizing import load_scenario

    return load_scenario(EXAMPLE)


@pytest.fixture
def page(qtbot, catalog, scenario):
    from app.ui.analysis_page import AnalysisPage

    p = AnalysisPage(lambda: catalog)
    qtbot.addWidget(p)
    p.resize(1300, 850)
    p.show()
    with qtbot.waitSignal(p.sizing_changed, timeout=20000):
        p.set_scenario(scenario)
    yield p
    p.runner.cancel()


def test_knobs_are_log_scales_that_round_trip():
    from app.ui.whatif_panel import KNOBS, STEPS

    for knob in KNOBS:
        assert knob.value_at(0) == pytest.approx(knob.low, rel=1e-2)
        assert knob.value_at(STEPS) == pytest.approx(knob.high, rel=1e-2)
        mid = knob.value_at(STEPS // 2)
        assert mid == pytest.approx((knob.low * knob.high) ** 0.5, rel=1e-2)  # geometric middle
        assert abs(knob.position_of(mid) - STEPS // 2) <= 1
    traffic = KNOBS[0]
    assert traffic.text(5.556) == "5.56 req/s" and KNOBS[3].text(500) == "500 ms"


def test_apply_knob_changes_one_value_and_keeps_p95_at_least_the_mean(scenario):
    from app.ui.whatif_panel import apply_knob

    s = apply_knob(scenario, "input", 2000)
    assert s.workload.tokens.input_tokens == 2000 and s.workload.tokens.input_tokens_p95 == 2000
    assert s.workload.tokens.output_tokens == scenario.workload.tokens.output_tokens
    assert apply_knob(scenario, "ttft", 800).workload.sla.ttft_p95_ms == 800
    assert apply_knob(scenario, "traffic", 2.5).workload.traffic.requests_per_s == 2.5
    assert scenario.workload.traffic.requests_per_s == 5.556  # the original is untouched


def test_moving_the_traffic_slider_redraws_the_plots(qtbot, page):
    from app.engine.charts import TRAFFIC_STEPS

    slider, label = page.whatif.sliders["traffic"], page.whatif.labels["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        slider.setValue(slider.value() - 80)  # ~0.4x the traffic: now feasible
    qtbot.waitUntil(lambda: not page.runner.busy)
    rate = page.current_scenario().workload.traffic.requests_per_s
    assert rate < 5.556 and label.text() == f"{rate:,.3g} req/s"
    assert page.sized_scenario.workload.traffic.requests_per_s == rate
    traffic = page.charts["replicas_vs_traffic"]
    assert traffic.ref_lines[0].value() == pytest.approx(rate, rel=1e-3)
    assert traffic.items, "a feasible option is drawn against traffic"
    x, _y = traffic.items[0].getData()
    assert_allclose(x, TRAFFIC_STEPS * rate, rtol=1e-6)


def test_moving_the_sla_slider_moves_the_sla_lines(qtbot, page):
    slider = page.whatif.sliders["ttft"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        slider.setValue(slider.value() + 100)
    qtbot.waitUntil(lambda: not page.runner.busy)
    sla = page.current_scenario().workload.sla.ttft_p95_ms
    assert sla > 500 and page.whatif.labels["ttft"].text() == f"{sla:,.0f} ms"
    latency = page.charts["latency_vs_concurrency"]
    assert latency.ref_lines[0].value() == pytest.approx(sla)
    assert f"{sla:g} ms" in latency.chart.reference_lines[0].label


def test_a_burst_of_changes_ends_on_the_last_value(qtbot, page):
    slider = page.whatif.sliders["output"]
    start = slider.value()
    for step in range(1, 25):  # as fast as a drag: older requests are superseded or coalesced
        slider.setValue(start + 4 * step)
    qtbot.waitUntil(lambda: not page.runner.busy and page.sized_scenario is page.current_scenario(), timeout=20000)
    final = page.current_scenario().workload.tokens.output_tokens
    assert final > 150 and page.sized_scenario.workload.tokens.output_tokens == final
    assert page.whatif.labels["output"].text() == f"{final:,} tokens"


def test_candidates_and_sliders_compose(qtbot, page):
    slider = page.whatif.sliders["input"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        page.candidates.set_checked("precisions", ["fp16", "int8"])
    qtbot.waitUntil(lambda: not page.runner.busy)
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        slider.setValue(slider.value() + 50)
    qtbot.waitUntil(lambda: not page.runner.busy)
    s = page.current_scenario()
    assert [p.value for p in s.candidates.precisions] == ["fp16", "int8"]
    assert s.workload.tokens.input_tokens > 250


def test_a_drag_shows_previews_then_the_detailed_sizing(qtbot, page):
    """While a slider moves each result is a preview (the same figures, no bands or explanations);
    once it settles the detailed sizing follows and the Explain tab shows its formulas."""
    slider = page.whatif.sliders["input"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000) as preview:
        slider.setValue(slider.value() + 40)
    assert not preview.args[0].detailed and not preview.args[0].options[0].explanations
    assert not page.explain.isEnabled()  # greyed: it still explains the figures before the drag
    with qtbot.waitSignal(page.sizing_changed, timeout=20000, check_params_cb=lambda s: s.detailed) as detailed:
        pass
    sizing = detailed.args[0]
    assert sizing.options[0].explanations and sizing.options[0].bands and page.explain.isEnabled()
    assert page.sized_scenario.workload.tokens.input_tokens == page.current_scenario().workload.tokens.input_tokens
    page.side_tabs.setCurrentWidget(page.explain)
    assert sizing.options[page.selected_option_index()].explanations[0].quantity in page.explain.toPlainText()


def test_asking_for_the_sizing_during_a_preview_gets_the_detailed_one(qtbot, page):
    slider = page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        slider.setValue(slider.value() - 30)
    assert not page.sizing.detailed
    sizing = page.current_sizing()  # e.g. for a pin, the matrix or the report
    assert sizing.detailed and sizing.options[0].bands and page.sizing is sizing
    page.side_tabs.setCurrentWidget(page.explain)  # the shown option is the detailed one too
    assert sizing.options[page.selected_option_index()].explanations[0].quantity in page.explain.toPlainText()
    rate = page.current_scenario().workload.traffic.requests_per_s
    assert page.sized_scenario.workload.traffic.requests_per_s == rate

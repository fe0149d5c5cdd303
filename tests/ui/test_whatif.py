"""What-if sliders: log-scale knobs, modified scenarios, re-sizing in a worker, plots redrawn."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import Qt

from app.domain import Catalog
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir
from app.ui.whatif_panel import STEPS

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


def test_knobs_are_log_scales_around_the_baseline_that_round_trip():
    from app.ui.whatif_panel import KNOBS, STEPS

    for knob in KNOBS:
        base = 800.0
        assert knob.value_at(STEPS // 2, base) == base  # the middle is exactly the baseline
        assert knob.value_at(0, base) == pytest.approx(base / 10, rel=1e-2)
        assert knob.value_at(STEPS, base) == pytest.approx(base * 10, rel=1e-2)
        quarter = knob.value_at(STEPS // 4, base)
        assert quarter == pytest.approx(base / 10**0.5, rel=1e-2)  # geometric: x0.316 a quarter of the way
        assert abs(knob.position_of(quarter, base) - STEPS // 4) <= 1
        assert knob.position_of(base * 100, base) == STEPS and knob.position_of(base / 100, base) == 0  # clamped
    traffic = KNOBS[0]
    assert traffic.value_at(STEPS // 2, 5.556) == 5.556  # not rounded to 3 digits at the baseline
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
    assert rate == pytest.approx(5.556 * 10 ** (-80 / 500), rel=1e-2)  # 80 steps of 1000 span x0.1..x10
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


def _type(qtbot, box, text: str) -> None:
    """Type `text` into a value box as a user would and press Enter."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def test_a_typed_exact_value_is_used_as_typed_even_beyond_the_slider(qtbot, page):
    box, slider = page.whatif.boxes["traffic"], page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        _type(qtbot, box, "123.45")
    assert page.current_scenario().workload.traffic.requests_per_s == 123.45  # exact, not rounded
    assert slider.value() == STEPS  # beyond x10 of 5.556: the slider sits at its end
    assert box.text() == "123.45 req/s"
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        _type(qtbot, page.whatif.boxes["input"], "2,500")
    assert page.current_scenario().workload.tokens.input_tokens == 2500
    qtbot.waitUntil(lambda: not page.runner.busy)


def test_reset_to_baseline_restores_the_saved_scenario(qtbot, page, scenario):
    whatif = page.whatif
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        whatif.sliders["input"].setValue(whatif.sliders["input"].value() + 300)  # x~4: p95 rises with the mean
    changed = page.current_scenario().workload.tokens
    assert changed.input_tokens > scenario.workload.tokens.input_tokens
    whatif.sliders["ttft"].setValue(100)
    assert whatif.reset_button.isEnabled()
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        whatif.reset_button.click()
    assert page.current_scenario().workload == scenario.workload  # p95 and prefix back too
    assert all(s.value() == STEPS // 2 for s in whatif.sliders.values())
    assert whatif.boxes["traffic"].text() == "5.556 req/s" and not whatif.reset_button.isEnabled()
    qtbot.waitUntil(lambda: not page.runner.busy)


def test_a_slider_change_is_one_undoable_step_with_its_text_in_the_edit_menu(qtbot, settings, tmp_path, scenario):
    from app.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_project(str(tmp_path / "whatif.archwise"))
    page = window.ensure_analysis_page()
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        window.open_example(EXAMPLE)  # a scenario of the project now, analysed
    slider = page.whatif.sliders["traffic"]
    depth = window.undo_stack.count()
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        _drag(qtbot, slider, steps=[10, 40, 90, 120])  # a real mouse drag: previews, one step
    moved = page.current_scenario().workload.traffic.requests_per_s
    assert moved > 5.556 and window.undo_stack.count() == depth + 1
    assert window.actions.undo.text() == f"&Undo Set what-if traffic to {moved:,.3g} req/s"
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        window.actions.undo.trigger()
    assert page.current_scenario().workload.traffic.requests_per_s == 5.556 and slider.value() == STEPS // 2
    with qtbot.waitSignal(page.sizing_changed, timeout=20000):
        window.actions.redo.trigger()
    assert page.current_scenario().workload.traffic.requests_per_s == moved
    qtbot.waitUntil(lambda: not page.runner.busy and page.sized_scenario is page.current_scenario(), timeout=20000)
    assert page.sized_scenario.workload.traffic.requests_per_s == moved
    qtbot.waitUntil(lambda: not page.runner.busy and not page._detail_timer.isActive(), timeout=20000)


def _drag(qtbot, slider, steps: list[int]) -> None:
    """Press the slider's handle, move right by `steps` pixels in turn, release."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider).center()
    qtbot.mousePress(slider, Qt.LeftButton, pos=handle)
    for dx in steps:
        qtbot.mouseMove(slider, handle + QPoint(dx, 0))
    qtbot.mouseRelease(slider, Qt.LeftButton, pos=handle + QPoint(steps[-1], 0))

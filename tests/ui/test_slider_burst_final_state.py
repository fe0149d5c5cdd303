"""After a burst of what-if slider changes (a drag, key presses, previews shown in between and
older results dropped), every figure on the Analysis page equals a fresh analysis of the last
values: the verdict, each cell of the options table and each plot's data. Real widgets and the
real engine; the expected numbers come from one direct `size_scenario` call, no cache shared
with the page."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from app.domain.energy_bound import upper_bound_cell
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import OPTION_COLUMNS
from app.ui.roles import DISPLAY
from app.ui.whatif_panel import KNOBS, compose, knob_value

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows

EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"
# (knob, slider steps): traffic dragged up a step at a time, then the other knobs, then back down
BURST = [("traffic", 3)] * 8 + [("input", -25), ("output", 40), ("ttft", -30), ("traffic", -13), ("traffic", 5)]


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def _settled(page) -> bool:
    """The detailed sizing of the values on screen is shown and nothing more is on its way."""
    return (
        page.sizing is not None
        and page.sizing.detailed
        and not page.runner.busy
        and page._pending is None
        and page.sized_scenario == page.current_scenario()
    )


def test_a_burst_of_slider_changes_ends_on_a_fresh_analysis(qtbot, catalog):
    from app.ui.analysis_page import AnalysisPage

    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    baseline = load_scenario(EXAMPLE)
    with qtbot.waitSignal(page.sizing_changed, timeout=30000):
        page.set_scenario(baseline)
    sliders = page.whatif.sliders
    for n, (key, step) in enumerate(BURST):
        sliders[key].setValue(sliders[key].value() + step)
        if n == 3:  # a preview shown mid-burst: the later steps supersede it
            with qtbot.waitSignal(page.sizing_changed, timeout=30000):
                pass
        elif n % 2:
            QApplication.processEvents()  # some results come back between steps, some are dropped
    qtbot.waitUntil(lambda: _settled(page), timeout=30000)

    # The last values, from the slider positions and the knobs' own arithmetic
    values = {k.key: k.value_at(sliders[k.key].value(), knob_value(baseline, k.key)) for k in KNOBS}
    expected = compose(baseline, baseline, values)
    assert page.current_scenario() == expected
    assert values["traffic"] != knob_value(baseline, "traffic")  # the burst moved every knob
    assert values["input"] != knob_value(baseline, "input")
    direct = size_scenario(catalog, expected, deployments=False)

    # Verdict and ranked options
    assert page.sizing.options == direct.options
    assert direct.recommended is not None
    banner = page.banner.text()
    assert direct.recommended.label.split(" ")[0] in banner
    assert f"${direct.recommended.cost_per_million_tokens_usd:,.3f} per 1M tokens" in banner

    # Every cell of the options table, folded rows included
    model = page.table_model
    assert model.shown_count() == len(direct.options)
    for n, option in enumerate(direct.options):
        for column, spec in enumerate(OPTION_COLUMNS):
            text = model.data(model.index_of_option(n, column), DISPLAY)
            figure = spec.fmt(spec.getter(option))
            if spec.key == "energy_mtok" and option.energy_bound == "upper":
                figure = upper_bound_cell(figure)  # a host at its catalogued maximum every hour
            assert text.startswith(figure), (n, spec.key)

    # Every plot's data, as drawn (a plot in a hidden tab draws its newest chart when shown)
    page.traffic_tabs.setCurrentIndex(1)  # the energy plot too
    shown = {c.key: c for c in direct.charts}
    for key, view in page.charts.items():
        view.flush()
        chart = shown[key]
        assert view.chart == chart, key
        for series in chart.series:
            item = view.series_item(series.name)
            if isinstance(item, pg.BarGraphItem):
                np.testing.assert_allclose(item.opts["height"], series.y, rtol=1e-12)
            elif item is view.option_points.item:  # a ranked option's point on a scatter chart
                x, y = item.getData()
                assert (series.x[0], series.y[0]) in set(zip(x.tolist(), y.tolist(), strict=True))
            else:
                x, y = item.getData()
                np.testing.assert_allclose(x, series.x, rtol=1e-12)
                np.testing.assert_allclose(y, series.y, rtol=1e-12)
        lines = [(line.value(), line.label.toolTip()) for line in view.ref_lines if line.isVisible()]
        assert lines == [(r.value, r.label) for r in chart.reference_lines], key
    page.stop_work()


def test_a_value_that_waited_for_a_run_is_sized_while_that_run_is_drawn(qtbot, catalog):
    """Latest wins, and sooner: a slider value that came while a preview was being sized starts
    its own sizing when that preview's result arrives, before the result is drawn (the worker
    sizes while the GUI thread draws), not after it has been painted."""
    from app.ui.analysis_page import AnalysisPage

    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    with qtbot.waitSignal(page.sizing_changed, timeout=30000):
        page.set_scenario(load_scenario(EXAMPLE))
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=30000)
    slider = page.whatif.sliders["traffic"]
    slider.setValue(slider.value() + 10)
    assert page.runner.busy  # its preview is being sized
    slider.setValue(slider.value() + 10)
    newest = page.current_scenario()
    assert page._pending is not None  # waits for the running one
    seen = []
    page.sizing_changed.connect(lambda _s: seen.append((page.runner.busy, page._pending)))
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=30000)
    busy, pending = seen[0]
    assert busy and pending is None  # the newer value's sizing was under way while the first was drawn
    qtbot.waitUntil(lambda: page.sized_scenario == newest and not page.runner.busy, timeout=30000)
    page.stop_work()


def _analysed_page(qtbot, catalog):
    """An Analysis page on the A100 example, its first sizings done."""
    from app.ui.analysis_page import AnalysisPage

    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    with qtbot.waitSignal(page.sizing_changed, timeout=30000):
        page.set_scenario(load_scenario(EXAMPLE))
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=30000)
    return page


def test_a_slider_moved_during_the_detailed_follow_up_does_not_wait_for_it(qtbot, catalog):
    """200 ms after the last preview the detailed sizing of those values follows (bands,
    explanations). A slider moved while it runs makes it worthless: it is cancelled and the new
    value's preview starts at once, instead of waiting for it to finish and be drawn.

    The move is hooked on the page's detail timer before the first move (hooked after the preview
    came back, a loaded machine could fire the timer first and the hook never ran), and acts on the
    state it sees, the detailed follow-up running, not on the first tick."""
    page = _analysed_page(qtbot, catalog)
    slider = page.whatif.sliders["traffic"]
    moved = []

    def move_during_follow_up() -> None:  # runs just after the page's own slot on the timer
        running = page._running_request
        if moved or running is None or not running.detailed:
            return  # once, and only while the detailed follow-up runs
        slider.setValue(slider.value() + 20)
        moved.append(page._pending)

    page._detail_timer.timeout.connect(move_during_follow_up)
    page.runner.finished.connect(move_during_follow_up)  # a follow-up that waited for the preview's run
    slider.setValue(slider.value() + 20)
    qtbot.waitUntil(lambda: bool(moved), timeout=30000)
    assert moved == [None]  # the new value's preview is running, not waiting
    newest = page.current_scenario()
    qtbot.waitUntil(lambda: _settled(page), timeout=30000)
    assert page.sized_scenario == newest and page.sizing.detailed  # and its own detailed sizing followed
    page.stop_work()


def test_a_follow_up_due_while_the_previewed_run_finishes_still_follows(qtbot, catalog):
    """The detail timer can fire before the preview's run has said it finished (its result is
    drawn first; on a loaded machine the worker's "finished" comes later). The detailed sizing
    then follows when it does; before, it was dropped and Explain and Strategy stayed on the
    preview until the next change."""
    page = _analysed_page(qtbot, catalog)
    slider = page.whatif.sliders["traffic"]
    fired_while_busy = []

    def fire_now(sizing) -> None:  # the timer's work, while the preview's run is still running
        if not sizing.detailed and not fired_while_busy:
            fired_while_busy.append(page.runner.busy)
            page._detail_timer.stop()
            page._request_detail()

    page.sizing_changed.connect(fire_now)
    slider.setValue(slider.value() + 20)
    qtbot.waitUntil(lambda: bool(fired_while_busy), timeout=30000)
    assert fired_while_busy == [True]
    qtbot.waitUntil(lambda: _settled(page), timeout=30000)
    assert page.sizing.detailed and page.sized_scenario == page.current_scenario()
    page.stop_work()

"""A pin holds the what-if values shown when it was pressed, never those of a later slider move:
pressed while that state is still being sized, it waits for that state's own result. Real
widgets and the real engine on the shipped catalog; the scenario is written from a blank workload."""

from __future__ import annotations

import pytest

from app.domain import Category, Scenario, Sla
from app.services.scenarios import blank_workload
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


def my_rag() -> Scenario:
    """A blank RAG workload with its traffic and SLA typed in and two candidates ticked."""
    w = blank_workload(Category.RAG, "my assistant")
    w = w.model_copy(
        update={
            "traffic": w.traffic.model_copy(update={"requests_per_s": 4.0}),
            "sla": Sla(ttft_p95_ms=2000, tpot_p95_ms=80),
        }
    )
    return Scenario(
        name="my assistant",
        workload=w,
        candidates={"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Lambda 1x H100 SXM", "AWS p5.48xlarge"]},
    )


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


@pytest.fixture
def page(qtbot, catalog):
    from app.ui.analysis_page import AnalysisPage

    p = AnalysisPage(lambda: catalog)
    qtbot.addWidget(p)
    p.resize(1300, 850)
    p.show()
    with qtbot.waitSignal(p.sizing_changed, timeout=60000):
        p.set_scenario(my_rag())
    qtbot.waitUntil(lambda: p.sizing.detailed and not p.runner.busy, timeout=60000)
    yield p
    p.pin_queue.cancel()
    p.runner.cancel()


def _rate(scenario) -> float:
    return scenario.workload.traffic.requests_per_s


def test_pins_pressed_before_their_results_hold_the_values_shown_at_the_press(qtbot, page, catalog):
    slider = page.whatif.sliders["traffic"]
    # No event is processed between these lines, so no sizing result can come back in between:
    # each pin is pressed while its state is still being sized, and the slider moves on at once.
    slider.setValue(slider.value() + 40)
    shown_a = page.current_scenario()
    page.pin_button.click()  # A
    slider.setValue(slider.value() + 40)
    shown_b = page.current_scenario()
    page.pin_button.click()  # B
    slider.setValue(slider.value() + 40)  # moved on before either result is in
    assert _rate(shown_a) < _rate(shown_b) < _rate(page.current_scenario())
    qtbot.waitUntil(lambda: len(page.compare.pinned) == 2 and not page.runner.busy, timeout=60000)
    (title_a, pinned_a, sizing_a), (title_b, pinned_b, sizing_b) = page.compare.pinned
    assert pinned_a == shown_a and pinned_b == shown_b
    assert sizing_a.assumptions_used["mean requests/s"] == pytest.approx(_rate(shown_a))
    assert sizing_b.assumptions_used["mean requests/s"] == pytest.approx(_rate(shown_b))
    assert title_a.startswith(f"{_rate(shown_a):,.3g} req/s") and title_b.startswith(f"{_rate(shown_b):,.3g} req/s")
    # the pinned figures are that state's own, detailed, as the service sizes it
    expected = page.service.size_scenario(catalog, shown_a, deployments=False)
    assert [o.cost_per_month_usd for o in sizing_a.options] == [o.cost_per_month_usd for o in expected.options]
    assert sizing_a.detailed and sizing_b.detailed
    # the screen meanwhile shows the newest values
    qtbot.waitUntil(lambda: page.sized_scenario == page.current_scenario(), timeout=60000)


def test_a_pin_of_the_values_already_sized_is_made_at_once(qtbot, page):
    page.pin_button.click()
    assert len(page.compare.pinned) == 1 and page.compare.pinned[0][1] == page.current_scenario()

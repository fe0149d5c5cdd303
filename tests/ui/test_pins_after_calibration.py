"""Pinned cards follow an applied calibration at once (window defects: the A/B/C cards kept the
catalog's profiles after Apply fit until the app was restarted). Real window and project file, the
measurements fitted and applied through the Measurements page's buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_builders import support_answers

from app.domain import Category

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


@pytest.fixture
def window(window_on):
    return window_on("cal.archwise", Category.INFERENCE_API, lambda d: support_answers(d, "Llama-3.1-8B-Instruct"))


def test_pinned_cards_are_sized_again_when_a_fit_is_applied(qtbot, window, analysed):
    analysis = analysed(window)
    analysis.pin()
    assert len(analysis.compare.pinned) == 1
    before = analysis.compare.pins()[0].sizing
    assert all(not o.calibration for o in before.options)  # the catalog's profiles
    page = window.ensure_measurements_page()
    with qtbot.waitSignal(page.results_shown, timeout=60000):
        assert page.import_files([str(DATA / "plain.csv")])
    with qtbot.waitSignal(page.results_shown, timeout=120000):
        page.fit_button.click()
    with qtbot.waitSignal(analysis.compare.pins_changed, timeout=60000):
        page.apply_button.click()
    after = analysis.compare.pins()[0].sizing
    assert any(o.calibration for o in after.options)  # the L40S/vLLM options calibrated on the runs
    assert after != before
    qtbot.waitUntil(lambda: not analysis.runner.busy, timeout=60000)

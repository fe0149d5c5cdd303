"""A pin sized again after a calibration says so on its card, with what it showed before (tgui3
D16: card A changed design and cost with nothing saying why). Real window, project and fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_builders import support_answers

from app.domain import Category

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


@pytest.fixture
def window(window_on):
    return window_on(
        "cal.archwise", Category.INFERENCE_API, lambda d: support_answers(d, "Llama-3.2-3B-Instruct", ("bf16",))
    )


def test_a_pin_sized_again_after_a_fit_says_so_and_what_it_was(qtbot, window, analysed):
    from app.services.comparison import REEVALUATED, compare, figure_texts

    analysis = analysed(window)
    analysis.pin()
    was = figure_texts(analysis.compare.pins()[0])
    design = analysis.compare.pins()[0].option.label
    assert REEVALUATED not in dict(compare(analysis.compare.pins()).rows)  # nothing to say yet
    page = window.ensure_measurements_page()
    with qtbot.waitSignal(page.results_shown, timeout=60000):
        assert page.import_files([str(DATA / "plain.csv")])
    with qtbot.waitSignal(page.results_shown, timeout=120000):
        page.fit_button.click()
    with qtbot.waitSignal(analysis.compare.pins_changed, timeout=60000):
        page.apply_button.click()
    pin = analysis.compare.pins()[0]
    now = figure_texts(pin)
    moved = [name for name in was if was[name] != now[name]]
    assert moved  # the fit moved A's figures (the L40S option sized on the fitted profile)
    assert "Choice" not in moved and "Per month" not in moved  # same design and cost, other latencies
    # the pin keeps the design it showed, whatever the calibrated engine now recommends (tgui4 D24)
    assert pin.design == design and pin.option.label == design
    words = ", ".join(f"{name} {was[name]}" for name in moved)
    assert pin.note.startswith("re-evaluated after calibration at ") and pin.note.endswith(f"; was {words}")
    # the Compare tab shows the row, with the note under A
    table = analysis.compare.table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert labels[-1] == REEVALUATED
    assert table.item(table.rowCount() - 1, 0).text().startswith("re-evaluated after calibration at ")
    # clearing the pins drops the row
    analysis.compare.clear()
    assert REEVALUATED not in [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    qtbot.waitUntil(lambda: not analysis.runner.busy, timeout=60000)

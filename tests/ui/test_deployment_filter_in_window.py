"""tgui6 D1: in the app's window (a scenario document open), the options table's deployment filter
(Cloud / Bare metal / On-prem) showed '0 of N' for every value but 'Any deployment': the page read
where each hardware is only when it had no document. Real window and project file; one model on
three places, one of each deployment: AWS g6e.4xlarge (cloud), Qubrid 8x H100 80GB bare metal and
On-prem 8x H100 SXM (DGX H100)."""

from __future__ import annotations

from collections import Counter

import pytest
from scenario_builders import driver_assistant, with_

from app.domain import Category

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
PLACES = {
    "AWS g6e.4xlarge": "cloud",
    "Qubrid 8x H100 80GB bare metal": "bare_metal",
    "On-prem 8x H100 SXM (DGX H100)": "on_prem",
}


def _three_places(blank):
    return with_(
        driver_assistant(blank),
        **{"candidates.models": ["Llama-3.1-8B-Instruct"], "candidates.hardware": list(PLACES)},
    )


def test_each_deployment_filter_shows_its_own_options(qtbot, window_on, analysed):
    window = window_on("places.archwise", Category.AGENT, _three_places)
    analysis = analysed(window)
    options = analysis.sizing.options
    expected = Counter(PLACES[o.hardware] for o in options)
    assert set(expected) == {"cloud", "bare_metal", "on_prem"}  # each place has options to show
    panel = analysis.options
    panel.grouped.setChecked(False)  # one row per option
    for value, label in (("cloud", "Cloud"), ("bare_metal", "Bare metal"), ("on_prem", "On-prem")):
        panel.deployment.setCurrentIndex(panel.deployment.findData(value))
        assert panel.deployment.currentText() == label
        # was "0 of N shown" for each
        assert panel.shown.text() == f"{expected[value]} of {len(options)} shown"
        shown = [
            panel.model.option(panel.model.option_index(panel.model.index(r, 0))) for r in range(panel.model.rowCount())
        ]
        assert {PLACES[o.hardware] for o in shown} == {value}

"""D4: a batch job's rate below 1 req/s (40,000 requests in 12 h = 0.9259259 req/s) read
"0.925926 req/s" in the what-if box: the box keeps 6 decimals, so the derived value arrived looking
"short, as typed". It reads as the verdict and the chart write it, 3 significant digits."""

from __future__ import annotations

from app.ui.whatif_panel import KNOB, ValueBox


def test_a_derived_rate_below_one_reads_three_significant_digits(qtbot):
    box = ValueBox(KNOB["traffic"])
    qtbot.addWidget(box)
    box.show()
    box.setValue(40_000 / (12 * 3600))
    assert box.text() == "0.926 req/s"
    box.setValue(0.25)
    assert box.text() == "0.25 req/s"  # typed: as typed

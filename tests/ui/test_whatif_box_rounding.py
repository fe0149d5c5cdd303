"""The what-if value box and the verdict write a value the same way (window defects: the box
showed '11.5741 req/s' for a batch job's 500,000 requests in 12 h while the verdict and the chart
said 11.6): three significant digits, except a short value, shown as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.whatif_panel import KNOB, ValueBox


def test_a_derived_rate_reads_as_the_verdict_does_and_a_typed_one_as_typed(qtbot):
    box = ValueBox(KNOB["traffic"])
    qtbot.addWidget(box)
    box.show()
    rate = 500_000 / (12 * 3600)  # 11.574074... req/s: a batch job's requests over its deadline
    box.setValue(rate)
    assert box.text() == f"{rate:,.3g} req/s" == "11.6 req/s"  # the verdict's and the labels' rule
    held = box.value()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Return)  # Enter on the shown text: the value stays, not its rounding
    assert box.value() == held
    box.setValue(123.45)
    assert box.text() == "123.45 req/s"  # typed: as typed
    box.setValue(5.556)
    assert box.text() == "5.556 req/s"

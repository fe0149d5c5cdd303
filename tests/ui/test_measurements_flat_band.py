"""Item 3 of issue 18 (GUI tester): a prediction band whose low and high levels give the same figure
read "675 – 675" in the Measurements table and was drawn as a zero-length segment (invisible) beside
the measured 562. Such a band is now said to be flat, "675 (low = high)", and drawn as a mark of its
own named "band low = high"; a band with a spread keeps its segment. Real chart data from the
service, the real plot widget and table model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.measurement import Residual
from app.services import measurements as ms
from app.ui.measurements.plot import MeasuredPlot
from app.ui.measurements.residuals_model import HEADERS, ResidualsTableModel

FLAT = Residual(run_id="flat", metric="output_tokens_per_s", measured=562.0, predicted=675.0, low=675.0, high=675.2)
SPREAD = Residual(run_id="spread", metric="output_tokens_per_s", measured=600.0, predicted=610.0, low=500.0, high=700.0)


def test_a_flat_band_is_a_named_mark_and_a_spread_band_a_segment(qtbot):
    chart = ms.comparison_chart("output_tokens_per_s", [FLAT, SPREAD])
    plot = MeasuredPlot()
    qtbot.addWidget(plot)
    plot.set_chart(chart)
    xs, ys = plot.band.getData()
    assert list(xs) == [600.0, 600.0] and list(ys) == [500.0, 700.0]  # the spread run's segment only
    xs, ys = plot.flat_band.getData()
    assert list(xs) == [562.0] and list(ys) == [675.2]
    names = [label.text for _sample, label in plot.legend.items]
    assert "band low = high" in names


def test_the_table_says_low_equals_high(qtbot):
    model = ResidualsTableModel()
    model.set_rows([FLAT, SPREAD], None)
    band = HEADERS.index(next(h for h in HEADERS if h.lower().startswith("band")))
    shown = [model.data(model.index(r, band), Qt.ItemDataRole.DisplayRole) for r in range(2)]
    assert shown == ["675.2 (low = high)", "500 – 700"]

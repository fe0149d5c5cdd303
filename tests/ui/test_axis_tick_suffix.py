"""Chart axis ticks for huge values: in M, G or T, so neighbours never run together (GUI test,
issue 13: the x axis read "800,000,000,0001e+12")."""

from __future__ import annotations

from app.ui.chart_view import NumberAxis


def test_huge_ticks_use_a_suffix_and_small_ones_stay_as_they_were(qtbot):
    axis = NumberAxis("bottom")
    assert axis.tickStrings([8e11, 9e11, 1e12], 1.0, 1e11) == ["0.8T", "0.9T", "1.0T"]
    assert axis.tickStrings([2e6, 4e6, 6e6], 1.0, 2e6) == ["2M", "4M", "6M"]
    assert axis.tickStrings([1.5e9, 2e9], 1.0, 5e8) == ["1.5G", "2.0G"]
    assert axis.tickStrings([0, 200_000, 400_000], 1.0, 200_000) == ["0", "200,000", "400,000"]
    assert axis.tickStrings([0.2, 0.4], 1.0, 0.2) == ["0.2", "0.4"]

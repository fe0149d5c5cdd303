"""The cumulative-cost chart's break-even lines (issue 18 leftover: in dense scenarios their labels
sat over the curves): one line per month, its crossings in one label, the month said last so the
chart can shorten the label to "month 5" off the curves (the whole text in its tooltip, every pair
in the list under the chart)."""

from __future__ import annotations

from app.domain import BreakEven
from app.engine.deployment.compare import _marks_by_month, break_even_label


def test_two_crossings_in_one_month_are_one_label():
    marks = [
        BreakEven(first="Cloud spot", second="Hybrid: on-prem base + cloud burst", month=5,
                  cheaper_after="Hybrid: on-prem base + cloud burst"),
        BreakEven(first="Cloud reserved 1 y + on-demand peak", second="Hybrid: on-prem base + cloud burst", month=5,
                  cheaper_after="Hybrid: on-prem base + cloud burst"),
        BreakEven(first="Cloud on-demand", second="Hybrid: on-prem base + cloud burst", month=32,
                  cheaper_after="Hybrid: on-prem base + cloud burst"),
    ]  # fmt: skip
    grouped = _marks_by_month(marks)
    assert [m for m, _ in grouped] == [5, 32]
    assert break_even_label(*grouped[0]) == "Hybrid < Spot, Reserved 1 y from month 5"
    assert break_even_label(*grouped[1]) == "Hybrid < On-demand from month 32"
    # different cheaper models in one month: each pair said
    assert (
        break_even_label(9, [("On-prem", "Spot"), ("Hybrid", "Spot")]) == "On-prem < Spot; Hybrid < Spot from month 9"
    )

"""Workshop mode's plot colours read in greyscale (tgui3 D15: curves #1-#4 were the same mid-grey
and the SLA labels dim on black): the first four series differ in luminance by at least 40 of 255
and the reference lines' colour (SLA, budget, their labels) is bright on the black background.
Luminance Y = 0.2126 R + 0.7152 G + 0.0722 B (ITU-R BT.709, what a greyscale conversion keeps)."""

from __future__ import annotations

from itertools import combinations

from app.ui.chart_view import load_palette


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_by_hand():
    assert round(luminance("#00bfff"), 1) == 155.0  # the old #1: 0.7152 x 191 + 0.0722 x 255
    assert round(luminance("#ffb000"), 1) == 180.1  # the old #2: 25 apart from #1, the same grey


def test_first_four_series_differ_in_grey():
    series = load_palette("workshop")["series"][:4]
    ys = [luminance(c) for c in series]
    assert min(abs(a - b) for a, b in combinations(ys, 2)) >= 40, ys
    assert min(ys) >= 75  # still seen on black


def test_reference_lines_and_labels_are_bright_on_black():
    p = load_palette("workshop")
    assert luminance(p["reference"]) >= 150
    assert luminance(p["background"]) == 0

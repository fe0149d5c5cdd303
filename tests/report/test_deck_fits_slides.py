"""The workshop deck on a projector (tgui4 D23): a selection-matrix table of long option names is
sized to its rows and never runs over the weights line under it (it goes on over a second slide
when the slide is too short), the sources are listed once on a slide of their own in type a room
reads, and the chart pictures carry axis type of 18 pt or more at the size they are drawn on the
slide. Written and read back with python-pptx; the picture's type measured on the real chart
view."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.util import Pt

from app.report.deck import (
    CELL_MARGINS,
    TABLE_PT,
    ChartSlide,
    Deck,
    MatrixTable,
    text_height,
    text_lines,
    write_deck,
)

LABEL = "Llama-3.1-8B-Instruct · Hyperstack 8x H100 SXM5, 8x NVIDIA H100 SXM (TP2xPP2, bf16, TensorRT-LLM) #{}"
WEIGHTS = "Weights: " + ", ".join(f"Criterion number {i} with a long name {i} %" for i in range(11))
SOURCES = [
    f"accelerator H{i}: https://example.org/datasheets/very/long/path/{i}.pdf (as of 2025-01-0{i})" for i in range(5)
]


def _png(path):
    from test_deck import _png as png

    return png(path)


def _bottom(table_shape) -> int:
    return table_shape.top + sum(row.height for row in table_shape.table.rows)


@pytest.fixture
def slides(tmp_path):
    rows = [[str(i), LABEL.format(i) * 2, f"{90 - i}"] for i in range(1, 9)]  # names over 3+ lines
    matrix = MatrixTable(["Rank", "Option", "Score / 100"], rows, chosen=0, weights=WEIGHTS)
    charts = [ChartSlide("Memory per GPU", _png(tmp_path / "m.png"), SOURCES[:2])]
    deck = Deck("Workshop: uni", "s", ["Feasible: X"], charts, None, SOURCES, matrix)
    return list(Presentation(str(write_deck(deck, tmp_path / "d.pptx"))).slides)


def test_a_tall_matrix_goes_on_over_slides_and_never_runs_over_the_weights(slides):
    titles = [s.shapes.title.text for s in slides]
    matrix = [s for s, t in zip(slides, titles, strict=True) if t.startswith("Selection matrix")]
    assert len(matrix) >= 2 and titles[2].startswith("Selection matrix (1/")
    seen = []
    for slide in matrix:
        table = next(sh for sh in slide.shapes if sh.has_table)
        grid = table.table
        for r, row in enumerate(grid.rows):
            widths = [c.width for c in grid.columns]
            lines = max(text_lines(grid.cell(r, c).text, w - Pt(14.4), TABLE_PT) for c, w in enumerate(widths))
            assert row.height >= text_height(lines, TABLE_PT) + CELL_MARGINS  # as tall as its wrapped text
        assert _bottom(table) <= slide.part.package.presentation_part.presentation.slide_height
        for shape in slide.shapes:
            if shape.shape_id not in (table.shape_id, slide.shapes.title.shape_id):
                assert _bottom(table) <= shape.top, shape.text_frame.text[:40]  # nothing under the table
        seen += [grid.cell(r, 1).text for r in range(1, len(grid.rows))]
    assert seen == [LABEL.format(i) * 2 for i in range(1, 9)]  # every row once, in rank order
    last = matrix[-1]
    assert any(sh.has_text_frame and sh.text_frame.text == WEIGHTS for sh in last.shapes)


def test_the_sources_are_on_one_slide_of_their_own_in_readable_type(slides):
    titles = [s.shapes.title.text for s in slides]
    assert titles[-1] == "Sources"
    for slide in slides[:-1]:
        text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert "example.org" not in text, slide.shapes.title.text
    body = [sh for sh in slides[-1].shapes if sh.has_text_frame and sh.shape_id != slides[-1].shapes.title.shape_id]
    paras = [p for sh in body for p in sh.text_frame.paragraphs]
    assert all(line in [p.text for p in paras] for line in SOURCES)
    assert all(p.font.size >= Pt(14) for p in paras)  # was 10 pt on every slide


def test_every_text_on_a_chart_slide_is_18_pt_or_more(slides):
    chart = next(s for s in slides if s.shapes.title.text == "Memory per GPU")
    for shape in chart.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            for para in shape.text_frame.paragraphs:
                assert para.font.size is None or para.font.size >= Pt(18), para.text


@pytest.mark.gui
def test_the_chart_picture_carries_axis_type_of_18_pt_on_its_slide(qtbot):
    """The PNG's tick numbers and axis titles, drawn 1600 px wide over the slide's picture width
    (about 10.4 in), are 18 pt or more there; the screen-sized chart's were about 7 pt."""
    from PySide6.QtGui import QFont, QFontInfo

    from app.ui.workshop.export import LEGEND_SCALE, PNG_SIZE, PNG_TYPE_SCALE, slide_type_pt
    from app.ui.workshop.view import AXIS_TITLE_PT, LEGEND_PT, TICK_PT

    def px(points: float) -> float:
        font = QFont()
        font.setPointSizeF(points)
        return QFontInfo(font).pixelSize()

    assert PNG_SIZE == (1600, 900)
    assert slide_type_pt(px(round(TICK_PT * PNG_TYPE_SCALE))) >= 18
    assert slide_type_pt(px(round(AXIS_TITLE_PT * PNG_TYPE_SCALE))) >= 18
    assert slide_type_pt(px(round(LEGEND_PT * LEGEND_SCALE))) >= 12  # the legend names whole options
    assert slide_type_pt(px(TICK_PT)) < 12  # what the screen-sized type came to

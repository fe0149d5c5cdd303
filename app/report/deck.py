"""The workshop's follow-up slide deck (python-pptx): a title slide, the verdict, one slide per
chart (the PNG the room saw, with its title and sources), one for the selection matrix's ranking
and one for the pinned comparison.

The deck only lays out what it is given: the charts arrive as PNG files rendered by the UI, the
comparison as the text table of `app.services.comparison`; no figure is computed here. The file is
written to a temporary file beside the target and renamed into place.

Made for a projector (issue 19): every slide in the workshop's high-contrast palette (black ground,
white text, the comparison's differences in black on yellow; `projector_palette`), the chart
pictures drawn in the same palette by the UI. A washed-out projector loses light greys and pastel
fills first; white on black keeps a contrast ratio of 21:1. Every slide carries its title; the
sources of every figure are listed once, on the last slide, in type a room reads. A table is sized
to its rows and goes on over a second slide rather than running over what is under it."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import DomainError
from app.report.styles import projector_palette

SLIDE_W_EMU = 12192000  # [EMU] 13.333 in: a 16:9 slide (914,400 EMU per inch)
SLIDE_H_EMU = 6858000  # [EMU] 7.5 in
INCH = 914400  # [EMU per inch]


@dataclass(frozen=True)
class ChartSlide:
    """One chart: its title, the PNG of it, and the lines that say where its figures come from."""

    title: str
    image: Path
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ComparisonTable:
    """Pinned results side by side: column heads ('A: name'), rows (figure, cells), which cells
    differ from A."""

    heads: list[str]
    rows: list[tuple[str, list[str]]]
    differs: list[list[bool]]


@dataclass(frozen=True)
class MatrixTable:
    """The selection matrix's ranking as text: column heads, rows of cells, the recommended row
    (index into rows, None when none is), and the weights in words."""

    heads: list[str]
    rows: list[list[str]]
    chosen: int | None = None
    weights: str = ""


@dataclass
class Deck:
    title: str
    subtitle: str
    verdict: list[str] = field(default_factory=list)  # lines of the verdict slide
    charts: list[ChartSlide] = field(default_factory=list)
    comparison: ComparisonTable | None = None
    sources: list[str] = field(default_factory=list)  # shown under the verdict and the comparison
    matrix: MatrixTable | None = None  # the selection matrix's ranking, after the verdict


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())  # type: ignore[no-untyped-call]


def _ink(frame: Any, colour: str) -> None:
    """Every paragraph of a text frame in `colour` (the template's own colours are for paper)."""
    for para in frame.paragraphs:
        para.font.color.rgb = _rgb(colour)
        for run in para.runs:
            run.font.color.rgb = _rgb(colour)


def _textbox(slide: Any, left: int, top: int, width: int, height: int, lines: list[str], size_pt: int) -> None:
    from pptx.util import Pt

    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.font.size = Pt(size_pt)
    _ink(frame, projector_palette()["foreground"])


def _dark(slide: Any) -> Any:
    """The slide on the projector's black ground, its placeholders' text in white."""
    pal = projector_palette()
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(pal["background"])
    for shape in slide.placeholders:
        if shape.has_text_frame:
            _ink(shape.text_frame, pal["foreground"])
    return slide


TITLE_TOP, TITLE_H = int(0.2 * INCH), int(1.0 * INCH)  # [EMU] the title band, above every slide's body
TITLE_PT = 32  # [pt] one line of a chart's title ('Monthly cost (and replicas) vs traffic') across the slide


def _titled(prs: Any, title: str) -> Any:
    """A "Title Only" slide whose title sits in the band above the body: the template's 44 pt
    title wrapped long chart titles onto a second line that ran under the picture."""
    from pptx.util import Pt

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = INCH // 2, TITLE_TOP, SLIDE_W_EMU - INCH, TITLE_H
    shape.text = title
    shape.text_frame.word_wrap = True
    for para in shape.text_frame.paragraphs:
        para.font.size = Pt(TITLE_PT if len(title) <= 48 else TITLE_PT * 3 // 4)
    return _dark(slide)


TABLE_PT = 16  # [pt] a table's text: read from the back of a room
SOURCES_PT = 14  # [pt] the sources slide
BODY_TOP = int(1.3 * INCH)  # [EMU] a body's top, under the title band
FOOT = int(0.3 * INCH)  # [EMU] kept clear at the slide's foot
CELL_MARGINS = int(0.1 * INCH)  # [EMU] a cell's top and bottom margins (python-pptx: 0.05 in each)
EM_SHARE = 0.55  # a character's mean width as a share of the type size (LibreOffice measured ~0.5: a margin)
LINE = 1.25  # a line's height as a multiple of the type size
PT = 12700  # [EMU per point]


def text_lines(text: str, width: int, size_pt: int) -> int:
    """Lines `text` takes wrapped at word boundaries in `width` [EMU] at `size_pt`, estimated
    with a generous mean character width (EM_SHARE): a renderer's actual lines are at most these."""
    import textwrap

    chars = max(int(width / PT / (EM_SHARE * size_pt)), 1)
    return sum(max(len(textwrap.wrap(part, chars, break_long_words=True)), 1) for part in text.split("\n"))


def text_height(lines: int, size_pt: int) -> int:
    """[EMU] `lines` lines of `size_pt` type."""
    return int(lines * size_pt * LINE * PT)


def _row_heights(rows: list[list[str]], widths: list[int], size_pt: int) -> list[int]:
    """[EMU] each row as tall as its most wrapped cell (python-pptx shares a table's height out
    evenly and a renderer grows the rows that need more, over what is under the table: tgui4 D23)."""
    return [
        text_height(max(text_lines(t, w - int(0.2 * INCH), size_pt) for t, w in zip(r, widths, strict=True)), size_pt)
        + CELL_MARGINS
        for r in rows
    ]


def _pages(heights: list[int], room: int) -> list[list[int]]:
    """Row indices on each slide: as many rows as fit `room` [EMU] under the head row (heights[0]),
    at least one."""
    pages: list[list[int]] = [[]]
    used = heights[0]
    for i in range(1, len(heights)):
        if pages[-1] and used + heights[i] > room:
            pages.append([])
            used = heights[0]
        pages[-1].append(i)
        used += heights[i]
    return pages


def _table(slide: Any, top: int, widths: list[int], rows: list[list[str]], heights: list[int], style: Any) -> int:
    """`rows` (the head first) as a table at `top`, each row `heights` tall; `style(r, c)` gives
    (ground, ink, bold). Returns the table's bottom [EMU]."""
    from pptx.util import Pt

    shape = slide.shapes.add_table(len(rows), len(widths), INCH // 2, top, sum(widths), sum(heights))
    grid = shape.table
    for c, w in enumerate(widths):
        grid.columns[c].width = w
    for r, (cells, h) in enumerate(zip(rows, heights, strict=True)):
        grid.rows[r].height = h
        for c, text in enumerate(cells):
            cell = grid.cell(r, c)
            cell.text = text
            ground, ink, bold = style(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(ground)
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(TABLE_PT)
                para.font.bold = bold
            _ink(cell.text_frame, ink)
    return top + sum(heights)


def _paged_table(
    prs: Any, title: str, widths: list[int], head: list[str], body: list[list[str]], style: Any, below: str = ""
) -> None:
    """`body` under `head` on as many slides as its rows need ('Title (1/2)'), each table sized to
    its rows and `below` (one paragraph) under the last one, never over it."""
    heights = _row_heights([head, *body], widths, TABLE_PT)
    below_h = text_height(text_lines(below, sum(widths), TABLE_PT), TABLE_PT) + CELL_MARGINS if below else 0
    room = SLIDE_H_EMU - BODY_TOP - FOOT
    pages = _pages(heights, room)
    if below and sum(heights[i] for i in pages[-1]) + heights[0] + below_h > room:
        pages.append([])  # the paragraph on a slide of its own rather than over the table
    for n, rows in enumerate(pages, start=1):
        slide = _titled(prs, title if len(pages) == 1 else f"{title} ({n}/{len(pages)})")
        bottom = BODY_TOP
        if rows:
            bottom = _table(
                slide,
                BODY_TOP,
                widths,
                [head, *(body[i - 1] for i in rows)],
                [heights[0], *(heights[i] for i in rows)],
                lambda r, c, rows=rows: style(0 if r == 0 else rows[r - 1], c),
            )
        if below and n == len(pages):
            _textbox(slide, INCH // 2, bottom + INCH // 10, sum(widths), below_h, [below], TABLE_PT)


def _sources_slide(prs: Any, lines: list[str]) -> None:
    """Where the figures come from, once, on a slide of their own (on every slide in 9-pt type
    the room could not read them: tgui4 D23)."""
    slide = _titled(prs, "Sources")
    top = int(1.4 * INCH)
    _textbox(slide, INCH // 2, top, SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - FOOT, lines, SOURCES_PT)


def _chart_slide(prs: Any, chart: ChartSlide) -> None:
    from pptx.util import Emu

    slide = _titled(prs, chart.title)
    top = int(1.35 * INCH)
    max_w, max_h = SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - FOOT
    pic = slide.shapes.add_picture(str(chart.image), Emu(INCH // 2), Emu(top))
    scale = min(max_w / pic.width, max_h / pic.height)  # fit the slide, aspect kept
    pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
    pic.left = (SLIDE_W_EMU - pic.width) // 2


def chart_picture_width(png_w: int, png_h: int) -> int:
    """[EMU] how wide a png_w x png_h picture is drawn on its chart slide (fitted, aspect kept)."""
    top = int(1.35 * INCH)
    max_w, max_h = SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - FOOT
    return int(png_w * min(max_w / png_w, max_h / png_h))


def _comparison_slide(prs: Any, table: ComparisonTable) -> None:
    pal = projector_palette()
    cols = len(table.heads)
    key = int(2.2 * INCH)
    widths = [key] + [(SLIDE_W_EMU - INCH - key) // max(cols, 1)] * cols

    def style(r: int, c: int) -> tuple[str, str, bool]:
        # the head row black on white; a difference bold, black on yellow (in greyscale the
        # lightest band of the body); the rest white on black
        if r == 0:
            return pal["foreground"], pal["background"], True
        if c > 0 and table.differs[r - 1][c - 1]:
            return pal["highlight"], pal["background"], True
        return pal["background"], pal["foreground"], False

    body = [[name, *cells] for name, cells in table.rows]
    _paged_table(prs, "Pinned scenarios compared", widths, ["", *table.heads], body, style)


def _matrix_slide(prs: Any, m: MatrixTable) -> None:
    """The ranking as a table, the recommended row in black on yellow, the weights under it."""
    pal = projector_palette()
    first, last = int(1.0 * INCH), int(1.9 * INCH)
    widths = [first, SLIDE_W_EMU - INCH - first - last, last][: len(m.heads)]

    def style(r: int, _c: int) -> tuple[str, str, bool]:
        if r == 0:
            return pal["foreground"], pal["background"], True
        if m.chosen == r - 1:
            return pal["highlight"], pal["background"], True
        return pal["background"], pal["foreground"], False

    _paged_table(prs, "Selection matrix", widths, list(m.heads), [list(r) for r in m.rows], style, m.weights)


def write_deck(deck: Deck, path: str | os.PathLike[str]) -> Path:
    """Write `deck` to `path` (.pptx); DomainError naming the file when it cannot be written."""
    from pptx import Presentation
    from pptx.util import Emu

    target = Path(path)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W_EMU), Emu(SLIDE_H_EMU)
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = deck.title
    first.placeholders[1].text = deck.subtitle
    _dark(first)
    if deck.verdict:
        slide = _titled(prs, "Verdict")
        top = int(1.4 * INCH)
        _textbox(slide, INCH // 2, top, SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - FOOT, deck.verdict, 18)
    if deck.matrix is not None and deck.matrix.rows:
        _matrix_slide(prs, deck.matrix)
    for chart in deck.charts:
        _chart_slide(prs, chart)
    if deck.comparison is not None and deck.comparison.heads:
        _comparison_slide(prs, deck.comparison)
    sources = list(dict.fromkeys([*deck.sources, *(line for c in deck.charts for line in c.sources)]))
    if sources:
        _sources_slide(prs, sources)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise DomainError(f"cannot write {target}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        prs.save(str(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DomainError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target

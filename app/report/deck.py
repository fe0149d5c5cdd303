"""The workshop's follow-up slide deck (python-pptx): a title slide, the verdict, one slide per
chart (the PNG the room saw, with its title and sources), one for the selection matrix's ranking
and one for the pinned comparison.

The deck only lays out what it is given: the charts arrive as PNG files rendered by the UI, the
comparison as the text table of `app.services.comparison`; no figure is computed here. The file is
written to a temporary file beside the target and renamed into place.

Made for a projector (issue 19): every slide in the workshop's high-contrast palette (black ground,
white text, the comparison's differences in black on yellow; `projector_palette`), the chart
pictures drawn in the same palette by the UI. A washed-out projector loses light greys and pastel
fills first; white on black keeps a contrast ratio of 21:1. Every slide carries its title and the
sources its figures come from."""

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


def _tight_rows(grid: Any) -> None:
    """Rows as tall as their text: python-pptx shares the table's height out evenly, and a row
    that needs more grows, so a table of wrapped rows ran over the sources under it."""
    for row in grid.rows:
        row.height = int(0.3 * INCH)


def _sources(slide: Any, lines: list[str]) -> None:
    """The sources at the foot of a slide."""
    if lines:
        bottom_room = int(0.9 * INCH)
        _textbox(slide, INCH // 2, SLIDE_H_EMU - bottom_room, SLIDE_W_EMU - INCH, bottom_room - INCH // 8, lines, 10)


def _chart_slide(prs: Any, chart: ChartSlide) -> None:
    from pptx.util import Emu

    slide = _titled(prs, chart.title)
    top, bottom_room = int(1.35 * INCH), int(0.9 * INCH)
    max_w, max_h = SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - bottom_room
    pic = slide.shapes.add_picture(str(chart.image), Emu(INCH // 2), Emu(top))
    scale = min(max_w / pic.width, max_h / pic.height)  # fit the slide, aspect kept
    pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
    pic.left = (SLIDE_W_EMU - pic.width) // 2
    _sources(slide, chart.sources)


def _comparison_slide(prs: Any, table: ComparisonTable, sources: list[str]) -> None:
    from pptx.util import Pt

    pal = projector_palette()

    slide = _titled(prs, "Pinned scenarios compared")
    rows, cols = len(table.rows) + 1, len(table.heads) + 1
    top = int(1.3 * INCH)
    shape = slide.shapes.add_table(rows, cols, INCH // 2, top, SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - INCH)
    grid = shape.table
    _tight_rows(grid)
    grid.columns[0].width = int(1.7 * INCH)
    for c in range(1, cols):
        grid.columns[c].width = (SLIDE_W_EMU - INCH - int(1.7 * INCH)) // (cols - 1)
    grid.cell(0, 0).text = "Figure"
    for c, head in enumerate(table.heads, start=1):
        grid.cell(0, c).text = head
    for r, (name, cells) in enumerate(table.rows, start=1):
        grid.cell(r, 0).text = name
        for c, text in enumerate(cells, start=1):
            grid.cell(r, c).text = text
    for r in range(rows):
        for c in range(cols):
            cell = grid.cell(r, c)
            differs = r > 0 and c > 0 and table.differs[r - 1][c - 1]
            # the head row black on white; a difference bold, black on yellow (in greyscale the
            # lightest band of the body); the rest white on black
            ground, ink = (
                (pal["foreground"], pal["background"])
                if r == 0
                else (pal["highlight"], pal["background"])
                if differs
                else (pal["background"], pal["foreground"])
            )
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(ground)
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(12 if rows > 8 else 14)
                para.font.bold = r == 0 or differs
            _ink(cell.text_frame, ink)
    _sources(slide, sources)


def _matrix_slide(prs: Any, m: MatrixTable, sources: list[str]) -> None:
    """The ranking as a table, the recommended row in black on yellow, the weights under it."""
    from pptx.util import Pt

    pal = projector_palette()
    slide = _titled(prs, "Selection matrix")
    rows, cols = len(m.rows) + 1, len(m.heads)
    top, foot = int(1.3 * INCH), int(1.5 * INCH)
    shape = slide.shapes.add_table(rows, cols, INCH // 2, top, SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - foot)
    grid = shape.table
    _tight_rows(grid)
    for c, head in enumerate(m.heads):
        grid.cell(0, c).text = head
    for r, cells in enumerate(m.rows, start=1):
        for c, text in enumerate(cells):
            grid.cell(r, c).text = text
    for r in range(rows):
        chosen = r > 0 and m.chosen == r - 1
        ground, ink = (
            (pal["foreground"], pal["background"])
            if r == 0
            else (pal["highlight"], pal["background"])
            if chosen
            else (pal["background"], pal["foreground"])
        )
        for c in range(cols):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(ground)
            for para in cell.text_frame.paragraphs:
                para.font.size = Pt(12 if rows > 8 else 14)
                para.font.bold = r == 0 or chosen
            _ink(cell.text_frame, ink)
    if m.weights:
        _textbox(slide, INCH // 2, SLIDE_H_EMU - foot, SLIDE_W_EMU - INCH, int(0.5 * INCH), [m.weights], 12)
    _sources(slide, sources)


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
    _sources(first, deck.sources)
    if deck.verdict:
        slide = _titled(prs, "Verdict")
        top = int(1.4 * INCH)
        _textbox(slide, INCH // 2, top, SLIDE_W_EMU - INCH, SLIDE_H_EMU - top - INCH, deck.verdict, 18)
        _sources(slide, deck.sources)
    if deck.matrix is not None and deck.matrix.rows:
        _matrix_slide(prs, deck.matrix, deck.sources)
    for chart in deck.charts:
        _chart_slide(prs, chart)
    if deck.comparison is not None and deck.comparison.heads:
        _comparison_slide(prs, deck.comparison, deck.sources)
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

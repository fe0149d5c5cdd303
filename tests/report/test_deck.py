"""The workshop slide deck, written and read back with python-pptx (no Qt), and the pinned
comparison it carries (differences from A computed once, in the service)."""

from __future__ import annotations

import struct
import zlib

import pytest
from pptx import Presentation

from app.domain import DomainError
from app.report.deck import ChartSlide, ComparisonTable, Deck, write_deck
from app.services.comparison import difference_text


def _png(path, width: int = 4, height: int = 3):
    """A small valid grey PNG, written by hand (a chunk is length, type, data, CRC)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )
    return path


def test_a_deck_has_a_slide_per_chart_and_one_for_the_comparison(tmp_path):
    charts = [
        ChartSlide("Latency vs concurrency per replica", _png(tmp_path / "a.png"), ["Archwise sizing", "H100: spec"]),
        ChartSlide("Memory per GPU", _png(tmp_path / "b.png"), ["Archwise sizing"]),
    ]
    table = ComparisonTable(
        heads=["A: RAG", "B: RAG"],
        rows=[("TTFT p95", ["231 ms", "274 ms (+19% vs A)"]), ("GPUs", ["1", "1"])],
        differs=[[False, True], [False, False]],
    )
    deck = Deck("Workshop: RAG", "subtitle", ["Feasible: X", "1 replica(s)"], charts, table, ["Archwise sizing"])
    path = write_deck(deck, tmp_path / "s.pptx")
    slides = list(Presentation(str(path)).slides)
    titles = [s.shapes.title.text for s in slides]
    assert titles == [
        "Workshop: RAG",
        "Verdict",
        "Latency vs concurrency per replica",
        "Memory per GPU",
        "Pinned scenarios compared",
        "Sources",
    ]
    assert any(sh.shape_type == 13 for sh in slides[2].shapes)  # a picture
    text = " ".join(sh.text_frame.text for sh in slides[5].shapes if sh.has_text_frame)
    assert "H100: spec" in text  # every chart's sources, once, on the last slide
    grid = next(sh.table for sh in slides[4].shapes if sh.has_table)
    assert grid.cell(1, 0).text == "TTFT p95" and grid.cell(1, 2).text == "274 ms (+19% vs A)"
    assert grid.cell(1, 2).text_frame.paragraphs[0].font.bold
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_an_unwritable_deck_is_one_message_and_no_file(tmp_path):
    folder = tmp_path / "missing"
    with pytest.raises(DomainError, match="cannot write"):
        write_deck(Deck("t", "s"), folder / "s.pptx")
    assert not folder.exists()


def test_differences_are_measured_against_a():
    assert difference_text(274.0, 231.0) == "(+19% vs A)"  # (274 − 231) / 231 = 0.186
    assert difference_text(0.198, 0.287) == "(-31% vs A)"  # (0.198 − 0.287) / 0.287 = −0.310
    assert difference_text(1, 1) is None
    assert difference_text("B200", "H100") == "(differs)"
    assert difference_text(5.0, 0.0) == "(differs)"  # no percentage of zero


def _luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(v)) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_slide_is_high_contrast_with_its_title_and_sources(tmp_path):
    """Issue 19: the deck used the paper template (white, pale table bands) and only some slides
    named their sources. Every slide: the projector's black ground, text at >= 7:1 contrast (WCAG
    AAA), a title; the sources on a slide of their own at the end (tgui4 D23)."""
    charts = [ChartSlide("Latency vs concurrency per replica", _png(tmp_path / "a.png"), ["Archwise sizing"])]
    table = ComparisonTable(
        heads=["A: RAG", "B: RAG"], rows=[("TTFT p95", ["231 ms", "274 ms (+19% vs A)"])], differs=[[False, True]]
    )
    sources = ["Archwise 0.1 sizing", "accelerator H100: nvidia.com datasheet (as of 2024-01-01)"]
    deck = Deck("Workshop: RAG", "subtitle", ["Feasible: X"], charts, table, sources)
    slides = list(Presentation(str(write_deck(deck, tmp_path / "s.pptx"))).slides)
    assert len(slides) == 5
    for slide in slides:
        ground = slide.background.fill.fore_color.rgb
        assert _luminance(ground) < 0.01  # black
        assert slide.shapes.title.text
        texts = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]
        for shape in texts:
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    assert _contrast(run.font.color.rgb, ground) >= 7, (slide.shapes.title.text, run.text)
    foot = " ".join(sh.text_frame.text for sh in slides[-1].shapes if sh != slides[-1].shapes.title)
    assert slides[-1].shapes.title.text == "Sources" and "Archwise" in foot and "H100" in foot, foot
    grid = next(sh.table for sh in slides[3].shapes if sh.has_table)
    for r, c in ((0, 1), (1, 0), (1, 1), (1, 2)):
        cell = grid.cell(r, c)
        ink = cell.text_frame.paragraphs[0].runs[0].font.color.rgb
        assert _contrast(ink, cell.fill.fore_color.rgb) >= 7, (r, c)
    assert grid.cell(1, 2).text_frame.paragraphs[0].font.bold and not grid.cell(1, 1).text_frame.paragraphs[0].font.bold


def test_titles_stay_in_their_band_above_pictures_and_tables(tmp_path):
    """Rendered with LibreOffice, the template's 44 pt title wrapped 'Monthly cost (and replicas)
    vs traffic' onto a second line under the picture: titles now sit in a band above the body,
    in a size one line of 12.3 in holds (at most ~0.6 em a character), and table rows as tall as
    their text (one line here) instead of sharing the table's height evenly."""
    from pptx.util import Pt

    from app.report.deck import CELL_MARGINS, INCH, SLIDE_W_EMU, TABLE_PT, TITLE_PT, text_height

    title = "Monthly cost (and replicas) vs traffic"
    table = ComparisonTable(heads=["A: RAG"], rows=[("GPUs", ["1"])] * 9, differs=[[False]] * 9)
    deck = Deck("Workshop: RAG", "s", [], [ChartSlide(title, _png(tmp_path / "a.png"))], table)
    slides = list(Presentation(str(write_deck(deck, tmp_path / "t.pptx"))).slides)
    for slide in slides[1:]:  # no sources given: no sources slide
        head = slide.shapes.title
        body = [sh for sh in slide.shapes if sh.shape_type == 13 or sh.has_table]
        assert body and all(head.top + head.height <= sh.top for sh in body), head.text
        size = head.text_frame.paragraphs[0].font.size
        assert size is not None and size <= Pt(TITLE_PT)
        assert len(head.text) * 0.6 * size <= head.width <= SLIDE_W_EMU - INCH
    grid = next(sh.table for sh in slides[-1].shapes if sh.has_table)
    assert all(row.height <= text_height(1, TABLE_PT) + CELL_MARGINS for row in grid.rows)

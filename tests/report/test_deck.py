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
    ]
    assert any(sh.shape_type == 13 for sh in slides[2].shapes)  # a picture
    text = " ".join(sh.text_frame.text for sh in slides[2].shapes if sh.has_text_frame)
    assert "H100: spec" in text
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

"""PDF table headers break only between words: a narrow column shrinks its header's font
instead of printing 'Throughp / ut'. Hand check: 'Throughput' in bold 7.5 pt is wider than a
40 pt column less its 6 pt of padding."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from app.report.styles import HEADER_MIN_FONT, styles, table


def _lines(paragraph) -> list[str]:
    return [
        " ".join(getattr(w, "text", w) for w in (line[1] if isinstance(line, tuple) else line.words))
        for line in paragraph.blPara.lines
    ]


def test_a_narrow_header_keeps_its_words_whole():
    head = styles()["cell_head"]
    assert pdfmetrics.stringWidth("Throughput", head.fontName, head.fontSize) > 40 - 6
    t = table([["Throughput [req/s]", "Cost"], ["12.5", "3"]], widths=[40, 40])
    t.wrap(80, 1000)
    cell = t._cellvalues[0][0][0]  # the header's Paragraph
    lines = _lines(cell)
    assert lines[0] == "Throughput" and "[req/s]" in " ".join(lines)
    assert HEADER_MIN_FONT <= cell.style.fontSize < head.fontSize
    assert t._cellvalues[0][1][0].style.fontSize == head.fontSize  # a header that fits keeps its size

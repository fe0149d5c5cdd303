"""Issue 14: table cells and paragraphs break their lines once per width (the export ran the
line breaking of ~9,000 cells several times over); a cached wrap must give the same lines as a
fresh one, including after wrapping at another width in between."""

from reportlab.platypus import Paragraph

from app.report.styles import CachedParagraph, para, styles, table

TEXT = "Llama-3.1-70B-Instruct on 8x NVIDIA H100 SXM, tensor parallel 8, fp8 weights & KV cache <vLLM>"


def lines(p: Paragraph) -> list[str]:
    """The text of each broken line (reportlab may cut a long word into several fragments)."""
    out = []
    for line in p.blPara.lines:
        if isinstance(line, tuple):  # plain lines: (extra space, words)
            out.append(" ".join(line[1]))
        else:  # FragLines: fragments, each with its own text
            out.append("".join(f.text for f in line.words))
    return out


def test_cells_and_paragraphs_use_the_cached_wrap():
    t = table([["Option", "Cost"], [TEXT, "1,234"]], widths=[120.0, 60.0])
    cells = [c for row in t._cellvalues for c in row]
    assert all(isinstance(c, CachedParagraph) for c in cells)
    assert isinstance(para(TEXT), CachedParagraph)


def test_cached_wrap_gives_the_lines_of_a_fresh_wrap_at_each_width():
    style = styles()["cell"]
    cached = CachedParagraph(TEXT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style)
    for width in (80.0, 200.0, 80.0, 35.0, 200.0, 80.0):
        fresh = Paragraph(cached.text, style)
        assert cached.wrap(width, 1000.0) == fresh.wrap(width, 1000.0)
        assert lines(cached) == lines(fresh)
        assert cached.width == fresh.width and cached.height == fresh.height
    # the narrow width needs more lines than the wide one, so the cache really keys on width
    assert cached.wrap(35.0, 1000.0)[1] > cached.wrap(200.0, 1000.0)[1]


def test_a_frame_too_narrow_is_not_cached():
    p = CachedParagraph("x", styles()["cell"])
    assert p.wrap(0.0, 100.0) == (0, 0x7FFFFFFF)
    assert p.wrap(50.0, 100.0)[1] > 0

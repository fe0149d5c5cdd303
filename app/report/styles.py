"""Typography of the package: the shipped DejaVu Sans, paragraph styles, table styles, colours."""

from __future__ import annotations

import json
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

from app.paths import FONTS_DIR, STYLE_DIR
from app.report.text import CJK_FONT, markup

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#dde6ef")
ZEBRA = colors.HexColor("#f5f7fa")
OK_FILL = colors.HexColor("#e3f4e6")
OK_INK = colors.HexColor("#1e6b30")
ERROR_FILL = colors.HexColor("#fde8e6")
ERROR_INK = colors.HexColor("#a61b1b")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the shipped TTFs once per process (reportlab subsets and embeds them)."""
    from reportlab.lib.fonts import addMapping

    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    for bold, italic, face in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT), (1, 1, FONT_BOLD)):
        addMapping(FONT, bold, italic, face)


@lru_cache(maxsize=1)
def palette() -> dict:
    """The plot colours the screen uses (resources/style/plots.json, 'normal')."""
    return json.loads((STYLE_DIR / "plots.json").read_text(encoding="utf-8"))["normal"]


@lru_cache(maxsize=1)
def projector_palette() -> dict:
    """The high-contrast colours workshop mode shows a room (resources/style/plots.json,
    'workshop'): black ground, white text, saturated series, yellow highlight. The slide deck uses
    them too, so it survives a washed-out projector (issue 19)."""
    return json.loads((STYLE_DIR / "plots.json").read_text(encoding="utf-8"))["workshop"]


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(fontName=FONT, bulletFontName=FONT, fontSize=9, leading=12, textColor=INK, splitLongWords=1)
    base.update(kw)
    return ParagraphStyle(name, **base)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "body": _style("body", spaceAfter=5),
        "small": _style("small", fontSize=7.5, leading=9.5, textColor=MUTED),
        "cell": _style("cell", fontSize=7.5, leading=9.2),
        "cell_right": _style("cell_right", fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=7.5, leading=9.2),
        "cell_head_right": _style("cell_head_right", fontName=FONT_BOLD, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
        "h1": _style(
            "h1",
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=10,
            keepWithNext=1,  # never alone at the foot of a page (PackageDoc.keepTogetherClass)
        ),
        "h1_plain": _style(
            "h1_plain", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ACCENT, spaceBefore=4, spaceAfter=10
        ),
        "cell_label": _style("cell_label", fontName=FONT_BOLD, fontSize=7.5, leading=9.2, textColor=MUTED),
        "h2": _style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": _style(
            "h3",
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "label": _style("label", fontName=FONT_BOLD, fontSize=9, leading=12, spaceBefore=4, keepWithNext=1),
        "bullet": _style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3),
        "title": _style("title", fontName=FONT_BOLD, fontSize=28, leading=34, textColor=ACCENT, spaceAfter=14),
        "subtitle": _style("subtitle", fontSize=15, leading=20, spaceAfter=24),
        "verdict_ok": _style("verdict_ok", fontName=FONT_BOLD, fontSize=13, leading=17, textColor=OK_INK),
        "verdict_error": _style("verdict_error", fontName=FONT_BOLD, fontSize=13, leading=17, textColor=ERROR_INK),
        "toc1": _style("toc1", fontSize=10.5, leading=16, leftIndent=0),
        "toc2": _style("toc2", fontSize=9, leading=12, leftIndent=16, textColor=MUTED),
        # a command line the reader copies: small, on a light ground, wrapped at spaces
        "code": _style("code", fontSize=7, leading=9, leftIndent=6, backColor=ZEBRA, borderPadding=3, spaceAfter=6),
        "caption": _style("caption", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_CENTER, spaceAfter=8),
    }


_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations")


class CachedParagraph(Paragraph):
    """A Paragraph that breaks its lines once per available width.

    reportlab wraps every table cell again for each height calculation, for drawing and for
    each of multiBuild's passes (the contents need two); the lines depend on the width only,
    so the result of the first wrap at a width is kept and restored (issue 14: export < 1 s).
    """

    def wrap(self, avail_width, avail_height):
        if avail_width < 1:  # reportlab's "cannot fit here" answer leaves the state alone
            return super().wrap(avail_width, avail_height)
        cache = self.__dict__.setdefault("_wrap_cache", {})
        hit = cache.get(avail_width)
        if hit is None:
            size = super().wrap(avail_width, avail_height)
            cache[avail_width] = (size, {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__})
            return size
        size, state = hit
        self.__dict__.update(state)
        return size


def para(text: object, style: str = "body", raw: bool = False) -> Paragraph:
    """A Paragraph of user text (escaped) or, with raw=True, of markup we wrote ourselves."""
    return CachedParagraph(text if raw else markup(text), styles()[style])


HEADER_MIN_FONT = 5.5  # [pt] the smallest header text still read at arm's length on paper
CELL_PADDING = 6.0  # [pt] left + right padding of a cell (table() below)


def header_fitted(text: str, style: ParagraphStyle, width: float) -> ParagraphStyle:
    """`style` for a header cell `width` [pt] wide whose longest word fits on one line: the font
    shrinks (down to HEADER_MIN_FONT) rather than a word breaking ('Throughp / ut'); lines break
    only between words."""
    longest = max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in text.split()), default=0.0)
    room = width - CELL_PADDING
    size = style.fontSize
    if longest > room > 0:
        size = max(HEADER_MIN_FONT, style.fontSize * room / longest)
    return ParagraphStyle(
        f"{style.name}_fit",
        parent=style,
        fontSize=size,
        leading=style.leading * size / style.fontSize,
        splitLongWords=0,
    )


def table(
    rows: list[list],
    widths: list[float],
    header: bool = True,
    numeric_cols: tuple[int, ...] = (),
    zebra: bool = True,
    extra: list[tuple] | None = None,
    label_col: bool = False,
) -> Table:
    """A table whose every cell is a Paragraph (so it wraps), header repeated on each page.

    rows: lists of str (escaped here) or ready flowables; widths in points must sum to the
    frame width or less, so the table can never overflow it. label_col: first column bold.
    """
    st = styles()
    body: list[list] = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if not isinstance(value, str):
                cells.append(value)
                continue
            head = header and r == 0
            name = ("cell_head" if head else "cell") + ("_right" if c in numeric_cols else "")
            if label_col and c == 0 and not head:
                name = "cell_label"
            style = header_fitted(value, st[name], widths[c]) if head and c < len(widths) else st[name]
            cells.append(CachedParagraph(markup(value), style))
        body.append(cells)
    t = Table(body, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),  # the table's own default would be Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    if zebra:
        for r in range(1 if header else 0, len(rows)):
            if (r % 2 == 0) == header:
                commands.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    t.setStyle(TableStyle(commands + (extra or [])))
    return t

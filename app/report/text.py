"""User text into reportlab Paragraph markup, and numbers into the report's formats.

Paragraph parses markup, so every piece of user text goes through `markup`: XML-escaped
(`<`, `>`, `&`, quotes appear as typed and cannot inject tags) and with CJK runs wrapped in the
CID fallback font, because DejaVu Sans has no CJK glyphs.
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

CJK_FONT = "STSong-Light"  # reportlab's built-in Adobe CID font (no embedding needed)

# Han, Hiragana, Katakana, Hangul, CJK punctuation and full-width forms.
_CJK = re.compile(
    r"([\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+)"
)
_QUOTES = {'"': "&quot;", "'": "&#39;"}


def markup(text: object) -> str:
    """Escaped Paragraph markup for `text`, CJK runs in the fallback font."""
    s = escape("" if text is None else str(text), _QUOTES)
    s = s.replace("\n", "<br/>")
    return _CJK.sub(lambda m: f'<font name="{CJK_FONT}">{m.group(1)}</font>', s)


def num(value: float | int | None, digits: int = 1, unit: str = "") -> str:
    """1234.5 -> '1,234.5'; None or NaN -> 'n/a'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    s = f"{value:,.{digits}f}"
    return f"{s} {unit}".rstrip() if unit else s


def money(value: float | None, digits: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"${value:,.{digits}f}"


def pct(value: float | None, digits: int = 0) -> str:
    """A fraction 0..1 as a percentage."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{100 * value:.{digits}f} %"


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"

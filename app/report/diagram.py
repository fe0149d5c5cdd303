"""The reference-architecture figure: the system map's six layers as boxes and arrows.

Each layer is a band with its tag and title on the left and its chosen components in boxes on
the right, joined left to right; arrows between the bands say how one layer feeds the next
(requests, context, serving, measurements, release gates). Drawn with reportlab.graphics
shapes, so it is vector and selectable like the rest of the package.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.advice import Advice
from app.report.styles import ACCENT, FONT, FONT_BOLD, HEADER_FILL, INK, MUTED, RULE, ZEBRA

BAND_H, GAP, TAG_W = 40.0, 16.0, 118.0
LINKS = ("requests", "context", "served on", "measured by", "gate releases")


def wrap(text: str, font: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """Words of `text` in lines no wider than `width` [pt]; the last line ends in … when cut."""
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;") + "…"
    out = []
    for ln in lines:  # a single word wider than the box is cut
        while stringWidth(ln, font, size) > width and len(ln) > 2:
            ln = ln[:-2] + "…"
        out.append(ln)
    return out


def _arrow(d: Drawing, x1: float, y1: float, x2: float, y2: float, colour: colors.Color) -> None:
    d.add(Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=0.9))
    if x1 == x2:  # vertical, pointing down
        d.add(Polygon([x2 - 3, y2 + 5, x2 + 3, y2 + 5, x2, y2], fillColor=colour, strokeColor=colour, strokeWidth=0.3))
    else:  # horizontal, pointing right
        d.add(Polygon([x2 - 5, y2 - 3, x2 - 5, y2 + 3, x2, y2], fillColor=colour, strokeColor=colour, strokeWidth=0.3))


def architecture_drawing(advice: Advice, width: float) -> Drawing:
    """A Drawing `width` points wide of the six layers with their chosen components."""
    layers = advice.layers
    height = len(layers) * BAND_H + (len(layers) - 1) * GAP + 4
    d = Drawing(width, height, initialFontName=FONT, initialFontSize=7)
    comp_x0 = TAG_W + 14
    comp_w_all = width - comp_x0 - 4
    for k, layer in enumerate(layers):
        top = height - 2 - k * (BAND_H + GAP)
        y = top - BAND_H
        d.add(Rect(0, y, width, BAND_H, rx=4, ry=4, fillColor=ZEBRA, strokeColor=RULE, strokeWidth=0.6))
        d.add(Rect(0, y, TAG_W, BAND_H, rx=4, ry=4, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.6))
        d.add(String(8, y + BAND_H - 15, layer.key, fontName=FONT_BOLD, fontSize=10, fillColor=colors.white))
        for n, line in enumerate(wrap(layer.title, FONT, 7.5, TAG_W - 34)):
            d.add(String(30, y + BAND_H - 15 - 9 * n, line, fontName=FONT, fontSize=7.5, fillColor=colors.white))
        comps = layer.components[:4] or ["—"]
        gap = 14.0
        box_w = (comp_w_all - gap * (len(comps) - 1)) / len(comps)
        for j, name in enumerate(comps):
            x = comp_x0 + j * (box_w + gap)
            d.add(
                Rect(
                    x, y + 6, box_w, BAND_H - 12, rx=3, ry=3, fillColor=HEADER_FILL, strokeColor=ACCENT, strokeWidth=0.6
                )
            )
            lines = wrap(name, FONT, 7, box_w - 8)
            y_text = y + BAND_H / 2 + (len(lines) - 1) * 4 - 2.5
            for n, line in enumerate(lines):
                d.add(
                    String(
                        x + box_w / 2,
                        y_text - 8 * n,
                        line,
                        fontName=FONT,
                        fontSize=7,
                        fillColor=INK,
                        textAnchor="middle",
                    )
                )
            if j:
                _arrow(d, x - gap + 1, y + BAND_H / 2, x - 1, y + BAND_H / 2, MUTED)
        if k < len(layers) - 1:
            x = comp_x0 + comp_w_all / 2
            _arrow(d, x, y, x, y - GAP, MUTED)
            if k < len(LINKS):
                d.add(String(x + 6, y - GAP / 2 - 2.5, LINKS[k], fontName=FONT, fontSize=6.5, fillColor=MUTED))
    return d


__all__ = ["architecture_drawing", "wrap"]

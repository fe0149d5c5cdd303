"""The words a reportlab Drawing draws, for the PDF chart tests (no PDF text extraction needed)."""

from __future__ import annotations

from reportlab.graphics.shapes import Group, String


def texts(node) -> list[str]:
    """Every String's text under `node`, depth first."""
    out = []
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            out.append(item.text)
        elif isinstance(item, Group):
            out += texts(item)
    return out

"""Section numbers of the decision package, generated from the story rather than typed by hand.

A section heading is made with `heading(title, level)` without a number; `number_headings` walks
the finished story in reading order and writes "4 Title" (level 0) or "6.2 Title" (level 1), so a
section that is left out (no hybrid chart, no fleet) never leaves a gap in the numbers.

Cross-references come from the same numbering: body text says `f"... ({ref('Path to production')})"`
and `number_headings` replaces the marker with "section 8" once the numbers are known, so a
section added or left out never leaves a stale "section 5" in the text."""

from __future__ import annotations

import re
from typing import Any

from reportlab.platypus import Paragraph, Table

from app.report.styles import para

_ATTR = "_archwise_heading"  # (level, title) on a numbered heading paragraph
_REF = re.compile(r"\[\[section:([^\]]+)\]\]")  # ref()'s marker; XML-safe, survives markup()


def ref(title: str) -> str:
    """A marker for "section N", N being the number `number_headings` gives the level-0 heading
    `title`; a section left out of the package reads as its quoted title instead."""
    return f"[[section:{title}]]"


def _resolved(text: str, numbers: dict[str, str]) -> str:
    return _REF.sub(lambda m: f"section {numbers[m.group(1)]}" if m.group(1) in numbers else f"'{m.group(1)}'", text)


def _resolve(items: list[Any], numbers: dict[str, str]) -> None:
    """Replace every ref() marker in `items` (paragraphs, nested flowables, table cells) in place."""
    for k, f in enumerate(items):
        if isinstance(f, list):
            _resolve(f, numbers)
        elif isinstance(f, str):
            if "[[section:" in f:
                items[k] = _resolved(f, numbers)
        elif isinstance(f, Paragraph):
            if "[[section:" in f.text:
                new = type(f)(_resolved(f.text, numbers), f.style, bulletText=f.bulletText)
                new.__dict__.update({a: v for a, v in f.__dict__.items() if a.startswith("_archwise")})
                items[k] = new
        elif isinstance(f, Table):
            for row in f._cellvalues:
                _resolve(row, numbers)
        else:
            kids = _children(f)
            if kids is not None:
                _resolve(kids, numbers)


def heading(title: str, level: int) -> Paragraph:
    """A numbered heading (h1 for level 0, h2 for level 1); its number is filled in later."""
    p = para(title, "h1" if level == 0 else "h2")
    setattr(p, _ATTR, (level, title))
    return p


def is_numbered(flowable: Any) -> bool:
    """Whether `flowable` is a heading `number_headings` has numbered (or will number)."""
    return hasattr(flowable, _ATTR)


def _children(f: Any) -> list[Any] | None:
    content = getattr(f, "_content", None)  # KeepTogether and friends
    return content if isinstance(content, list) else None


def number_headings(story: list[Any]) -> list[str]:
    """Number every heading made by `heading` in `story`, in place, in reading order.

    Then replaces each `ref(title)` marker with the number of that level-0 heading.
    Returns the numbered titles, e.g. ["1 Summary", ..., "6.1 Deployment ..."]."""
    counts = [0, 0]
    titles: list[str] = []
    numbers: dict[str, str] = {}  # level-0 title -> its number

    def walk(items: list[Any]) -> None:
        for k, f in enumerate(items):
            kids = _children(f)
            if kids is not None:
                walk(kids)
                continue
            info = getattr(f, _ATTR, None)
            if info is None:
                continue
            level, title = info
            if level == 0:
                counts[0] += 1
                counts[1] = 0
                number = str(counts[0])
                numbers.setdefault(title, number)
            else:
                counts[1] += 1
                number = f"{counts[0]}.{counts[1]}"
            text = f"{number} {title}"
            new = para(text, "h1" if level == 0 else "h2")
            setattr(new, _ATTR, info)
            items[k] = new
            titles.append(text)

    walk(story)
    _resolve(story, numbers)
    return titles

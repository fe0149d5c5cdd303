"""Section numbers of the decision package, generated from the story rather than typed by hand.

A section heading is made with `heading(title, level)` without a number; `number_headings` walks
the finished story in reading order and writes "4 Title" (level 0) or "6.2 Title" (level 1), so a
section that is left out (no hybrid chart, no fleet) never leaves a gap in the numbers."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from app.report.styles import para

_ATTR = "_archwise_heading"  # (level, title) on a numbered heading paragraph


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

    Returns the numbered titles, e.g. ["1 Summary", ..., "6.1 Deployment ..."]."""
    counts = [0, 0]
    titles: list[str] = []

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
            else:
                counts[1] += 1
                number = f"{counts[0]}.{counts[1]}"
            text = f"{number} {title}"
            new = para(text, "h1" if level == 0 else "h2")
            setattr(new, _ATTR, info)
            items[k] = new
            titles.append(text)

    walk(story)
    return titles

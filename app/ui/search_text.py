"""How typed filter text and searched text are compared: case, spaces and the multiplication
sign do not matter ('1x h100 sxm' finds '1× H100 SXM' and '1 x H100  SXM')."""

from __future__ import annotations

import re

_COUNT_TIMES = re.compile(r"(\d)\s*[x×]\s*")  # '8 × H100', '8×H100', '8x H100' -> '8x H100'


def search_key(text: str) -> str:
    """`text` folded for matching: casefolded, × read as x, a count's 'x' joined to its number,
    runs of white space made one space."""
    folded = text.casefold().replace("×", "x")
    return " ".join(_COUNT_TIMES.sub(r"\1x ", folded).split())


def search_words(text: str) -> list[str]:
    """The words of a typed filter, folded as `search_key` folds what they are matched against."""
    return search_key(text).split()

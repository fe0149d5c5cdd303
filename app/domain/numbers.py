"""How a figure is written for people: one rule for the window, the command line and the report."""

from __future__ import annotations

import math


def figure(value: float | int, digits: int = 4) -> str:
    """Four significant figures with thousands separators and no exponent between 0.001 and a
    trillion: 14,860 (not 1.486e+04), 1,307, 123.5, 0.5737. Outside that range, an exponent."""
    v = float(value)
    if not math.isfinite(v) or v == 0:
        return f"{v:g}"
    size = abs(v)
    if size >= 1e12 or size < 1e-3:
        return f"{v:.{digits - 1}e}"
    if size >= 10 ** (digits - 1):
        return f"{v:,.0f}"  # every integer digit: a count or a price reads whole
    return f"{v:.{digits}g}"

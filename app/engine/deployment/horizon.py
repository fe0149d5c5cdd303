"""Money over time: growth by quarter, cumulative cost, break-even month."""

from __future__ import annotations

import numpy as np


def growth_factors(months: int, per_quarter: float) -> np.ndarray:
    """Traffic multiplier for months 1..`months`: (1 + per_quarter) ** quarter, quarter = (m - 1) // 3.
    Month 1-3 carry x1, months 4-6 x(1 + g), ..."""
    m = np.arange(months)
    return np.power(1.0 + per_quarter, m // 3)


def cumulative(monthly: np.ndarray, upfront: np.ndarray | None = None) -> np.ndarray:
    """Cumulative cost at the end of each month [USD]: running sum of monthly + upfront payments."""
    total = np.asarray(monthly, dtype=np.float64)
    if upfront is not None:
        total = total + upfront
    return np.cumsum(total)


def break_even_month(a: np.ndarray, b: np.ndarray) -> tuple[int | None, int]:
    """(month, which): the month (1-based) from which the curve that ends cheaper (`which`: 0 for
    `a`, 1 for `b`; a tie at the end goes to `a`) has cost at most the other's in total, to the end
    of the horizon. (None, which) when it never cost more, so there is nothing to break even."""
    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    if diff.size == 0:
        return None, 0
    which = 0 if diff[-1] <= 0 else 1
    dearer = np.nonzero(diff > 0 if which == 0 else diff < 0)[0]  # months the final winner cost more
    if dearer.size == 0:
        return None, which
    return int(dearer[-1]) + 2, which

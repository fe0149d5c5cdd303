"""Money over time: growth by quarter, cumulative cost, break-even month."""

from __future__ import annotations

import numpy as np

# Two cumulative costs closer than this are the same figure [USD]: a cent over the horizon, so
# float noise between two plans priced alike (a hybrid at P0 is the on-demand row, 1e-12 apart,
# tgui5 D3) makes no break-even. The relative twin for horizon totals is dominance.SAME_COST.
SAME_COST_USD = 0.01


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


def break_even_month(a: np.ndarray, b: np.ndarray, tolerance_usd: float = SAME_COST_USD) -> tuple[int | None, int]:
    """(month, which): the month (1-based) from which the curve that ends cheaper (`which`: 0 for
    `a`, 1 for `b`; a tie at the end goes to `a`) has cost at most the other's in total, to the end
    of the horizon. (None, which) when it never cost more, so there is nothing to break even.
    Differences within `tolerance_usd` [USD] are ties (float noise is no crossing)."""
    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    diff[np.abs(diff) <= tolerance_usd] = 0.0
    if diff.size == 0:
        return None, 0
    which = 0 if diff[-1] <= 0 else 1
    dearer = np.nonzero(diff > 0 if which == 0 else diff < 0)[0]  # months the final winner cost more
    if dearer.size == 0:
        return None, which
    return int(dearer[-1]) + 2, which

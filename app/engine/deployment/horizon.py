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


def break_even_months(
    a: np.ndarray, b: np.ndarray, tolerance_usd: float = SAME_COST_USD
) -> tuple[int | None, int | None, int | None, int]:
    """(first, behind_again, for_good, which) for the curve that ends cheaper (`which` as in
    `break_even_month`), months 1-based: `first` the first month it has cost at most the other in
    total after having cost more (the break-even an architect reads as payback), `behind_again` the
    first month after that it costs more again (a node bought in a lump; None when never), and
    `for_good` the month from which it stays no dearer to the end (`break_even_month`'s). All None
    when it never cost more: nothing to break even (tcli6 N1: a hybrid ahead from month 27, behind
    in month 31 when it buys a node, ahead for good from month 32, was reported as month 32 only)."""
    for_good, which = break_even_month(a, b, tolerance_usd)
    if for_good is None:
        return None, None, None, which
    diff = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    diff[np.abs(diff) <= tolerance_usd] = 0.0
    dearer = diff > 0 if which == 0 else diff < 0  # months (0-based) the final winner cost more
    start = int(np.argmax(dearer))  # its first dearer month
    first = start + int(np.argmax(~dearer[start:]))  # the first month after it that is not dearer
    again = np.nonzero(dearer[first:])[0]
    behind = first + int(again[0]) + 1 if again.size else None
    return first + 1, behind, for_good, which

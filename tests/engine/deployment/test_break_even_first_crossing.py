"""tcli6 N1: a break-even month is the FIRST crossing, and a crossing that flips back says when it is
behind again and from when it holds for good (the month was the last crossing only: a hybrid ahead
of on-demand from month 27, behind in month 31 when growth buys a node, ahead for good from month 32,
was reported as month 32). Hand figures: on-demand minus hybrid as the tester read them from
`size code.yaml --json` (m26 -10,057, m27 +40,142 ... m30 +190,737, m31 -23,302, m32 +32,660 ...)."""

import numpy as np

from app.domain.deployment import BreakEven
from app.engine.deployment.horizon import break_even_month, break_even_months

# on-demand minus hybrid [USD] for months 1..36: the hybrid's capex puts it behind until month 26
DIFF = [-300_000.0 + 11_500.0 * m for m in range(1, 27)]  # m26: -1,000
DIFF += [40_142.0, 90_340.0, 140_538.0, 190_737.0, -23_302.0]  # m27..m31
DIFF += [32_660.0 + 66_053.25 * k for k in range(5)]  # m32..m36: 32,660 ... 296,873
HYBRID = np.cumsum(np.full(36, 60_000.0))
ON_DEMAND = HYBRID + np.array(DIFF)


def test_first_crossing_and_the_flip_back():
    first, behind, for_good, which = break_even_months(ON_DEMAND, HYBRID)
    assert which == 1  # the hybrid ends cheaper
    assert (first, behind, for_good) == (27, 31, 32)  # was only 32
    assert break_even_month(ON_DEMAND, HYBRID) == (32, 1)  # the month it holds for good, unchanged
    be = BreakEven(first="on-demand", second="hybrid", month=first, cheaper_after="hybrid", behind_again=behind,
                   for_good_from=for_good)  # fmt: skip
    assert be.when() == "month 27 (behind again in month 31; for good from month 32)"
    assert be.model_dump()["for_good_from"] == 32 and be.model_dump()["behind_again"] == 31  # JSON


def test_a_single_crossing_reads_as_before():
    owned = np.cumsum(np.r_[100_000.0, np.full(35, 1_000.0)])  # capex up front, then 1,000 a month
    rented = np.cumsum(np.full(36, 5_000.0))  # 5,000 a month: 5,000 m >= 99,000 + 1,000 m from m = 25
    first, behind, for_good, which = break_even_months(rented, owned)
    assert (first, behind, for_good, which) == (25, None, 25, 1)
    assert BreakEven(first="r", second="o", month=25, cheaper_after="o", for_good_from=25).when() == "month 25"
    assert break_even_months(owned, owned) == (None, None, None, 0)  # never dearer: nothing to break even

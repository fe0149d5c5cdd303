"""Two plans priced alike have no break-even: a hybrid at P0 is the all-cloud plan, and the
float noise between their cumulative costs (1e-12 USD) is not a crossing (tgui5 D3: "month 7:
Cloud on-demand is cheaper in total than Hybrid" between two rows of $105,675 each)."""

from __future__ import annotations

import copy

import numpy as np

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.horizon import SAME_COST_USD, break_even_month
from tests.engine.deployment.test_hybrid_on_prem_share import SCENARIO


def test_noise_below_a_cent_is_a_tie_and_a_cent_more_is_a_crossing():
    # the tester's figures: on-demand minus hybrid = +4.5e-13 ... +1.8e-12 for months 1-6, 0 after
    base = np.cumsum(np.full(36, 2402.0))
    noise = np.array([4.5e-13, 9.1e-13, 9.1e-13, 1.8e-12, 1.8e-12, 1.8e-12] + [0.0] * 30)
    assert break_even_month(base + noise, base) == (None, 0)
    assert SAME_COST_USD == 0.01
    # a real difference of 2 cents for six months, then cheaper: a break-even at month 7
    real = np.array([0.02] * 6 + [-0.02] * 30)
    assert break_even_month(base + real, base) == (7, 0)


def test_hybrid_at_p0_has_no_break_even_with_the_on_demand_row(catalog):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"].update(
        hybrid_base_percentile=0, growth_per_quarter=0.0678, electricity_usd_per_kwh=0.227, on_prem_share=1.0
    )
    c = size(parse(Scenario, data), catalog).deployments
    h, cloud = c.row("hybrid", "mixed"), c.row("cloud", "on_demand")
    assert h.nodes == 0  # all burst: the all-cloud plan
    np.testing.assert_allclose(h.cumulative_usd, cloud.cumulative_usd, rtol=1e-12)
    pair = {h.label, cloud.label}
    assert [b.month for b in c.break_evens if {b.first, b.second} == pair] == [None]

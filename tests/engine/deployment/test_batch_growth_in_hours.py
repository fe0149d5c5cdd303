"""Growth on a batch job lengthens its runs; replicas are added only when a run would miss its
deadline, and then for the shorter run, so a run's node-hours scale with its work (tcli5 N13:
+5 % requests a quarter added a 4th replica for the whole 9.17-h run, +33 % cost).

Hand figures (weekly extraction, 120,000 requests in a 12-h window, GCP TPU v5litepod-8 at 1.2119
req/s per replica, 3 replicas, $9.60 a node-hour, 4.345 runs a month): a run holds 120,000 /
(1.2119 x 3600) = 27.505 node-h, so month 1 = 27.505 x 9.60 x 4.345 = $1,147.37. At +5 %/quarter:
months 4-6 x 1.05 = $1,204.74 (3 replicas still hold 3 x 1.2119 x 12 h x 3600 = 157,063 requests),
7-9 x 1.1025, 10-12 x 1.157625. At +25 %/quarter months 7-9 carry 187,500 requests: past the
deadline on 3 replicas, so 4 replicas for 10.74 h, still 27.505 x 1.5625 node-h (x 1.5625 cost)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_spot_one_rule_options import PHARMA_SPOT

PHARMA = copy.deepcopy(PHARMA_SPOT)
PHARMA["assumptions"] = {"horizon_years": 1, "electricity_usd_per_kwh": 0.18, "pue": 1.5}
MONTH_1 = 120_000 / (1.2119 * 3600) * 9.60 * 4.345  # 1,147.37


def _months(catalog, growth: float) -> np.ndarray:
    data = copy.deepcopy(PHARMA)
    data["assumptions"]["growth_per_quarter"] = growth
    result = size(parse(Scenario, data), catalog)
    opt = result.recommended
    assert opt.hardware == "GCP TPU v5litepod-8" and opt.nodes == 3
    row = result.deployments.row("cloud", "on_demand")
    assert row.horizon_cost_usd == pytest.approx(opt.horizon_cost_usd, rel=1e-9)
    return np.diff(np.concatenate([[0.0], row.cumulative_usd]))


def test_five_percent_more_work_costs_five_percent_more(catalog):
    months = _months(catalog, 0.05)
    steps = np.repeat([1.0, 1.05, 1.05**2, 1.05**3], 3)
    assert months == pytest.approx(MONTH_1 * steps, rel=1e-3)
    assert months[3] == pytest.approx(1_204.74, rel=1e-3)  # not 1,147.37 x 4/3 = 1,530
    assert months.sum() == pytest.approx(MONTH_1 * steps.sum(), rel=1e-3)


def test_past_the_deadline_more_replicas_run_a_shorter_run(catalog):
    months = _months(catalog, 0.25)
    assert months[6] == pytest.approx(MONTH_1 * 1.5625, rel=1e-3)  # 4 replicas x 10.74 h, not 5/3
    assert months[9] == pytest.approx(MONTH_1 * 1.25**3, rel=1e-3)

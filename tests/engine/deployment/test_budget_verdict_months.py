"""The budget verdict says which months the row it names fits, from its month series (tcli5 N10:
"hybrid ... fits at $21,461/month" on month 1 while the growth the user typed took it over the
budget from month 4).

Hand figures (`api70_over_budget`: 9 req/s, x3 for 6 h a day, one replica of 11.54 req/s a node (the
TP4xPP2 layout, since the step-level p95s), P60 hybrid of 1 DGX ($9,000 a month) + Lambda at $31.92/h;
here delivery is immediate and traffic grows 50 %/quarter over 12 months):
- months 1-3: peak 27 req/s -> 3 nodes, 1 DGX + 2 Lambda: 9,000 + 2 x 6 h x 30.4167 d x 31.92 =
  20,650.80 (within $25,000);
- months 4-6 (x1.5): base 4.5 req/s -> still 1 DGX; peak 40.5 req/s -> 4 nodes, 3 Lambda:
  9,000 + 3 x 6 x 30.4167 x 31.92 = 26,476.20;
- months 7-9 (x2.25): 60.75 -> 6 nodes, 5 Lambda: 9,000 + 29,127.00 = 38,127.00;
- months 10-12 (x3.375): base 10.125 req/s -> 1 DGX; 91.125 -> 8 nodes, 7 Lambda:
  9,000 + 40,777.80 = 49,777.80.
(At 12 req/s and the 12.6 req/s a node served before: 20,650.80, 32,301.60, 43,952.40, 64,603.20.)"""

from __future__ import annotations

import numpy as np
import pytest
from scenario_builders import api70_over_budget

from app.domain import Scenario, parse
from app.engine import size

DAYS = 730 / 24
LAMBDA = 6 * DAYS * 31.92  # one Lambda node for the 6 peak hours a month: $5,825.40


def _scenario(growth: float) -> dict:
    data = api70_over_budget()
    data["assumptions"] = {
        **data["assumptions"],
        "horizon_years": 1,
        "growth_per_quarter": growth,
        "on_prem_lead_time_days": 0,
    }
    return data


def test_verdict_names_the_months_over_budget(catalog):
    sizing = size(parse(Scenario, _scenario(0.5)), catalog)
    h = sizing.deployments.row("hybrid", "mixed")
    want = np.repeat([9_000 + 2 * LAMBDA, 9_000 + 3 * LAMBDA, 9_000 + 5 * LAMBDA, 9_000 + 7 * LAMBDA], 3)
    assert h.month_usd == pytest.approx(want, rel=1e-6)
    assert sizing.error == (
        "No single option within budget; hybrid on-prem base + burst (On-prem 8x H100 SXM (DGX H100) + "
        "Lambda 8x H100 SXM) fits at $20,651/month against $25,000 as delivered, but month by month (growth and "
        "the lead-time bridge included) it is within the budget in month(s) 1-3 only and over it in month(s) 4-12, "
        "up to $49,778/month (see the deployment comparison)"
    )


def test_verdict_says_every_month_fits_when_it_does(catalog):
    sizing = size(parse(Scenario, _scenario(0.0)), catalog)
    assert sizing.deployments.row("hybrid", "mixed").month_usd == pytest.approx([9_000 + 2 * LAMBDA] * 12, rel=1e-6)
    assert sizing.error.endswith(
        "fits at $20,651/month against $25,000, and in every month of the 12-month horizon (growth included) "
        "(see the deployment comparison)"
    )

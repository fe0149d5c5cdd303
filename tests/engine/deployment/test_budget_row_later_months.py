"""A deployment row within the budget in month 1 but over it in later months (growth) says which
months break it (tgui5 D20: the on-demand row at $2,402/month cost $3,202 from month 7, over the
$2,500 budget, and nothing said so)."""

from __future__ import annotations

from app.domain import DeploymentRow
from app.engine.deployment.compare import _mark_over_budget


def test_row_over_the_budget_from_month_7_says_so():
    months = [2402.0] * 6 + [3202.0] * 30
    r = DeploymentRow(
        label="Cloud on-demand",
        deployment="cloud",
        pricing="on_demand",
        hardware="Lambda 1x H100 PCIe",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=2402.0,
        horizon_cost_usd=sum(months),
        cost_per_million_tokens_usd=1.0,
        commitment_months=0.0,
        month_usd=months,
    )
    _mark_over_budget([r], 2500.0)
    assert not r.over_budget  # month 1 fits: the row stays unmarked
    words = " ".join(r.assumptions)
    # 6 x 2,402 fit, 30 x 3,202 do not
    assert "within the budget in month(s) 1-6 only and over it in month(s) 7-36, up to $3,202/month" in words

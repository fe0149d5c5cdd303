"""Ratios near 1 are written with two decimals (CLI review finding 1): a hybrid at $219,949 against
cloud on-demand at $209,714 over 36 months is 219,949 / 209,714 = 1.049, which "1.0x its cost" read as
equal; a 52.0 ms TPOT floor against a 50 ms SLA needs 1.04x the bandwidth, which "1.0x more" read as
double."""

from __future__ import annotations

from app.domain import DeploymentRow
from app.engine.deployment.dominance import mark_dominated
from app.engine.options import speed_fix


def _row(label: str, pricing: str, horizon: float, commit: float, deployment: str) -> DeploymentRow:
    return DeploymentRow(
        deployment=deployment,
        pricing=pricing,
        label=label,
        hardware=f"hw of {label}",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=horizon / 36,
        horizon_cost_usd=horizon,
        cost_per_million_tokens_usd=1.0,
        commitment_months=commit,
    )


def test_dominated_ratio_near_one_has_two_decimals():
    od = _row("Cloud on-demand", "on_demand", 209_714.0, 0, "cloud")
    hy = _row("Hybrid", "mixed", 219_949.0, 36, "hybrid")
    mark_dominated([od, hy], 36, spot_ok=False)
    assert "1.05x its cost over 36 months ($219,949 against $209,714)" in hy.dominated


def test_speed_fix_says_the_factor_of_what_the_option_has():
    text = speed_fix(52.0, 50.0, "memory bandwidth")
    assert text.startswith("needs 1.04x the memory bandwidth this option has")
    assert "more memory bandwidth" not in text

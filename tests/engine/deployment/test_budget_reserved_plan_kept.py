"""Under a budget, a reserved plan whose own month fits is shown even when its option's on-demand
month does not (tgui5 D20: "Cloud reserved 3 y" on AWS p5.4xlarge, $2,170/month against a $2,500
budget, vanished because the option's on-demand month was $5,022); a reserved plan over the budget
is named in `missing` with its own month."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

# tgui5's bud.yaml, its two cloud rows' instances only
SCENARIO = {
    "name": "Claims handler assistant",
    "workload": {
        "name": "Claims handler chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.4, "peak_to_mean": 2.4},
        "tokens": {
            "input_tokens": 1500,
            "output_tokens": 250,
            "input_tokens_p95": 4000,
            "output_tokens_p95": 600,
            "shared_prefix_tokens": 800,
            "prefix_cache_hit_ratio": 0.6,
        },
        "sla": {"ttft_p95_ms": 1000.0, "tpot_p95_ms": 60.0},
        "budget_usd_per_month": 2500,
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["Lambda 1x H100 PCIe", "AWS p5.4xlarge"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {"growth_per_quarter": 0.0678},
}


@pytest.fixture(scope="module")
def comparison(catalog):
    return size(parse(Scenario, SCENARIO), catalog)


def test_reserved_3y_plan_within_the_budget_is_shown(comparison, catalog):
    p5 = catalog.instance("AWS p5.4xlarge")
    assert (p5.price_on_demand_usd_per_hour, p5.price_reserved_3y_usd_per_hour) == (6.88, 2.97216)
    opt = next(o for o in comparison.options if o.hardware == "AWS p5.4xlarge" and o.replicas == 1)
    # the option on demand: 1 node x 730 h x $6.88 = $5,022.40/month > $2,500: over the budget alone
    assert_allclose(opt.cost_per_month_usd, 730 * 6.88, rtol=1e-6)
    assert [v.constraint for v in opt.violations] == ["budget"]
    row = comparison.deployments.row("cloud", "reserved_3y")
    assert row is not None and row.hardware == "AWS p5.4xlarge"
    # month 1: the quietest hour's node reserved all month, 730 h x $2.97216 = $2,169.68 <= $2,500
    assert_allclose(row.cost_per_month_usd, 730 * 2.97216, rtol=1e-6)
    assert not row.over_budget
    words = " ".join(row.assumptions)
    assert "this plan's $2,170/month fits the $2,500/month budget, although the option priced on-demand " in words
    assert "($5,022/month) does not" in words


def test_reserved_1y_plan_over_the_budget_is_named_in_missing(comparison):
    assert comparison.deployments.row("cloud", "reserved_1y") is None
    # 730 h x $5.418 (1-year) = $3,955.14 > $2,500
    assert (
        "cloud reserved 1 y + on-demand peak: none within the budget: the cheapest such plan (AWS p5.4xlarge) "
        "costs $3,955/month, over the $2,500/month budget" in comparison.deployments.missing
    )


def test_feasible_on_demand_row_unchanged(comparison):
    row = comparison.deployments.row("cloud", "on_demand")
    assert row.hardware == "Lambda 1x H100 PCIe"
    assert row.cost_per_month_usd <= 2500

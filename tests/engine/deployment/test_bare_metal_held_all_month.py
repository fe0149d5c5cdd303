"""Bare metal billed by the hour (Vultr) is priced as whole nodes held all month in the options
table, as the deployment comparison's lease row holds them (catalog/instances.yaml: 'a lease here is
the hourly price x the month's hours'). Before, the options autoscaled it hour by hour while the
comparison leased whole nodes, so the same option showed two monthly costs."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

VULTR = "Vultr 8x MI300X bare metal"  # $31.92/h for the node (8 x $3.99, on-demand list), catalog 2026-09-28


@pytest.fixture(scope="module")
def sized(catalog):
    scenario = parse(
        Scenario,
        {
            "name": "Chat on Vultr bare metal",
            "workload": {
                "name": "Office-hours chat",
                "category": "inference_api",
                # 8 busy hours at 2.5x the mean (5 nodes with the spare), the rest at 37.5 req/s (2 nodes): an
                # autoscaled plan would drop 3 nodes outside the busy hours
                "traffic": {"requests_per_s": 150, "peak_to_mean": 2.5, "peak_hours_per_day": 8},
                "tokens": {"input_tokens": 1000, "output_tokens": 300},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": ["Test Llama-3-8B"], "hardware": [VULTR], "precisions": ["bf16"]},
        },
    )
    return size(scenario, catalog)


def test_hourly_bare_metal_option_costs_its_nodes_all_month(sized):
    o = sized.recommended
    row = sized.deployments.row("bare_metal", "lease")
    assert o is not None and row is not None and o.hardware == VULTR
    # Hand: the busiest hour's 5 nodes held 730 h at $31.92: 5 x 31.92 x 730 = $116,508 (the options
    # table autoscaled them before: 5 nodes 8 h a day and 2 the other 16)
    assert row.nodes == 5
    assert_allclose(row.cost_per_month_usd, 116_508.0, rtol=1e-9)
    assert_allclose(row.cost_per_month_usd, row.nodes * 31.92 * 730, rtol=1e-9)
    assert_allclose(o.cost_per_month_usd, row.cost_per_month_usd, rtol=1e-9)
    # the Explain panel says so
    e = next(x for x in o.explanations if x.quantity == "Cost per month")
    assert "held all month" in str(e.inputs["price basis"]) and "bare-metal" in e.formula

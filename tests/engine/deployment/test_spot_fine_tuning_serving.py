"""One spot rule for a fine-tuning workload that also serves traffic (tcli6 N14): its requests have a
TTFT SLA, so it is serving: spot carries only the nodes above the on-demand floor. The old rule keyed
on the category alone (fine_tuning => interruptible) and priced the serving all on spot: on one AWS
g6e.12xlarge 730 h x $3.7887 x 1.05 = $2,904.04/month against the on-demand floor's 730 h x
$10.49264 = $7,659.63, a row that then "dominated" every other row."""

from __future__ import annotations

import pytest

from app.domain import Scenario, Workload, parse
from app.engine import size
from app.engine.spot import interruptible

WORKLOAD = {
    "name": "Support LoRA",
    "category": "fine_tuning",
    "tokens": {"input_tokens": 1500, "output_tokens": 300},
    "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
    "traffic": {"requests_per_s": 2, "peak_to_mean": 2, "pattern": "diurnal"},
    "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50},
}


def test_fine_tuning_with_traffic_is_serving_without_it_training():
    assert not interruptible(parse(Workload, WORKLOAD))
    run_only = {k: v for k, v in WORKLOAD.items() if k not in ("traffic", "sla")}
    assert interruptible(parse(Workload, run_only))


def test_fine_tuning_serving_spot_keeps_the_on_demand_floor(catalog):
    g6e = catalog.instance("AWS g6e.12xlarge")
    od_price, spot_price = g6e.price_on_demand_usd_per_hour, g6e.price_spot_usd_per_hour
    scenario = {
        "name": "LoRA then serve",
        "workload": WORKLOAD,
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [g6e.name], "precisions": ["bf16"]},
        "assumptions": {"horizon_years": 1, "electricity_usd_per_kwh": 0.12},
    }
    c = size(parse(Scenario, scenario), catalog).deployments
    od = c.row("cloud", "on_demand")
    # 1 node every hour (the quietest hour already needs it): 730 h x on-demand
    assert od.nodes == 1
    assert od.cost_per_month_usd == pytest.approx(730 * od_price, rel=1e-9)
    assert od.dominated == ""
    all_on_spot = 730 * spot_price * 1.05  # the old row: $2,904.04
    assert all(r.cost_per_month_usd > all_on_spot * 1.5 for r in c.rows)
    spot = c.row("cloud", "spot")
    if spot is not None:  # a spot row, if any, is the floor on demand (no node above it)
        assert spot.cost_per_month_usd == pytest.approx(730 * od_price, rel=1e-9)
    else:
        assert any(
            n.startswith("no spot row:") and f"on-demand plan (${730 * od_price:,.0f}/month)" in n for n in c.notes
        )

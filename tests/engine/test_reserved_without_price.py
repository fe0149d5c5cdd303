"""Under `pricing: reserved` an instance with no reserved price is priced on demand (autoscaled, no
commitment) and says so, instead of holding the busiest hour's nodes all month at the on-demand
price and reporting a 12-month commitment that does not exist (catalog helper: Azure sizes, TPUs;
RunPod here: 6 nodes x $3.99 x 730 h = $17,476 'reserved' beside a $7,767 on-demand row)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Reserved where none is published",
    "workload": {
        "name": "chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 40, "peak_to_mean": 2.4},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x H100 SXM"], "precisions": ["bf16"]},
    "assumptions": {"pricing": "reserved"},
}
NOTE = "no reserved 1-year price published for RunPod 1x H100 SXM: priced on demand (autoscaled, no commitment)"


def test_no_reserved_price_is_priced_on_demand_and_said(catalog):
    inst = catalog.instance("RunPod 1x H100 SXM")
    assert inst.price_reserved_usd_per_hour is None and inst.price_on_demand_usd_per_hour == pytest.approx(3.99)
    sized = size(parse(Scenario, SCENARIO), catalog)
    o, od = sized.recommended, sized.deployments.row("cloud", "on_demand")
    assert o.pricing == "on_demand"  # was reserved_1y
    assert o.replicas == 6 and o.replicas_min < o.replicas  # autoscaled: quiet hours hold fewer nodes
    assert o.cost_per_month_usd < 6 * 3.99 * 730 * 0.5  # was $17,476: 6 nodes all month
    assert o.cost_per_month_usd == pytest.approx(od.cost_per_month_usd, rel=1e-9)  # the on-demand row's month
    assert NOTE in o.flags and NOTE in sized.scope_notes
    assert not any(f.startswith("dominated:") for f in o.flags)  # no 12-month commitment to dominate

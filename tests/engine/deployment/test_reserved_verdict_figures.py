"""A verdict that quotes an option priced `pricing: reserved` says what its figure prices (every
node of the busiest hour reserved all month) and quotes the deployment row of that pricing on the
same nodes (reserved base + on-demand peak) with that row's own figure (issue 18: the verdict said
"$1,300/month" while the reserved row beside it priced the mix at $712)."""

from __future__ import annotations

import pytest

from app.cli.sizing_cmd import render_sizing
from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "Ticket triage reserved",
    "workload": {
        "name": "Ticket triage",
        "category": "inference_api",
        # 8 peak hours at 3 x 2 = 6 req/s, 16 hours at (72 - 48) / 16 = 1.5 req/s
        "traffic": {"requests_per_s": 3, "peak_to_mean": 2, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 800, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80, "availability": 0.99},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["GCP g2-standard-4"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [1],
    },
    "assumptions": {"redundancy_replicas": 0, "pricing": "reserved"},
}
OD, RES = 0.70683, 0.445304  # $/h, GCP g2-standard-4 on demand and 1-year reserved
DAYS = 730 / 24


def test_reserved_verdict_names_the_mix_row_with_its_own_figure(catalog):
    inst = catalog.instance("GCP g2-standard-4")
    assert (inst.price_on_demand_usd_per_hour, inst.price_reserved_usd_per_hour) == pytest.approx((OD, RES))
    sizing = size(parse(Scenario, SCENARIO), catalog)
    o = sizing.recommended
    # one replica serves ~2.76 req/s: 3 nodes for the 6 req/s peak, 1 for the 1.5 req/s night
    assert o.replicas == 3 and o.pricing == "reserved_1y"
    everything = 3 * 730 * RES  # $975.22: the busiest hour's 3 nodes reserved all month
    mix = 730 * RES + 2 * 8 * DAYS * OD  # 1 node reserved + 2 on demand 8 h a day: $669.06
    assert o.cost_per_month_usd == pytest.approx(everything, rel=1e-9)
    row = sizing.deployments.row("cloud", "reserved_1y")
    assert row.cost_per_month_usd == pytest.approx(mix, rel=1e-6)
    assert o.reserved_row_usd_per_month == pytest.approx(mix, rel=1e-6)
    said = (
        "$975/month with all 3 nodes reserved all month; Cloud reserved 1 y + on-demand peak on the same "
        "nodes: $669/month"
    )
    assert o.cost_summary == said
    assert render_sizing(sizing).splitlines()[1].endswith(said)


def test_on_demand_verdict_quotes_its_own_figure_only(catalog):
    data = {**SCENARIO, "assumptions": {"redundancy_replicas": 0, "pricing": "on_demand"}}
    o = size(parse(Scenario, data), catalog).recommended
    # autoscaled: 3 nodes 8 h a day, 1 node 16 h a day
    assert o.cost_summary == f"${(3 * 8 + 1 * 16) * DAYS * OD:,.0f}/month"  # $860
    assert o.reserved_row_usd_per_month is None

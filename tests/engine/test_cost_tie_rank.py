"""Options whose month differs from the cheapest by less than 0.1 % tie for first, fewer GPUs first
(`size.pick`, COST_TIE). On an owned DGX the month is the node's fixed cost plus a few dollars of
modelled electricity that differ between layouts; an 8-GPU pipeline-parallel replica $2 cheaper than
a 1-GPU one (its GPUs wait on per-micro-batch overhead, so draw less) was recommended, and the fleet
planner then bought a second DGX to place it beside the other workloads."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size
from app.engine.size import COST_TIE

DGX = "On-prem 8x H100 SXM (DGX H100)"


def night_batch() -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Night batch on our DGX",
            "workload": {
                "name": "Night batch on our DGX",
                "category": "batch",
                "tokens": {"input_tokens": 3000, "output_tokens": 400},
                "batch": {"total_requests": 300000, "recurrence": "daily", "start_window": "22:00-06:00"},
            },
            "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [DGX], "precisions": ["fp8"]},
        },
    )


def test_near_tied_months_rank_fewer_gpus_first(catalog):
    sz = size(night_batch(), catalog)
    feasible = [o for o in sz.options if o.feasible]
    cheapest = min(o.cost_per_month_usd for o in feasible)
    tied = [o for o in feasible if o.cost_per_month_usd <= cheapest * (1 + COST_TIE)]
    # the tie holds layouts of 1 to 8 GPUs on the one node, a few dollars apart on ~$9,650 a month
    assert len({o.gpus for o in tied}) > 1
    assert max(o.cost_per_month_usd for o in tied) - cheapest < 10.0
    o = sz.recommended
    assert o is not None and o.gpus == min(t.gpus for t in tied) == 1
    # and it is not the cheapest by a few dollars: the tie, not the cost, put it first
    assert o.cost_per_month_usd > cheapest
    # beyond the tie the order is by cost again
    rest = [x.cost_per_month_usd for x in feasible if x not in tied]
    assert rest == sorted(rest)

"""A reserved row must reserve something: a batch job whose quietest hour needs no node would
reserve nothing and be the on-demand plan under another label (issue 18)."""

from __future__ import annotations

import math

import pytest

from app.domain import Scenario, parse
from app.engine import size

JOB = {
    "name": "monthly batch",
    "workload": {
        "name": "Discharge letter re-coding",
        "category": "batch",
        "tokens": {"input_tokens": 2500, "output_tokens": 150},
        "batch": {"total_requests": 2000000, "deadline_hours": 48, "recurrence": "once"},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Hyperstack 1x H100 SXM"]},
}


def test_batch_job_gets_no_reserved_row_and_the_notes_say_why(catalog):
    inst = catalog.instance("Hyperstack 1x H100 SXM")
    assert inst.price_on_demand_usd_per_hour == pytest.approx(3.20)
    assert inst.price_reserved_usd_per_hour == pytest.approx(2.72)
    c = size(parse(Scenario, JOB), catalog).deployments
    od = c.row("cloud", "on_demand")
    # the job holds one node once a month for the hours its work takes (issue 18: not its 48 h
    # deadline, 48 h x $3.20 = $153.60): 2,000,000 / (replicas x req/s each) / 3600 h x $3.20
    o = size(parse(Scenario, JOB), catalog).options[od.option_index]
    work = 2_000_000 / (o.replicas * o.requests_per_s_per_replica) / 3600
    assert work < 48 * 0.9
    # Hyperstack bills per minute (catalog billing_increment_s: 60): the work's minutes rounded up
    assert od.cost_per_month_usd == pytest.approx(math.ceil(work * 60 - 1e-9) / 60 * 3.20, rel=1e-6)
    # the old "reserved 1 y" row reserved no node and cost the same $153.60 (pure on-demand)
    assert c.row("cloud", "reserved_1y") is None
    notes = " ".join(c.notes)
    assert "no reserved 1 y row: on Hyperstack 1x H100 SXM the quietest hour needs no node" in notes
    assert f"the work runs {work:,.0f} h a month" in notes

"""Row wording for a once-a-month batch job (issue 18): the hybrid counts the job's hours in the
month, not "h/day"; a row on other hardware keeps its own sentence whole instead of gluing
"...price. commits..." after the explanation."""

from __future__ import annotations

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
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Hyperstack 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)", "AWS p5en.48xlarge"],
    },
}


def test_batch_hybrid_counts_hours_a_month_and_other_hardware_note_follows_the_binds(catalog):
    sizing = size(parse(Scenario, JOB), catalog)
    c = sizing.deployments
    hybrid = c.row("hybrid", "mixed")
    assert hybrid is not None
    # the job runs once a month for the hours its work takes on the cloud option's replicas (issue 18:
    # not its 48 h deadline); the old text said "all 23 h/day"
    works = {
        f"{2_000_000 / (o.replicas * o.requests_per_s_per_replica) / 3600:,.0f}"
        for o in sizing.options
        if o.feasible and o.hardware == "Hyperstack 1x H100 SXM"
    }
    assert any(f"all {h} h a month on Hyperstack 1x H100 SXM (all-cloud)" in hybrid.binds for h in works)
    assert "all 48 h a month" not in hybrid.binds
    assert "h/day" not in hybrid.binds
    spot = c.row("cloud", "spot")
    assert spot is not None and spot.hardware == "AWS p5en.48xlarge"
    assert spot.binds.startswith("interruptible work: all on spot, interruptions redone (other hardware: ")
    assert spot.binds.endswith("has no spot price)")
    assert ". interruptible" not in spot.binds

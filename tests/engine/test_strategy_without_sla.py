"""A job with no latency SLA (a nightly batch job) is not told that "the SLA holds up to N"
sequences: there is no SLA. The serving settings say the batch where throughput peaks instead;
a workload with a latency SLA keeps its wording."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.engine import size


def nightly(sla: dict | None = None) -> Scenario:
    workload: dict = {
        "name": "Nightly summaries",
        "category": "batch",
        "tokens": {"input_tokens": 2000, "output_tokens": 300},
        "batch": {"total_requests": 200_000, "deadline_hours": 8, "recurrence": "daily"},
    }
    if sla:
        workload["sla"] = sla
    return parse(
        Scenario,
        {
            "name": "Nightly summaries",
            "workload": workload,
            "candidates": {
                "models": ["Llama-3.1-8B-Instruct"],
                "hardware": ["RunPod 1x H100 SXM"],
                "gpu_counts": [1],
                "precisions": ["bf16"],
            },
        },
    )


def serve_line(sz) -> str:
    return next(x for x in sz.strategy if x.startswith("Serve with"))


def test_no_latency_sla_is_not_spoken_of(catalog):
    line = serve_line(size(nightly(), catalog))
    assert "SLA holds" not in line
    assert "(no latency SLA; throughput peaks at " in line


def test_a_latency_sla_keeps_its_wording(catalog):
    line = serve_line(size(nightly({"tpot_p95_ms": 60}), catalog))
    assert "(the SLA holds up to " in line and "no latency SLA" not in line

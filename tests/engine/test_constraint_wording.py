"""A verdict names each binding constraint once, as an architect writes it ("Deadline: one request
alone takes ...", "GPU count: ... for the 278 req/s its deadline needs"), never by its internal key
("gpus: ...", "ttft: TTFT floor ...") and never as a 'peak' a batch job does not have."""

from __future__ import annotations

import pytest

from app.domain import BindingConstraint, DomainError, Scenario, Workload, parse
from app.engine import size

MODEL = "Test Llama-3-8B"  # tests/engine/conftest.py


def test_a_constraint_line_says_its_name_once():
    ttft = BindingConstraint(constraint="ttft", required=500, available=915, unit="ms", detail="TTFT floor 915 ms")
    assert ttft.title == "Time to first token" and ttft.line == "TTFT floor 915 ms"
    gpus = BindingConstraint(constraint="gpus", required=9, available=8, unit="GPUs", detail="9 GPUs; 8 allowed")
    assert gpus.line == "GPU count: 9 GPUs; 8 allowed"
    assert BindingConstraint(constraint="compliance", required=1, available=0, unit="").line == "Compliance"


def test_an_impossible_batch_deadline_reads_as_a_deadline(catalog):
    # 1,000 requests in 3.6 s (0.001 h): the rate the deadline needs is 1,000 / 3.6 = 277.8 req/s
    s = parse(
        Scenario,
        {
            "name": "Re-index",
            "workload": {
                "name": "Re-index",
                "category": "batch",
                "tokens": {"input_tokens": 2000, "output_tokens": 2000},
                "batch": {"total_requests": 1000, "deadline_hours": 0.001},
            },
            "candidates": {"models": [MODEL], "hardware": ["RunPod 1x H100 SXM"]},
            "constraints": {"max_total_gpus": 8},
        },
    )
    sz = size(s, catalog)
    assert not sz.feasible
    lines = [b.line for b in sz.binding_constraints]
    assert lines[0].startswith("Throughput: the 278 req/s its deadline needs; 8 device(s)"), lines
    # each option says why it is out: one request alone outlasts the run (2,000 tokens to write)
    why = [v.line for v in sz.options[0].violations]
    assert any(x.startswith("Deadline: one request alone takes") and "within 3.6 s (0.001 h)" in x for x in why), why
    for x in lines + why:
        assert x.split(":")[0] not in ("deadline", "gpus", "throughput", "batch", "Batch"), x
        assert "peak" not in x, x


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("batch", "a batch job needs its work per run: batch.total_requests and batch.deadline_hours"),
        ("synthetic_data", "a synthetic-data job needs its work per run"),
        ("fine_tuning", "a fine-tuning job needs its training data: fine_tuning.dataset_tokens"),
    ],
)
def test_a_missing_kind_block_names_the_kind_once(category, expected):
    with pytest.raises(DomainError) as err:
        parse(Workload, {"name": "Job", "category": category, "tokens": {"input_tokens": 10, "output_tokens": 10}})
    assert expected in str(err.value)
    assert "needs batch (" not in str(err.value) and "needs fine_tuning (" not in str(err.value)


def test_the_context_window_verdict_is_quantified(catalog):
    """tgui4 D29: 100,000,000 input tokens + 1 output token = 100,000,001 tokens a sequence,
    against the candidate's context window (the catalog's figure), both named in the line."""
    s = parse(
        Scenario,
        {
            "name": "Huge",
            "workload": {
                "name": "Huge",
                "category": "inference_api",
                "traffic": {"requests_per_s": 1},
                "tokens": {"input_tokens": 100_000_000, "output_tokens": 1},
            },
            "candidates": {"models": [MODEL], "hardware": ["RunPod 1x H100 SXM"]},
        },
    )
    sz = size(s, catalog)
    context = next(b for b in sz.binding_constraints if b.constraint == "context")
    window = catalog.model(MODEL).max_context_tokens
    assert context.required == 100_000_001 and context.available == window
    assert context.line == (
        f"Context window: the workload's sequences need 100,000,001 tokens; the longest candidate "
        f"context window is {window:,} tokens ({MODEL})"
    )

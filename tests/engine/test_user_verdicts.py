"""What binds, said in its own words, on workloads typed the way a user would: a budget that
only the budget breaks ranks the cheapest SLA-meeting design first (the one the verdict names),
and an image workload with text-only models is refused for the models, not the hardware."""

from __future__ import annotations

import re

from app.domain import INSUFFICIENT_HARDWARE, NO_OPTION_WITHIN_BUDGET, NO_SUITABLE_MODEL, Scenario, parse
from app.engine import size


def field_service_copilot(budget: float) -> Scenario:
    """A field-engineer assistant: 0.8 req/s, 3x at the busy hour, 6,000-token prompts with
    manuals pasted in, 1.5 s to the first token; 8B on single-GPU cloud boxes and an 8x B200 node."""
    return parse(
        Scenario,
        {
            "name": "Field service copilot",
            "workload": {
                "name": "Copilot",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.8, "peak_to_mean": 3, "pattern": "diurnal"},
                "tokens": {"input_tokens": 6000, "output_tokens": 350, "input_tokens_p95": 10000},
                "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60, "availability": 0.9999},
                "budget_usd_per_month": budget,
            },
            "candidates": {
                "models": ["Llama-3.1-8B-Instruct"],
                "hardware": ["RunPod 1x L40S", "RunPod 1x H100 SXM", "AWS p5.48xlarge"],
            },
        },
    )


def test_when_only_the_budget_binds_the_cheapest_sla_meeting_design_ranks_first(catalog):
    unlimited = size(field_service_copilot(budget=1_000_000), catalog)
    assert unlimited.feasible
    cheapest = unlimited.recommended.cost_per_month_usd  # what the cheapest feasible design costs

    tight = size(field_service_copilot(budget=cheapest * 0.5), catalog)
    assert not tight.feasible and tight.error_kind == "budget"
    assert tight.error.startswith(NO_OPTION_WITHIN_BUDGET)
    named = float(re.search(r"cheapest feasible is \$([\d,]+)/month", tight.error).group(1).replace(",", ""))
    assert abs(named - cheapest) <= 0.5  # the verdict names the same design ...
    first = tight.options[0]
    assert [
        v.constraint for v in first.violations if v.constraint != "budget"
    ] == []  # ... which breaks only the budget
    assert abs(first.cost_per_month_usd - cheapest) < 0.01  # ... and is ranked first
    over_budget_only = [
        o for o in tight.options if o.violations and all(v.constraint == "budget" for v in o.violations)
    ]
    costs = [o.cost_per_month_usd for o in over_budget_only]
    assert len(costs) >= 2 and costs == sorted(costs)  # cheapest first among them


def test_an_image_workload_with_only_text_models_is_refused_for_the_models(catalog):
    s = parse(
        Scenario,
        {
            "name": "Claims photos",
            "workload": {
                "name": "Damage assessor",
                "category": "multimodal",
                "traffic": {"requests_per_s": 0.3},
                "tokens": {"input_tokens": 800, "output_tokens": 200, "images_per_request": 3},
                "sla": {"ttft_p95_ms": 3000},
            },
            "candidates": {"models": ["Llama-3.1-70B-Instruct"], "hardware": ["AWS p5.48xlarge"]},
        },
    )
    sz = size(s, catalog)
    assert not sz.feasible and sz.error_kind == "model"
    assert sz.error.startswith(NO_SUITABLE_MODEL) and INSUFFICIENT_HARDWARE not in sz.error
    assert "reads images" in sz.error and "3 image(s) per request" in sz.error
    assert [b.constraint for b in sz.binding_constraints] == ["modality"]
    assert "vision-language" in sz.binding_constraints[0].fix

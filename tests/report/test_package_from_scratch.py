"""A decision package for a scenario a user builds from a blank one (not an example, not the
template): the PDF read back with pypdf tells that scenario's story, in the reader's words."""

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from app.domain import Assumptions, Category
from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project

# Strings a leadership reader must never meet: placeholders, internal names, method internals.
FORBIDDEN = [
    "not stated",
    "not named",
    "Model.quality",
    "quality_model",
    "typical_ttft_ms",
    "typical_output_tokens_per_s",
    "Dirichlet",
    "seed",
    "on_demand",
    "inference_api",
    "nan ",
    "None",
    *[key for key in Assumptions.model_fields if "_" in key],  # snake_case assumption keys
]
LAYERS = ["L1 Use case and quality bar", "L2 Data", "L3 Model strategy", "L4 Runtime", "L5 Evaluation", "L6 Operations"]


def flat(text: str) -> str:
    return " ".join(text.split())


def build(project, category: Category, name: str, description: str, **workload):
    """What a user does in the window: New scenario of a kind, then types the numbers in."""
    blank = scenarios.new_blank(project, category)
    data = blank.model_dump(mode="json")
    data["name"] = data["workload"]["name"] = name
    data["description"] = description
    for key, value in workload.items():
        if isinstance(value, dict) and isinstance(data["workload"].get(key), dict):
            data["workload"][key].update(value)
        else:
            data["workload"][key] = value
    data["candidates"].update(
        models=["Llama-3.1-8B-Instruct", "Qwen2.5-14B-Instruct"],
        hardware=["AWS g6e.4xlarge", "AWS g5.12xlarge", "AWS p5.4xlarge"],
    )
    data["candidates"]["hosted_apis"] = []
    return scenarios.save_scenario(project, type(blank).model_validate(data), old_name=blank.name)


CASES = {
    "agent": dict(
        category=Category.AGENT,
        name="Claims triage agent",
        description="Reads an insurance claim, checks the policy system and drafts a triage note for an adjuster.",
        workload=dict(
            traffic=dict(requests_per_s=0.8, peak_to_mean=2.5),
            tokens=dict(input_tokens=3000, output_tokens=350),
            sla=dict(e2e_p95_ms=60000, tpot_p95_ms=80),
            sensitivity="confidential",
            agent=dict(calls_per_task=4, tool_latency_ms=500),
        ),
        kind_figures=["Model calls per task", "Tool time per call"],
    ),
    "batch": dict(
        category=Category.BATCH,
        name="Nightly ticket summaries",
        description="Summarise every support ticket closed during the day before the 7 am stand-up.",
        workload=dict(
            traffic=dict(requests_per_s=2.0),
            tokens=dict(input_tokens=2500, output_tokens=200),
            sensitivity="internal",
            batch=dict(total_requests=40000, deadline_hours=8),
        ),
        kind_figures=["Requests in the batch 40,000", "Deadline 8 hours", "Cost per run", "hours a run"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_scratch_scenario_tells_its_own_story(tmp_path, case):
    spec = CASES[case]
    project = Project.open(tmp_path / "mine.archwise", create=True)
    try:
        scenario = build(project, spec["category"], spec["name"], spec["description"], **spec["workload"])
        path = export_decision_package(project, scenario, tmp_path / "package.pdf", date=dt.date(2026, 11, 30))
    finally:
        project.close()
    reader = PdfReader(path)
    text = flat("\n".join(p.extract_text() for p in reader.pages))
    for bad in FORBIDDEN:
        assert bad not in text, bad
    assert spec["name"] in text and spec["description"] in text
    for layer in LAYERS:
        assert layer in text, layer
    for fig in spec["kind_figures"]:
        assert fig in text, fig
    assert "8 Path to production" in text and "Prototype" in text and "Pilot" in text
    assert len(re.findall(r"Recommended: ", text)) == 1  # one recommendation
    assert "derived" in text
    created = reader.metadata["/CreationDate"]
    assert not created.startswith("D:2000")  # a real date, not reportlab's invariant one

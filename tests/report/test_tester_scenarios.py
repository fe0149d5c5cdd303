"""Decision packages for scenarios a tester built from blank ones (a RAG assistant over budget,
a nightly batch classification job, a claims agent): the PDF read back with pypdf must say
what the verdict says, carry the recommended option's own figures, formatted, and claim nothing
the user did not state."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from test_package_from_scratch import build, flat

from app.domain import Category
from app.services import scenarios
from app.services.reporting import export_decision_package, package_recommendation
from app.services.sizing import size_scenario
from app.store import Project

DAY = dt.date(2026, 11, 30)


def pages(path) -> list[str]:
    return [flat(p.extract_text()) for p in PdfReader(path).pages]


def with_candidates(project, scenario, models, hardware):
    data = scenario.model_dump(mode="json")
    data["candidates"].update(models=models, hardware=hardware, hosted_apis=[])
    return scenarios.save_scenario(project, type(scenario).model_validate(data), old_name=scenario.name)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = Project.open(tmp_path_factory.mktemp("tester") / "tester.archwise", create=True)
    yield p
    p.close()


@pytest.fixture(scope="module")
def ticket(project, tmp_path_factory):
    """Nightly ticket triage: 180,000 short classifications in 8 hours, two models, L4 or L40S."""
    s = build(
        project,
        Category.BATCH,
        "Nightly ticket triage",
        "Classify 180,000 support tickets overnight into 40 queues.",
        tokens=dict(input_tokens=1200, output_tokens=40),
        batch=dict(total_requests=180000, deadline_hours=8),
        budget_usd_per_month=4000,
    )
    s = with_candidates(
        project, s, ["Llama-3.1-8B-Instruct", "Llama-3.2-3B-Instruct"], ["AWS g6.xlarge", "AWS g6e.4xlarge"]
    )
    z = size_scenario(project, s)
    # The energy criterion (issue 18) at its default weight makes the matrix agree with the engine
    # here; weighted 0 the matrix scores as before and prefers the other option, which this test needs.
    weights = {"energy_per_mtok": 0.0}
    path = export_decision_package(
        project, s, tmp_path_factory.mktemp("ticket") / "ticket.pdf", sizing=z, weights=weights, date=DAY
    )
    rec, _, _ = package_recommendation(project, s, z, weights)
    return s, z, rec, pages(path)


def test_over_budget_title_page_names_the_budget_and_money_is_money(project, tmp_path):
    s = build(
        project,
        Category.RAG,
        "Field RAG copilot",
        "Repair answers from service manuals.",
        tokens=dict(input_tokens=6000, output_tokens=350),
        traffic=dict(requests_per_s=0.8, peak_to_mean=3.0),
        sla=dict(availability=0.9999, ttft_p95_ms=1500),
        budget_usd_per_month=1500,
    )
    z = size_scenario(project, s)
    assert not z.feasible and z.error_kind == "budget"  # options meet the SLA; the budget rules them out
    cheapest = next(b for b in z.binding_constraints if b.constraint == "budget").required
    text = pages(export_decision_package(project, s, tmp_path / "rag.pdf", sizing=z, date=DAY))
    title, summary = text[0], text[2]
    assert "no option in scope meets the SLA" not in title
    assert "none within the budget" in title and f"${cheapest:,.0f}" in title and "$1,500" in title
    assert "No option within budget" in summary
    row = summary.split("Binding constraints", 1)[1]
    assert f"Budget ${cheapest:,.0f} $1,500 per month" in row  # money as money, the unit whole
    assert f"{cheapest:,.1f}" not in row and "1,500.0" not in row and "USD/m" not in row


def test_batch_kind_figures_are_the_recommended_options(ticket):
    s, z, rec, text = ticket
    assert not rec.agrees and rec.option is not None  # the matrix's choice is not the engine's pick
    o, b = rec.option, s.workload.batch
    hours = b.total_requests / (o.requests_per_s_per_replica * o.replicas) / 3600  # hand calculation
    engine_hours = b.total_requests / (z.recommended.requests_per_s_per_replica * z.recommended.replicas) / 3600
    assert abs(hours - engine_hours) > 0.1  # the two options differ visibly
    needs = next(p for p in text if "What the batch job needs" in p).split("What the batch job needs", 1)[1]
    assert f"Completion time per run {hours:,.1f} h" in needs
    assert f"Cost ${o.cost_per_run_usd:,.0f} per run" in needs  # the note; the table shows $4.52 (work hours)
    assert f"{engine_hours:,.1f} h" not in needs and f"{engine_hours:.4g}" not in needs
    assert "Requests per run 180,000" in needs and "Rate the deadline needs 6.25 req/s" in needs
    assert o.label in needs and z.recommended.label not in needs  # the note names the recommended option
    summary = text[2]
    assert f"${o.cost_per_run_usd:,.0f} per run" in summary


def test_batch_package_claims_nothing_unstated(ticket):
    s, z, rec, text = ticket
    everything = " ".join(text)
    assert "Hosted APIs none listed" in everything and "all that apply" not in everything
    summary = text[2]
    assert summary.count("no target set") == 3 and "no target no" not in summary and "none no target" not in summary
    assert "1 weeks" not in everything and "1 week (assumption)" in everything
    proto = summary.split("Prototype:", 1)[1].split("Pilot:", 1)[0]
    assert "$1 in all" not in proto
    cost = proto.split("$", 1)[1].split(" ", 1)[0]
    assert float(cost) < 10 and len(cost.split(".")[1]) == 2  # cents below $10
    # A batch job has a job runner and a work queue, not a request gateway, and no retrieval.
    system_map = " ".join(p for p in text if "L4 Runtime" in p or "L3 Model strategy" in p)
    assert "Job runner" in system_map and "Work queue" in system_map
    assert "Gateway" not in system_map and "the gateway" not in system_map
    assert "shed with a clear message" not in everything
    assert "prompting and retrieval" not in everything
    assert "retrieval" not in everything.lower()  # not in the advice, nor in the engine's formulas
    assert "service is down until it restarts" not in everything and "Node lost mid-run" in everything


def test_agent_end_to_end_is_compared_per_task(project, tmp_path):
    s = build(
        project,
        Category.AGENT,
        "Claims triage agent",
        "Reads a claim, checks the policy system and drafts a triage note.",
        traffic=dict(requests_per_s=0.8, peak_to_mean=2.5),
        tokens=dict(input_tokens=3000, output_tokens=350),
        sla=dict(e2e_p95_ms=60000, tpot_p95_ms=80),
        agent=dict(calls_per_task=4, tool_latency_ms=500),
    )
    z = size_scenario(project, s)
    rec, _, _ = package_recommendation(project, s, z)
    o = rec.option
    task_ms = 4 * (o.e2e_p95_ms + 500)  # calls x (call p95 + tool time): the task the target is about
    text = pages(export_decision_package(project, s, tmp_path / "agent.pdf", sizing=z, date=DAY))
    summary = text[2]
    status = "met" if task_ms <= 60000 else "missed"
    assert f"p95 end-to-end per task {task_ms:,.0f} ms 60,000 ms {status}" in summary
    assert f"p95 per model call (4 a task) {o.e2e_p95_ms:,.0f} ms" in summary
    assert "p95 end-to-end latency" not in summary
    slo = " ".join(text).split("p95 end-to-end per task: SLO 60.0 s", 1)[1][:80]  # L6: the same comparison
    assert slo.startswith(f" (planned {task_ms / 1000:,.1f} s,"), slo

"""app.advice: the six layers and the path to production, derived from hand-built sizings."""

import math

import pytest
import selection_factories as f

from app.advice import derive_advice
from app.advice.basis import Basis
from app.advice.evaluation import golden_set_size
from app.advice.operations import capacity_after_loss, error_budget_minutes
from app.advice.path import pilot_replicas
from app.domain import Scenario, SystemMap


def test_older_scenario_files_still_read_their_free_text_system_map():
    sm = SystemMap.model_validate(
        dict(
            use_case="Answer questions",
            data_boundary="Stays on-prem",
            model_strategy="One 70B model",
            runtime_path="vLLM on Kubernetes",
            evaluation="200 questions",
            operations="Alerts on KV use",
            production_path="Pilot, then all",
            owner="Platform team",
        )
    )
    assert sm.use_case.notes == "Answer questions" and sm.data.boundary == "Stays on-prem"
    assert sm.model_strategy.notes == "One 70B model" and sm.runtime.notes == "vLLM on Kubernetes"
    assert sm.evaluation.notes == "200 questions" and sm.operations.notes == "Alerts on KV use"
    assert sm.operations.owner == "Platform team" and sm.production_path == "Pilot, then all"
    assert SystemMap.model_validate(sm.model_dump(mode="json")) == sm  # the new shape round-trips


def test_every_new_system_map_field_has_a_description_for_the_editor():
    def walk(model):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"
            ann = info.annotation
            if isinstance(ann, type) and hasattr(ann, "model_fields"):
                walk(ann)

    walk(SystemMap)


def test_hand_checked_rules():
    assert golden_set_size(0.05) == 400  # 1.96^2 x 0.25 / 0.05^2 = 384.2
    assert golden_set_size(0.03) == 1100  # 1,067.1
    assert error_budget_minutes(0.999) == pytest.approx(43.2)  # 0.001 x 43,200 min
    o = f.option("Llama-3-70B-Instruct", replicas=3)  # 6 req/s per replica at the SLA
    assert capacity_after_loss(o) == pytest.approx(12.0)


def _advice(**scenario_over):
    opt = f.option("Llama-3-70B-Instruct", replicas=3)
    opt.spare_replicas = 1  # 2 serving the peak + 1 spare, as the engine plans for the availability target
    scenario = f.scenario(**scenario_over)
    sizing = f.feasible_sizing([opt])
    catalog = f.catalog([f.model("Llama-3-70B-Instruct")])
    return scenario, sizing, catalog, derive_advice(scenario, sizing, catalog, opt)


def test_stated_words_are_kept_and_the_rest_is_derived():
    scenario, _, _, advice = _advice()
    assert [layer.key for layer in advice.layers] == ["L1", "L2", "L3", "L4", "L5", "L6"]
    entries = {(layer.key, e.label): e for layer in advice.layers for e in layer.entries}
    assert entries[("L2", "Data boundary")].text == "On-prem, confidential data never leaves the data centre"
    assert not entries[("L2", "Data boundary")].derived
    assert entries[("L6", "Owner")].text == "Platform team" and not entries[("L6", "Owner")].derived
    # confidential RAG: audit log, PII redaction, prompt-injection defences, derived
    for label in ("Audit log", "PII redaction", "Prompt injection", "Permissions"):
        assert entries[("L2", label)].derived, label
    assert "At least 1,100 cases" in entries[("L5", "Golden set")].text  # confidential: +/- 3 points
    assert all(layer.components for layer in advice.layers)


def test_slo_alerts_sit_between_the_operating_point_and_the_sla():
    _, _, _, advice = _advice()
    slo = next(e.text for layer in advice.layers for e in layer.entries if e.label == "SLOs and alerts")
    # TTFT planned 300 ms, SLA 500 ms: warn at the midpoint 400 ms, page at 500 ms
    assert "SLO 500 ms (planned 300 ms); warn above 400 ms over 10 minutes, page above 500 ms" in slo
    # TPOT planned 30 ms, SLA 60 ms: warn at 45 ms
    assert "warn above 45.0 ms" in slo
    assert "error budget of 43 minutes a month" in slo


def test_a_replica_lost_at_peak_is_judged_against_the_peak():
    _, _, _, advice = _advice()
    runbook = next(e.text for layer in advice.layers for e in layer.entries if e.label == "Runbook")
    # peak 16.7 x 4 = 66.8 req/s; two replicas left serve 12 req/s: 82 % short
    assert "serve 12.00 req/s against a peak of 66.80 req/s, 82 % short" in runbook


def test_pilot_replicas_follow_the_stated_share():
    scenario, sizing, catalog, advice = _advice(system_map=dict(pilot_traffic_share=0.05))
    b = Basis(scenario=scenario, sizing=sizing, catalog=catalog, option=sizing.options[0], hosted=None)
    # 5 % of 66.8 req/s x 1.2 headroom / (0.7 x 6 req/s) = 0.95 -> 1, plus the option's 1 spare = 2
    assert pilot_replicas(b, sizing.options[0]) == 2 == math.ceil(0.05 * 66.8 * 1.2 / 4.2) + 1
    assert [s.name for s in advice.stages] == ["Prototype", "Pilot", "Production"]
    assert advice.stages[1].traffic.startswith("5 % of production traffic")
    assert advice.stages[2].cost_usd == pytest.approx(50000) and advice.stages[2].cost_period == "a month"
    assert all(s.exit_criteria for s in advice.stages)


def test_nothing_feasible_gives_no_path_but_all_six_layers():
    scenario = f.scenario("Llama 70B on a Raspberry Pi")
    advice = derive_advice(scenario, f.infeasible_sizing(), f.catalog([f.model("Llama-3-70B-Instruct")]))
    assert len(advice.layers) == 6 and advice.stages == []
    assert isinstance(scenario, Scenario)


def test_an_agent_gets_tool_permissions_and_weights_provenance_names_the_repository():
    agent = f.workload(category="agent", agent=dict(calls_per_task=6)).model_dump(mode="json")
    scenario, sizing, catalog, _ = _advice()
    scenario = f.scenario(workload=agent)
    catalog = f.catalog([f.model("Llama-3-70B-Instruct")])
    model = catalog.models[0].model_copy(
        update={"source": "https://huggingface.co/meta-llama/Meta-Llama-3-70B/blob/main/config.json (copy)"}
    )
    catalog = catalog.merged_with(models=[model])
    advice = derive_advice(scenario, sizing, catalog, sizing.options[0])
    entries = {e.label: e.text for layer in advice.layers for e in layer.entries}
    assert "6 calls per task" in entries["Tool permissions"] and "approval" in entries["Tool permissions"]
    assert "from https://huggingface.co/meta-llama/Meta-Llama-3-70B;" in entries["Model provenance"]


def test_assumptions_say_who_set_them():
    from app.report.sources import assumption_rows

    rows = assumption_rows(f.scenario(assumptions=dict(headroom=0.5)))
    by_label = {r[0]: r for r in rows[1:]}
    assert by_label["Headroom over the peak"][1:] == ["50 %", "the scenario"]
    assert by_label["Redundant replicas (N+k)"][2] == "Archwise default"
    assert by_label["Cloud pricing"][1] == "on-demand"


def test_a_batch_job_runs_a_sample_a_share_and_then_each_run():
    batch = f.workload(
        category="batch",
        traffic=dict(requests_per_s=2.0, pattern="batch"),
        batch=dict(total_requests=43200, deadline_hours=8),
    ).model_dump(mode="json")
    opt = f.option("Llama-3-70B-Instruct", replicas=2)  # 6 req/s per replica
    scenario = f.scenario(workload=batch)
    sizing = f.feasible_sizing([opt])
    catalog = f.catalog([f.model("Llama-3-70B-Instruct")])
    proto, pilot, prod = derive_advice(scenario, sizing, catalog, opt).stages
    # 1 % of 43,200 = 432 requests on one replica at 6 req/s: 0.02 hours
    assert proto.traffic.startswith("A sample of 432 requests (1 minute on one replica)")
    # all 43,200 on 2 replicas at 6 req/s: 43,200 / 43,200 = 1.0 hour a run
    assert prod.duration == "1.0 hours a run" and prod.cost_period == "per run"
    assert pilot.traffic.startswith("One run over 10 % of the requests (4,320)")


def test_unset_assumptions_say_what_decides_them():
    from app.report.sources import assumption_rows

    rows = {r[0]: r[1] for r in assumption_rows(f.scenario())[1:]}
    assert rows["Redundant replicas (N+k)"] == "as many as the availability target needs"
    assert rows["GPU memory the runtime may use"] == "the runtime's default"


def test_a_hosted_api_recommendation_gets_a_managed_runtime_and_a_token_priced_path():
    from app.domain import HostedOption

    api = HostedOption(
        name="Example API 70B",
        provider="Example",
        model="llama-3-70b",
        cost_per_month_usd=30000,
        cost_per_million_tokens_usd=0.7,
        cost_per_request_usd=0.001,
        allowed=True,
    )
    scenario = f.scenario(workload=f.workload(sensitivity="internal").model_dump(mode="json"))
    sizing = f.feasible_sizing([f.option("Llama-3-70B-Instruct")], [api])
    advice = derive_advice(scenario, sizing, f.catalog([f.model("Llama-3-70B-Instruct")]), hosted=api)
    entries = {e.label: e.text for layer in advice.layers for e in layer.entries}
    assert entries["Hosting"].startswith("The managed API Example API 70B")
    assert [s.name for s in advice.stages] == ["Prototype", "Pilot", "Production"]
    assert advice.stages[1].cost_usd == pytest.approx(3000)  # 10 % of the tokens of $30,000 a month
    assert advice.option_label == "Example API 70B (hosted API)"

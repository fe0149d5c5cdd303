"""Chart series say what they are (role), so the screen and the PDF never match display names."""

from __future__ import annotations

from app.domain import Scenario, Series, parse
from app.engine import size
from app.engine.cost import OfferedLoad
from app.engine.size import traffic


def chat() -> Scenario:
    return parse(
        Scenario,
        {
            "name": "roles",
            "workload": {
                "name": "chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 2.0, "peak_to_mean": 2.0},
                "tokens": {"input_tokens": 500, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 1000},
            },
            "candidates": {"models": ["Test Llama-3-8B"], "hardware": ["AWS g6e.4xlarge", "AWS p5.48xlarge"]},
        },
    )


def test_engine_charts_set_each_series_role(catalog):
    charts = {c.key: c for c in size(chat(), catalog).charts}
    cost = charts["cost_vs_latency"].series
    assert [s.name for s in cost if s.role == "pareto"] == ["Pareto front"]
    assert all(s.role == "option" for s in cost if s.option_index is not None)
    assert all(s.role == "component" for s in charts["memory"].series)
    assert all(s.role == "option" and s.option_index is not None for s in charts["replicas_vs_traffic"].series)


def test_series_saved_without_a_role_get_the_one_their_name_meant():
    assert Series.model_validate({"name": "Pareto front", "x": [], "y": []}).role == "pareto"
    assert Series.model_validate({"name": "Other feasible candidates", "x": [], "y": []}).role == "other_feasible"
    assert Series.model_validate({"name": "A · TPOT", "x": [], "y": [], "option_index": 0}).role == "option"
    assert Series.model_validate({"name": "Weights", "x": [], "y": []}).role == "component"


def test_offered_load_of_a_serving_scenario():
    # 2 req/s mean x peak_to_mean 2 = 4 req/s peak; a month of serving, the assumptions' spares
    assert traffic(chat()) == OfferedLoad(2.0, 4.0, None, None)
    assert traffic(chat()).scaled(3) == OfferedLoad(6.0, 12.0, None, None)

"""A cascade's failure case counts the users' requests lost once (tcli3 finding 2).

Hand calculation: "Triage" takes 20 req/s flat through a cascade 8B (answers 0.6) -> 70B (0.3) ->
hosted (0.1) on one 8-GPU node. The node lost for 4 h stops both served stages: the users' requests
in that time are 20 x 4 x 3600 = 288,000. The 70B stage's 8 req/s x 4 h = 115,200 lost
escalations are some of those same requests; the old sum said 403,200 lost, more than arrived."""

from __future__ import annotations

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio

CASCADE = [
    {"model": "Llama-3.1-8B-Instruct", "answers": 0.6},
    {"model": "Llama-3.1-70B-Instruct", "answers": 0.3},
    {"hosted": "OpenAI GPT-4o", "answers": 0.1},
]


def _triage() -> dict:  # type: ignore[type-arg]
    return {
        "name": "Triage",
        "workload": {
            "name": "Triage",
            "category": "inference_api",
            "traffic": {"requests_per_s": 20, "peak_to_mean": 1, "pattern": "steady"},
            "tokens": {"input_tokens": 800, "output_tokens": 150},
            "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60, "availability": 0.99},
        },
        "candidates": {"precisions": ["fp8"]},
        "profile": {"pattern": "flat"},
        "routing": {"cascade": CASCADE},
    }


def test_the_node_lost_under_a_cascade_loses_each_user_request_once(catalog: Catalog):
    fp = plan(portfolio([_triage()], [{"name": "Lam", "instance": EIGHT_GPU, "nodes": 1}]), catalog)
    case = fp.failures[0]
    assert case.hours_out == 4
    details = {i.unit: i.detail for i in case.impacts}
    assert any("288,000 requests lost" in d for d in details.values())  # the 8B stage: every user
    assert any("115,200 requests lost" in d for d in details.values())  # the 70B stage: escalations
    assert case.lost_requests == pytest.approx(20 * 4 * 3600)  # 288,000, not 403,200
    assert "288,000 requests lost" in case.extra_cost_line

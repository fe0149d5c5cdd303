"""`size` on a user's own scenario file: the availability arithmetic and the budget verdict in
the JSON and in the terminal."""

from __future__ import annotations

import json

import pytest
import yaml

from app.cli import main

SCENARIO = {
    "name": "Contract summariser API",
    "workload": {
        "name": "Contract summaries",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.5, "peak_to_mean": 2},
        "tokens": {"input_tokens": 3000, "output_tokens": 400},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80, "availability": 0.99999},
    },
    "candidates": {"models": ["Qwen2.5-7B-Instruct"], "hardware": ["RunPod 1x L40S"], "precisions": ["fp8"]},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    return str(path)


def size_json(capsys, project, tmp_path, data) -> dict:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data))
    capsys.readouterr()
    assert main(["size", str(path), "--json", "--project", project]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_carries_the_availability_plan_and_its_arithmetic(capsys, project, tmp_path):
    out = size_json(capsys, project, tmp_path, SCENARIO)
    o = out["recommended"]
    assert out["feasible"] and out["error_kind"] is None
    assert o["zones"] >= 2 and o["spare_replicas"] >= 1 and o["availability"] >= 0.99999
    e = next(e for e in o["explanations"] if e["quantity"].startswith("Availability"))
    assert e["inputs"]["target"] == "99.9990%" and e["inputs"]["zones D"] == o["zones"]
    assert "Llama 3" in e["source"]
    assert any("Llama 3 Herd" in s for s in out["sources"])


def test_budget_only_verdict_in_json_and_terminal(capsys, project, tmp_path):
    data = json.loads(json.dumps(SCENARIO))
    data["workload"]["budget_usd_per_month"] = 50
    out = size_json(capsys, project, tmp_path, data)
    assert not out["feasible"] and out["error_kind"] == "budget"
    assert out["error"].startswith("No option within budget: cheapest feasible is $")
    assert out["error"].endswith("/month against $50")
    assert [b["constraint"] for b in out["binding_constraints"]] == ["budget"]
    path = tmp_path / "scenario.yaml"
    assert main(["size", str(path), "--project", project]) == 0
    text = capsys.readouterr().out
    assert "Verdict: No option within budget" in text and "Hardware constraints" not in text

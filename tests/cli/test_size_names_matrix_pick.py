"""`size` names the selection matrix's pick beside the engine's cheapest design when they differ,
and says which one its deployment comparison prices (tcli5 N6: `size` recommended Llama-3.1-8B on
AWS g6e.xlarge while `report` recommended Qwen2.5-32B on Qubrid, and neither said so)."""

from __future__ import annotations

import yaml

from app.cli import main

SCENARIO = {
    "name": "Ministry translation service",
    "workload": {
        "name": "Citizen letters translation (EU)",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.2, "peak_to_mean": 2.5, "pattern": "diurnal", "peak_hours_per_day": 9},
        "tokens": {"input_tokens": 1200, "output_tokens": 1300},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 60, "availability": 0.999},
        "sensitivity": "confidential",
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct", "Llama-3.1-8B-Instruct"],
        "hardware": ["AWS g6e.xlarge (eu-central-1)", "Qubrid 8x H100 80GB bare metal"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
}


def test_size_prints_the_matrix_pick_and_what_its_table_prices(tmp_path, capsys):
    path = tmp_path / "translate.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    project = str(tmp_path / "p.archwise")
    assert main(["size", str(path), "--project", project]) == 0
    out = capsys.readouterr().out
    verdict = next(line for line in out.splitlines() if line.startswith("Verdict: feasible. Recommended: "))
    assert "Llama-3.1-8B-Instruct · AWS g6e.xlarge (eu-central-1)" in verdict  # the engine's cheapest
    pick = next(line for line in out.splitlines() if line.startswith("  matrix pick: "))
    assert pick.startswith("  matrix pick: Qwen2.5-32B-Instruct · ")
    said = "the one `report` recommends and prices in its deployment comparison, Qwen2.5-32B-Instruct's options only"
    assert said in pick
    assert (
        "  this output's deployment comparison prices the cheapest option of each deployment model among all "
        "feasible options, led by the engine's cheapest design (Llama-3.1-8B-Instruct · AWS g6e.xlarge"
    ) in out

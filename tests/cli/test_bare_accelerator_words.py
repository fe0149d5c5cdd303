"""A bare-accelerator candidate (no instance, no price) is not planned: the verdict says its replicas
are n/a, as the options table does, counts devices (not "1 GPU" for a CPU socket), says why it is not
priced (no price, not "no operating point"), and its flag says the costs show as n/a, as they do
(tcli5 N17: "1 replica(s) (1 GPU in all) ... not priced (no operating point)" and "costs show as 0")."""

from __future__ import annotations

import json

import pytest
import yaml

from app.cli import main

SCENARIO = {
    "name": "Branch-office classifier on a CPU server",
    "workload": {
        "name": "Ticket triage on CPU",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.05, "peak_to_mean": 2, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 400, "output_tokens": 20},
        "sla": {"ttft_p95_ms": 5000, "tpot_p95_ms": 200},
        "sensitivity": "confidential",
    },
    "candidates": {
        "models": ["Llama-3.2-1B-Instruct"],
        "hardware": ["Intel Xeon Platinum 8480+"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 1, "grid_gco2e_per_kwh": 250},
}


@pytest.fixture
def files(tmp_path):
    path = tmp_path / "xeon.yaml"
    path.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    return str(path), str(tmp_path / "p.archwise")


def test_verdict_and_flag_say_n_a_and_devices(files, capsys):
    path, project = files
    assert main(["size", path, "--project", project]) == 0
    verdict = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Verdict:"))
    assert "replicas n/a (1 device a replica)" in verdict
    assert "not priced (no price: a bare accelerator)" in verdict
    assert "replica(s)" not in verdict and "GPU" not in verdict and "no operating point" not in verdict

    assert main(["size", path, "--json", "--project", project]) == 0
    rec = json.loads(capsys.readouterr().out)["recommended"]
    assert rec["replicas"] is None and rec["cost_per_month_usd"] is None and rec["tokens_per_s"] > 0
    flag = next(f for f in rec["flags"] if f.startswith("no price:"))
    assert "show as n/a" in flag and "as 0" not in flag

"""`size --json` flags each option whose energy figures are incomplete and names the missing figure;
the deployment table says "incomplete" instead of a number that leaves the host out (issue 18).

The catalog: AWS g6e.4xlarge has the L40S TDP but no host power; GCP TPU v6e-1 has no TDP and no
node power; RunPod 1x H100 SXM has both."""

from __future__ import annotations

import json

import yaml

from app.__main__ import main

SCENARIO = {
    "name": "energy gaps",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["AWS g6e.4xlarge", "RunPod 1x H100 SXM", "GCP TPU v6e-1"],
    },
}


def _size(tmp_path, capsys, *extra: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    capsys.readouterr()
    assert main(["size", str(path), *extra, "--project", str(tmp_path / "p.sqlite")]) == 0
    return capsys.readouterr().out


def test_json_flags_each_option_with_missing_energy_figures(tmp_path, capsys):
    data = json.loads(_size(tmp_path, capsys, "--json"))
    by_hw = {}
    for o in data["options"]:
        by_hw.setdefault(o["hardware"], o)
    g6e, tpu, h100 = by_hw["AWS g6e.4xlarge"], by_hw["GCP TPU v6e-1"], by_hw["RunPod 1x H100 SXM"]
    assert g6e["energy_incomplete"] is True
    assert g6e["energy_missing"] == ["host power of AWS g6e.4xlarge"]
    assert g6e["energy_wh_per_million_tokens"] is not None  # the accelerators' part, flagged
    assert tpu["energy_incomplete"] is True and tpu["energy_wh_per_million_tokens"] is None
    assert tpu["energy_missing"] == ["accelerator TDP of Google TPU v6e (and no node power for GCP TPU v6e-1)"]
    assert h100["energy_incomplete"] is False and h100["energy_missing"] == []
    rows = data["deployments"]["rows"]
    assert all(r["energy_incomplete"] == bool(r["energy_missing"]) for r in rows)


def test_text_comparison_names_the_missing_figure(tmp_path, capsys):
    out = _size(tmp_path, capsys)
    assert "energy incomplete, no accelerator TDP of Google TPU v6e" in out

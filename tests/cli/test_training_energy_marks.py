"""A training run's energy carries the marks serving rows carry (tcli6 N30): "<= x (host max)" when the node's
host is counted at its catalogued maximum every hour, ">= x (no host)" when the host's power is unknown, in
`size --json` (`energy_bound`) and the CLI's training table.

LoRA r=16 of Llama-3.1-8B, 2e8 tokens x 2 epochs: 4 x 8.03e9 x 4e8 / (989.4e12 x 0.5) = 7.214 GPU-h. By hand
(PUE 1.4, every training GPU at TDP the whole run):
    Lambda 8x H100 SXM (host 4,600 W, the DGX maximum): 8 GPUs x 0.9018 h, (8 x 700 + 4,600) W x 1.4 x 0.9018 h
        = 12.88 kWh a run, one run a month: "<= 12.9 (host max)";
    AWS g6e.12xlarge (4 L40S, no host figure): 4 x 350 W x 1.4 x 5.476 h = 10.73 kWh: ">= 10.7 (no host)"."""

from __future__ import annotations

import json

import pytest
import yaml

from app.__main__ import main

LORA = {
    "name": "Monthly LoRA",
    "workload": {
        "name": "Support LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 8x H100 SXM", "AWS g6e.12xlarge"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 1, "pue": 1.4},
}
HOURS_8 = 4 * 8.03e9 * 4e8 / (989.4e12 * 0.5) / 3600 / 8


def _size(tmp_path, capsys, *extra: str) -> str:
    path = tmp_path / "lora.yaml"
    path.write_text(yaml.safe_dump(LORA), encoding="utf-8")
    capsys.readouterr()
    assert main(["size", str(path), "--project", str(tmp_path / "p.sqlite"), *extra]) == 0
    return capsys.readouterr().out


def test_training_energy_bounds_in_json(tmp_path, capsys):
    data = json.loads(_size(tmp_path, capsys, "--json"))
    lam = next(o for o in data["options"] if o["hardware"] == "Lambda 8x H100 SXM" and o["train_gpus"] == 8)
    g6e = next(o for o in data["options"] if o["hardware"] == "AWS g6e.12xlarge")
    assert lam["energy_kwh_per_month"] == pytest.approx((8 * 700 + 4600) * 1.4 * HOURS_8 / 1000, rel=0.01)
    assert lam["energy_bound"] == "upper"
    assert "host at its catalogued maximum" in lam["energy_bound_reason"]
    assert g6e["energy_bound"] == "lower"
    assert "host power not included" in g6e["energy_bound_reason"]


def test_training_table_marks_the_bounds(tmp_path, capsys):
    lines = _size(tmp_path, capsys).splitlines()
    lam = next(x for x in lines if x[:1].isdigit() and "Lambda 8x H100 SXM" in x)
    g6e = next(x for x in lines if x[:1].isdigit() and "AWS g6e.12xlarge" in x)
    assert "<= 12.9 (host max)" in lam
    assert ">= 10.7 (no host)" in g6e

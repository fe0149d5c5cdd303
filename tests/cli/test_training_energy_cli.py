"""The CLI's faces of issue 18's energy items: a training run's table has a kWh/month column (tcli5
N23: the options' energy was null with no reason), and `estimate` at an offered rate prints the p95
TTFT that `size` judges beside the mean. By hand (tests/engine/deployment/test_training_run_energy.py):
LoRA of Llama-3.1-8B on one H100 (RunPod), 10.82 h at (700 + 575) W x 1.4 = 19.3 kWh, one run a month."""

from __future__ import annotations

import csv
import io

import yaml

from app.__main__ import main

LORA = {
    "name": "Retail support LoRA",
    "workload": {
        "name": "Support tone LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "fine_tuning": {"method": "lora", "dataset_tokens": 3.0e8, "epochs": 2, "lora_rank": 16},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["RunPod 1x H100 SXM"], "precisions": ["bf16"]},
    "assumptions": {"horizon_years": 1},
}


def test_training_table_shows_kwh_a_month(tmp_path, capsys):
    path = tmp_path / "lora.yaml"
    path.write_text(yaml.safe_dump(LORA), encoding="utf-8")
    capsys.readouterr()
    assert main(["size", str(path), "--project", str(tmp_path / "p.sqlite")]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(x for x in lines if x.startswith("#") and "GPU-hours" in x)
    assert "kWh/month" in header.split()
    row = next(x for x in lines if x.startswith("1 ") and "RunPod 1x H100 SXM" in x)
    assert "<= 19.3 (host max)" in row  # RunPod host at the DGX maximum scaled: an upper bound (tcli6 N30)


def test_estimate_prints_the_p95_ttft_and_the_mean(tmp_path, capsys):
    args = ["estimate", "--model", "Llama-3.1-8B-Instruct", "--hardware", "RunPod 1x H100 SXM", "--gpus", "1"]
    args += ["--precision", "bf16", "--input-tokens", "2000", "--output-tokens", "300", "--rate", "5"]
    capsys.readouterr()
    assert main([*args, "--project", str(tmp_path / "p.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "TTFT p95 " in out and "; mean " in out
    assert "TPOT p95 " in out


def test_estimate_csv_has_the_p95_columns(tmp_path, capsys):
    src = tmp_path / "whatif.csv"
    src.write_text(
        "model,hardware,gpus,tp,precision,input_tokens,output_tokens,concurrency,rate\n"
        "Llama-3.1-8B-Instruct,RunPod 1x H100 SXM,1,1,bf16,2000,300,,5\n"
        "Llama-3.1-8B-Instruct,RunPod 1x H100 SXM,1,1,bf16,2000,300,16,\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["estimate", "--from", str(src), "--project", str(tmp_path / "p.sqlite")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert float(rows[0]["ttft_p95_ms"]) > float(rows[0]["ttft_ms"])  # a rate: the p95 and the mean
    assert rows[1]["ttft_p95_ms"] == "" and rows[1]["tpot_p95_ms"] == ""  # a concurrency: no queue

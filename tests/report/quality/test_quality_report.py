"""The decision package says which benchmark stands for quality, where each score comes from,
what a missing score could change, and draws quality per dollar (issue 20); read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader

from app.cli import main
from app.services.quality import import_evaluations
from app.store import Project

DATA = Path(__file__).resolve().parents[2] / "data" / "evals"
SCENARIO = {
    "name": "Quality per dollar",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.0, "peak_to_mean": 2.0},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": ["Llama-3-8B-Instruct", "Llama-3.1-8B-Instruct", "Qwen2.5-7B-Instruct", "Mixtral-8x7B-Instruct-v0.1"],
        "hardware": ["AWS p5.48xlarge", "AWS g6e.12xlarge"],
        "precisions": ["bf16", "fp8"],
        "runtimes": ["vLLM"],
    },
}


def _text(pdf: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(str(pdf)).pages)


def test_report_names_the_chosen_own_benchmark_its_provenance_and_the_charts(tmp_path, capsys):
    project = tmp_path / "r.archwise"
    p = Project.open(project, create=True)
    import_evaluations(p, [DATA / "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json"])
    p.close()
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    pdf = tmp_path / "own.pdf"
    bench = "Own: gsm8k_cot_llama, exact_match/strict-match"
    args = ["report", str(scenario), "-o", str(pdf), "--project", str(project), "--date", "2026-11-30"]
    assert main([*args, "--quality", bench]) == 0
    text = " ".join(_text(pdf).split())
    assert f"Quality in this decision stands for {bench}: the team's own evaluation" in text
    assert "chosen for this decision" in text
    assert "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json" in text.replace(" ", "")  # wrapped in a cell
    assert "n = 1,319" in text and "stderr ± 1.15 pts" in text
    assert "Quality vs cost per 1M tokens" in text and "Quality vs p95 time to first token" in text
    assert "Pareto front" in text
    assert "Missing scores" in text and "have no score on the quality benchmark" in text
    capsys.readouterr()
    assert main([*args, "--quality", "Own: nothing, here"]) == 2
    assert "no candidate model has a score on 'Own: nothing, here'" in capsys.readouterr().err


def test_default_benchmark_is_said_to_be_the_default_and_fp8_rows_are_flagged(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    pdf = tmp_path / "default.pdf"
    args = ["report", str(scenario), "-o", str(pdf), "--project", str(tmp_path / "d.archwise"), "--date", "2026-11-30"]
    assert main(args) == 0
    text = " ".join(_text(pdf).split())
    assert "the benchmark most candidate models report (no other was chosen)" in text
    assert "quality measured at BF16; served FP8" in text or "FP8 checkpoint's own score" in text

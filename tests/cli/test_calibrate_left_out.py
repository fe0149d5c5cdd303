"""`archwise calibrate` with a file whose figure is impossible (negative, huge, NaN latency): the note goes
to stderr, a dry fit still runs, and --apply refuses (one line, exit 2, nothing written) unless
--allow-partial is given."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.services import measurements as ms
from app.store import Project

# The CLI reviewer's bad/c01..c03 files: a vllm bench serve JSON of Llama-3.1-8B bf16 on one L40S, c=16,
# with one figure made impossible.
BASE = {
    "date": "20261125-101500",
    "backend": "vllm",
    "model_id": "meta-llama/Llama-3.1-8B-Instruct",
    "tokenizer_id": "meta-llama/Llama-3.1-8B-Instruct",
    "num_prompts": 400,
    "request_rate": "inf",
    "burstiness": 1.0,
    "max_concurrency": 16,
    "duration": 241.6918429003021,
    "completed": 400,
    "total_input_tokens": 400000,
    "total_output_tokens": 80000,
    "request_throughput": 1.655,
    "output_throughput": 331.0,
    "total_token_throughput": 1986.0,
    "mean_ttft_ms": 165.1,
    "median_ttft_ms": 160.147,
    "p99_ttft_ms": 297.18,
    "mean_tpot_ms": 47.7,
    "median_tpot_ms": 47.7,
    "p99_tpot_ms": 57.24,
    "mean_itl_ms": 47.7,
    "gpu": "NVIDIA L40S",
    "tensor_parallel_size": 1,
    "precision": "bf16",
}
BAD = [
    ("c01_neg_tpot.json", "mean_tpot_ms", -5),
    ("c02_huge_tpot.json", "mean_tpot_ms", 1e300),
    ("c03_nan_ttft.json", "mean_ttft_ms", float("nan")),
]


def _write(tmp_path, name, key, value):
    path = tmp_path / name
    path.write_text(json.dumps({**BASE, key: value}), encoding="utf-8")  # NaN written as the bare NaN token
    return path


@pytest.mark.parametrize(("name", "key", "value"), BAD)
def test_apply_refuses_a_file_with_a_left_out_figure(tmp_path, capsys, name, key, value):
    path = _write(tmp_path, name, key, value)
    project = tmp_path / "p.archwise"
    assert main(["calibrate", str(path), "--apply", "--project", str(project)]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    err = cap.err.strip()
    assert "\n" not in err and err.startswith(f"archwise: not applied: {name}: row 1: {key}")
    assert "--allow-partial" in err
    if project.exists():
        with Project.open(project) as p:
            assert ms.applied(p) == [] and ms.runs(p) == []


@pytest.mark.parametrize(("name", "key", "value"), BAD)
def test_dry_fit_notes_the_left_out_figure_on_stderr(tmp_path, capsys, name, key, value):
    path = _write(tmp_path, name, key, value)
    assert main(["calibrate", str(path), "--project", str(tmp_path / "p.archwise")]) == 0
    cap = capsys.readouterr()
    assert "not used" not in cap.out and "not applied (add --apply" in cap.out
    assert f"not used: {name}: row 1: {key}" in cap.err


def test_allow_partial_applies_the_rest(tmp_path, capsys):
    path = _write(tmp_path, *BAD[0])
    project = tmp_path / "p.archwise"
    args = ["calibrate", str(path), "--apply", "--allow-partial", "--project", str(project)]
    assert main(args) == 0
    assert "not used: c01_neg_tpot.json" in capsys.readouterr().err
    with Project.open(project) as p:
        assert len(ms.runs(p)) == 1

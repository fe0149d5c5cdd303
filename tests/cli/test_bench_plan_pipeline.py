"""A TP4 x PP2 configuration: the benchmark plan says how to start the server with both (vLLM's
--pipeline-parallel-size 2, trtllm-bench's --pp 2), not tensor parallel 4 alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "catalog" / "examples" / "llama3-70b-on-8x-a100.yaml"


@pytest.mark.parametrize(
    ("runtime", "expected"),
    [
        ("vLLM", "--tensor-parallel-size 4 --pipeline-parallel-size 2"),
        ("SGLang", "--tp-size 4 --pp-size 2"),
        ("TensorRT-LLM", "trtllm-serve MODEL --tp_size 4 --pp_size 2"),
    ],
)
def test_tp4_pp2_plan_names_the_pipeline(tmp_path, capsys, runtime, expected):
    out = tmp_path / "plan.sh"
    args = ["bench-plan", str(EXAMPLE), "--model", "Llama-3-70B-Instruct", "--accelerator", "A100-80GB-SXM"]
    args += ["--gpus", "8", "--tp", "4", "--precision", "bf16", "--runtime", runtime, "-o", str(out)]
    assert main([*args, "--project", str(tmp_path / "p.archwise")]) == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "tensor parallel 4 x pipeline parallel 2" in text and expected in text
    if runtime == "vLLM":
        assert "pipeline_parallel_size=2" in text  # kept in the result file's metadata
    if runtime == "TensorRT-LLM":
        assert text.count("--tp 4 --pp 2 --concurrency") >= 1


def test_tp8_plan_has_no_pipeline(tmp_path, capsys):
    out = tmp_path / "plan.sh"
    args = ["bench-plan", str(EXAMPLE), "--model", "Llama-3-70B-Instruct", "--accelerator", "A100-80GB-SXM"]
    args += ["--gpus", "8", "--precision", "bf16", "-o", str(out), "--project", str(tmp_path / "p.archwise")]
    assert main(args) == 0, capsys.readouterr().err
    assert "pipeline" not in out.read_text(encoding="utf-8")

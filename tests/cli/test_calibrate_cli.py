"""`archwise calibrate`: a file without the context names the missing fields and their flags
(exit 2, nothing written); with them it fits, and --apply keeps the fit in the project."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main
from app.services import measurements as ms
from app.store import Project

DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


def test_missing_context_is_one_line_naming_flags(tmp_path, capsys):
    project = tmp_path / "p.archwise"
    code = main(["calibrate", str(DATA / "vllm_bench_serve_l40s_llama3b_10qps.json"), "--project", str(project)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0
    assert "lacks gpus, precision (give --gpus, --precision)" in err


def test_bad_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "x.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    assert main(["calibrate", str(bad), "--project", str(tmp_path / "p.archwise")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("archwise: x.csv: not a result file") and "\n" not in err


def test_fit_then_apply_then_revert(tmp_path, capsys):
    project = tmp_path / "p.archwise"
    args = ["calibrate", str(DATA / "plain.csv"), "--project", str(project), "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applied"] is False and out["calibrations"][0]["profile"] == "nvidia-ada/vLLM/bf16"
    cal = out["calibrations"][0]
    assert cal["residual_after"] < cal["residual_before"]
    assert cal["first_run_date"] == cal["last_run_date"] == "2025-05-30"  # plain.csv's date column
    assert cal["files"] == ["plain.csv"] and cal["run_ids"] == ["plain.csv#1", "plain.csv#2"]
    with Project.open(project) as p:
        assert ms.applied(p) == []  # a fit without --apply writes nothing
    assert main([*args, "--apply"]) == 0
    capsys.readouterr()
    with Project.open(project) as p:
        assert [c.profile for c in ms.applied(p)] == ["nvidia-ada/vLLM/bf16"]
        assert len(ms.runs(p)) == 2
    assert main(["calibrate", "--revert", "nvidia-ada/vLLM/bf16", "--project", str(project)]) == 0
    assert "the catalog's profile is back" in capsys.readouterr().out
    with Project.open(project) as p:
        assert ms.applied(p) == []


def test_bench_plan_writes_a_script(tmp_path, capsys):
    out = tmp_path / "plan.sh"
    example = Path(__file__).resolve().parents[2] / "catalog" / "examples" / "llama3-70b-on-8x-a100.yaml"
    assert main(["bench-plan", str(example), "-o", str(out), "--project", str(tmp_path / "p.archwise")]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh") and "genai-perf profile" in text
    # the example recommends TensorRT-LLM: its own client, not vLLM's
    assert "trtllm-bench --model Llama-3-70B-Instruct" in text and "vllm bench serve" not in text
    assert "archwise calibrate" in text
    assert (
        main(["bench-plan", str(example), "--model", "Llama-3-70B-Instruct", "--project", str(tmp_path / "p.archwise")])
        == 2
    )
    assert "needs --accelerator, --gpus, --precision too" in capsys.readouterr().err


def test_impossible_value_exits_2_and_keeps_nothing(tmp_path, capsys):
    """A TPOT of -36 ms used to be dropped silently and the run fitted without it; now it is said,
    and a file whose every figure is bad is refused whole."""
    bad = tmp_path / "c_neg.json"
    data = json.loads((DATA / "vllm_l40s_llama8b_c4.json").read_text())
    bad.write_text(json.dumps({**data, "mean_tpot_ms": -36, "mean_ttft_ms": 0, "output_throughput": -1}), "utf-8")
    project = tmp_path / "p.archwise"
    assert main(["calibrate", str(bad), "--apply", "--project", str(project)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("output_throughput -1 must be > 0 (no usable figure)") and "\n" not in err
    assert "c_neg.json: row 1: mean_ttft_ms 0 must be > 0; mean_tpot_ms -36 must be > 0;" in err
    if project.exists():
        p = Project.open(project)
        assert ms.runs(p) == []
        p.close()


def test_summary_gives_each_figure_before_and_after(tmp_path, capsys):
    files = [str(DATA / "vllm_l40s_llama8b_c4.json"), str(DATA / "vllm_l40s_llama8b_c16.json")]
    assert main(["calibrate", *files, "--project", str(tmp_path / "p.archwise")]) == 0
    out = capsys.readouterr().out
    assert "TTFT 16 % -> " in out and "TPOT 16 % -> " in out and "Output throughput 18 % -> " in out


def test_revert_class_runtime_reverts_every_precision(tmp_path, capsys):
    """A fit is stored per precision (nvidia-ada/vLLM/bf16, .../fp8); `--revert nvidia-ada/vLLM`, as
    the README writes it, reverts both; a name with no applied fit lists those that have one."""
    project = tmp_path / "p.archwise"
    fp8 = tmp_path / "fp8.csv"
    fp8.write_text(
        "model,accelerator,gpus,runtime,precision,input_tokens,output_tokens,concurrency,ttft_ms,tpot_ms\n"
        "Llama-3.1-8B-Instruct,NVIDIA L40S,1,vLLM,fp8,1000,200,8,90,16\n",
        encoding="utf-8",
    )
    bf16 = [str(DATA / "vllm-l40s-c8.json"), str(DATA / "vllm-l40s-c32.json")]
    for files in (bf16, [str(fp8)]):
        assert main(["calibrate", *files, "--apply", "--project", str(project)]) == 0
    capsys.readouterr()
    with Project.open(project) as p:
        assert sorted(c.profile for c in ms.applied(p)) == ["nvidia-ada/vLLM/bf16", "nvidia-ada/vLLM/fp8"]

    assert main(["calibrate", "--revert", "nvidia-ada/SGLang", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert "applied: nvidia-ada/vLLM/bf16, nvidia-ada/vLLM/fp8" in err and "<class>/<runtime>" in err

    assert main(["calibrate", "--revert", "nvidia-ada/vLLM", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("nvidia-ada/vLLM/bf16, nvidia-ada/vLLM/fp8: 2 calibration(s) reverted")
    with Project.open(project) as p:
        assert ms.applied(p) == []
    assert main(["calibrate", "--revert", "nvidia-ada/vLLM", "--project", str(project)]) == 2
    assert "none is applied" in capsys.readouterr().err


def test_apply_of_a_fit_that_moved_nothing_says_so(tmp_path, capsys):
    """Runs measuring exactly what the catalog predicts: --apply keeps them and the check, says no
    profile changed, and no efficiency record is marked calibrated (it said 'the engine now uses')."""
    from app.domain import Precision
    from app.domain.measurement import MeasuredRun
    from app.engine.calibration import predicted_figures

    project = tmp_path / "p.archwise"
    p = Project.open(project, create=True)
    lines = ["model,accelerator,gpus,runtime,precision,input_tokens,output_tokens,concurrency,ttft_ms,tpot_ms"]
    for c in (4, 16):
        probe = MeasuredRun(
            id="p", model="Llama-3.1-8B-Instruct", accelerator="NVIDIA L40S", gpus=1, runtime="vLLM",
            precision=Precision.BF16, input_tokens=1000, output_tokens=200, load="concurrency", concurrency=c,
            ttft_ms=1, tpot_ms=1,
        )  # fmt: skip
        pred = predicted_figures(probe, p.catalog())
        lines.append(
            f"Llama-3.1-8B-Instruct,NVIDIA L40S,1,vLLM,bf16,1000,200,{c},{pred['ttft_ms']!r},{pred['tpot_ms']!r}"
        )
    p.close()
    runs = tmp_path / "exact.csv"
    runs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["calibrate", str(runs), "--apply", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "fitted on 2 of your runs, no change: median residual already 0 %" in out
    assert "no profile changed" in out and "the engine now uses" not in out
    p = Project.open(project)
    try:
        assert [c.changed for c in ms.applied(p)] == [False]
        assert not any(e.calibration_note for e in p.catalog().efficiency)
    finally:
        p.close()

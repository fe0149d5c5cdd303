"""archwise size / estimate / sweep end to end: real project file, real catalog, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.paths import EXAMPLES_DIR

A100 = str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
PI = str(EXAMPLES_DIR / "llama3-70b-on-raspberry-pi.yaml")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0  # creates and seeds it
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_acceptance_a100_is_feasible_with_tensor_parallelism(capsys, project):
    code, out, _ = run(capsys, "size", A100, "--json", "--project", project)
    assert code == 0
    data = json.loads(out)
    assert data["feasible"] is True and data["error"] is None
    rec = data["recommended"]
    assert rec["tensor_parallel"] > 1
    assert rec["precision"] == "fp16" and rec["total_gpus"] <= 8
    for key in (
        "model",
        "hardware",
        "gpus",
        "tensor_parallel",
        "pipeline_parallel",
        "precision",
        "memory",
        "ttft_p95_ms",
        "tpot_ms",
        "tokens_per_s",
        "replicas",
        "cost_per_month_usd",
        "cost_per_million_tokens_usd",
    ):
        assert key in rec
    assert rec["ttft_p95_ms"] <= 500
    assert data["options"][0] == rec


def test_acceptance_raspberry_pi_names_memory_and_latency(capsys, project):
    code, out, _ = run(capsys, "size", PI, "--json", "--project", project)
    assert code == 0
    data = json.loads(out)
    assert data["feasible"] is False
    assert data["error"] == "Hardware constraints insufficient for SLA"
    kinds = {b["constraint"] for b in data["binding_constraints"]}
    assert {"memory", "ttft"} <= kinds
    for b in data["binding_constraints"]:
        assert set(b) >= {"constraint", "required", "available", "unit"}
    code, text, _ = run(capsys, "size", PI, "--project", project)
    assert "Hardware constraints insufficient for SLA" in text and "memory" in text and "ttft" in text


def test_human_output_has_verdict_options_strategy_and_avoid(capsys, project):
    code, out, _ = run(capsys, "size", A100, "--project", project)
    assert code == 0
    assert "Verdict: feasible" in out and "Options" in out and "Strategy:" in out and "$/1M tok" in out


def test_bad_scenario_exits_2_with_one_line(capsys, project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nworkload: {name: w, category: rag, traffic: {requests_per_s: -1}, "
        "tokens: {input_tokens: 1, output_tokens: 1}}\n"
    )
    code, _, err = run(capsys, "size", str(bad), "--project", project)
    assert code == 2 and "requests_per_s" in err and err.count("\n") == 1
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(Path(A100).read_text().replace("Llama-3-70B-Instruct", "Llama-3-70B-Instruc"))
    code, _, err = run(capsys, "size", str(unknown), "--project", project)
    assert code == 2 and "closest" in err and "Llama-3-70B-Instruct" in err
    code, _, err = run(capsys, "size", str(tmp_path / "missing.yaml"), "--project", project)
    assert code == 2 and "no such scenario file" in err


def test_estimate_flags_and_json(capsys, project):
    code, out, _ = run(
        capsys,
        "estimate",
        "--model",
        "llama-3.1-8b-instruct",
        "--hardware",
        "NVIDIA H100 SXM",
        "--gpus",
        "1",
        "--precision",
        "bf16",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "200",
        "--concurrency",
        "16",
        "--json",
        "--project",
        project,
    )
    assert code == 0
    data = json.loads(out)
    assert data["fits"] and data["ttft_ms"] > 0 and data["tpot_ms"] > 0 and data["output_tokens_per_s"] > 0
    assert data["memory"]["kv_bytes_per_token"] == 131072
    code, out, _ = run(
        capsys,
        "estimate",
        "--model",
        "Llama-3.1-8B-Instruct",
        "--hardware",
        "NVIDIA H100 SXM",
        "--gpus",
        "1",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "200",
        "--rate",
        "2",
        "--project",
        project,
    )
    assert code == 0 and "TTFT" in out and "TPOT" in out and "tokens/s" in out
    code, _, err = run(
        capsys,
        "estimate",
        "--model",
        "Llama-3.1-8B-Instruct",
        "--hardware",
        "H100",
        "--gpus",
        "1",
        "--input-tokens",
        "10",
        "--output-tokens",
        "10",
        "--concurrency",
        "1",
        "--project",
        project,
    )
    assert code == 2 and "closest" in err


def test_estimate_from_csv_one_row_out_per_row_in(capsys, project, tmp_path):
    src = tmp_path / "whatif.csv"
    src.write_text(
        "model,hardware,gpus,tp,precision,input_tokens,output_tokens,concurrency,rate\n"
        "Llama-3.1-8B-Instruct,NVIDIA H100 SXM,1,1,bf16,1000,200,8,\n"
        "Llama-3.1-70B-Instruct,AWS p5.48xlarge,8,8,fp8,2000,300,,5\n"
        "Nope,NVIDIA H100 SXM,1,1,bf16,1000,200,8,\n"
    )
    code, out, _ = run(capsys, "estimate", "--from", str(src), "--project", project)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3
    assert rows[0]["error"] == "" and float(rows[0]["tpot_ms"]) > 0
    assert rows[1]["error"] == "" and float(rows[1]["requests_per_s"]) > 0
    assert "row 4" in rows[2]["error"]


def test_sweep_writes_every_candidate(capsys, project, tmp_path):
    out_csv = tmp_path / "sweep.csv"
    code, out, _ = run(capsys, "sweep", A100, "-o", str(out_csv), "--project", project)
    assert code == 0
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) > 10 and rows[0]["rank"] == "1"
    assert {"model", "gpus", "tensor_parallel", "feasible", "cost_per_month_usd"} <= set(rows[0])


def test_estimate_that_does_not_fit_gives_no_latency_and_says_why(tmp_path, capsys):
    rc = main(
        [
            "estimate",
            "--model",
            "DeepSeek-V3",
            "--hardware",
            "AWS p5.48xlarge",
            "--gpus",
            "8",
            "--precision",
            "fp8",
            "--input-tokens",
            "1000",
            "--output-tokens",
            "200",
            "--concurrency",
            "16",
            "--project",
            str(tmp_path / "p.archwise"),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0 and "DOES NOT FIT" in out and "no latency figures" in out and "TTFT" not in out


RAG_YAML = """\
name: Contracts assistant
workload:
  name: Contract questions
  category: rag
  traffic: {requests_per_s: 0.5}
  tokens: {input_tokens: 4000, output_tokens: 300}
  sla: {ttft_p95_ms: 2000}
  rag: {corpus_documents: 100000, rerank: true, rerank_candidates: 30}
candidates:
  models: [Llama-3.1-8B-Instruct]
  hardware: [AWS g6e.4xlarge]
"""


def test_size_json_carries_the_rag_retrieval_latencies(capsys, project, tmp_path):
    path = tmp_path / "rag.yaml"
    path.write_text(RAG_YAML)
    code, out, _ = run(capsys, "size", str(path), "--json", "--project", project)
    assert code == 0
    data = json.loads(out)
    o = data["recommended"]
    steps = o["retrieval_ms"]
    assert set(steps) == {"embed_query", "search", "rerank"} and all(v > 0 for v in steps.values())
    quantities = {e["quantity"] for e in o["explanations"]}
    assert "RAG retrieval before prefill" in quantities and "Runtime vLLM" in quantities
    kind = data["workload_kind"]["figures"]
    assert kind["TTFT p95 as users see it [ms]"] == pytest.approx(o["ttft_p95_ms"])
    assert kind["host RAM [GiB]"] == 128


CHAT = """\
name: Diurnal support chat
workload:
  name: Support chat
  category: inference_api
  traffic: {requests_per_s: 20, peak_to_mean: 2.5, pattern: diurnal, peak_hours_per_day: 8}
  tokens: {input_tokens: 1200, output_tokens: 300, input_tokens_p95: 2500, output_tokens_p95: 600}
  sla: {ttft_p95_ms: 1000, tpot_p95_ms: 60, availability: 0.99}
candidates:
  models: [Llama-3.1-70B-Instruct]
  hardware: [AWS p5.48xlarge, On-prem 8x H100 SXM (DGX H100)]
  precisions: [fp8]
  runtimes: [vLLM]
assumptions: {horizon_years: 3, pue: 1.3, idle_power_fraction: 0.3, busy_power_fraction: 0.7}
"""


def test_text_output_counts_the_rows_it_shows_and_prints_the_deployments(capsys, project, tmp_path):
    path = tmp_path / "chat.yaml"
    path.write_text(CHAT, encoding="utf-8")
    code, out, _ = run(capsys, "size", str(path), "--project", project)
    assert code == 0
    head = next(line for line in out.splitlines() if line.startswith("Options ("))
    shown = head.split("(")[1].split(" shown")[0]
    section = out.split(head)[1].split("\n\n")[0].splitlines()[3:]  # rows under the header and rule
    assert int(shown) == len(section) == 10
    assert "Deployment comparison over 36 months:" in out
    table = out.split("Deployment comparison over 36 months:")[1].split("\n\n")[0]
    on_demand = next(line for line in table.splitlines() if line.startswith("Cloud on-demand"))
    # 3 p5 nodes x 8 h + 1 node x 16 h, x 730 / 24 h x $55.04 (the deployments row's $/month)
    assert "66,965" in on_demand and "kWh/1M tok" in table and "break-even" in table

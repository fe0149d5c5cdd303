"""The vLLM `bench serve` JSON, SGLang bench_serving JSONL, LLMPerf summary and llama-bench
JSON / CSV readers keep the good rows and values of a file that also holds bad ones, and name each
bad value (file, row, the tool's own key, what it holds, why), like the plain CSV and AIPerf
readers (test_bad_cells_kept.py). Before, one bad value refused the whole file. The files are the
real samples in tests/data/measurements with values changed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.domain import DomainError
from app.services import measurements as ms
from app.store import Project
from app.store.measurements import parse_text

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"
VLLM = json.loads((DATA / "vllm_l40s_llama8b_c4.json").read_text())  # ttft 150, tpot 36, 109.4 tok/s, c=4
LLAMA = json.loads((DATA / "llama_bench.json").read_text())  # row 1: pp512, row 2: tg128


def test_vllm_json_bad_tpot_is_left_out_the_rest_kept():
    left_out: list[str] = []
    (run,) = parse_text(json.dumps({**VLLM, "mean_tpot_ms": -36}), "c_neg.json", left_out)
    assert left_out == ["c_neg.json: row 1: mean_tpot_ms -36 must be > 0 (figure left out)"]
    assert (run.ttft_ms, run.tpot_ms, run.output_tokens_per_s, run.concurrency) == (150.0, None, 109.4, 4.0)
    assert "row 1: mean_tpot_ms -36 must be > 0: figure left out" in run.notes


def test_vllm_json_bad_concurrency_leaves_the_load_empty_not_offline(tmp_path):
    left_out: list[str] = []
    (run,) = parse_text(json.dumps({**VLLM, "max_concurrency": "four"}), "c_type.json", left_out)
    assert left_out == ["c_type.json: row 1: max_concurrency 'four' is not a number (left empty)"]
    assert run.load is None and run.ttft_ms == 150.0  # request_rate "inf" beside it: not an offline run
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        why = ms.problems(run, project.catalog())
    finally:
        project.close()
    assert "max_concurrency 'four' is not a number" in why and "lacks load" not in why


def test_sglang_jsonl_keeps_the_good_line():
    line = (DATA / "sglang_bench_serving.jsonl").read_text().strip()
    good = json.loads(line)
    bad = {**good, "mean_ttft_ms": -1, "mean_tpot_ms": "n/a", "output_throughput": None}
    left_out: list[str] = []
    runs = parse_text(line + "\n" + json.dumps(bad) + "\n", "s.jsonl", left_out)
    assert [r.id for r in runs] == ["s.jsonl#1"]
    assert runs[0].ttft_ms == pytest.approx(good["mean_ttft_ms"])
    assert left_out == [
        "s.jsonl: row 2: mean_ttft_ms -1 must be > 0; mean_tpot_ms 'n/a' is not a number "
        "(row left out: no usable figure)"
    ]


def test_llmperf_bad_throughput_keeps_the_latencies():
    data = {**json.loads((DATA / "llmperf_summary.json").read_text()), "results_mean_output_throughput_token_per_s": -1}
    left_out: list[str] = []
    (run,) = parse_text(json.dumps(data), "lp.json", left_out)
    assert left_out == ["lp.json: row 1: results_mean_output_throughput_token_per_s -1 must be > 0 (figure left out)"]
    assert run.output_tokens_per_s is None
    assert run.ttft_ms == pytest.approx(data["results_ttft_s_mean"] * 1e3)  # 253.8 ms


def test_llama_bench_json_bad_row_left_out_other_test_kept():
    rows = [dict(r) for r in LLAMA]
    rows[1]["avg_ts"] = -118.9
    left_out: list[str] = []
    runs = parse_text(json.dumps(rows), "bench.json", left_out)
    assert [r.id for r in runs] == ["bench.json#1"]  # the pp512 test
    assert runs[0].ttft_ms == pytest.approx(512 / LLAMA[0]["avg_ts"] * 1e3)
    assert left_out == ["bench.json: row 2: avg_ts -118.9 must be > 0 (row left out)"]


def test_llama_bench_csv_bad_row_left_out_other_test_kept():
    reader = csv.DictReader(io.StringIO((DATA / "llama_bench.csv").read_text()))
    rows = list(reader)
    rows[0]["n_prompt"] = "lots"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
    writer.writeheader()
    writer.writerows(rows)
    left_out: list[str] = []
    runs = parse_text(out.getvalue(), "bench.csv", left_out)
    assert [r.id for r in runs] == ["bench.csv#2"]
    assert runs[0].tpot_ms == pytest.approx(1e3 / float(rows[1]["avg_ts"]))
    assert left_out == ["bench.csv: row 1: n_prompt 'lots' is not a number (row left out)"]


def test_a_llama_bench_file_with_no_good_row_is_refused_naming_each():
    rows = [{**LLAMA[0], "avg_ts": 0}, {**LLAMA[1], "n_gen": 12.5}]
    with pytest.raises(DomainError) as err:
        parse_text(json.dumps(rows), "bench.json")
    assert str(err.value) == (
        "bench.json: row 1: avg_ts 0 must be > 0; row 2: n_gen 12.5 must be a whole number of tokens >= 0 "
        "(no row can be read)"
    )

"""The benchmark plan for a scenario: lengths, sweep and rate from the scenario, and the result
files its vllm bench serve commands write import back as fully described runs (round trip on the
command's output format: vLLM writes each --metadata KEY=VALUE as a top-level key of the result)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from app.advice.bench_plan import Target, concurrency_sweep, plan
from app.domain import DomainError, Precision, Scenario
from app.services import measurements as ms
from app.store.io_formats import catalog_from_dir

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = Scenario.model_validate(
    {
        "name": "Support chat",
        "workload": {
            "name": "Support chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 2.0, "peak_to_mean": 3.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 200, "input_tokens_p95": 1450},
            "sla": {"ttft_p95_ms": 800, "tpot_p95_ms": 40},
        },
    }
)
TARGET = Target("Llama-3.1-8B-Instruct", "NVIDIA L40S", 1, Precision.BF16, "vLLM")


def test_sweep_and_lengths_follow_the_scenario():
    p = plan(SCENARIO, TARGET)
    # peak 6 req/s x (0.8 s + 200 x 0.04 s) = 52.8 in flight -> 1 .. 64
    assert p.concurrencies == [1, 2, 4, 8, 16, 32, 64]
    assert p.rates_rps == [3.0, 6.0]
    first = shlex.split(p.vllm[0])
    assert first[first.index("--random-input-len") + 1] == "1000"
    assert first[first.index("--random-output-len") + 1] == "200"
    # uniform draw with p95 = mean x (1 + 0.9 r): (1450 / 1000 - 1) / 0.9 = 0.5
    assert first[first.index("--random-range-ratio") + 1] == "0.5"
    gp = shlex.split(p.genai_perf[0])
    assert gp[gp.index("--synthetic-input-tokens-stddev") + 1] == str(round(450 / 1.645))  # 274
    assert concurrency_sweep(0.1, 1.0) == [1, 2, 4, 8] and concurrency_sweep(1.0, None)[-1] == 64


def vllm_result_of(command: str, tmp_path, i: int):
    """The file `vllm bench serve --save-result` writes for `command`, with figures of the real
    sample tests/data/measurements/vllm_bench_serve_l40s_llama3b_10qps.json."""
    args = shlex.split(command)
    meta_at = args.index("--metadata")
    metadata = {}
    for item in args[meta_at + 1 :]:
        if item.startswith("--"):
            break
        key, _, value = item.partition("=")
        metadata[key] = value
    rate = args[args.index("--request-rate") + 1]
    result = {
        "date": "20261130-120000",
        "backend": args[args.index("--backend") + 1],
        "model_id": args[args.index("--model") + 1],
        "tokenizer_id": args[args.index("--model") + 1],
        "num_prompts": 300,
        **metadata,
        "request_rate": "inf" if rate == "inf" else float(rate),
        "burstiness": 1.0,
        "max_concurrency": int(args[args.index("--max-concurrency") + 1]) if "--max-concurrency" in args else None,
        "duration": 36.03,
        "completed": 300,
        "total_input_tokens": 300 * int(args[args.index("--random-input-len") + 1]),
        "total_output_tokens": 300 * int(args[args.index("--random-output-len") + 1]),
        "request_throughput": 8.33,
        "output_throughput": 2249.25,
        "mean_ttft_ms": 54.58,
        "mean_tpot_ms": 13.58,
    }
    path = tmp_path / args[args.index("--result-filename") + 1]
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def test_results_of_the_plan_import_back_fully_described(tmp_path):
    p = plan(SCENARIO, TARGET)
    files = [vllm_result_of(cmd, tmp_path, i) for i, cmd in enumerate(p.vllm)]
    runs = ms.import_files(files)
    catalog = catalog_from_dir(ROOT / "catalog")
    runs = ms.match(runs, catalog)
    assert len(runs) == len(p.concurrencies) + len(p.rates_rps)
    for run in runs:
        assert ms.problems(run, catalog) == ""  # nothing to ask: the plan wrote the context
        assert (run.model, run.accelerator, run.gpus, run.precision, run.runtime) == (
            "Llama-3.1-8B-Instruct",
            "NVIDIA L40S",
            1,
            Precision.BF16,
            "vLLM",
        )
        assert (run.input_tokens, run.output_tokens) == (1000, 200)
    assert [r.concurrency for r in runs if r.load == "concurrency"] == [float(c) for c in p.concurrencies]
    assert [r.rate_rps for r in runs if r.load == "rate"] == p.rates_rps


def test_recommended_option_when_no_target(tmp_path):
    catalog = catalog_from_dir(ROOT / "catalog")
    scenario = SCENARIO.model_copy(
        update={
            "candidates": SCENARIO.candidates.model_copy(
                update={"models": ["Llama-3.1-8B-Instruct"], "hardware": ["NVIDIA L40S"]}
            )
        }
    )
    p = ms.benchmark_plan(catalog, scenario)
    assert "accelerator=NVIDIA L40S" in p.vllm[0] and "Llama-3.1-8B-Instruct" in p.vllm[0]
    with pytest.raises(DomainError, match="no option is recommended"):
        ms.benchmark_plan(
            catalog,
            scenario.model_copy(
                update={"candidates": scenario.candidates.model_copy(update={"hardware": ["Raspberry Pi 5 (4GB)"]})}
            ),
        )

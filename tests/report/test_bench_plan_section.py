"""The decision package carries the benchmark plan that would confirm its recommended option
(issue 21, "close the loop"): the `vllm bench serve` / `genai-perf` commands with the workload's
lengths, its concurrency sweep and peak rate, and the `archwise calibrate` line that reads the
results back. Read back with pypdf from a real package. Before, the plan was CLI-only."""

from __future__ import annotations

import re

import pytest
from report_builders import written_package

from app.advice.bench_plan import concurrency_sweep

SCENARIO = {
    "name": "Steady summaries",
    "workload": {
        "name": "Summaries",
        "category": "inference_api",
        "traffic": {"requests_per_s": 3, "peak_to_mean": 2.0, "pattern": "steady"},
        "tokens": {"input_tokens": 2000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Lambda 1x H100 SXM"], "precisions": ["bf16"]},
}


def package_text(tmp_path, data: dict) -> tuple[str, object]:
    package = written_package(tmp_path, data, "Bench")
    return package.text, package.sizing


def test_the_package_carries_the_benchmark_plan_of_its_recommendation(tmp_path):
    text, sizing = package_text(tmp_path, SCENARIO)
    opt = sizing.recommended
    assert opt is not None
    number = re.search(r"(\d+) Benchmark plan", text.split("Contents", 1)[1])  # the contents line first
    assert number, text[:3000]
    body = text.split(f"{number.group(1)} Benchmark plan", 2)[2]  # contents, then the heading itself
    assert f"vllm bench serve --backend vllm --model {opt.model} --dataset-name random" in body
    assert "--random-input-len 2000 --random-output-len 200" in body
    # the sweep reaches peak x end-to-end time: 6 req/s x (2 s + 200 x 80 ms) = 108 -> 1 .. 128
    e2e_s = (2000 + 200 * 80) / 1e3
    sweep = concurrency_sweep(6.0, e2e_s)
    assert sweep[-1] == 128
    for c in sweep:
        assert f"--max-concurrency {c} " in body
    assert "--request-rate 3 " in body and "--request-rate 6 " in body  # half and all of the peak
    assert f"accelerator={opt.accelerator}" in body.replace("'", "")
    assert "archwise calibrate archwise-steady-summaries-c*.json archwise-steady-summaries-r*.json --apply" in body


def test_no_recommended_option_means_no_plan(tmp_path):
    tiny = {**SCENARIO, "candidates": {**SCENARIO["candidates"], "hardware": ["On-prem Raspberry Pi 5 4GB"]}}
    text, sizing = package_text(tmp_path, tiny)
    if sizing.recommended is not None:
        pytest.skip("the catalog's Raspberry Pi runs the model: not an infeasible case")
    assert "Benchmark plan" not in text and "vllm bench serve" not in text


def test_a_tensorrt_llm_recommendation_gets_trtllm_bench_not_vllm(tmp_path):
    """The shipped A100 example recommends TensorRT-LLM: its plan runs trtllm-bench and points
    GenAI-Perf at trtllm-serve; no vllm bench serve command (before: always vLLM's)."""
    import yaml

    from app.paths import EXAMPLES_DIR

    data = yaml.safe_load((EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml").read_text(encoding="utf-8"))
    text, sizing = package_text(tmp_path, data)
    assert sizing.recommended is not None and sizing.recommended.runtime == "TensorRT-LLM"
    body = text.split("Benchmark plan", 2)[2]
    assert "trtllm-bench --model Llama-3-70B-Instruct prepare-dataset" in body
    assert "against trtllm-serve" in body and "genai-perf profile" in body
    assert "vllm bench serve" not in body

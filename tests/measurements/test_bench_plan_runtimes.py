"""The benchmark plan writes the recommended runtime's own client: SGLang's bench_serving,
TensorRT-LLM's trtllm-bench (GenAI-Perf against trtllm-serve), llama.cpp's llama-bench (GenAI-Perf
against llama-server); vLLM's vllm bench serve only for vLLM. Each command's result file, shaped as
the real tool writes it (the samples in tests/data/measurements), imports back through the
Measurements importers under the name the command gives it and the calibrate line's glob matches.
Before, every plan wrote vllm bench serve whatever the runtime."""

from __future__ import annotations

import fnmatch
import shlex
import shutil
from pathlib import Path

import pytest

from app.advice.bench_plan import Target, plan, runtime_kind
from app.domain import Precision, Scenario
from app.store.measurements import read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"
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


def target(runtime: str) -> Target:
    return Target("Llama-3.1-8B-Instruct", "NVIDIA H100 SXM", 2, Precision.BF16, runtime, 2)


def _written(command: str) -> str:
    """The result file a command writes: --output-file, or the file stdout goes to (> or tee)."""
    args = shlex.split(command)
    for flag in ("--output-file", "--result-filename", ">", "tee"):
        if flag in args:
            return args[args.index(flag) + 1]
    raise AssertionError(f"no result file in {command}")


def _imports(bp, command: str, sample: str, tmp_path) -> str:
    name = _written(command)
    assert any(fnmatch.fnmatch(name, glob) for line in bp.calibrate.splitlines() for glob in shlex.split(line)[2:])
    shutil.copy(DATA / sample, tmp_path / name)
    runs = read_runs(tmp_path / name)
    assert runs
    return runs[0].source_format


@pytest.mark.parametrize(
    ("runtime", "kind"),
    [("vLLM", "vllm"), ("SGLang", "sglang"), ("TensorRT-LLM", "trtllm"), ("llama.cpp", "llamacpp"), ("TGI", "vllm")],
)
def test_runtime_kind(runtime, kind):
    assert runtime_kind(runtime) == kind


def test_sglang_plan_uses_bench_serving_and_imports(tmp_path):
    bp = plan(SCENARIO, target("SGLang"))
    script = bp.script()
    assert "vllm bench serve" not in script and bp.vllm == []
    assert bp.client and all(c.startswith("python -m sglang.bench_serving --backend sglang") for c in bp.client)
    first = shlex.split(bp.client[0])
    assert first[first.index("--random-input-len") + 1] == "1000"
    assert first[first.index("--random-range-ratio") + 1] == "0.5"  # (1450 / 1000 - 1) / 0.9
    assert first[first.index("--max-concurrency") + 1] == "1"
    assert any("--request-rate 6 " in c for c in bp.client)  # the peak rate
    assert "genai-perf profile" in script and "against the SGLang server" in script
    assert _imports(bp, bp.client[0], "sglang_bench_serving.jsonl", tmp_path) == "sglang"


def test_tensorrt_llm_plan_uses_trtllm_bench_and_imports(tmp_path):
    bp = plan(SCENARIO, target("TensorRT-LLM"))
    script = bp.script()
    assert "vllm bench serve" not in script
    prepare, *sweep = bp.client
    assert prepare.startswith("trtllm-bench --model Llama-3.1-8B-Instruct prepare-dataset --output ")
    assert "token-norm-dist" in prepare and "--input-mean 1000" in prepare and "--input-stdev 274" in prepare
    assert [shlex.split(c)[shlex.split(c).index("--concurrency") + 1] for c in sweep] == [
        str(c) for c in bp.concurrencies
    ]
    assert all("throughput --dataset" in c and "--tp 2" in c for c in sweep)
    assert "against trtllm-serve" in script
    assert _imports(bp, sweep[0], "trtllm_bench_throughput.txt", tmp_path) == "trtllm-bench"


def test_llama_cpp_plan_uses_llama_bench_and_imports(tmp_path):
    bp = plan(SCENARIO, target("llama.cpp"))
    script = bp.script()
    assert "vllm bench serve" not in script
    (command,) = bp.client
    args = shlex.split(command)
    assert args[0] == "llama-bench" and args[args.index("-p") + 1] == "1000" and args[args.index("-n") + 1] == "200"
    assert args[args.index("-o") + 1] == "json"
    assert "against llama-server" in script
    assert _imports(bp, command, "llama_bench.json", tmp_path) == "llama-bench"


def test_vllm_plan_unchanged():
    bp = plan(SCENARIO, target("vLLM"))
    assert bp.client == bp.vllm and bp.vllm[0].startswith("vllm bench serve --backend vllm")
    assert "against vllm serve" in bp.script()


def test_tensorrt_llm_sweep_streams_and_reads_back_at_its_concurrency(tmp_path):
    """--streaming makes trtllm-bench report TTFT and TPOT; its 0.21+ report (real sample) then reads
    back as a closed-loop run at the measured concurrency, not as an offline run."""
    bp = plan(SCENARIO, target("TensorRT-LLM"))
    _, *sweep = bp.client
    assert all(shlex.split(c)[shlex.split(c).index("--num_requests") + 2] == "--streaming" for c in sweep)
    name = _written(sweep[-1])
    shutil.copy(DATA / "trtllm_bench_pytorch_0_21.txt", tmp_path / name)
    (run,) = read_runs(tmp_path / name)
    assert (run.load, run.ttft_ms, run.tpot_ms) == ("concurrency", 162.6706, 7.3272)


def test_a_batch_job_plan_runs_offline_and_imports_only_what_it_writes():
    job = Scenario.model_validate(
        {
            "name": "Nightly summaries",
            "workload": {
                "name": "Nightly summaries",
                "category": "batch",
                "tokens": {"input_tokens": 2000, "output_tokens": 250},
                "batch": {"total_requests": 1500, "deadline_hours": 8},
            },
        }
    )
    for runtime, offline_file in (
        ("vLLM", "archwise-nightly-summaries-offline.json"),
        ("SGLang", "archwise-nightly-summaries-sglang-offline.jsonl"),
        ("TensorRT-LLM", "archwise-nightly-summaries-trtllm-offline.txt"),
    ):
        bp = plan(job, target(runtime))
        assert bp.rates_rps == [] and bp.offline_prompts == 1500  # min(1,500 requests, 4,000)
        offline = bp.client[-1]
        assert _written(offline) == offline_file and "--concurrency" not in offline
        assert "--max-concurrency" not in offline
        globs = [g for line in bp.calibrate.splitlines() if not line.startswith("#") for g in shlex.split(line)[2:]]
        written = [_written(c) for c in bp.client if "prepare-dataset" not in c]
        files = [g for g in globs if g.endswith((".json", ".jsonl", ".txt"))]  # the flags' values are not files
        assert files and all(fnmatch.filter(written, g) for g in files), (runtime, files, written)
        assert "offline, as the batch job is sized" in bp.client_title

"""An embedding batch job (1 output token: one vector per request): the benchmark plan drives vLLM's
embeddings endpoint (vllm bench serve --backend openai-embeddings --endpoint /v1/embeddings), not a
chat benchmark of 1 output token, and says plainly that no other runtime's or GenAI-Perf's is written."""

from __future__ import annotations

import pytest
from scenario_builders import embedding_reindex, write_scenario

from app.cli import main

# 5,000,000 chunks of 350 tokens within 12 h, each one vector (tests/scenario_builders.py)
SCENARIO = embedding_reindex(input_tokens=350, total_requests=5_000_000, deadline_hours=12, runtimes=("vLLM",))


def plan(tmp_path, capsys, runtime: str) -> str:
    scenario = write_scenario(tmp_path / "embed.yaml", SCENARIO)
    out = tmp_path / "plan.sh"
    args = ["bench-plan", str(scenario), "--model", "Qwen3-Embedding-0.6B", "--accelerator", "NVIDIA H100 SXM"]
    args += ["--gpus", "1", "--precision", "bf16", "--runtime", runtime, "-o", str(out)]
    assert main([*args, "--project", str(tmp_path / "p.archwise")]) == 0, capsys.readouterr().err
    return out.read_text(encoding="utf-8")


def test_vllm_plan_uses_the_embeddings_endpoint(tmp_path, capsys):
    text = plan(tmp_path, capsys, "vLLM")
    runs = [line for line in text.splitlines() if line.startswith("vllm bench serve")]
    assert runs and all("--backend openai-embeddings --endpoint /v1/embeddings" in r for r in runs)
    assert "--backend vllm" not in text and "--ignore-eos" not in text
    assert "genai-perf" not in text and "--endpoint-type chat" not in text
    assert "no TTFT or TPOT" in text and "requests (vectors) per second" in text
    assert "archwise calibrate archwise-" not in text  # nothing to fit: said, not written


@pytest.mark.parametrize("runtime", ["SGLang", "TensorRT-LLM"])
def test_other_runtimes_say_none_is_written(tmp_path, capsys, runtime):
    text = plan(tmp_path, capsys, runtime)
    assert f"no {runtime} benchmark is written for an embedding job" in text
    assert "bench_serving" not in text and "trtllm-bench" not in text

"""`archwise estimate` of an embedding model: with 1 output token per request (one vector each,
as a batch embedding job, Workload.is_embedding_job) it is one prefill per request and is
estimated; with more output tokens it is refused saying why and what to give. Before, every
embedding model was refused ("size it as a RAG workload's embedder").

Hand figures (shipped catalog, as in tests/engine/test_embedding_batch.py): Qwen3-Embedding-0.6B,
0.596 B parameters, 28 layers, 16 heads of 128; NVIDIA H100 SXM 989.4 dense BF16 TFLOP/s;
nvidia-hopper prefill MFU 0.50."""

from __future__ import annotations

import re

import pytest

from app.cli import main

EMBEDDER, H100 = "Qwen3-Embedding-0.6B", "NVIDIA H100 SXM"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("proj") / "cli.archwise"
    assert main(["catalog", "list", "models", "--project", str(path)]) == 0
    return str(path)


def estimate(capsys, project, output_tokens: int):
    capsys.readouterr()
    argv = ["estimate", "--model", EMBEDDER, "--hardware", H100, "--gpus", "1", "--input-tokens", "512"]
    code = main([*argv, "--output-tokens", str(output_tokens), "--concurrency", "4", "--project", project])
    return code, *capsys.readouterr()


def test_one_vector_per_request_is_estimated_as_prefill(capsys, project):
    code, out, err = estimate(capsys, project, 1)
    assert code == 0, err
    # one request's prefill: 2 x params x tokens + causal attention 4 x layers x heads x head_dim x n x n/2
    flops = 2 * 0.596e9 * 512 + 4 * 28 * 16 * 128 * 512 * 256  # 6.4037e11 FLOP
    per_s = 1 / (flops / (989.4e12 * 0.50))  # 772.5 vectors/s on one H100, 4 in flight
    got = float(re.search(r"  ([\d,.]+) vectors/s", out).group(1).replace(",", ""))
    assert got == pytest.approx(per_s, rel=1e-3)
    assert f"{per_s * 512:,.0f} input tokens/s encoded" in out
    assert "TPOT" not in out and "decode" not in out  # no decode step to speak of
    assert "prefill only" in out


def test_more_output_tokens_say_why_not(capsys, project):
    code, out, err = estimate(capsys, project, 200)
    assert code == 2 and out == ""
    assert "is an embedding model" in err and "no TPOT" in err and "--output-tokens 1" in err
    assert err.count("\n") == 1

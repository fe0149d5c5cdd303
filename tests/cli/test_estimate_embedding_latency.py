"""`archwise estimate` of an embedding model: a request's latency is its prefill, with no decode
step added (an expert tester read 3.3 ms against a 1.29 ms prefill: one decode step of weight
reads plus the 1.5 ms per-step overhead was added to a request that decodes nothing). With k
requests in flight their prefills share the GPU, so each waits for the batch: k x prefill.

Hand figures as tests/engine/test_processed_tokens.py: one 512-token request of
Qwen3-Embedding-0.6B on an H100 SXM is 6.4037e11 FLOP / (989.4 TFLOP/s x MFU 0.50) = 1.2945 ms."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose
from scenario_builders import EMBEDDER

from app.cli import main
from app.engine.estimate import estimate
from app.store.io_formats import catalog_from_dir

H100 = "NVIDIA H100 SXM"
PREFILL_MS = (2 * 0.596e9 * 512 + 4 * 28 * 16 * 128 * 512 * 256) / (989.4e12 * 0.50) * 1e3  # 1.2945 ms


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


@pytest.mark.parametrize("in_flight", [1, 4])
def test_an_embedding_request_takes_its_share_of_prefill_and_no_decode_step(catalog, in_flight):
    est = estimate(
        catalog, model=EMBEDDER, hardware=H100, gpus=1, input_tokens=512, output_tokens=1, concurrency=in_flight
    )
    assert_allclose(est.e2e_ms, in_flight * PREFILL_MS, rtol=1e-6)  # 1.29 ms alone, 5.18 ms with 4 in flight
    assert_allclose(est.requests_per_s, 1e3 / PREFILL_MS, rtol=1e-6)  # 772.5 vectors/s either way


def test_the_command_prints_the_prefill_as_the_latency(capsys, tmp_path):
    argv = ["estimate", "--model", EMBEDDER, "--hardware", H100, "--gpus", "1", "--input-tokens", "512"]
    argv += ["--output-tokens", "1", "--concurrency", "1", "--project", str(tmp_path / "p.archwise")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "latency per request 1.3 ms" in out  # was 3.3 ms
    assert "772.5 vectors/s" in out  # was 300.5 at one in flight

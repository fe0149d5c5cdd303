"""`archwise estimate` of an embedding model: its memory line counts the prompt it holds, not a
generated token it never makes (an expert tester read "sequences of 513 tokens" for 512 in).

Qwen3-Embedding-0.6B holds 2 x 28 layers x 8 KV heads x 128 x 2 bytes = 114,688 bytes of KV per
token (BF16); a 512-token prompt fills exactly 32 pages of 16 tokens, where 513 took 33 (528 tokens)."""

from __future__ import annotations

import pytest
from scenario_builders import EMBEDDER

from app.cli import main
from app.engine.estimate import estimate
from app.store.io_formats import catalog_from_dir

H100 = "NVIDIA H100 SXM"
KV_BYTES_PER_TOKEN = 2 * 28 * 8 * 128 * 2  # 114,688


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def test_an_embedding_sequence_holds_its_prompt_only(catalog):
    est = estimate(catalog, model=EMBEDDER, hardware=H100, gpus=1, input_tokens=512, output_tokens=1, concurrency=1)
    m = est.memory
    budget = m.kv_cache_gib * 2**30
    assert m.max_concurrent_sequences == int(budget // (512 * KV_BYTES_PER_TOKEN))  # 528-token pages before


def test_the_memory_line_says_the_prompt_length(capsys, tmp_path):
    argv = ["estimate", "--model", EMBEDDER, "--hardware", H100, "--gpus", "1", "--input-tokens", "512"]
    argv += ["--output-tokens", "1", "--concurrency", "1", "--project", str(tmp_path / "p.archwise")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "sequences of 512 prompt tokens (an embedder generates none)" in out
    assert "513" not in out

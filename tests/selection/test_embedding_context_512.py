"""An embedding job's sequence is its prompt: 512 tokens, not 512 + the 1 'output' token that stands
for its vector (hosted-mm review): the selection matrix's context check and the decision package's
workload table say 512; a chat workload keeps prompt + output."""

from __future__ import annotations

import yaml
from pypdf import PdfReader

from app.cli import main
from app.domain import Scenario, parse
from app.engine import size
from app.selection import build_matrix
from app.store.io_formats import catalog_from_dir

EMBED = {
    "name": "Weekly re-embed",
    "workload": {
        "name": "Weekly re-embed",
        "category": "batch",
        "tokens": {"input_tokens": 512, "output_tokens": 1},
        "batch": {"total_requests": 200000, "recurrence": "weekly", "start_window": "00:00-08:00"},
    },
    "candidates": {
        "models": ["Qwen3-Embedding-8B"],
        "hardware": ["Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
        "runtimes": ["vLLM"],
    },
}


def test_the_matrix_checks_the_prompt_only():
    catalog = catalog_from_dir()
    s = parse(Scenario, EMBED)
    assert s.workload.sequence_tokens == 512
    m = build_matrix(size(s, catalog), catalog, s.workload)
    assert m.needed_context_tokens == 512
    chat = s.workload.model_copy(update={"category": "inference_api", "batch": None})
    assert chat.sequence_tokens == 513  # a generating request holds its output too


def test_the_package_says_512(tmp_path):
    path = tmp_path / "embed.yaml"
    path.write_text(yaml.safe_dump(EMBED), encoding="utf-8")
    out = tmp_path / "embed.pdf"
    assert main(["report", str(path), "-o", str(out)]) == 0
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Context per sequence (p95) 512 tokens" in text
    assert "context shorter than the workload's 512 tokens" in text

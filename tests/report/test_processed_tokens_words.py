"""The decision package says what an embedding job's requests produce (one vector, no generated
tokens, no TPOT) and which tokens "per 1M tokens" counts, for an embedding job and for images.
Built through the services as the window does; the real PDF read back with pypdf. Figures: see
tests/engine/test_processed_tokens.py."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader
from scenario_builders import claim_photos, embedding_reindex, scenario

from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project


def package_text(tmp_path, data) -> str:
    project = Project.open(tmp_path / "mine.archwise", create=True)
    try:
        saved = scenarios.save_scenario(project, scenario(data))
        path = export_decision_package(project, saved, tmp_path / "package.pdf", date=dt.date(2026, 11, 30))
    finally:
        project.close()
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def test_an_embedding_package_counts_vectors_and_prompt_tokens(tmp_path):
    text = package_text(tmp_path, embedding_reindex())
    assert "Output per request one vector (no generated tokens)" in text
    assert "Output tokens (mean / p95) 1 / 1" not in text
    assert "Time per output token n/a: one vector per request, no decode" in text
    assert "Vectors/s per replica (max) 773" in text  # 1 / 1.2945 ms
    assert "Vectors per run 10,000,000" in text and "Output tokens per run" not in text
    assert "Cost per 1M tokens (prompt tokens; an embedding model generates none)" in text
    # no decode figures for a model that decodes nothing
    assert "Decode at batch" not in text and "per output token 0.0 ms" not in text
    assert "Decode step at the operating batch" not in text


def test_a_multimodal_package_says_image_tokens_count(tmp_path):
    text = package_text(tmp_path, claim_photos())
    assert "Cost per 1M tokens (prompt text + image + output tokens)" in text

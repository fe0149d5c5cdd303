"""The decision package of a weekly re-index run on an embedding model tells that story: the
embedder recommended, each request one vector, the run's hours against its deadline. Built the
way a user does (a blank batch workload, numbers typed in); the real PDF read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from app.domain import Category
from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project


def test_an_embedding_reindex_package_names_the_embedder_and_its_run(tmp_path):
    project = Project.open(tmp_path / "mine.archwise", create=True)
    try:
        blank = scenarios.new_blank(project, Category.BATCH)
        data = blank.model_dump(mode="json")
        data["name"] = data["workload"]["name"] = "Weekly document re-index"
        data["description"] = "Re-embed every chunk of the document store each Sunday night."
        data["workload"]["tokens"].update(input_tokens=512, output_tokens=1)
        data["workload"]["batch"].update(total_requests=10_000_000, deadline_hours=8, recurrence="weekly")
        data["candidates"].update(
            models=["Qwen3-Embedding-0.6B"], hardware=["RunPod 1x H100 SXM"], gpu_counts=[1], precisions=["bf16"]
        )
        data["candidates"]["hosted_apis"] = []
        scenario = scenarios.save_scenario(project, type(blank).model_validate(data), old_name=blank.name)
        path = export_decision_package(project, scenario, tmp_path / "package.pdf", date=dt.date(2026, 11, 30))
    finally:
        project.close()
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert "Weekly document re-index" in text
    assert "Qwen3-Embedding-0.6B is an embedding model: each request is one prefill of 512 tokens" in text
    # 10,000,000 requests at 772.5 req/s (tests/engine/test_embedding_batch.py): 3.6 h of the 8 h
    assert "finish it in 3.6 h" in text

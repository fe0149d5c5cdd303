"""D7: the decision package's verdict does not call a RAG option on a node with no RAM figure plainly
"feasible": it says the host RAM is not verified and quotes what the index needs (hand figure in
tests/engine/test_host_ram_unverified.py: 100 M vectors of 1,024 x 4 B + HNSW links + encoder + 8 GiB
reserve = 414.4 GiB). Built through the services; the real PDF read back with pypdf."""

from __future__ import annotations

import copy
import datetime as dt
import re

from pypdf import PdfReader

from app.domain import Scenario, parse
from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project
from tests.engine.test_user_rag import HR_ASSISTANT


def test_the_verdict_names_the_unverified_host_ram(tmp_path):
    data = copy.deepcopy(HR_ASSISTANT)
    data["workload"]["rag"].update(corpus_documents=5_000_000, chunks_per_document=20)
    data["candidates"]["hardware"] = ["On-prem 8x Intel Gaudi 3 (UBB kit)"]
    project = Project.open(tmp_path / "mine.archwise", create=True)
    try:
        saved = scenarios.save_scenario(project, parse(Scenario, data))
        path = export_decision_package(project, saved, tmp_path / "package.pdf", date=dt.date(2026, 12, 1))
    finally:
        project.close()
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert "Verdict: feasible if the host RAM holds the index (not verified)" in text
    assert "Host RAM not verified: the record of On-prem 8x Intel Gaudi 3 (UBB kit) gives no RAM figure" in text
    assert "models need 414.4 GiB of host RAM" in text
    assert "Verdict: feasible, the SLA is met" not in text

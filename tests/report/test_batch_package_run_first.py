"""D17: a batch job's decision package carried latency-only material: "Quality vs p95 time to first
token", "Cost vs p95 time to first token", an L1 box "Users", and sizing tables led by "TTFT
unloaded / p95". For a job, the charts and tables lead with the run (time to finish it against the
deadline, throughput) and L1 names the job's submitter. Real PDF read back with pypdf."""

from __future__ import annotations

import copy
import datetime as dt
import re

from pypdf import PdfReader

from app.domain import Scenario, parse
from app.engine import size
from app.services import scenarios
from app.services.reporting import export_decision_package
from app.store import Project
from app.store.io_formats import catalog_from_dir
from tests.engine.test_budget_tie_replicas import ESSAYS


def feasible_essays() -> dict:
    data = copy.deepcopy(ESSAYS)
    data["workload"]["budget_usd_per_month"] = 5000
    return data


def test_the_batch_cost_chart_is_cost_against_run_time():
    sz = size(parse(Scenario, feasible_essays()), catalog_from_dir())
    cost = next(c for c in sz.charts if c.key == "cost_vs_latency")
    assert cost.title == "Cost vs time to finish a run" and cost.x_unit == "h"
    assert [r.label for r in cost.reference_lines] == ["Deadline 12 h per run"]
    o = sz.options[0]
    (point,) = [s for s in cost.series if s.option_index == 0]
    # 40,000 requests / (replicas x req/s per replica) / 3,600 s
    assert point.x[0] == 40_000 / (max(o.replicas, 1) * o.requests_per_s_per_replica) / 3600.0
    assert point.x[0] <= 12.0


def test_the_batch_package_leads_with_the_run(tmp_path):
    project = Project.open(tmp_path / "mine.archwise", create=True)
    try:
        saved = scenarios.save_scenario(project, parse(Scenario, feasible_essays()))
        path = export_decision_package(project, saved, tmp_path / "package.pdf", date=dt.date(2026, 12, 1))
    finally:
        project.close()
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert "Quality vs p95 time to first token" not in text
    assert "Cost vs p95 time to first token" not in text
    assert "Cost vs time to finish a run" in text
    assert "Job submitter/scheduler" in text
    first = text.index("Time to finish a run")
    assert "(deadline 12 h)" in text[first : first + 120]
    assert first < text.index("TTFT unloaded / p95")


def test_an_over_budget_package_names_its_grey_options_over_budget(tmp_path):
    project = Project.open(tmp_path / "mine.archwise", create=True)
    data = copy.deepcopy(ESSAYS)  # $4,000 budget, every option $4,426 or more: none feasible
    data["candidates"]["precisions"] = ["fp8", "bf16"]
    try:
        saved = scenarios.save_scenario(project, parse(Scenario, data))
        path = export_decision_package(project, saved, tmp_path / "package.pdf", date=dt.date(2026, 12, 1))
    finally:
        project.close()
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert "(over budget)" in text
    assert "Other feasible options" not in text

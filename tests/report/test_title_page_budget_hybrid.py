"""Over the budget alone, every option, but the hybrid of the same hardware fits: the title page's
Recommendation line says what the summary says (it said "none within the budget ... the cheapest costs
$27,000" while the summary named the hybrid at $20,651: two stories in one package)."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from scenario_builders import api70_over_budget

from app.domain import Scenario, parse
from app.report import ReportMeta, write_decision_package
from app.selection import build_matrix, sensitivity
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir

SCENARIO = api70_over_budget()


def test_title_page_names_the_deployment_model_that_fits(tmp_path):
    catalog = catalog_from_dir()
    scenario = parse(Scenario, SCENARIO)
    sizing = size_scenario(catalog, scenario)
    assert sizing.error_kind == "budget" and sizing.error.startswith("No single option within budget")
    matrix = build_matrix(sizing, catalog, scenario.workload)
    meta = ReportMeta(project="Budget", author="A. Architect", date=dt.date(2026, 11, 30))
    path = write_decision_package(tmp_path / "p.pdf", scenario, sizing, matrix, catalog, meta, sensitivity(matrix))
    title = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "No single option within budget; hybrid on-prem base + burst" in title
    assert "fits at $20,651/month against $25,000" in title
    assert "the cheapest costs" not in title

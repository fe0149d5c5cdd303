"""A budget miss is called a budget miss, and the avoid list agrees with the verdict's hybrid
(CLI review findings 7 and 18). Every option meets the SLA and is over the budget alone; the hybrid
of the same hardware fits at $20,651/month against $25,000 (test_title_page_budget_hybrid).
Before, the package's "Excluded options" said "infeasible SLA: $27,... > budget", the matrix section
ended with no word of the hybrid, and "Avoid" said "Do not build this design" of the design the
verdict recommends."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from scenario_builders import api70_over_budget

from app.domain import Scenario, parse
from app.report import ReportMeta, write_decision_package
from app.selection import build_matrix, sensitivity
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir


def test_budget_miss_is_over_budget_and_the_avoid_item_names_the_hybrid(tmp_path):
    catalog = catalog_from_dir()
    scenario = parse(Scenario, api70_over_budget())
    sizing = size_scenario(catalog, scenario)
    assert sizing.error_kind == "budget" and sizing.error.startswith("No single option within budget")
    assert not any(x.startswith("Do not build this design") for x in sizing.avoid)
    single = [x for x in sizing.avoid if x.startswith("Do not build a single option")]
    assert single and "hybrid on-prem base + burst" in single[0] and "$20,651/month" in single[0]

    matrix = build_matrix(sizing, catalog, scenario.workload)
    assert matrix.excluded and not matrix.ranked
    for row in matrix.excluded:
        assert not any(r.startswith("infeasible SLA") for r in row.reasons), row.reasons
        assert any(r.startswith("over budget: $") and "> budget $25,000" in r for r in row.reasons), row.reasons

    meta = ReportMeta(project="Budget", author="A. Architect", date=dt.date(2026, 11, 30))
    path = write_decision_package(tmp_path / "p.pdf", scenario, sizing, matrix, catalog, meta, sensitivity(matrix))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "infeasible SLA: $" not in text
    assert "No single option passes the budget, so the matrix ranks none." in text
    assert "Do not build this design" not in text

"""One recommendation: the matrix's first choice on the engine's feasibility and cost, and where
the two differ, by how much and which weight would change the choice."""

import datetime as dt

from pypdf import PdfReader
from report_cases import build_case

from app.report import write_decision_package
from app.report.recommend import reconcile
from app.selection import build_matrix, sensitivity


def test_agreeing_rankings_give_one_plain_recommendation(case):
    scenario, sizing, catalog = case
    matrix = build_matrix(sizing, catalog, scenario.workload)
    rec = reconcile(sizing, matrix, sensitivity(matrix))
    assert rec.agrees and rec.option == sizing.recommended
    assert "both the sizing engine's cheapest design that meets the SLA" in rec.reasons[0]


def test_when_the_matrix_prefers_another_option_the_package_says_so_and_what_would_flip_it(tmp_path, meta):
    scenario, sizing, catalog = build_case()
    # licence openness weighted up: the Apache-licensed Qwen (option 2) overtakes the cheapest Llama
    matrix = build_matrix(sizing, catalog, scenario.workload, {"license": 6.0})
    sens = sensitivity(matrix)
    rec = reconcile(sizing, matrix, sens)
    assert not rec.agrees and rec.option is not None and rec.option != sizing.recommended
    assert rec.option.label == matrix.top.label
    text = " ".join(rec.reasons)
    assert f"The engine's cheapest design that meets the SLA is {sizing.recommended.label}" in text
    diff = rec.option.cost_per_month_usd - sizing.recommended.cost_per_month_usd  # 0.05 x 50,000 = 2,500
    assert f"${diff:,.0f} a month more" in text and "the matrix prefers it on License openness" in text
    assert "would make the engine's cheapest design first" in text  # a weight threshold from the sensitivity
    path = write_decision_package(tmp_path / "p.pdf", scenario, sizing, matrix, catalog, meta, sens)
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert words.count("Recommended: ") == 1 and f"Recommended: {rec.option.label}" in words
    assert f"Not for the recommendation ({rec.option.label})" in words  # the strategy says whose it is
    assert dt.date(2026, 11, 23).isoformat() in words

"""§4 Quality evidence cites each score's source once under its table, the rows referring to it
by number (tgui3 D6: the same LMArena paragraph on each of 40 rows); read back with pypdf."""

from __future__ import annotations

import pytest
from report_builders import written_package

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir

SCENARIO = {
    "name": "Chat on four instances",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["AWS g6e.4xlarge", "RunPod 1x H100 SXM", "Lambda 1x H100 SXM", "GCP g2-standard-4"],
        "precisions": ["bf16"],
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    package = written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Quality")
    return package.matrix, package.text


def test_each_source_is_cited_once(package):
    matrix, text = package
    rows = [r for r in matrix.ranked if r.quality_source]
    assert len(rows) >= 3  # one model on several instances: the same score and source on every row
    assert len({r.quality_source for r in rows}) == 1
    section = text.split("Quality evidence", 1)[1].split("Missing scores", 1)[0].split("Quality vs", 1)[0]
    source = " ".join(rows[0].quality_source.split())
    assert section.count(source) == 1
    assert f"Sources: [1] {source}" in section
    assert section.count("[1]") == len(rows) + 1  # each row's Source cell, and the citation


def test_memory_chart_leads_with_the_recommendation():
    from app.engine.charts import memory_chart

    catalog = catalog_from_dir()
    sizing = size_scenario(catalog, parse(Scenario, SCENARIO))
    lead = len(sizing.options) - 1
    chart = memory_chart(sizing, lead)
    assert chart.category_options[0] == lead and chart.categories[0] == sizing.options[lead].label

"""Deployment rows whose host power is unknown print the known part of their energy and CO2e as a
labelled lower bound in the PDF and the JSON, not a bare "incomplete" (tgui3 D22); read back with pypdf."""

from __future__ import annotations

import json

import pytest
from report_builders import written_package

SCENARIO = {
    "name": "Chat on an instance without host power",
    "workload": {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.0},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["AWS g6e.4xlarge"], "precisions": ["bf16"]},
    "assumptions": {"grid_gco2e_per_kwh": 250},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    package = written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Carbon")
    return package.sizing, package.text


def test_pdf_prints_the_lower_bound_with_its_label(package):
    sizing, text = package
    row = next(r for r in sizing.deployments.rows if r.pricing == "on_demand")
    assert row.energy_missing == ["host power of AWS g6e.4xlarge"]
    assert row.co2e_kg_per_month is not None and row.co2e_kg_per_month > 0
    # CO2e = kWh x 0.32305 kg/kWh (us-east-1's catalog grid: the scenario's 250 is the site's
    # grid, for nodes without a region figure), the accelerators' part only
    assert row.co2e_kg_per_month == pytest.approx(row.energy_kwh_per_month * 0.32305, rel=1e-9)
    assert f"≥ {row.co2e_kg_per_month:,.0f} (no host)" in text
    assert f"≥ {row.energy_wh_per_million_tokens:,.0f} (no host)" in text
    assert "≥: the known part, a lower bound" in text


def test_json_keeps_the_number_the_flag_and_the_label(package):
    sizing, _ = package
    row = next(r for r in json.loads(sizing.model_dump_json())["deployments"]["rows"] if r["pricing"] == "on_demand")
    assert row["energy_incomplete"] is True
    assert row["co2e_kg_per_month"] > 0
    assert row["energy_lower_bound"] == "lower bound: host power not included"


def test_pdf_summary_writes_the_recommendation_energy_as_the_rows_do(package):
    # the recommendation's energy and CO2e a month: the same "≥ N (no host)" as the deployment table
    sizing, text = package
    o = sizing.recommended
    assert o.energy_incomplete and o.energy_lower_bound == "lower bound: host power not included"
    assert f"≥ {o.energy_kwh_per_month:,.0f} kWh (no host)" in text
    assert f"≥ {o.co2e_kg_per_month:,.0f} kg (no host)" in text

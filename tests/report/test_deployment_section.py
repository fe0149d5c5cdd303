"""The decision package's deployment pages, read back with pypdf from a real sizing."""

from __future__ import annotations

import pytest
from report_builders import written_package

SCENARIO = {
    "name": "Support chat, own or rent",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 6, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "GCP a3-highgpu-8g", "Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 3, "grid_gco2e_per_kwh": 400},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    package = written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Deploy")
    return package.sizing, package.text, package.flat_pages


def test_deployment_section_lists_each_model_with_its_figures(package):
    sizing, text, _ = package
    c = sizing.deployments
    assert "6.1 Deployment: cloud, bare metal, on-prem or hybrid" in text
    assert "6.2 Cumulative cost by deployment model" in text and "6.4 Assumptions behind each deployment model" in text
    for r in c.rows:
        assert r.label in text
        assert f"${r.horizon_cost_usd:,.0f}" in text  # the horizon cost as the table prints it
        assert f"${r.upfront_usd:,.0f}" in text
    on_prem = c.row("on_prem")
    assert on_prem is not None and on_prem.co2e_kg_per_month == pytest.approx(on_prem.energy_kwh_per_month * 0.4)
    assert f"{on_prem.co2e_kg_per_month:,.0f}" in text  # 400 g/kWh from the scenario's assumption


def test_break_evens_and_assumptions_are_stated(package):
    sizing, text, _ = package
    for b in sizing.deployments.break_evens:
        if b.month is not None:
            assert f"month {b.month}: {b.cheaper_after} is cheaper in total than" in text
    assert "Cloud rows are a physical estimate" in text
    assert "Hybrid: an owned base sized to the 60th percentile of the hourly rates" in text


def test_contents_list_the_deployment_pages(package):
    _, _, pages = package
    contents = next(p for p in pages if p.startswith("Contents") or " Contents " in p[:200])
    assert "6 Charts" in contents and "6.1 Deployment" in contents

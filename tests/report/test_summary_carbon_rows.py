"""§1 Summary states the recommendation's energy and CO2e a month and the grid intensity used
(tgui3 D10), read back with pypdf from a real sizing."""

from __future__ import annotations

import pytest
from report_builders import written_package

SCENARIO = {
    "name": "Live subtitles, carbon reported",
    "workload": {
        "name": "Live subtitles",
        "category": "inference_api",
        "traffic": {"requests_per_s": 8, "peak_to_mean": 1.5, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 300, "output_tokens": 80},
        "sla": {"ttft_p95_ms": 400, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 1x H100 SXM", "GCP a3-highgpu-8g"],
        "precisions": ["bf16"],
    },
    "assumptions": {"grid_gco2e_per_kwh": 250, "pue": 1.3},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    package = written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Carbon")
    return package.sizing, package.matrix, package.flat_pages


def test_summary_gives_the_recommendations_energy_and_co2e(package):
    sizing, matrix, pages = package
    start = next(i for i, p in enumerate(pages) if "1 Summary" in p and "Recommended:" in p)
    summary = " ".join(pages[start : start + 2]).split("2 Workload")[0]
    top = matrix.top
    o = sizing.options[top.option_index]
    assert o.energy_kwh_per_month is not None and o.co2e_kg_per_month is not None
    # CO2e = kWh x the instance region's catalog grid (the scenario's 250 g/kWh is the site's grid,
    # for nodes without a region figure: tgui5 D4): Lambda "us" 366.2, GCP us-central1's figure
    region = {"Lambda 1x H100 SXM": "us", "GCP a3-highgpu-8g": "us-central1"}[o.hardware]
    grid = {"us": 366.2, "us-central1": 412.72}[region]  # catalog/grid_regions.yaml
    assert o.co2e_kg_per_month == pytest.approx(o.energy_kwh_per_month * grid / 1000, rel=1e-9)
    # ≤ where the node's host is at its catalogued maximum every hour (N24: Lambda borrows the DGX's)
    mark = "≥ " if o.energy_incomplete else ("≤ ≈" if o.energy_bound == "upper" else "≈")
    bound = " (host max)" if o.energy_bound == "upper" else ""
    assert f"Energy per month {mark}{o.energy_kwh_per_month:,.0f} kWh{bound}" in summary
    co2e = f"CO2e per month {mark}{o.co2e_kg_per_month:,.0f} kg{bound}"
    assert f"{co2e} at {grid:,.0f} g CO2e/kWh ({region}, catalog)" in summary

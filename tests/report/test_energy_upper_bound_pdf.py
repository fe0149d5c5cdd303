"""N24 (issue 18): the decision package prints energy resting on a host's catalogued maximum (the DGX
H100's 4,600 W, drawn every hour) as an upper bound, "≤ N (host max)", in the deployment table and
the recommendation's carbon rows, and says why; read back with pypdf."""

from __future__ import annotations

import pytest
from report_builders import written_package

DGX = "On-prem 8x H100 SXM (DGX H100)"
SCENARIO = {
    "name": "Quiet chat on our DGX",
    "workload": {
        "name": "Quiet chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.5},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": [DGX], "gpu_counts": [1], "precisions": ["bf16"]},
    "assumptions": {"grid_gco2e_per_kwh": 250},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Host max")


def test_pdf_marks_the_host_maximum(package):
    row = next(r for r in package.sizing.deployments.rows if r.label == "On-prem (capex)")
    assert row.energy_bound == "upper"
    text = " ".join(package.text.split())
    assert f"≤ {row.energy_wh_per_million_tokens:,.0f} (host max)" in text
    assert "Energy an upper bound (≤: the host draws its catalogued maximum" in text
    o = package.sizing.recommended
    assert o.energy_bound == "upper"
    assert f"≤ {o.energy_kwh_per_month:,.0f} kWh (host max)" in text

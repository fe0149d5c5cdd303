"""tgui6 D12 in the decision package: an accelerator with no price (Apple M3 Ultra / M4 Max, bare) is
never the recommendation, even where the weights rank it first (memory headroom 10, cost 0), and
the PDF says why: the first priced option (AWS g6.xlarge, $588 a month = 730 h x $0.8048) is
recommended, the Apples named 'not priced', their cost 'unknown' in the matrix's unknown figures.
It used to recommend the M3 Ultra at '$0.000 per 1M tokens'. Real CLI, real PDF read back."""

from __future__ import annotations

import yaml
from pypdf import PdfReader

from app.__main__ import main

# the GUI tester's mac-scenario.yaml (tgui6)
MAC = {
    "name": "Shop-floor assistant on Mac Studio",
    "workload": {
        "name": "Shop-floor assistant",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.2, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 800, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 3000, "tpot_p95_ms": 100},
        "sensitivity": "internal",
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Apple M3 Ultra", "Apple M4 Max", "AWS g6.xlarge"],
        "precisions": ["q4_k_m", "fp8", "bf16"],
        "runtimes": ["llama.cpp", "vLLM"],
    },
    "assumptions": {"pue": 1.3, "electricity_usd_per_kwh": 0.184, "horizon_years": 4, "grid_gco2e_per_kwh": 650},
}


def test_pdf_recommends_the_first_priced_option_and_says_why(tmp_path, capsys):
    path = tmp_path / "mac.yaml"
    path.write_text(yaml.safe_dump(MAC, allow_unicode=True))
    pdf = tmp_path / "mac.pdf"
    args = ["report", str(path), "-o", str(pdf), "--project", str(tmp_path / "p.sqlite")]
    assert main([*args, "--weight", "memory_headroom=10", "--weight", "cost_per_mtok=0"]) == 0
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages).split())
    assert "Recommended: Llama-3.1-8B-Instruct · AWS g6.xlarge" in text
    assert "Recommended: Llama-3.1-8B-Instruct · 1x Apple" not in text
    assert "the selection matrix's first priced choice" in text
    assert "but they are not priced: their cost is unknown (scored at the field's worst)" in text
    assert "Cost per 1M tokens unknown for Llama-3.1-8B-Instruct · 1x Apple M3 Ultra" in text
    assert "$0.000 per 1M" not in text

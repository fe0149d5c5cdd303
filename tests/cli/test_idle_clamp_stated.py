"""The idle rule as computed: idle = min(TDP x idle_power_fraction, busy power) where no idle power
is catalogued (CLI reviewer N16). With the busy-power override at 54 % of TDP and the default
fraction 100 %, a Xeon 8480+ (TDP 350 W, no idle reading) idles at min(350, 0.54 x 350 = 189) =
189 W: the row note and the PDF's deployment assumptions say "idle = min(...)", not "TDP x
fraction" (which reads 350 W)."""

from __future__ import annotations

import json

import pytest
import yaml
from pypdf import PdfReader

from app.__main__ import main

SCENARIO = {
    "name": "xeon",
    "workload": {
        "name": "Ticket triage on CPU",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.05},
        "tokens": {"input_tokens": 400, "output_tokens": 20},
        "sla": {"ttft_p95_ms": 5000, "tpot_p95_ms": 200},
    },
    "candidates": {"models": ["Llama-3.2-1B-Instruct"], "hardware": ["Branch Xeon server"], "precisions": ["bf16"]},
    "assumptions": {"horizon_years": 1, "grid_gco2e_per_kwh": 250, "busy_power_fraction": 0.54},
    "instances": [
        {
            "name": "Branch Xeon server",
            "provider": "on-prem",
            "deployment": "on_prem",
            "accelerator": "Intel Xeon Platinum 8480+",
            "accelerator_count": 1,
            "capex_usd": 12000,
            "power_w": 600,
            "host_power_w": 150,
            "source": "test quote",
            "as_of": "2026-11-30",
        }
    ],
}


def test_idle_clamp_is_stated_in_row_note_and_pdf(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    project = str(tmp_path / "p.sqlite")
    capsys.readouterr()
    assert main(["size", str(path), "--json", "--project", project]) == 0
    data = json.loads(capsys.readouterr().out)
    e = next(x for x in data["options"][0]["explanations"] if x["quantity"].startswith("Energy a month"))
    assert e["inputs"]["P_idle per accelerator [W]"] == pytest.approx(min(350.0, 0.54 * 350.0))
    notes = {n for r in data["deployments"]["rows"] for n in r["assumptions"] if n.startswith("Intel Xeon")}
    assert notes and all("idle 189 W (idle = min(the idle-power share of TDP, busy power)" in n for n in notes)
    pdf = tmp_path / "x.pdf"
    assert main(["report", str(path), "-o", str(pdf), "--project", project]) == 0
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    text = " ".join(text.split())
    assert "idle = min(100% of TDP, busy power)" in text

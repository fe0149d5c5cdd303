"""tcli6 N30: a training run's decision package prints its energy on a host at its catalogued maximum as an
upper bound, "≤ 13 kWh (host max)", as the serving reports do; read back with pypdf. By hand: LoRA r=16 of
Llama-3.1-8B on Lambda 8x H100 SXM, 7.214 GPU-h on 8 GPUs = 0.9018 h, (8 x 700 + 4,600 host max) W x 1.4 PUE
x 0.9018 h = 12.88 kWh, one run a month."""

from __future__ import annotations

import pytest
from report_builders import written_package

SCENARIO = {
    "name": "Monthly LoRA",
    "workload": {
        "name": "Support LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Lambda 8x H100 SXM"], "precisions": ["bf16"]},
    "assumptions": {"horizon_years": 1, "pue": 1.4},
}


def test_training_pdf_marks_the_host_maximum(tmp_path):
    package = written_package(tmp_path, SCENARIO, "LoRA host max")
    o = package.sizing.recommended
    assert o.energy_kwh_per_month == pytest.approx(12.88, rel=0.01)
    assert o.energy_bound == "upper"
    assert "Energy per month ≤ ≈13 kWh (host max)" in package.text  # ≈: rented nodes, an estimate

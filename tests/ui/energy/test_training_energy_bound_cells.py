"""tcli6 N30: a training run's options table marks its energy as serving rows are marked: "≤ ... (host max)"
on Lambda 8x H100 SXM (host 4,600 W, the DGX maximum, every hour of the run), "≥ ... (no host)" on AWS
g6e.12xlarge (no host figure). By hand: 7.214 GPU-h of a LoRA r=16 of Llama-3.1-8B over 4e8 tokens,
Lambda (8 x 700 + 4,600) W x 1.4 x 0.9018 h = 12.88 kWh a month (one run): 12,877 Wh / 400 M tokens
= 32.2 Wh per 1M tokens; g6e 4 x 350 W x 1.4 x 5.476 h = 10.73 kWh, 26.8 Wh per 1M.
Real table model over a real sizing."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.compare import completed
from app.store.io_formats import catalog_from_dir
from app.ui.options_table_model import ENERGY_COLUMN, OptionsTableModel
from app.ui.roles import DISPLAY

SCENARIO = {
    "name": "Monthly LoRA",
    "workload": {
        "name": "Support LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 8x H100 SXM", "AWS g6e.12xlarge"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 1, "pue": 1.4},
}


def test_training_energy_cells_carry_the_bounds(qtbot):
    catalog = catalog_from_dir()
    scenario = parse(Scenario, SCENARIO)
    sizing = completed(size(scenario, catalog), scenario, catalog)
    options = OptionsTableModel()
    options.set_options(sizing.options)
    rows = {o.hardware: n for n, o in reversed(list(enumerate(sizing.options)))}
    lam = sizing.options[rows["Lambda 8x H100 SXM"]]
    assert lam.energy_wh_per_million_tokens == pytest.approx(32.2, rel=0.01)
    g6e = sizing.options[rows["AWS g6e.12xlarge"]]
    assert g6e.energy_wh_per_million_tokens == pytest.approx(4 * 350 * 1.4 * 5.476 / 400, rel=0.01)  # 26.8
    cells = [options.data(options.index(n, ENERGY_COLUMN), DISPLAY) for n in range(options.rowCount())]
    assert "≤ 32 (host max)" in cells
    assert "≥ 27 (no host)" in cells

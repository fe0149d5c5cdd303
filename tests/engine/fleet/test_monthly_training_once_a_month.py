"""A training run scheduled monthly counts once a month in a fleet's GPU-hours, energy and chargeback (tcli6 N25).

`schedule: {recurrence: monthly}` on a fine-tuning entry was planned and counted like `weekly`: the same kWh,
$ and GPU-h per week. The plan's week still holds the run (the week the fleet must carry); every weekly figure
is an average week of the month (AVERAGE_WEEK_RULE), so a monthly run's figures are the weekly run's
x 168 / 730 (0.2301) at 730 hours a month:
    LoRA r=16 of Llama-3.1-8B, 4e8 tokens: 4 x 8.03e9 x 4e8 / (989.4e12 x 0.50) / 3600 = 7.214 GPU-h per run;
    weekly: 7.214 GPU-h a week (4.345 runs a month); monthly: 7.214 x 168 / 730 = 1.660 GPU-h a week (1 run a month).
The energy the run adds above the fleet without it scales the same way (its hours above idle once a month)."""

from __future__ import annotations

import pytest
from fleet_helpers import EIGHT_GPU, ONE_GPU, batch, plan, portfolio, serving

GPU_H = 4 * 8.03e9 * 4e8 / (989.4e12 * 0.5) / 3600
MONTH_SHARE = 168.0 / 730.0


def _lora(recurrence: str) -> dict:
    return {
        "name": "LoRA",
        "workload": {
            "name": "LoRA",
            "category": "fine_tuning",
            "tokens": {"input_tokens": 1500, "output_tokens": 300},
            "fine_tuning": {"method": "lora", "dataset_tokens": 2.0e8, "epochs": 2, "lora_rank": 16},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": "training",
        "team": "ml",
        "schedule": {"window": "00:00-06:00", "recurrence": recurrence},
    }


POOLS = [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}]


def test_monthly_training_counts_one_run_a_month(catalog):
    base = plan(portfolio([serving("Chat", 1.0)], POOLS), catalog)
    weekly = plan(portfolio([serving("Chat", 1.0), _lora("weekly")], POOLS), catalog)
    monthly = plan(portfolio([serving("Chat", 1.0), _lora("monthly")], POOLS), catalog)
    kw = next(k for k in weekly.kpis if k.name == "LoRA")
    km = next(k for k in monthly.kpis if k.name == "LoRA")
    assert kw.gpu_hours_per_week == pytest.approx(GPU_H, rel=0.01)
    assert km.gpu_hours_per_week == pytest.approx(GPU_H * MONTH_SHARE, rel=0.01)  # 1.660, was 7.214
    assert km.mtok_per_week == pytest.approx(400.0 * MONTH_SHARE, rel=1e-6)
    # the run's energy above the fleet without it: once a month, not 4.345 times
    add_w = weekly.energy_kwh_per_month - base.energy_kwh_per_month
    add_m = monthly.energy_kwh_per_month - base.energy_kwh_per_month
    assert add_w > 0
    assert add_m == pytest.approx(add_w * MONTH_SHARE, rel=0.02)
    assert km.energy_kwh_per_month < kw.energy_kwh_per_month
    # the plan's week still holds the whole run
    um = next(u for u in monthly.units if u.name == "LoRA")
    assert um.run_done_share == [pytest.approx(1.0)]


def test_monthly_batch_energy_once_a_month(catalog):
    """A monthly batch run beside a lightly loaded chatbot: the energy it adds above the fleet without it is
    the weekly run's x 168 / 730. The hour's energy above idle was weighted by GPUs held (the chatbot's
    spare and its idle replica counted every week), so the run's busy GPUs counted ~2.2x (tcli6 N25)."""
    chat = serving("Chat", 0.5)
    pools = [{"name": "own", "instance": ONE_GPU, "nodes": 4}]
    base = plan(portfolio([chat], pools), catalog, failures=False, compare=False)
    weekly = plan(portfolio([chat, batch("B", 60_000, "01:00-09:00", recurrence="weekly")], pools), catalog,
                  failures=False, compare=False)  # fmt: skip
    monthly = plan(portfolio([chat, batch("B", 60_000, "01:00-09:00", recurrence="monthly")], pools), catalog,
                   failures=False, compare=False)  # fmt: skip
    add_w = weekly.energy_kwh_per_month - base.energy_kwh_per_month
    add_m = monthly.energy_kwh_per_month - base.energy_kwh_per_month
    assert add_w > 0
    assert add_m == pytest.approx(add_w * MONTH_SHARE, rel=0.02)

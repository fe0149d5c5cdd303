"""A fine-tuning run's options carry energy, CO2e and the horizon cost, or the reason they cannot
(CLI review tcli5 N23: all null, `energy_missing` empty). The reviewer's lora.yaml: LoRA r=16 of
Llama-3.1-8B-Instruct, 3e8 tokens x 2 epochs.

By hand (deployment.training: every training GPU at TDP the whole run, a = 1, s = 1):
    GPU-hours = 4 x 8.03e9 x 6e8 / (989.4e12 x 0.5) / 3600 = 10.82 GPU-h
    RunPod 1x H100 SXM (1 node, 1 GPU; H100 TDP 700 W, host 575 W scaled from the DGX H100, PUE 1.4):
        kWh/run = (700 + 575) W x 1.4 x 10.82 h / 1000 = 19.32 kWh, one run a month
        Wh/1M tokens = 19.32 x 1000 / 600 = 32.19; horizon 12 months x $43.18 = $518.13
    (The reviewer's 14.4 kWh used busy = 0.54 x TDP, the power model before 16f21a2.)
    On-prem DGX H100 (8 x H100, idle 73 W, host 4,600 W): the run trains on its 8 GPUs for
    10.82 / 8 = 1.353 h and the node idles the other 728.65 h of the month:
        (8 x 700 + 4,600) x 1.4 x 1.353 + (8 x 73 + 4,600) x 1.4 x 728.65 = 19.32 + 5,288.2 = 5,307.5 kWh/month
    GCP TPU v5litepod-8: no TDP catalogued for the TPU v5e, so no energy, and `energy_missing` says so."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

LORA = {
    "name": "Retail support LoRA",
    "workload": {
        "name": "Support tone LoRA",
        "category": "fine_tuning",
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "fine_tuning": {"method": "lora", "dataset_tokens": 3.0e8, "epochs": 2, "lora_rank": 16},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["RunPod 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)", "GCP TPU v5litepod-8"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 1},
}


@pytest.fixture(scope="module")
def lora(catalog):
    return size(parse(Scenario, LORA), catalog)


def _first(sized, hardware):
    return next(o for o in sized.options if o.hardware == hardware)


def test_a_rented_run_draws_tdp_and_host_for_its_hours(lora):
    o = lora.recommended
    assert o is not None and o.hardware == "RunPod 1x H100 SXM" and o.train_gpus == 1 and o.nodes == 1
    gpu_hours = 4 * 8.03e9 * 6e8 / (989.4e12 * 0.5) / 3600
    assert_allclose(o.train_gpu_hours, gpu_hours, rtol=1e-3)
    hand = (700 + 575) * 1.4 * o.train_hours / 1000
    assert_allclose(hand, 19.32, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    assert_allclose(o.energy_wh_per_million_tokens, hand * 1000 / 600, rtol=1e-9)
    assert o.energy_missing == [] and not o.energy_incomplete
    assert_allclose(o.horizon_cost_usd, 12 * o.cost_per_run_usd, rtol=1e-9)
    assert_allclose(o.horizon_cost_usd, 518.13, rtol=1e-4)


def test_an_owned_node_trains_then_idles_the_rest_of_the_month(lora):
    o = _first(lora, "On-prem 8x H100 SXM (DGX H100)")
    assert o.nodes == 1 and o.node_gpus == 8 and o.train_gpus == 8
    run_h = o.train_gpu_hours / 8
    hand = ((8 * 700 + 4600) * run_h + (8 * 73 + 4600) * (730 - run_h)) * 1.4 / 1000
    assert_allclose(hand, 5307.5, rtol=1e-4)
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    assert_allclose(o.horizon_cost_usd, 12 * o.cost_per_month_usd, rtol=1e-9)


def test_no_tdp_no_energy_and_the_reason(lora):
    o = _first(lora, "GCP TPU v5litepod-8")
    assert o.energy_kwh_per_month is None and o.co2e_kg_per_month is None
    assert o.energy_incomplete and any("TDP" in m for m in o.energy_missing)
    assert o.horizon_cost_usd is not None and o.horizon_cost_usd > 0


def test_grid_gives_co2e(catalog):
    s = parse(Scenario, LORA | {"assumptions": {"horizon_years": 1, "grid_gco2e_per_kwh": 400}})
    o = _first(size(s, catalog), "On-prem 8x H100 SXM (DGX H100)")
    assert_allclose(o.co2e_kg_per_month, o.energy_kwh_per_month * 0.4, rtol=1e-9)

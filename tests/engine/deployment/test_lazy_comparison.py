"""The deployment comparison is left out of a sizing made with `deployments=False` (what the
Analysis page's what-if steps ask for) and added later, for what needs it, with the same figures as
a sizing that had it from the start. Every option's energy figures are there either way."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment import completed
from app.store.io_formats import catalog_from_dir

BASE = {
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
    # growth: later months need more nodes than month 1 (a one-month horizon would not see them)
    "assumptions": {"horizon_years": 3, "growth_per_quarter": 0.3, "grid_gco2e_per_kwh": 400},
}
ENERGY = ("power_kw", "energy_kwh_per_month", "energy_wh_per_million_tokens", "co2e_kg_per_month")
OWN_PLAN = ("deployment", "pricing", "energy_estimated", "co2e_g_per_million_tokens", *ENERGY)


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_dir()


def scenario(pricing: str) -> Scenario:
    data = {**BASE, "assumptions": {**BASE["assumptions"], "pricing": pricing}}
    return parse(Scenario, data)


@pytest.mark.parametrize("pricing", ["on_demand", "reserved", "spot"])
def test_a_sizing_without_the_comparison_has_each_options_own_plan_figures(catalog, pricing):
    s = scenario(pricing)
    full = size(s, catalog)
    lazy = size(s, catalog, deployments=False)
    assert full.deployments is not None and full.deployments.rows
    assert lazy.deployments is None
    assert [o.label for o in lazy.options] == [o.label for o in full.options]
    for a, b in zip(lazy.options, full.options, strict=True):
        assert {k: getattr(a, k) for k in OWN_PLAN} == {k: getattr(b, k) for k in OWN_PLAN}, a.label
        assert a.horizon_cost_usd is None
    assert any(o.energy_wh_per_million_tokens for o in lazy.options)  # the table's energy column is filled
    # every other figure is the same too
    rest = {"deployments", "options", "recommended"}
    assert lazy.model_dump(exclude=rest) == full.model_dump(exclude=rest)
    assert (lazy.recommended is None) == (full.recommended is None)


@pytest.mark.parametrize("pricing", ["on_demand", "spot"])
def test_completing_a_sizing_gives_what_sizing_with_the_comparison_gives(catalog, pricing):
    s = scenario(pricing)
    full = size(s, catalog)
    lazy = size(s, catalog, deployments=False)
    done = completed(lazy, s, catalog)
    assert done.model_dump_json() == full.model_dump_json()
    assert done.recommended is done.options[0]  # still one of its own options
    assert lazy.deployments is None and all(o.horizon_cost_usd is None for o in lazy.options)  # left as it was
    assert completed(full, s, catalog) is full  # nothing to add


def test_a_training_run_is_completed_with_its_plain_note(catalog):
    s = parse(
        Scenario,
        {
            **BASE,
            "workload": {
                "name": "Tune",
                "category": "fine_tuning",
                "tokens": {"input_tokens": 1500, "output_tokens": 300},
                "fine_tuning": {"method": "lora", "dataset_tokens": 50_000_000, "epochs": 1},
            },
        },
    )
    full = size(s, catalog)
    done = completed(size(s, catalog, deployments=False), s, catalog)
    assert done.model_dump_json() == full.model_dump_json()

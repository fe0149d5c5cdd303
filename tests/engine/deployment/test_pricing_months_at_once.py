"""Every month of the horizon is priced at once (`pricing.month_rates`: the months as rows), never
as a different answer: with traffic that only grows, month m of a 36-month plan is, bit for bit,
the plan priced for that month's growth alone (what each month was when the months were priced
one at a time), for every deployment model and the hybrid."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment import pricing as pr
from app.engine.deployment.compare import fleet_of, modes, scenario_profile
from app.engine.deployment.horizon import growth_factors
from app.engine.deployment.profile import node_hours_per_month
from app.engine.power import node_power_model

SCENARIO = {
    "name": "Support chat, growing",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 60, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": [
            "On-prem 8x H100 SXM (DGX H100)",
            "AWS p5.48xlarge",
            "Lambda 1x H100 SXM",
            "Qubrid 8x H100 80GB bare metal",
        ],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 3, "growth_per_quarter": 0.15, "pricing": "spot"},
}
MONTHS = (0, 4, 17, 35)
FIELDS = ("monthly", "nodes", "kwh", "tokens")


@pytest.fixture(scope="module")
def sized(catalog):
    s = parse(Scenario, SCENARIO)
    sz = size(s, catalog, detailed=False, deployments=False)
    fleets = [f for o in sz.options if o.feasible and (f := fleet_of(o, catalog, s)) is not None]
    return s, fleets


def same(a: float, b: float) -> bool:
    return a == b or (np.isnan(a) and np.isnan(b))


def test_each_month_is_that_months_plan(sized, catalog):
    s, fleets = sized
    profile = scenario_profile(s)
    growth = growth_factors(36, s.assumptions.growth_per_quarter)
    seen = set()
    for f in fleets:
        whole = modes(f, profile, growth, s, catalog)
        for m in MONTHS:
            alone = modes(f, profile, growth[m : m + 1], s, catalog)
            assert set(alone) == set(whole)
            for key, p in whole.items():
                for field in FIELDS:
                    got, want = float(getattr(p, field)[m]), float(getattr(alone[key], field)[0])
                    assert same(got, want), (f.instance.name, key, field, m)
        seen |= set(whole)
    assert {("cloud", "on_demand"), ("cloud", "spot"), ("bare_metal", "lease"), ("on_prem", "capex")} <= seen


def test_hybrid_months_are_each_months_hybrid(sized, catalog):
    s, fleets = sized
    profile = scenario_profile(s)
    growth = growth_factors(36, s.assumptions.growth_per_quarter)
    a = s.assumptions
    owned = next(f for f in fleets if f.instance.capex_usd)
    cloud = next(f for f in fleets if f.instance.deployment.value == "cloud")
    pms = [node_power_model(f.instance, f.accelerator, a, catalog) for f in (owned, cloud)]
    price = cloud.instance.price_on_demand_usd_per_hour
    for q in (0.0, 40.0, 100.0):
        whole, split = pr.hybrid(owned, cloud, profile, growth, a, *pms, q, price)
        for m in MONTHS:
            alone, first = pr.hybrid(owned, cloud, profile, growth[m : m + 1], a, *pms, q, price)
            for field in FIELDS:
                assert same(float(getattr(whole, field)[m]), float(getattr(alone, field)[0])), (q, field, m)
            if m == 0:
                assert first == split


def test_a_month_without_traffic_keeps_the_hourly_rule(sized):
    """Growth x0 merges the day's two rate levels into one: node-hours then follow the month-by-month
    rule (`profile.node_hours_per_month`) for that month."""
    s, fleets = sized
    profile = scenario_profile(s)
    f = next(f for f in fleets if f.instance.deployment.value == "cloud")
    growth = np.array([0.0, 1.0, 2.5])
    p = pr.autoscaled(f, profile, growth, s.assumptions, None, 10.0)
    for m, g in enumerate(growth):
        hours = node_hours_per_month(profile.scaled(g), lambda r: float(f.nodes_for(np.array(r))))
        assert float(p.monthly[m]) == float(hours) * 10.0

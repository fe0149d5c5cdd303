"""An option priced `pricing: reserved` pays the busiest hour's nodes reserved all month: its energy
counts those nodes all month (idle when no hour needs them), and when a deployment row costs less a
month and commits for no longer the option is flagged dominated, naming that row
(tcli3 findings 11 and 12: $1,300 all reserved beside a $712 reserved + on-demand row, silently, and
the energy of the autoscaled nodes only)."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "FAQ bot reserved",
    "workload": {
        "name": "FAQ bot",
        "category": "inference_api",
        # 6 peak hours at 4 x 3 = 12 req/s (4 nodes), 18 hours at 4 x (24 - 18) / 18 = 1.33 req/s (1 node)
        "traffic": {"requests_per_s": 4, "peak_to_mean": 3, "pattern": "diurnal", "peak_hours_per_day": 6},
        "tokens": {"input_tokens": 600, "output_tokens": 150},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 80, "availability": 0.99},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["GCP g2-standard-4"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [1],
    },
    "assumptions": {"redundancy_replicas": 0, "pricing": "reserved"},
}
OD, RES, RES_3Y = 0.70683, 0.445304, 0.318075  # $/h, GCP g2-standard-4 on demand, 1- and 3-year reserved
L4_IDLE_W, PUE = 16.0, 1.4


def _sized(catalog, pricing: str):
    data = copy.deepcopy(SCENARIO)
    data["assumptions"]["pricing"] = pricing
    return size(parse(Scenario, data), catalog)


def test_reserved_option_counts_idle_nodes_and_is_flagged_dominated(catalog):
    inst = catalog.instance("GCP g2-standard-4")
    assert inst.price_on_demand_usd_per_hour == pytest.approx(OD)
    assert inst.price_reserved_usd_per_hour == pytest.approx(RES)
    assert catalog.accelerator("NVIDIA L4").idle_power_w == pytest.approx(L4_IDLE_W)
    assert parse(Scenario, SCENARIO).assumptions.pue == pytest.approx(PUE)
    res, od = _sized(catalog, "reserved"), _sized(catalog, "on_demand")
    o, a = res.recommended, od.recommended
    assert o.replicas == 4 and o.pricing == "reserved_1y" and a.pricing == "on_demand"
    assert o.cost_per_month_usd == pytest.approx(4 * 730 * RES, rel=1e-9)  # $1,300.29
    # the same 4 nodes all month: the 3 that the 18 quiet hours do not need draw their idle power
    idle = 3 * L4_IDLE_W * PUE * 18 * (730 / 24) / 1000  # 36.79 kWh
    assert o.energy_kwh_per_month == pytest.approx(a.energy_kwh_per_month + idle, rel=1e-6)
    mix = 730 * RES + 3 * 6 * (730 / 24) * OD  # 1 node reserved + 3 on demand 6 h a day: $712.06
    row = res.deployments.row("cloud", "reserved_1y")
    assert row.cost_per_month_usd == pytest.approx(mix, rel=1e-6)
    assert (
        "dominated: this plan reserves the busiest hour's 4 replica(s)' nodes all month ($1,300/month, "
        "12 months committed); Cloud reserved 1 y + on-demand peak on GCP g2-standard-4 costs $712/month "
        "and commits 12 months"
    ) in o.flags
    assert not any(f.startswith("dominated:") for f in a.flags)  # on demand: nothing reserved


def test_three_year_reserved_option_holds_its_nodes_all_month_too(catalog):
    assert catalog.instance("GCP g2-standard-4").price_reserved_3y_usd_per_hour == pytest.approx(RES_3Y)
    o, a = _sized(catalog, "reserved_3y").recommended, _sized(catalog, "on_demand").recommended
    assert o.pricing == "reserved_3y" and o.replicas == 4
    assert o.cost_per_month_usd == pytest.approx(4 * 730 * RES_3Y, rel=1e-9)  # $928.80
    idle = 3 * L4_IDLE_W * PUE * 18 * (730 / 24) / 1000
    assert o.energy_kwh_per_month == pytest.approx(a.energy_kwh_per_month + idle, rel=1e-6)

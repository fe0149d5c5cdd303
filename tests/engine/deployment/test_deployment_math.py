"""Deployment models and energy against hand calculations (tolerance 1e-9 relative unless said)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.testing import assert_allclose

from app.domain import Accelerator, Assumptions, Instance
from app.engine.deployment import energy as en
from app.engine.deployment import pricing as pr
from app.engine.deployment.horizon import break_even_month, growth_factors
from app.engine.deployment.profile import base_rate, burst_mask, typical_day
from app.engine.power import PowerModel, accelerator_power_w

DAY = dt.date(2026, 11, 30)


def accelerator(tdp: float = 700.0, idle: float | None = None) -> Accelerator:
    return Accelerator(
        name="Test GPU",
        source="hand-made test record",
        as_of=DAY,
        vendor="Test",
        efficiency_class="test",
        memory_gib=80,
        memory_bandwidth_gb_s=3000,
        tflops_bf16=900,
        tdp_w=tdp,
        idle_power_w=idle,
    )


def instance(**kw) -> Instance:
    base = dict(
        name="Test node",
        source="hand-made test record",
        as_of=DAY,
        provider="test",
        accelerator="Test GPU",
        accelerator_count=1,
    )
    return Instance(**(base | kw))


def fleet(inst: Instance, acc: Accelerator, rate_per_replica=1.0, gpus=1, spares=0, tokens=2000.0) -> pr.Fleet:
    return pr.Fleet(inst, acc, rate_per_replica, gpus, spares, tokens)


# ---------------------------------------------------------------------------- hybrid split


def test_hybrid_base_at_the_60th_percentile_bursts_exactly_the_hours_above_it():
    # 15 hours at 10 req/s and 9 hours at 16..24 req/s. Sorted, r_1..r_15 = 10: the 60th percentile
    # sits at 0.6 x 24 = 14.4 hours, between r_14 = r_15 = 10, so the base is 10 req/s (the inverted
    # CDF says the same: 15 of 24 hours are at or below 10).
    profile = np.array([10.0] * 15 + list(range(16, 25)), dtype=float)
    assert base_rate(profile, 60) == 10.0
    mask = burst_mask(profile, 10.0)
    assert mask.sum() == 9 and profile[mask].tolist() == [16.0, 17, 18, 19, 20, 21, 22, 23, 24]

    # the same through the priced hybrid: 1 req/s per replica, one GPU per node, no spares.
    # Base: 10 replicas on 10 owned nodes, serving up to 10 req/s. Burst in hour r: r - 10 cloud
    # nodes, so per day 6 + 7 + ... + 14 = 90 node-hours; at $2/node-hour and 30 h per profile hour
    # (720 h month): 90 x 30 x 2 = $5,400 of burst a month. Owned: capex 10,000 x 10 up front, no
    # operations, electricity 0 -> month 1 costs the burst only.
    a = Assumptions(hours_per_month=720, operations_share=0, electricity_usd_per_kwh=0)
    acc = accelerator()
    base = fleet(instance(deployment="on_prem", capex_usd=10_000, power_w=1000), acc)
    burst = fleet(instance(name="Cloud", price_on_demand_usd_per_hour=2.0), acc)
    priced, split = pr.hybrid(base, burst, typical_day(profile, 720), growth_factors(12, 0.0), a, None, None, 60, 2.0)
    assert split.burst_hours_per_day == 9 and split.base_nodes == 10 and split.base_rate == 10
    assert split.base_capacity == 10 and split.burst_nodes_max == 14
    assert split.burst_node_hours_per_day == 90
    assert_allclose(priced.monthly[0], 5400.0)
    assert_allclose(priced.upfront[0], 100_000.0)


# ---------------------------------------------------------------------------- break-even


def test_break_even_month_of_capex_against_rental():
    # Owned: capex $100,000 up front + 12%/year operations = $1,000/month (electricity 0).
    # Leased: $5,000/month. Cumulative: 100,000 + 1,000 m against 5,000 m: equal at m = 25.
    a = Assumptions(hours_per_month=720, operations_share=0.12, electricity_usd_per_kwh=0)
    acc = accelerator()
    profile = typical_day(np.full(24, 0.5), 720)  # one replica, one node all day
    growth = growth_factors(36, 0.0)
    owned = pr.on_prem(
        fleet(instance(deployment="on_prem", capex_usd=100_000, power_w=1000), acc), profile, growth, a, None
    )
    leased = pr.lease(
        fleet(instance(name="Leased", deployment="bare_metal", price_lease_usd_per_month=5000), acc),
        profile,
        growth,
        a,
        None,
    )
    assert_allclose(owned.cumulative[[0, 24, 35]], [101_000, 125_000, 136_000])
    assert_allclose(leased.cumulative[[0, 24, 35]], [5_000, 125_000, 180_000])
    assert break_even_month(owned.cumulative, leased.cumulative) == (25, 0)
    assert break_even_month(leased.cumulative, owned.cumulative) == (25, 1)
    # a curve that stays cheaper throughout has no break-even
    assert break_even_month(np.array([1.0, 2, 3]), np.array([2.0, 3, 4])) == (None, 0)


def test_lease_term_longer_than_the_horizon_is_still_owed():
    # 12 months of a 36-month minimum term at $5,000: the 24 months left are owed at the end.
    a = Assumptions(hours_per_month=720)
    leased = pr.lease(
        fleet(instance(deployment="bare_metal", price_lease_usd_per_month=5000, lease_term_months=36), accelerator()),
        typical_day(np.full(24, 0.5), 720),
        growth_factors(12, 0.0),
        a,
        None,
    )
    assert_allclose(leased.total, 36 * 5000.0)


def test_growth_is_per_quarter():
    assert_allclose(growth_factors(7, 0.1), [1, 1, 1, 1.1, 1.1, 1.1, 1.21])


# ---------------------------------------------------------------------------- energy


def test_energy_per_million_tokens_from_power_and_throughput():
    # An 8-GPU node, TDP 700 W, measured idle 100 W, busy half the time (0.5 req/s of requests
    # 2 ln 2 s long: 1 - exp(-0.5 x 2 ln 2) = 0.5): 100 + (700 - 100) x 0.5 = 400 W a GPU;
    # node = 8 x 400 + 800 W host = 4,000 W; x PUE 1.5 = 6,000 W = 6 kWh per hour.
    # Throughput: 0.5 req/s x 2,000 tokens = 1,000 tokens/s = 3.6M tokens per hour.
    # Wh per 1M tokens = 6,000 Wh / 3.6 = 1,666.67.
    assert_allclose(accelerator_power_w(100, 700, 0.5), 400.0)
    assert_allclose(en.wh_per_million_tokens(6.0, 3.6e6), 6000 / 3.6)
    a = Assumptions(hours_per_month=720, pue=1.5, busy_power_fraction=1.0)
    acc = accelerator(tdp=700, idle=100)
    f = fleet(instance(accelerator_count=8, price_on_demand_usd_per_hour=10), acc, rate_per_replica=1.0, gpus=8)
    f = pr.replace(f, request_s=2 * np.log(2))
    pm = PowerModel.of(f.accelerator, a, host_w=800)
    p = pr.autoscaled(f, typical_day(np.full(24, 0.5), 720), growth_factors(1, 0.0), a, pm, 10.0)
    assert_allclose(p.kwh[0], 6.0 * 720)
    assert_allclose(p.tokens[0], 3.6e6 * 720)
    assert_allclose(en.wh_per_million_tokens(p.kwh[0], p.tokens[0]), 6000 / 3.6)
    # CO2e at 400 g/kWh: 4,320 kWh x 0.4 kg = 1,728 kg a month
    assert_allclose(en.co2e_kg(p.kwh[0], 400.0), 1728.0)


def test_idle_falls_back_to_the_assumption_when_no_measurement_is_catalogued():
    a = Assumptions(idle_power_fraction=0.2, busy_power_fraction=0.5)
    f = fleet(instance(price_on_demand_usd_per_hour=1), accelerator(tdp=400, idle=None))
    pm = PowerModel.of(f.accelerator, a, host_w=None)
    assert (pm.idle_w, pm.busy_w, pm.idle_from_catalog, pm.host_known) == (80.0, 200.0, False, False)


def test_spot_serves_only_above_an_on_demand_floor_for_serving_work():
    # rates 1 (12 h) and 3 (12 h) req/s, 1 req/s per replica: floor 1 node on-demand all day,
    # 2 extra nodes on spot 12 h a day. Day: 24 x $10 + 24 node-h x $3 x 1.05 = 240 + 75.6; x 30 = $9,468.
    a = Assumptions(hours_per_month=720, spot_interruption_rate=0.05)
    f = fleet(instance(price_on_demand_usd_per_hour=10, price_spot_usd_per_hour=3), accelerator())
    profile = typical_day(np.array([1.0] * 12 + [3.0] * 12), 720)
    serving = pr.spot(f, profile, growth_factors(1, 0.0), a, None, 3.0, 10.0, interruptible=False)
    assert_allclose(serving.monthly[0], (240 + 24 * 3 * 1.05) * 30)
    batch = pr.spot(f, profile, growth_factors(1, 0.0), a, None, 3.0, 10.0, interruptible=True)
    assert_allclose(batch.monthly[0], 48 * 3 * 1.05 * 30)
    assert pr.spot(f, profile, growth_factors(1, 0.0), a, None, 3.0, None, interruptible=False) is None

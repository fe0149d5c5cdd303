"""A batch job that does not run every day is priced, and draws energy, for the hours its runs take
a month, in the options table and in the deployment comparison alike (one rule:
`deployment.profile.MonthProfile`, each profile hour with the hours of the month it holds).

The old code spread runs x hours into whole hours of a typical day, each standing for 30.4 days, so
a once-a-month 12-hour job was billed 12 h x 30.4 in the deployment rows ($970.90 instead of
$383.04 for the scenario below)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Accelerator, Assumptions, Instance, Scenario, parse
from app.engine import size
from app.engine.deployment import pricing as pr
from app.engine.deployment.horizon import growth_factors
from app.engine.deployment.profile import base_rate, job_profile, node_hours_per_month, typical_day
from app.engine.power import PowerModel

HOURS_PER_MONTH = 730.0
RUNS = {  # runs a month at 730 h: 730 / 24 days, 5/7 of them business days, 730 / 168 weeks
    "once": 1.0,
    "weekly": 730 / 168,
    "business_days": 730 / 24 * 5 / 7,
    "daily": 730 / 24,
}

# The reviewer's reproduction (/tmp/tcli/batch.yaml), as a user types it: 500,000 requests once a
# month in a 12 h window, Llama-3.1-8B fp8 on vLLM, Lambda's 8x H100 SXM node ($31.92/h).
BATCH_YAML = {
    "name": "TCLI batch",
    "workload": {
        "name": "Contract extraction backlog",
        "category": "batch",
        "tokens": {"input_tokens": 4000, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 60000},
        "batch": {
            "total_requests": 500000,
            "deadline_hours": 12,
            "recurrence": "once",
            "start_window": "18:00-06:00",
        },
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Lambda 8x H100 SXM"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "gpu_counts": [1],
    },
}
LAMBDA_8X_H100_USD_PER_HOUR = 31.92  # catalog/instances.yaml, lambda.ai/instances read 2026-09-20


@pytest.fixture(scope="module")
def sized(catalog):
    out = {}
    for recurrence in RUNS:
        data = {**BATCH_YAML, "workload": {**BATCH_YAML["workload"]}}
        data["workload"]["batch"] = {**BATCH_YAML["workload"]["batch"], "recurrence": recurrence}
        out[recurrence] = size(parse(Scenario, data), catalog)
    return out


def work_hours(sizing) -> float:
    """Hours a run's work takes on the recommended option's replicas [h] (issue 18: what a rented
    node is billed, not the 12 h deadline) = 500,000 / (replicas x req/s per replica) / 3600."""
    o = sizing.recommended
    return 500_000 / (o.replicas * o.requests_per_s_per_replica) / 3600


def run_usd(sizing) -> float:
    """One run on one rented 8x H100 node: work hours rounded up to whole minutes (Lambda bills in
    one-minute increments, catalog billing_increment_s: 60) x $31.92."""
    return np.ceil(work_hours(sizing) * 60 - 1e-9) / 60 * LAMBDA_8X_H100_USD_PER_HOUR


def test_once_a_month_job_costs_its_work_hours_in_the_deployment_rows(sized):
    # Hand: 500,000 requests in 12 h = 11.6 req/s; two 1-GPU replicas share one 8-GPU node, which the
    # run rents for the hours its work takes (under 12 h): work h x 1 run x 1 node x $31.92 a month
    # (was 12 h: $383.04, and 970.90 before that: 1 day-hour x 30.4 x $31.92).
    sizing = sized["once"]
    rec = sizing.recommended
    row = sizing.deployments.row("cloud", "on_demand")
    assert rec.replicas == 2 and row.nodes == 1
    work = work_hours(sizing)
    assert work < 12 * 0.9
    assert_allclose(rec.cost_per_month_usd, run_usd(sizing), rtol=1e-9)
    assert_allclose(row.cost_per_month_usd, run_usd(sizing), rtol=1e-9)
    assert_allclose(row.horizon_cost_usd, run_usd(sizing), rtol=1e-9)  # a one-off: one run in 36 months
    # the comparison says which hours of the month its profile hours hold: ceil(work) run hours
    n = int(np.ceil(work))
    assert_allclose(sizing.deployments.profile_hours[:n], [work / n] * n)
    assert_allclose(sum(sizing.deployments.profile_hours), HOURS_PER_MONTH)


@pytest.mark.parametrize("recurrence", list(RUNS))
def test_every_recurrence_costs_runs_times_the_run_in_options_and_rows(sized, recurrence):
    # Hand: runs a month x work h x 1 node x $31.92 (at the 12 h deadline it was: once $383.04, weekly
    # $1,664.40, business days $8,322.00, daily $11,650.80)
    sizing = sized[recurrence]
    expected = RUNS[recurrence] * run_usd(sizing)
    row = sizing.deployments.row("cloud", "on_demand")
    assert_allclose(sizing.recommended.cost_per_month_usd, expected, rtol=1e-6)
    assert_allclose(row.cost_per_month_usd, expected, rtol=1e-6)
    # the option's own energy figure is the comparison row's (one rule)
    assert_allclose(sizing.recommended.energy_kwh_per_month, row.energy_kwh_per_month, rtol=1e-12)


def test_monthly_cost_and_energy_of_a_recurring_job_scale_with_its_runs(sized):
    # Property: each run is the same 12 hours on the same node, so dollars, kWh and tokens a month
    # divided by runs a month are the same for every recurrence; and energy per 1M tokens does not
    # depend on how often the job runs.
    per_run_usd, per_run_kwh, wh_per_mtok = [], [], []
    for recurrence, runs in RUNS.items():
        row = sized[recurrence].deployments.row("cloud", "on_demand")
        per_run_usd.append(row.cost_per_month_usd / runs)
        per_run_kwh.append(row.energy_kwh_per_month / runs)
        wh_per_mtok.append(row.energy_wh_per_million_tokens)
    assert_allclose(per_run_usd, [run_usd(sized["once"])] * 4, rtol=1e-9)
    assert_allclose(per_run_kwh, [per_run_kwh[-1]] * 4, rtol=1e-9)
    assert_allclose(wh_per_mtok, [wh_per_mtok[-1]] * 4, rtol=1e-9)


# ----------------------------------------------------------------- pricing, by hand

DAY = dt.date(2026, 11, 30)
# A 1-GPU node, TDP 700 W at busy fraction 1, measured idle 100 W, no host, PUE 1.5:
# busy 700 x 1.5 = 1,050 W, idle 100 x 1.5 = 150 W a node.
A = Assumptions(hours_per_month=HOURS_PER_MONTH, pue=1.5, busy_power_fraction=1.0, spot_interruption_rate=0.05)
ACC = Accelerator(
    name="Test GPU",
    source="hand-made test record",
    as_of=DAY,
    vendor="Test",
    efficiency_class="test",
    memory_gib=80,
    memory_bandwidth_gb_s=3000,
    tflops_bf16=900,
    tdp_w=700.0,
    idle_power_w=100.0,
)
PM = PowerModel.of(ACC, A, host_w=None)


def job_fleet(**inst) -> pr.Fleet:
    node = Instance(
        **(
            dict(name="Test node", source="hand-made", as_of=DAY, provider="test", accelerator="Test GPU")
            | dict(accelerator_count=1)
            | inst
        )
    )
    # 1 req/s per replica, 1 GPU a replica and a node, 1,000 tokens a request, no nodes between runs
    return pr.Fleet(node, ACC, 1.0, 1, 0, 1000.0, min_replicas=0)


def job(recurrence: str) -> object:
    """2 req/s for 12 h a run (2 nodes while it runs)."""
    return job_profile(2.0, RUNS[recurrence], 12.0, HOURS_PER_MONTH)


def test_job_profile_holds_the_hours_the_runs_take():
    once = job("once")
    assert_allclose(once.rates, [2.0] * 12 + [0.0] * 12)
    assert_allclose(once.hours, [1.0] * 12 + [718 / 12] * 12)  # 12 run hours of 1 h, the rest idle
    daily = job("daily")
    assert_allclose(daily.hours, [730 / 24] * 24)  # 12 h of every day: the typical day
    # a run of 7.5 h holds 8 profile hours of 7.5 / 8 h each; a 24-h run that leaves idle days keeps
    # one profile hour for them
    odd = job_profile(1.0, 1.0, 7.5, HOURS_PER_MONTH)
    assert_allclose(odd.hours[:8], [7.5 / 8] * 8) and odd.rates[8] == 0
    long = job_profile(1.0, RUNS["business_days"], 24.0, HOURS_PER_MONTH)
    assert (long.rates > 0).sum() == 23
    assert_allclose(long.hours[:23].sum(), RUNS["business_days"] * 24)
    for p in (once, daily, odd, long):
        assert_allclose(p.hours.sum(), HOURS_PER_MONTH)
    assert_allclose(node_hours_per_month(once, lambda r: 2.0 if r > 0 else 0.0), 24.0)  # 2 nodes x 12 h


@pytest.mark.parametrize("recurrence", list(RUNS))
def test_cloud_job_pays_and_draws_for_its_run_hours(recurrence):
    # Hand: 2 nodes x 12 h x runs at $10/h, e.g. once $240, daily 2 x 12 x 30.417 x 10 = $7,300;
    # energy 2 nodes x 1,050 W x 12 h x runs (busy: 2 req/s on 2 replicas of 1 req/s), once 25.2 kWh;
    # tokens 2 req/s x 3,600 x 12 h x runs x 1,000 = 86.4M once.
    runs = RUNS[recurrence]
    f = job_fleet(price_on_demand_usd_per_hour=10.0, price_spot_usd_per_hour=3.0)
    p = pr.autoscaled(f, job(recurrence), growth_factors(1, 0.0), A, PM, 10.0)
    assert_allclose(p.monthly[0], 2 * 12 * runs * 10.0)
    assert_allclose(p.kwh[0], 2 * 1.050 * 12 * runs)
    assert_allclose(p.tokens[0], 2 * 3600 * 12 * runs * 1000)
    # spot (interruptible work): the same node-hours at $3 x 1.05 redone; energy x 1.05 too
    s = pr.spot(f, job(recurrence), growth_factors(1, 0.0), A, PM, 3.0, 10.0, interruptible=True)
    assert_allclose(s.monthly[0], 2 * 12 * runs * 3.0 * 1.05)
    assert_allclose(s.kwh[0], 2 * 1.050 * 12 * runs * 1.05)
    # reserved + on-demand peak: the quietest hour needs no node, so nothing is reserved
    r = pr.reserved_mix(f, job(recurrence), growth_factors(1, 0.0), A, PM, 6.0, 10.0, 12)
    assert_allclose(r.monthly[0], 2 * 12 * runs * 10.0)


def test_leased_nodes_idle_between_runs_all_month():
    # 2 leased nodes at $5,000 a month each, held all month: 12 h busy (1,050 W) and 718 h idle
    # (150 W): 2 x (1,050 x 12 + 150 x 718) / 1000 = 2 x 120.3 = 240.6 kWh. The old code took one
    # busy hour as 30.4 h: 2 x (1,050 + 150 x 23) x 30.417 / 1000 = 273.75 kWh.
    f = job_fleet(deployment="bare_metal", price_lease_usd_per_month=5000.0)
    p = pr.lease(f, job("once"), growth_factors(1, 0.0), A, PM)
    assert_allclose(p.monthly[0], 10_000.0)
    assert_allclose(p.kwh[0], 240.6)
    assert_allclose(p.tokens[0], 86.4e6)


def test_on_prem_job_electricity_is_its_run_hours_at_load():
    # 2 owned nodes, electricity $0.10/kWh, no operations: 240.6 kWh (as above) x 0.10 = $24.06.
    a = A.model_copy(update={"electricity_usd_per_kwh": 0.10, "operations_share": 0.0})
    f = job_fleet(deployment="on_prem", capex_usd=10_000.0)
    p = pr.on_prem(f, job("once"), growth_factors(1, 0.0), a, PM)
    assert_allclose(p.kwh[0], 240.6)
    assert_allclose(p.monthly[0], 24.06)


def test_hybrid_base_percentile_is_over_the_hours_of_the_month():
    # Once a month the job runs 12 of 730 hours: 98.4 % of the month is idle, so a base sized to
    # P60 owns nothing and the whole run bursts to the cloud: 2 nodes x 12 h x $10 = $240 (the old
    # code counted 12 of 24 day-hours busy, owned 2 nodes at P60 and billed 12 x 30.4 h).
    day = job("once")
    assert base_rate(day.rates, 60, day.hours) == 0.0
    assert base_rate(day.rates, 100, day.hours) == 2.0
    owned = job_fleet(deployment="on_prem", capex_usd=10_000.0)
    cloud = job_fleet(name="Cloud", price_on_demand_usd_per_hour=10.0)
    a = A.model_copy(update={"operations_share": 0.0, "electricity_usd_per_kwh": 0.0})
    priced, split = pr.hybrid(owned, cloud, day, growth_factors(1, 0.0), a, PM, PM, 60, 10.0)
    assert split.base_nodes == 0
    assert_allclose(priced.monthly[0], 240.0)
    assert_allclose(split.burst_node_hours_per_month, 24.0)
    # equal hours (a typical day) keep the old percentile: sorted, r_1..r_12 = 0 and r_13..r_24 = 2;
    # P50 = r_12 = 0, P(12.5/24) half way from r_12 to r_13 = 1, P75 = r_18 = 2
    flat = typical_day(day.rates, HOURS_PER_MONTH)
    assert base_rate(flat.rates, 50, flat.hours) == base_rate(flat.rates, 50) == 0.0
    assert_allclose(base_rate(flat.rates, 100 * 12.5 / 24, flat.hours), 1.0)
    assert np.isclose(base_rate(flat.rates, 75, flat.hours), 2.0)

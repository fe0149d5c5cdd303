"""A replica running at its max rate is busy the whole time (CLI review tcli5 N2):

    a = max(1 - exp(-lambda x T), min(1, lambda / lambda_max))      (`engine.power.active_share`)

The M/G/inf share 1 - exp(-lambda T) alone counted a prefill-bound embedding replica flat out at
lambda x T = 1 busy 63 % of its run. The scenario is the reviewer's embed.yaml (Qwen3-Embedding-8B
bf16, 3,000,000 x 512-token inputs daily in a 4-hour window).

By hand, recommended RunPod 1x H100 SXM, 4 one-GPU replicas at lambda_max 58.4555 req/s each:
    run = 3e6 / (4 x 58.4555 x 3600) = 3.5638 h; 730 / 24 = 30.4167 runs a month: 108.40 h a month
    node: H100 idle 73 W (catalog), TDP 700 W, s = 1 (the option's kernel_share: compute-bound),
          host 575 W (4,600 W of the DGX H100 / 8), PUE 1.4 (default)
    a = max(1 - exp(-1), 1) = 1: 4 x 108.40 h x (73 + 627 x 1 + 575) W x 1.4 / 1000 = 774.0 kWh/month
    (before: a = 0.632 -> 4 x 108.40 x (73 + 575 + 627 x 0.632) x 1.4 / 1000 = 634.0 kWh/month)
On-prem DGX A100 (A100 80GB SXM idle 61 W, TDP 400 W, host 3,300 W), the cheapest on-prem option:
12 one-GPU replicas at 18.434 req/s on 2 nodes held all month:
    run = 3e6 / (12 x 18.434 x 3600) = 3.7672 h, 114.585 h a month
    idle all month: 2 x (8 x 61 + 3,300) W x 730 h = 5,530,480 Wh
    busy during the runs: 12 x (400 - 61) W x a x 114.585 h = 466,128 Wh x a
    a = 1: (5,530,480 + 466,128) x 1.4 / 1000 = 8,395.25 kWh/month (before, a = 0.632: 8,155.2)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.energy import ENERGY_QUANTITY
from app.engine.estimate import estimate
from app.engine.power import active_share, busy_accelerators

EMBED = {
    "name": "Patent corpus embedding",
    "workload": {
        "name": "Nightly patent embedding",
        "category": "batch",
        "tokens": {"input_tokens": 512, "output_tokens": 1},
        "batch": {"total_requests": 3000000, "recurrence": "daily", "start_window": "01:00-05:00"},
        "sensitivity": "internal",
    },
    "candidates": {
        "models": ["Qwen3-Embedding-8B"],
        "hardware": ["RunPod 1x H100 SXM", "On-prem 8x A100 80GB (DGX A100)"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 1},
}


def test_busy_share_reaches_one_at_the_max_rate():
    # lambda T = 1 at the max rate: the exponential alone says 0.632, the replica is busy all the time
    assert_allclose(active_share(58.46, 1 / 58.46, 58.46), 1.0, rtol=1e-12)
    assert_allclose(active_share(58.46, 1 / 58.46), 1 - math.exp(-1.0), rtol=1e-12)
    # half the max rate of such requests: max(1 - exp(-0.5) = 0.393, 0.5) = 0.5 (M/G/1 utilisation)
    assert_allclose(active_share(29.23, 1 / 58.46, 58.46), 0.5, rtol=1e-12)
    # where requests overlap (decode, 2-s requests, 8 req/s max): the exponential stands
    assert_allclose(active_share(0.2, 2.0, 8.0), 1 - math.exp(-0.4), rtol=1e-12)
    # no max rate known (None, 0, inf): the exponential alone
    assert_allclose(active_share(np.array([1.0, 1.0]), 0.5, np.array([0.0, np.inf])), [1 - math.exp(-0.5)] * 2)
    # the busy count the fleet and the options share: 4 replicas of 1 GPU at their max rate, k = 1
    assert_allclose(busy_accelerators(4 * 58.46, 4, 1, 1 / 58.46, 1.0, 58.46), 4.0, rtol=1e-12)


@pytest.fixture(scope="module")
def embed(catalog):
    return size(parse(Scenario, EMBED), catalog)


def test_embedding_batch_energy_counts_the_run_busy(embed):
    o = embed.recommended
    assert o is not None and o.hardware == "RunPod 1x H100 SXM" and o.gpus == 1 and o.replicas == 4
    assert o.kernel_share == 1.0 and o.request_s is not None
    rate = o.requests_per_s_per_replica
    assert_allclose(rate * o.request_s, 1.0, rtol=1e-3)  # lambda T = 1: the exponential's 63 %
    month_h = 3e6 / (4 * rate * 3600) * 730 / 24
    hand = 4 * month_h * (73 + 627 + 575) * 1.4 / 1000
    assert_allclose(hand, 774.0, rtol=1e-3)
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    row = embed.deployments.row("cloud", "on_demand")
    assert row is not None and row.hardware == o.hardware
    assert_allclose(row.energy_kwh_per_month, hand, rtol=1e-9)
    # the Explain panel names lambda_max and shows a = 1
    e = next(x for x in o.explanations if x.quantity == ENERGY_QUANTITY)
    assert "min(1, lambda_h / lambda_max)" in e.formula
    # the busy share of the run's level in the explanation's table (the level with traffic)
    a_col = e.table_columns.index("a")
    busy_levels = [r for r in e.table_rows if r[e.table_columns.index("req/s")] > 0]
    assert busy_levels and all(abs(r[a_col] - 1.0) < 1e-9 for r in busy_levels)
    assert_allclose(e.inputs["lambda_max, the most a replica serves at any batch [req/s]"], rate, rtol=1e-12)
    assert o.peak_requests_per_s_per_replica == rate  # a batch job (no SLA): its max rate is its peak


def test_on_prem_embedding_option_and_row_count_the_run_busy(embed):
    on_prem = [o for o in embed.options if o.hardware == "On-prem 8x A100 80GB (DGX A100)" and o.gpus == 1]
    assert len(on_prem) == 1
    o = on_prem[0]
    assert o.replicas == 12 and o.nodes == 2 and o.kernel_share == 1.0
    month_h = 3e6 / (12 * o.requests_per_s_per_replica * 3600) * 730 / 24
    hand = (2 * (8 * 61 + 3300) * 730 + 12 * (400 - 61) * month_h) * 1.4 / 1000
    assert_allclose(hand, 8395.25, rtol=1e-4)
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    # the option's month (engine.cost, batch branch) carries the electricity of the on-prem row
    row = embed.deployments.row("on_prem")
    assert row is not None and row.hardware == o.hardware
    assert_allclose(row.energy_kwh_per_month, hand, rtol=1e-9)
    assert_allclose(o.cost_per_month_usd, row.cost_per_month_usd, rtol=1e-9)


def test_estimate_at_nearly_the_max_rate_draws_nearly_busy_power(catalog):
    # `estimate` of the same replica at 58 req/s (of its 58.46 max): a = max(1 - exp(-58 T), 58 / max)
    # = 0.992 (the exponential alone: 0.629); power = (73 + 575 + 627 x a) x 1.4 W
    e = estimate(
        catalog,
        rate=58.0,
        model="Qwen3-Embedding-8B",
        hardware="RunPod 1x H100 SXM",
        gpus=1,
        precision="bf16",
        input_tokens=512,
        output_tokens=1,
    )
    assert e.energy is not None and e.energy.request_s is not None and e.energy.kernel_share == 1.0
    top = 1 / e.energy.request_s  # prefill-bound: the max rate is one request after another
    a = max(1 - math.exp(-58.0 * e.energy.request_s), 58.0 / top)
    assert a > 0.99
    assert_allclose(e.energy.power_w, (73 + 575 + 627 * a) * 1.4, rtol=1e-3)

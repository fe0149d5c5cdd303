"""A hybrid's owned spares cover the burst's service too (tcli5 N19): the burst adds only the spare
nodes the owned spares leave uncovered. Hand figures, tolerance 1e-9 relative."""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.testing import assert_allclose

from app.domain import Accelerator, Assumptions, Instance
from app.engine.deployment import pricing as pr
from app.engine.deployment.horizon import growth_factors
from app.engine.deployment.profile import typical_day

DAY = dt.date(2026, 12, 1)
# 15 hours at 10 req/s, 9 hours at 16..24 req/s: P60 = 10 req/s; 720 h month (30 h per profile hour)
PROFILE = np.array([10.0] * 15 + list(range(16, 25)), dtype=float)


def _acc() -> Accelerator:
    return Accelerator(
        name="Test GPU",
        source="hand-made test record",
        as_of=DAY,
        vendor="Test",
        efficiency_class="test",
        memory_gib=80,
        memory_bandwidth_gb_s=3000,
        tflops_bf16=900,
        tdp_w=700,
    )


def _fleet(rate: float, spares: int, **kw) -> pr.Fleet:
    inst = Instance(
        **(
            dict(
                name="node", source="hand-made", as_of=DAY, provider="test", accelerator="Test GPU", accelerator_count=1
            )
            | kw
        )
    )
    # one GPU per replica, one per node: each spare replica is one spare node
    return pr.Fleet(inst, _acc(), rate, 1, spares, 2000.0, spare_nodes=float(spares))


def _month(base_spares: int, burst_spares: int, burst_rate: float = 1.0, percentile: float = 60) -> tuple[float, float]:
    a = Assumptions(hours_per_month=720, operations_share=0, electricity_usd_per_kwh=0)
    base = _fleet(1.0, base_spares, deployment="on_prem", capex_usd=10_000, power_w=1000)
    burst = _fleet(burst_rate, burst_spares, name="Cloud", price_on_demand_usd_per_hour=2.0)
    got = pr.hybrid(base, burst, typical_day(PROFILE, 720), growth_factors(12, 0.0), a, None, None, percentile, 2.0)
    assert got is not None
    priced, split = got
    return float(priced.monthly[0]), split.burst_nodes_max


def test_owned_spares_cover_the_burst_no_second_set_at_peak():
    # base: 10 serving + 2 spare owned nodes (capacity 10 req/s); burst hours need r - 10 nodes:
    # 6 + 7 + ... + 14 = 90 node-h a day x 30 x $2 = $5,400. The burst's own 2 spares are covered by the
    # 2 owned spares (same rate per replica): no extra node. Old code: +2 nodes x 9 h x 30 x $2 = +$1,080.
    month, peak = _month(2, 2)
    assert_allclose(month, 5400.0, rtol=1e-9)
    assert peak == 14


def test_burst_keeps_the_spares_the_owned_ones_leave_uncovered():
    # 1 owned spare covers 1 of the burst's 2: the burst keeps 1 spare node in each of its 9 hours:
    # 5,400 + 1 x 9 x 30 x 2 = $5,940
    month, peak = _month(1, 2)
    assert_allclose(month, 5940.0, rtol=1e-9)
    assert peak == 15
    # a burst replica twice as fast (2 req/s): burst nodes ceil((r - 10) / 2) = 3,4,4,5,5,6,6,7,7 = 47
    # node-h a day; 2 owned spares x 1 req/s cover floor(2 x 1 / 2) = 1 of its 2 spares: + 9 node-h a day
    # -> (47 + 9) x 30 x 2 = $3,360
    month, _ = _month(2, 2, burst_rate=2.0)
    assert_allclose(month, 3360.0, rtol=1e-9)


def test_nothing_owned_keeps_the_cloud_rows_spares():
    # P0 owns nothing: the cloud row's plan, spares included, every hour: nodes r + 2 all day
    # sum(r) = 150 + 180 = 330, + 2 x 24 = 378 node-h a day x 30 x 2 = $22,680
    month, _ = _month(2, 2, percentile=0)
    assert_allclose(month, 22680.0, rtol=1e-9)

"""On-prem electricity of points each at a day of its own (the traffic chart's steps, priced in one
plan): one call gives every point the kWh that `dedicated_kwh` gives it among the points at its
day, to the last bit (the Analysis page's cost curve must not move when it is computed faster)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from app.engine.power import PowerModel, dedicated_kwh, dedicated_kwh_each_day

HOURS = 730.0  # [h] a month


def _power() -> PowerModel:
    # round test figures, not catalog facts
    return PowerModel(idle_w=100.0, busy_w=700.0, host_w=500.0, pue=1.3, idle_from_catalog=True, host_known=True)


def test_an_idle_node_by_hand():
    """One 1-GPU node, no traffic all day: 1 replica held, idle every hour: (1 x 100 W + 500 W) x
    1.3 = 780 W for 730 h = 569.4 kWh."""
    kwh = dedicated_kwh_each_day(
        _power(),
        1.0,
        np.array([1.0]),
        np.array([1.0]),
        np.array([2.0]),
        np.array([1.0]),
        np.array([1.5]),
        np.zeros((24, 1)),
        np.array([True]),
        HOURS,
    )
    assert_allclose(kwh, [780.0 * HOURS / 1000.0], rtol=1e-12)


def test_each_point_gets_the_kwh_of_its_own_day_to_the_last_bit():
    rng = np.random.default_rng(7)
    shape = rng.uniform(0.2, 1.0, 24)  # a day's shape; each step scales it
    scales = [0.25, 0.5, 1.0, 2.0, 4.0, 3.0]
    # points: two options at the first five steps (a group of two per day), one alone at the last
    scale = np.array([k for k in scales[:5] for _ in range(2)] + [3.0])
    n = scale.size
    nodes = rng.integers(1, 6, n).astype(float)
    slots = nodes * 2
    rate = rng.uniform(0.5, 3.0, n)  # [req/s] per replica
    gpus = np.full(n, 4.0)
    request_s = rng.uniform(0.5, 4.0, n)
    kernel = rng.uniform(0.6, 1.0, n)
    days = [(scale == k, shape * k) for k in scales]
    # as the plan priced them before: one call per day, for the points at it
    expected = np.zeros(n)
    alone = np.zeros(n, dtype=bool)
    for mask, day in days:
        expected[mask] = dedicated_kwh(
            _power(), 8.0, nodes[mask], slots[mask], rate[mask], gpus[mask], request_s[mask], day, HOURS, kernel[mask]
        )
        alone[mask] = np.count_nonzero(mask) == 1
    rates = shape[:, None] * scale[None, :]
    got = dedicated_kwh_each_day(_power(), 8.0, nodes, slots, rate, gpus, request_s, rates, alone, HOURS, kernel)
    assert alone.any() and not alone.all()  # both ways of summing a day are covered
    assert_array_equal(got, expected)

"""The fleet plans a workload at its declared mean rate, over the same hourly shape `archwise size`
prices (engine.deployment.profile.hourly_profile): the portfolio's profile shapes the hours, it does
not rescale the traffic (issue 17: a declared 10 req/s was planned as 12 req/s mean)."""

from __future__ import annotations

import numpy as np
import pytest
from fleet_helpers import ONE_GPU, hours, plan, portfolio, serving
from numpy.testing import assert_allclose

from app.domain import Traffic
from app.engine.deployment.profile import hourly_profile

POOL = [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}]


def chat(mean: float, **traffic_and_profile):
    profile = traffic_and_profile.pop("profile", None)
    entry = serving("Chat", mean)
    entry["workload"]["traffic"] = {"requests_per_s": mean, **traffic_and_profile}
    if profile is None:
        entry.pop("profile")  # the default: diurnal
    else:
        entry["profile"] = profile
    return entry


def demand(entry, catalog) -> np.ndarray:
    fp = plan(portfolio([entry], POOL), catalog, compare=False, failures=False)
    return np.array(fp.units[0].demand_rps_by_hour)


def test_the_planned_mean_is_the_declared_mean(catalog):
    """10 req/s, x2 for 8 peak hours: 20 req/s in the peak hours, (24 - 8 x 2) / 16 x 10 = 5 req/s in
    the others; the week's mean is 10 req/s (it was 12 with the peak scaled to the profile's top)."""
    week = demand(chat(10.0, peak_to_mean=2.0, peak_hours_per_day=8), catalog)
    assert_allclose(week.mean(), 10.0, rtol=1e-12)
    assert_allclose(week.max(), 20.0, rtol=1e-12)
    assert_allclose(week.min(), 5.0, rtol=1e-12)


def test_fleet_and_size_give_the_same_hourly_shape(catalog):
    traffic = Traffic(requests_per_s=10.0, peak_to_mean=3.0, peak_hours_per_day=6)
    week = demand(chat(10.0, peak_to_mean=3.0, peak_hours_per_day=6), catalog)
    day = hourly_profile(traffic)
    for d in range(7):
        assert_allclose(week[d * 24 : d * 24 + 24], day, rtol=1e-12)


def test_a_steady_workload_is_flat_in_both(catalog):
    week = demand(chat(4.0, peak_to_mean=2.0, pattern="steady"), catalog)
    assert_allclose(week, hourly_profile(Traffic(requests_per_s=4.0, pattern="steady")).mean(), rtol=1e-12)
    assert_allclose(week, 4.0, rtol=1e-12)


@pytest.mark.parametrize(
    "profile",
    [
        {"levels": hours(8, 12)},
        {"pattern": "business_hours", "days_per_week": 5, "off_day_level": 0.5},
        {"pattern": "flat", "days_per_week": 5},
    ],
)
def test_written_levels_shape_the_hours_and_keep_the_mean(catalog, profile):
    week = demand(chat(10.0, peak_to_mean=1.0, profile=profile), catalog)
    assert_allclose(week.mean(), 10.0, rtol=1e-12)


def test_written_levels_by_hand(catalog):
    """Four busy hours a day and nothing else: 10 req/s a day's mean is 10 x 24 / 4 = 60 req/s in
    each busy hour; the plan says the profile's peak differs from the workload's x2."""
    fp = plan(portfolio([chat(10.0, peak_to_mean=2.0, profile={"levels": hours(8, 12)})], POOL), catalog,
              compare=False, failures=False)  # fmt: skip
    week = np.array(fp.units[0].demand_rps_by_hour)
    assert_allclose(week[8:12], 60.0, rtol=1e-12)
    assert week[12] == 0.0
    assert any("x6 the mean" in n and "x2" in n for n in fp.notes), fp.notes

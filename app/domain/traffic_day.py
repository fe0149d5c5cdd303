"""The one hourly shape of a workload's day, shared by `archwise size` (the deployment profile the
monthly cost autoscales over, engine.deployment.profile) and the fleet planner (a portfolio entry's
default `diurnal` profile), so the two never plan different days for the same traffic."""

from __future__ import annotations

from app.domain.workload import Traffic, TrafficPattern

HOURS_PER_DAY = 24


def day_shares(t: Traffic | None) -> tuple[float, ...]:
    """Each hour's arrival rate as a multiple of the stated mean rate [1], 24 values, 00:00 first.

    The workload states a mean rate, a peak-to-mean ratio R and the hours a day at or near peak
    (`peak_hours_per_day`, P, rounded to whole hours):

        peak hours: R
        other hours: (24 - P x R) / (24 - P)   (so the day's mean is 1: the stated mean is kept)

    A steady pattern, R <= 1, P = 0 or P = 24 is flat at 1. `Traffic` refuses a day that cannot keep
    its mean (P x R > 24, or 0 or 24 peak hours with R > 1), so the clamp of the other hours at 0 below
    only guards records built without validation. The P peak hours are placed in the middle of
    the day, hours (24 - P) // 2 onwards (business hours). None (no serving traffic): all 0."""
    if t is None:
        return (0.0,) * HOURS_PER_DAY
    ptm = t.peak_to_mean
    hours = int(round(min(max(t.peak_hours_per_day, 0.0), 24.0)))
    if t.pattern is TrafficPattern.STEADY or ptm <= 1.0 or hours in (0, HOURS_PER_DAY):
        return (1.0,) * HOURS_PER_DAY
    off = max((HOURS_PER_DAY - hours * ptm) / (HOURS_PER_DAY - hours), 0.0)
    start = (HOURS_PER_DAY - hours) // 2
    return tuple(ptm if start <= h < start + hours else off for h in range(HOURS_PER_DAY))


__all__ = ["day_shares"]

"""The hourly traffic profile a deployment is priced against, and the hybrid split over it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from app.domain import Traffic, TrafficPattern
from app.domain.traffic_day import day_shares

HOURS_PER_DAY = 24


def hourly_profile(t: Traffic | None) -> np.ndarray:
    """Arrival rate for each hour of a typical day [req/s], shape (24,):

        rate[h] = mean x day_shares(t)[h]

    `app.domain.traffic_day.day_shares` is the one day shape, shared with the fleet planner: the
    workload's `peak_hours_per_day` (P) hours at mean x peak_to_mean, the other hours at
    mean x (24 - P x peak_to_mean) / (24 - P), so the mean is kept; a steady pattern is flat at the
    mean. `Traffic` refuses a day where P x peak_to_mean > 24 (the mean could not be kept). The
    peak hours are placed in the middle of the day (business hours), which only matters to the
    chart."""
    if t is None:
        return np.zeros(HOURS_PER_DAY)
    return t.requests_per_s * np.asarray(day_shares(t), dtype=np.float64)


def node_hours_per_month(profile: np.ndarray, nodes_at: Callable[[float], Any], hours_per_month: float) -> Any:
    """Node-hours a month [node-h] of a fleet that follows the hourly profile:

        sum over the 24 hours h of nodes_at(rate_h) x hours_per_month / 24

    `nodes_at(rate)` gives the nodes that serve `rate` [req/s] (a number, or an array over sizing
    points). The one rule for autoscaled pay-per-hour pricing, shared by the cost engine's monthly
    cost (engine.cost.plan) and the deployment comparison's on-demand row (deployment.pricing), so
    the options table and the deployments table price the same hours. Each distinct rate is
    evaluated once (a diurnal day has two levels)."""
    levels, counts = np.unique(np.asarray(profile, dtype=np.float64), return_counts=True)
    total: Any = 0.0
    for rate, count in zip(levels.tolist(), counts.tolist(), strict=True):
        total = total + nodes_at(rate) * count
    return total * hours_per_month / HOURS_PER_DAY


def job_profile(rate: float, active_hours_per_month: float, hours_per_month: float) -> np.ndarray:
    """A batch job's day [req/s], shape (24,): its run rate for the share of the month it runs
    (runs x hours per run / hours per month, rounded to whole hours of a day), idle otherwise."""
    share = min(max(active_hours_per_month / hours_per_month, 0.0), 1.0)
    hours = max(int(round(share * HOURS_PER_DAY)), 1 if share > 0 else 0)
    rates = np.zeros(HOURS_PER_DAY)
    rates[:hours] = rate
    return rates


def profile_note(t: Traffic | None) -> str:
    """A sentence when `hourly_profile` could not keep the stated mean, else ''."""
    if t is None or t.pattern is TrafficPattern.STEADY:
        return ""
    hours = int(round(t.peak_hours_per_day))
    if 0 < hours < 24 and hours * t.peak_to_mean > 24:
        return (
            f"{hours} peak hours at x{t.peak_to_mean:g} exceed a day's traffic at the stated mean: the other "
            "hours are taken as idle and the day's mean is higher than stated."
        )
    return ""


def base_rate(profile: np.ndarray, percentile: float) -> float:
    """The rate an owned base is sized for [req/s]: the `percentile`-th percentile P of the hourly
    rates, continuous in P. With the n = 24 hourly rates sorted, r_1 <= ... <= r_n, and r_0 = 0:

        base(P) = r_k + (r_(k+1) - r_k) x (P/100 x n - k),   k = floor(P/100 x n)

    so base(k/n x 100) = r_k, the smallest rate with at least k of the n hours at or below it (the
    inverted empirical CDF at the hour boundaries), linear between them. P0 = 0 req/s (nothing
    owned: all-cloud), P100 = the busiest hour (all owned). A base between two hourly rates is a
    design of its own (own part of the peak, burst the rest), which keeps the cost curve over P free
    of jumps other than whole nodes."""
    if profile.size == 0:
        return 0.0
    q = min(max(percentile, 0.0), 100.0)
    rates = np.concatenate([[0.0], np.sort(np.asarray(profile, dtype=np.float64))])
    return float(np.interp(q / 100.0 * profile.size, np.arange(rates.size), rates))


def burst_mask(profile: np.ndarray, base: float) -> np.ndarray:
    """Hours whose rate is above `base` [bool, (24,)]: with `base` the owned base's capacity
    [req/s], the hours that burst to the cloud."""
    return profile > base * (1 + 1e-12)

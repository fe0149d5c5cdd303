"""The hourly traffic profile a deployment is priced against, and the hybrid split over it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class MonthProfile:
    """A month of traffic as 24 profile hours: the rate of each [req/s] and the hours of the month it
    holds [h], so that a quantity q_h that accrues by the hour (node-hours, kWh, tokens) sums over the
    month as

        Q_month = sum over the 24 profile hours h of q_h x hours_h

    A typical day repeated all month (`typical_day`) gives every profile hour hours_per_month / 24
    hours; a batch job (`job_profile`) gives its run hours only the hours its runs take a month. The
    hours sum to hours_per_month, so a node held all month (lease, on-prem, reserved) is held for
    sum(hours) = hours_per_month whatever the weights."""

    rates: np.ndarray  # (24,) [req/s]
    hours: np.ndarray  # (24,) [h a month] each rate holds

    def scaled(self, k: float) -> MonthProfile:
        """The same hours at the rates times `k` (growth, a what-if traffic step)."""
        return MonthProfile(self.rates * k, self.hours)

    @property
    def hours_per_month(self) -> float:
        """[h] the month the profile covers: sum of its hours."""
        return float(np.sum(self.hours))

    @property
    def mean_rate(self) -> float:
        """[req/s] the month's mean: sum_h rate_h x hours_h / sum_h hours_h."""
        total = float(np.sum(self.hours))
        return float(np.sum(self.rates * self.hours)) / total if total > 0 else 0.0

    @property
    def active_mean_rate(self) -> float:
        """[req/s] the mean over the hours with traffic (a batch job's run rate)."""
        busy = self.rates > 0
        total = float(np.sum(self.hours[busy]))
        return float(np.sum(self.rates[busy] * self.hours[busy])) / total if total > 0 else 0.0

    @property
    def active_hours_per_month(self) -> float:
        """[h] hours of the month with traffic (rate > 0)."""
        return float(np.sum(self.hours[self.rates > 0]))

    def any(self) -> bool:
        """Whether any hour has traffic."""
        return bool(np.any(self.rates > 0))


@dataclass(frozen=True)
class JobMonthProfile(MonthProfile):
    """A batch job's month (`job_profile`) that grows in work, not in rate (tcli5 N13): more
    requests a run keep the run's replicas and lengthen the run; replicas are added only when the
    run would miss its deadline, and then the run is shorter. For a run of R x k requests
    (`scaled(k)`, growth k):

        replicas = max(serving, ceil(R x k / (replica_rate x deadline_h x 3600)))
        work [h] = min(R x k / (replicas x replica_rate x 3600), deadline_h)
        rate     = R x k / (work x 3600)                         (the run rate, req/s)

    and `job_profile(rate, runs_per_month, work, hours_per_month)`. So the node-hours of a run scale
    with its work (120,000 requests a week on 3 replicas at 1.2119 req/s: 9.17 h; x 1.05: 9.63 h,
    not a 4th replica for 9.17 h)."""

    requests_per_run: float = 0.0  # R [requests] at growth 1
    replica_rate: float = 0.0  # [req/s] one replica's rate
    serving: float = 1.0  # serving replicas the option is sized with
    deadline_h: float = 0.0  # [h] the run's window
    runs_per_month: float = 0.0
    month_h: float = 0.0  # [h] hours_per_month

    def scaled(self, k: float) -> MonthProfile:
        """The month whose runs carry `k` times the requests (see the class)."""
        if k == 1.0:
            return self
        requests = self.requests_per_run * k
        if not (requests > 0 and self.replica_rate > 0 and self.deadline_h > 0):
            return job_profile(0.0, self.runs_per_month, 0.0, self.month_h)
        needed = float(np.ceil(requests / (self.replica_rate * self.deadline_h * 3600.0) - 1e-9))
        replicas = max(self.serving, needed, 1.0)
        work = min(requests / (replicas * self.replica_rate * 3600.0), self.deadline_h)
        return job_profile(requests / (work * 3600.0), self.runs_per_month, work, self.month_h)


def grown_job(
    requests_per_run: float,
    replica_rate: float,
    serving: float,
    deadline_h: float,
    runs_per_month: float,
    hours_per_month: float,
) -> MonthProfile:
    """A batch job's month at growth 1 as a `JobMonthProfile` (its runs of `requests_per_run` on
    `serving` replicas of `replica_rate` [req/s], at most `deadline_h` [h] each); a plain
    `job_profile` when a figure is missing."""
    if not (requests_per_run > 0 and replica_rate > 0 and deadline_h > 0):
        return job_profile(0.0, runs_per_month, 0.0, hours_per_month)
    work = min(requests_per_run / (max(serving, 1.0) * replica_rate * 3600.0), deadline_h)
    base = job_profile(requests_per_run / (work * 3600.0), runs_per_month, work, hours_per_month)
    return JobMonthProfile(
        base.rates,
        base.hours,
        requests_per_run=requests_per_run,
        replica_rate=replica_rate,
        serving=max(serving, 1.0),
        deadline_h=deadline_h,
        runs_per_month=runs_per_month,
        month_h=hours_per_month,
    )


def month_profiles(profile: MonthProfile, growth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rates [req/s], hours [h]) of each month, shape (months, 24) each: row m is
    `profile.scaled(growth[m])` (a typical day: its rates x growth over the same hours; a batch
    job: `JobMonthProfile.scaled`, more work in longer runs)."""
    g = np.asarray(growth, dtype=np.float64)
    if isinstance(profile, JobMonthProfile):
        months = [profile.scaled(float(k)) for k in g.tolist()]
        rates = np.array([m.rates for m in months], dtype=np.float64).reshape(g.size, -1)
        hours = np.array([m.hours for m in months], dtype=np.float64).reshape(g.size, -1)
        return rates, hours
    rates = np.asarray(profile.rates, dtype=np.float64)[None, :] * g[:, None]
    return rates, np.broadcast_to(np.asarray(profile.hours, dtype=np.float64), rates.shape)


def typical_day(rates: np.ndarray, hours_per_month: float) -> MonthProfile:
    """A day's 24 hourly rates [req/s] repeated all month: each hour holds hours_per_month / 24 [h]."""
    r = np.asarray(rates, dtype=np.float64)
    return MonthProfile(r, np.full(r.shape, hours_per_month / r.size))


def node_hours_per_month(profile: MonthProfile, nodes_at: Callable[[float], Any]) -> Any:
    """Node-hours a month [node-h] of a fleet that follows the profile:

        sum over the 24 profile hours h of nodes_at(rate_h) x hours_h

    `nodes_at(rate)` gives the nodes that serve `rate` [req/s] (a number, or an array over sizing
    points); `hours_h` [h] is what `MonthProfile` says the hour holds (hours_per_month / 24 for a
    typical day, a batch run's hours for a job). The one rule for autoscaled pay-per-hour pricing,
    shared by the cost engine's monthly cost (engine.cost.plan, serving and batch) and the deployment
    comparison's cloud rows (deployment.pricing), so the options table and the deployments table
    price the same hours. Each distinct rate is evaluated once (a diurnal day has two levels)."""
    rates = np.asarray(profile.rates, dtype=np.float64)
    levels, inverse = np.unique(rates, return_inverse=True)
    held = np.bincount(inverse.ravel(), weights=np.asarray(profile.hours, dtype=np.float64).ravel())
    total: Any = 0.0
    for rate, hours in zip(levels.tolist(), held.tolist(), strict=True):
        if hours > 0:
            total = total + nodes_at(rate) * hours
    return total


def job_profile(rate: float, runs_per_month: float, hours_per_run: float, hours_per_month: float) -> MonthProfile:
    """A batch job's month: its run rate [req/s] for the hours its runs take, idle otherwise.

        active [h a month] = min(runs_per_month x hours_per_run, hours_per_month)
        n                  = ceil(hours_per_run) profile hours at the run rate (1..24; 23 when the runs
                             leave idle hours but a run fills a day, so one hour holds the idle rest)
        hours of a run hour  = active / n
        hours of an idle hour = (hours_per_month - active) / (24 - n)

    A once-a-month 12-hour job holds 12 profile hours of 1 h each (12 h a month, not 12 x 30.4); a
    daily one 12 hours of 30.4 h each. Run hours come first in the day (only the chart sees where)."""
    active = min(max(runs_per_month * hours_per_run, 0.0), hours_per_month)
    rates = np.zeros(HOURS_PER_DAY)
    hours = np.zeros(HOURS_PER_DAY)
    if active <= 0 or rate <= 0:
        return MonthProfile(rates, np.full(HOURS_PER_DAY, hours_per_month / HOURS_PER_DAY))
    n = min(max(int(np.ceil(hours_per_run - 1e-9)), 1), HOURS_PER_DAY)
    idle = hours_per_month - active
    if n == HOURS_PER_DAY and idle > 1e-9 * hours_per_month:
        n = HOURS_PER_DAY - 1  # keep one profile hour for the idle rest of the month
    rates[:n] = rate
    hours[:n] = active / n
    if n < HOURS_PER_DAY:
        hours[n:] = max(idle, 0.0) / (HOURS_PER_DAY - n)
    return MonthProfile(rates, hours)


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


def base_rate(profile: np.ndarray, percentile: float, hours: np.ndarray | None = None) -> float:
    """The rate an owned base is sized for [req/s]: the `percentile`-th percentile P of the hourly
    rates over the hours of the month, continuous in P. With the n = 24 hourly rates sorted,
    r_1 <= ... <= r_n, r_0 = 0, and c_k the hours of the month at or below r_k as a share of the
    month times n (c_k = k when every hour holds as many hours, as a typical day does; `hours` [h]
    each rate holds, from `MonthProfile`; None: equal hours):

        base(P) = r_k + (r_(k+1) - r_k) x (P/100 x n - c_k) / (c_(k+1) - c_k),  c_k <= P/100 x n <= c_(k+1)

    so with equal hours base(k/n x 100) = r_k, the smallest rate with at least k of the n hours at or
    below it (the inverted empirical CDF at the hour boundaries), linear between them. P0 = 0 req/s
    (nothing owned: all-cloud), P100 = the busiest hour (all owned). A base between two hourly rates
    is a design of its own (own part of the peak, burst the rest), which keeps the cost curve over P
    free of jumps other than whole nodes. A batch job that runs 12 h of a 730-h month has P60 = 0:
    the base is sized to the hours of the month, not to the profile's 24 slots."""
    if profile.size == 0:
        return 0.0
    q = min(max(percentile, 0.0), 100.0)
    r = np.asarray(profile, dtype=np.float64)
    w = np.ones(r.size) if hours is None else np.asarray(hours, dtype=np.float64)
    order = np.argsort(r, kind="stable")
    rates = np.concatenate([[0.0], r[order]])
    total = float(np.sum(w))
    if total <= 0:
        return float(rates[-1])
    at = np.concatenate([[0.0], np.cumsum(w[order]) / total * r.size])
    x = q / 100.0 * r.size
    # the first boundary at or past x (hours of zero weight add no boundary of their own)
    k = int(np.searchsorted(at, x - 1e-12, side="left"))
    if k <= 0:
        return float(rates[0])
    k = min(k, rates.size - 1)
    lo, hi = at[k - 1], at[k]
    frac = 1.0 if hi <= lo else (x - lo) / (hi - lo)
    return float(rates[k - 1] + (rates[k] - rates[k - 1]) * min(max(frac, 0.0), 1.0))


def burst_mask(profile: np.ndarray, base: float | np.ndarray) -> np.ndarray:
    """Hours whose rate is above `base` [bool, (24,)]: with `base` the owned base's capacity
    [req/s], the hours that burst to the cloud (months as rows: (months, 24) against (months, 1))."""
    return profile > base * (1 + 1e-12)

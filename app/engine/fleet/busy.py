"""How many of a fleet's accelerators run kernels each hour: the busy count its energy is built on,
from the same power model as a single scenario's options (`engine.power.busy_accelerators`), so the
same nodes at the same load give the same kWh in the options table, the deployment comparison, the
on-prem cost and the fleet (issue 18).

Each pool-hour, per unit placed there:

- serving: its serving replicas (placed less spares) share the rate they serve, the unit's demand
  less what falls back or misses, split over its pools in proportion to their capacity (replicas x
  max rate per replica: a load balancer spreading by capacity, as `engine.power.dedicated_kwh`
  spreads an hour's rate evenly over its replicas):

      busy = replicas x GPUs per replica x active_share(rate / replicas, T, peak rate) x k
      (a = max(1 - exp(-lambda T), min(1, lambda / peak rate)), `engine.power.active_share`)

- a job: its working replicas (placed less the idle tail of a run's last hour) run at their max
  rate, busy = replicas x GPUs x active_share(max rate, T, peak rate) x k (a batch job's max rate is its
  peak: replicas x GPUs x k); a job without a rate (a training
  gang, a re-index) is busy all the time it holds (a = 1).

T [s] (`ReplicaSpec.request_s`, `Option.request_s`), the peak rate [req/s]
(`ReplicaSpec.peak_requests_per_s`) and k [1] (`ReplicaSpec.kernel_share`,
`Option.kernel_share`) come from the unit's sizing on the pool; a unit without a spec (built by hand)
counts its footprint as GPUs, T unknown (busy all of every hour with traffic) and k = 1. Spare
replicas and the GPUs a footprint takes beyond the replica's own idle."""

from __future__ import annotations

import numpy as np

from app.engine.fleet.units import Unit
from app.engine.power import busy_accelerators


def _spec_figures(u: Unit, p: int) -> tuple[float, float | None, float, float | None]:
    """(GPUs per replica, T [s] or None, k [1], peak rate [req/s] or None) of unit `u` on pool `p`."""
    spec = u.specs[p] if p < len(u.specs) else None
    if spec is None:
        return float(u.footprint[p]), None, 1.0, None
    return float(spec.gpus), spec.request_s, float(spec.kernel_share), spec.peak_requests_per_s


def busy_gpus(
    units: list[Unit],
    x: np.ndarray,
    fallback: np.ndarray,
    unmet: np.ndarray,
    spare: np.ndarray | None = None,
    idle: np.ndarray | None = None,
) -> np.ndarray:
    """(P, H) accelerators running kernels each pool-hour [GPUs] (see the module docstring).
    `x` (U, P, H) replicas placed, `fallback`/`unmet` (U, H) req/s not served by the fleet, `spare`
    (U, P, H) spare replicas among `x`, `idle` (U, P, H) idle replica-hours of job runs' last hours."""
    U, P, H = x.shape
    out = np.zeros((P, H))
    for i, u in enumerate(units):
        if u.kind == "hosted":
            continue
        reps = x[i] - (spare[i] if spare is not None else 0.0)
        if u.kind == "job":
            reps = reps - (idle[i] if idle is not None else 0.0)
        reps = np.maximum(reps, 0.0)
        if u.kind == "serving":
            served = np.maximum(u.demand - fallback[i] - unmet[i], 0.0)
            capacity = reps * np.asarray(u.rate, dtype=np.float64)[:, None]
            total = capacity.sum(axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = np.where(total > 0, served * capacity / np.where(total > 0, total, 1.0), 0.0)
        for p in range(P):
            if not reps[p].any():
                continue
            gpus, t, k, top = _spec_figures(u, p)
            if u.kind == "serving":
                out[p] += busy_accelerators(rate[p], reps[p], gpus, t, k, top)
            elif u.rate[p] > 0:
                out[p] += busy_accelerators(reps[p] * u.rate[p], reps[p], gpus, t, k, top)
            else:  # no request rate (training, re-index): busy all the hours it holds
                out[p] += reps[p] * gpus * k
    return out

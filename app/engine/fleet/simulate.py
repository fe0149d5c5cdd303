"""A discrete-event check of a fleet plan with SimPy: each serving unit at its own peak hour.

Why SimPy and not the engine's own simulator (`app.engine.simulate`): that one steps one replica's
continuous batching iteration by iteration, which is the right check of one option's TTFT and
TPOT but has no notion of several workloads, priorities or capacity taken away mid-run. The
fleet question is about queues and preemption, which SimPy's `PreemptiveResource` models
directly: a request holds a slot, a higher-priority request can take it, the interrupted one is
told and queues again. The physics stays the engine's: each slot serves at the option's
operating point (TTFT unloaded + output tokens x TPOT at the operating batch).

The model, per serving unit at its own peak hour h (the first hour of its highest demand among the
hours it holds replicas; the fleet's worst hour may be a job's, when a serving unit has no traffic):
- slots = planned replicas at h x sequences one replica holds at its max sustainable rate, by
  Little's law: max(Option.batch_size, ceil(requests_per_s_per_replica x mean service time)),
  one PreemptiveResource (the TPOT is the option's at its operating point, a little faster than at
  the max rate: the slots are an upper bound, stated);
- Poisson arrivals at the hour's demand (req/s), output tokens lognormal with the workload's mean
  and p95 (engine.serving.lognormal_sigma), service = ttft_ms + tokens x tpot_ms;
- the failure run, only where h is the hour of the fleet's first failure case (the plan re-plans a
  failure at the fleet's worst hour only): one third into the simulated span, that case takes the
  replicas it takes from this unit (FailureImpact.replicas_after): that many slots are claimed by
  priority-0 requests with preempt=True, interrupting what they hold; interrupted requests queue
  again for the rest of their service. A unit with a hosted fallback then sends the fallback what
  its kept replicas cannot carry at the SLA (those arrivals leave the simulation), as the plan
  does. The least important units lose replicas first in the plan, so their p95 grows first.
The span is the hour, or enough for max_requests arrivals but at least 20 service times (steady
state); when that is still too many arrivals, a share of the replicas is simulated with the same
share of the arrivals (a random split keeps each replica's load; `share_simulated` says which).
Reported: p95 of end-to-end time (wait + service) next to the engine's analytic e2e p95."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import simpy

from app.domain.fleet_results import FleetPlan, ReplicaSpec, UnitPlan, UnitSimulation
from app.domain.portfolio import hour_label
from app.engine.serving import lognormal_sigma

MAX_REQUESTS = 20_000  # arrivals per unit and run (see simulate_plan: span and share simulated)
SEED = 7


def simulate_plan(
    plan: FleetPlan,
    max_requests: int = MAX_REQUESTS,
    seed: int = SEED,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[UnitSimulation]:
    """The DES check of every serving unit with demand and replicas, each at its own peak hour.
    `progress(fraction, words)` is told before each workload; when `cancelled()` turns true the
    workloads not yet simulated are left out (the caller drops a cancelled run)."""
    first = plan.failures[0] if plan.failures else None
    after = {i.unit: i.replicas_after for i in first.impacts} if first is not None else {}
    out = []
    todo = [u for u in plan.units if u.kind == "serving" and u.demand_rps_by_hour]
    for n, u in enumerate(todo):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(n / len(todo), f"Simulating {u.name} ({n + 1} of {len(todo)})")
        h = peak_hour(u)
        rate = u.demand_rps_by_hour[h]
        replicas = sum(r[h] for r in u.replicas_by_hour.values())
        pool = max(u.replicas_by_hour, key=lambda p: u.replicas_by_hour[p][h], default="")
        spec = next((s for s in plan.replica_specs if s.unit == u.name and s.pool == pool), None)
        if rate <= 0 or replicas <= 0 or spec is None:
            continue
        service_s = (spec.ttft_ms + u.tokens_out * spec.tpot_ms) / 1000.0
        per = max(spec.batch_size, math.ceil(spec.requests_per_s * service_s - 1e-9), 1)
        # a share k of the replicas with the same share of the arrivals (a random split keeps each
        # replica's load) when the whole hour would take more than max_requests to reach steady state
        span = min(3600.0, max(20.0 * service_s, max_requests / rate))
        k = min(1.0, max_requests / (rate * span))
        sim_replicas = max(1, round(replicas * k))
        share = sim_replicas / replicas
        normal = _run(u, spec, rate * share, span, sim_replicas * per, 0, seed)
        fail_slots, failed = None, None
        kept = after.get(u.name) if first is not None and first.hour == h else None
        if kept is not None and kept < replicas and not (cancelled is not None and cancelled()):
            if progress is not None:
                progress((n + 0.5) / len(todo), f"Simulating {u.name} with a node lost ({n + 1} of {len(todo)})")
            lost = round((replicas - kept) * share)
            fail_slots = (replicas - (replicas - kept)) * per
            # with a hosted fallback the gateway sends it what the kept replicas cannot carry at the SLA
            keep = min(1.0, kept * spec.requests_per_s / rate) if u.hosted else 1.0
            failed = _run(u, spec, rate * share, span, sim_replicas * per, lost * per, seed, keep)
        out.append(
            UnitSimulation(
                unit=u.name,
                hour_label=hour_label(h),
                rate_rps=rate,
                requests=normal[0],
                slots=replicas * per,
                share_simulated=share,
                analytic_e2e_p95_ms=spec.e2e_p95_ms,
                simulated_e2e_p95_ms=normal[1],
                simulated_wait_p95_ms=normal[2],
                failure_slots=fail_slots,
                failure_e2e_p95_ms=failed[1] if failed else None,
                preempted_requests=failed[3] if failed else 0,
            )
        )
    return out


def peak_hour(u: UnitPlan) -> int:
    """The unit's peak: the first hour of its highest demand [req/s] among the hours it holds
    replicas (an hour served wholly by a hosted fallback has nothing to queue); 0 when none."""
    held = [sum(r[h] for r in u.replicas_by_hour.values()) > 0 for h in range(len(u.demand_rps_by_hour))]
    hours = [h for h, ok in enumerate(held) if ok and u.demand_rps_by_hour[h] > 0]
    return max(hours, key=lambda h: (u.demand_rps_by_hour[h], -h), default=0)


def _run(
    u: UnitPlan, spec: ReplicaSpec, rate: float, span: float, slots: int, lost: int, seed: int, keep: float = 1.0
) -> tuple[int, float, float, int]:
    """(requests, e2e p95 [ms], wait p95 [ms], requests preempted) of `span` seconds at `rate`
    req/s on `slots` slots, `lost` of them taken a third into the span; after that only a share
    `keep` of the arrivals reaches the fleet (the rest goes to the hosted fallback, not simulated)."""
    rng = np.random.default_rng(seed)
    n = int(rng.poisson(rate * span))
    arrivals = np.sort(rng.uniform(0.0, span, n))
    if keep < 1.0:
        stays = (arrivals < span / 3.0) | (rng.random(n) < keep)
        arrivals = arrivals[stays]
        n = len(arrivals)
    sigma = lognormal_sigma(u.tokens_out, u.tokens_out_p95)
    mu = np.log(max(u.tokens_out, 1.0)) - sigma * sigma / 2
    tokens = np.maximum(np.round(rng.lognormal(mu, sigma, n)), 1.0) if sigma > 0 else np.full(n, u.tokens_out)
    service = (spec.ttft_ms + tokens * spec.tpot_ms) / 1000.0  # [s]
    # a queue that never drains stops the run here; its unfinished requests count as waiting till then
    until = span * 4.0 + 10.0 * float(service.max(initial=0.0))
    e2e = until - arrivals
    wait = until - arrivals
    preempted = [0]
    # more slots than requests change nothing: cap them at n + 1 (a huge plan stays quick)
    lost = min(lost, slots)
    if slots > n + 1:
        lost = max(lost - (slots - (n + 1)), 0)
        slots = n + 1
    env = simpy.Environment()
    res = simpy.PreemptiveResource(env, capacity=max(slots, 1))

    def request(k: int):  # type: ignore[no-untyped-def]
        yield env.timeout(arrivals[k] - env.now)
        start = env.now
        left = float(service[k])
        first_wait = None
        while left > 1e-12:
            with res.request(priority=1, preempt=False) as req:
                yield req
                if first_wait is None:
                    first_wait = env.now - start
                began = env.now
                try:
                    yield env.timeout(left)
                    left = 0.0
                except simpy.Interrupt:
                    preempted[0] += 1
                    left -= env.now - began
        e2e[k] = env.now - start
        wait[k] = first_wait or 0.0

    def failure(count: int):  # type: ignore[no-untyped-def]
        yield env.timeout(span / 3.0)
        for _ in range(count):
            env.process(_hold(env, res))

    for k in range(n):
        env.process(request(k))
    if lost > 0:
        env.process(failure(lost))
    env.run(until=until)
    if n == 0:
        return 0, 0.0, 0.0, 0
    return n, float(np.percentile(e2e, 95) * 1000), float(np.percentile(wait, 95) * 1000), preempted[0]


def _hold(env: simpy.Environment, res: simpy.PreemptiveResource):  # type: ignore[no-untyped-def]
    """A lost slot: claimed at priority 0 with preemption, never given back."""
    with res.request(priority=0, preempt=True) as req:
        yield req
        yield env.event()  # never triggered: the slot stays lost for the rest of the run

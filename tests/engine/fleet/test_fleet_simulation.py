"""The SimPy check of a plan: at light load the simulated e2e p95 is the service time by hand, and
the failure run interrupts the replicas the plan takes from the least important workload."""

from __future__ import annotations

import math

import pytest
from fleet_helpers import ONE_GPU, plan, portfolio, serving

from app.engine.fleet.simulate import simulate_plan


def test_light_load_e2e_is_the_service_time_and_a_failure_preempts_the_least_important(catalog):
    pf = portfolio(
        [serving("Chat", 1.0), serving("Spare", 1.0, priority="best_effort")],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}],
    )
    fp = plan(pf, catalog, compare=False)
    sims = {s.unit: s for s in simulate_plan(fp, max_requests=2000)}
    spec = next(s for s in fp.replica_specs if s.unit == "Chat")
    # slots by Little's law at the replica's max rate; 1 req/s on them: nobody waits; fixed 200
    # output tokens, so every request takes TTFT + 200 x TPOT at the operating point
    chat = sims["Chat"]
    assert chat.slots == max(
        spec.batch_size, math.ceil(spec.requests_per_s * (spec.ttft_ms + 200 * spec.tpot_ms) / 1e3)
    )
    assert chat.simulated_wait_p95_ms == 0.0
    assert chat.simulated_e2e_p95_ms == pytest.approx(spec.ttft_ms + 200 * spec.tpot_ms, rel=1e-9)
    assert chat.failure_slots is None  # the failure takes nothing from it
    spare = sims["Spare"]
    assert spare.failure_slots == 0  # its one replica gives way
    assert spare.preempted_requests >= 1  # requests in flight when the failure hit
    assert spare.failure_e2e_p95_ms is not None and spare.failure_e2e_p95_ms > 10 * spare.simulated_e2e_p95_ms


def test_a_flood_is_planned_drawn_and_simulated_in_part(catalog):
    """A million req/s: thousands of burst nodes; the placement is drawn up to its limit and the
    simulation runs a share of the replicas with the same share of the arrivals."""
    from app.engine.fleet.placement import MAX_NODES_DRAWN

    pf = portfolio(
        [serving("Flood", 1_000_000.0)],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}, {"name": "burst", "instance": ONE_GPU, "burst": True}],
    )
    fp = plan(pf, catalog, compare=False)
    assert fp.feasible
    assert any(f"drawn up to {MAX_NODES_DRAWN} nodes" in n for n in fp.notes)
    assert len(fp.placement) <= 1 + MAX_NODES_DRAWN
    sim = simulate_plan(fp, max_requests=2000)[0]
    assert 0 < sim.share_simulated < 1
    assert sim.requests < 10_000  # one replica over 20 service times at the least


def test_each_serving_workload_is_simulated_at_its_own_peak_hour(catalog):
    """A chat busy 08:00-18:00 is simulated at Mon 08:00 (its first busiest hour), even when the
    fleet's worst hour is one where it has no traffic (a nightly or weekly job's hour, Mon 02:00)."""
    from fleet_helpers import hours

    pf = portfolio([serving("Chat", 2.0, hours(8, 18))], [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}])
    fp = plan(pf, catalog, compare=False)
    night = fp.model_copy(update={"worst_hour": 2, "worst_hour_label": "Mon 02:00"})
    (chat,) = simulate_plan(night, max_requests=2000)
    assert chat.unit == "Chat"
    assert chat.hour_label == "Mon 08:00"
    assert chat.rate_rps == pytest.approx(2.0, rel=1e-9)
    assert chat.requests > 0

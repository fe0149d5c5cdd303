"""Each serving workload in a fleet holds the spare replicas its own SLA availability needs (N + k),
as the single-scenario engine sizes them, and the plan says which availability each got (issue 18:
the fleet ignored sla.availability).

Hand calculation on 1-GPU nodes (a failure unit is one GPU): a = MTBF / (MTBF + repair) =
50,677 / (50,677 + 4) = 0.9999211; one zone gives at most z = 0.9995. At peak N = 2 replicas:
  - target 0.999:  z x a^2 = 0.9995 x 0.9998421 = 0.999342 >= 0.999: k = 0;
  - target 0.9994: 0.999342 < 0.9994, so k = 1: z x P(at least 2 of 3 up) = 0.9995 x (1 - ~1.9e-8)
    >= 0.9994 (two zones of one unit each give z^2 = 0.99900 < 0.9994, and more units are no fewer)."""

from __future__ import annotations

import math

import pytest
from fleet_helpers import ONE_GPU, plan, portfolio, rate, serving

from app.domain import Assumptions


def _chat(rps: float, availability: float | None) -> dict:
    entry = serving("Chat", rps)
    if availability is not None:
        entry["workload"]["sla"]["availability"] = availability
    return entry


def _plan(catalog, rps: float, availability: float | None):
    pools = [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}]
    return plan(portfolio([_chat(rps, availability)], pools), catalog, failures=False, compare=False)


def test_hand_unit_availability():
    a = Assumptions()
    unit = a.gpu_mtbf_hours / (a.gpu_mtbf_hours + a.repair_hours)
    assert unit == pytest.approx(0.9999211, abs=1e-7)
    assert a.zone_availability * unit**2 == pytest.approx(0.999342, abs=1e-6)


def test_a_stricter_availability_adds_the_engines_spare_replica(catalog):
    r = rate(_plan(catalog, 1.0, None), "Chat", "gpu")
    rps = 1.5 * r  # two replicas at every hour (a flat profile)
    loose = _plan(catalog, rps, 0.999)
    strict = _plan(catalog, rps, 0.9994)
    assert rate(strict, "Chat", "gpu") == pytest.approx(r)
    assert math.ceil(rps / r) == 2
    spec = next(s for s in strict.replica_specs if s.unit == "Chat")
    assert spec.spare_replicas == 1 and spec.availability_target == pytest.approx(0.9994)
    assert next(s for s in loose.replica_specs if s.unit == "Chat").spare_replicas == 0
    # every hour: 2 serving replicas, + 1 spare at 99.94 %; 1-GPU nodes, so nodes = replicas
    assert strict.units[0].replicas_by_hour["gpu"] == [3] * 168
    assert loose.units[0].replicas_by_hour["gpu"] == [2] * 168
    assert strict.pools[0].nodes == 3 and loose.pools[0].nodes == 2
    price = catalog.instance(ONE_GPU).price_on_demand_usd_per_hour
    assert strict.pools[0].cost_usd_per_week == pytest.approx(3 * price * 168, rel=1e-9)
    said = " ".join(strict.notes)
    assert "Chat: SLA availability 99.940%: N + 1 on gpu" in said
    assert "the plan holds 1 spare replica(s) in each hour with demand" in said
    assert "Chat: SLA availability 99.90%: N + 0 on gpu" in " ".join(loose.notes)

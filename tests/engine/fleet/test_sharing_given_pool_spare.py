"""Sharing's saving is not made of a given pool's missing spare (tcli6 N19).

One chat workload (one 1-GPU replica) on a given pool of ONE 8-GPU node, availability target 99.9 %.
By engine.size's rule a node is up a = MTBF/(MTBF + 4 h) with MTBF = GPU MTBF / 8 and its zone z = 0.9995:
one node gives z x a < 0.999, so a fleet sized for the target holds 2 nodes (16 GPUs), as the workload
alone does. The old comparison took the given 1-node plan as the shared side: "sharing saves 8 owned
GPUs" for one workload that shares with nobody. Now the shared side holds its spare: 16 GPUs, saving 0,
and the basis says why the given pool is not the shared side."""

from __future__ import annotations

import pytest
from fleet_helpers import EIGHT_GPU, plan, portfolio, serving

from app.engine import availability as av


def test_given_pool_without_spare_is_not_the_shared_side(catalog):
    pf = portfolio([serving("Chat", 1.0)], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}])
    fp = plan(pf, catalog)
    a = pf.fleet.assumptions
    node = av.unit_availability(8.0, a.gpu_mtbf_hours, a.repair_hours)
    assert a.zone_availability * node < 0.999  # one node misses the target
    s = fp.sharing
    assert s is not None
    assert s.separate_gpus == 16
    assert s.shared_gpus == 16
    assert s.saving_gpus == 0
    assert s.saving_usd_per_month == pytest.approx(0.0, abs=1.0)
    assert "holds no spare node for the availability target" in s.basis

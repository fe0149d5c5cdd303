"""A sized fleet holds the spare node its availability target needs by the single-scenario
engine's rule, zone availability included (GUI tester D20: the Fleet page sized the tutoring chat
"alone" on 1 Gaudi node while its own Analysis sized 2: the fleet checked a = 0.99937 >= 0.999 and
left out the zone factor z = 0.9995).

Hand calculation, one 8-GPU node carrying a chat's peak, default assumptions:
  a = (GPU MTBF / 8) / (GPU MTBF / 8 + repair)
  one node:  P = z x a          (0.99887 at a = 0.99937, z = 0.9995: below 0.999 -> a spare)
  two nodes: P = z x (1 - (1 - a)^2)  (>= 0.999 with the spare)
With z = 1 the single node meets 0.999 and no spare is held."""

from __future__ import annotations

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio, serving


def _pf(zone: float):
    pools = [{"name": "own", "instance": EIGHT_GPU, "nodes": "auto"}]
    return portfolio([serving("Chat", 2.0)], pools, availability_target=0.999,
                     assumptions={"zone_availability": zone})  # fmt: skip


def test_the_zone_factor_asks_for_a_spare_node_alone_and_shared(catalog: Catalog):
    pf = _pf(0.9995)
    a = pf.fleet.assumptions
    node_a = (a.gpu_mtbf_hours / 8) / (a.gpu_mtbf_hours / 8 + a.repair_hours)
    assert node_a >= 0.999 > node_a * 0.9995  # the node alone would pass, its zone makes it fail
    assert 0.9995 * (1 - (1 - node_a) ** 2) >= 0.999
    fp = plan(pf, catalog, failures=False)
    assert fp.feasible
    assert [p.nodes for p in fp.pools] == [2]
    assert fp.pools[0].reserve_nodes_needed == 1
    assert "z = 99.950%" in fp.pools[0].reserve_basis
    assert "no spare node held" not in fp.verdict
    s = fp.sharing
    assert s is not None
    assert [(x.unit, x.nodes) for x in s.separate] == [("Chat", 2)]  # "alone" as its own Analysis sizes it


def test_without_the_zone_factor_one_node_is_enough(catalog: Catalog):
    fp = plan(_pf(1.0), catalog, failures=False)
    assert [p.nodes for p in fp.pools] == [1]
    assert fp.pools[0].reserve_nodes_needed == 0


def test_a_fixed_single_node_is_flagged_with_the_zone_counted(catalog: Catalog):
    pools = [{"name": "own", "instance": EIGHT_GPU, "nodes": 1}]
    pf = portfolio([serving("Chat", 2.0)], pools, availability_target=0.999)
    a = pf.fleet.assumptions
    node_a = (a.gpu_mtbf_hours / 8) / (a.gpu_mtbf_hours / 8 + a.repair_hours)
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.pools[0].reserve_nodes_needed == 1
    up = node_a * a.zone_availability
    assert f"all up {up * 100:.2f}% of the time" in fp.verdict  # 99.89 % (0.99887), not a alone (99.937 %)
    assert up == pytest.approx(0.99887, abs=5e-6)

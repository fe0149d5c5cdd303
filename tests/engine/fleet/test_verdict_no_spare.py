"""The verdict says when no spare node is held: every owned node carries the busiest hour, so a node
lost is an outage for the repair time. Hand calculation for 1-GPU nodes: a = MTBF / (MTBF + repair);
with 1 node in its zone (up z of the time, as engine.size counts it), all up = z x a."""

from __future__ import annotations

from fleet_helpers import ONE_GPU, plan, portfolio, serving


def test_one_node_without_a_spare_is_said_in_the_verdict(catalog):
    pf = portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}])
    fp = plan(pf, catalog, failures=False, compare=False)
    a = pf.fleet.assumptions
    up = a.zone_availability * a.gpu_mtbf_hours / (a.gpu_mtbf_hours + a.repair_hours)
    assert fp.feasible
    assert "no spare node held in gpu (all 1 carry the busiest hour" in fp.verdict
    assert f"all up {up * 100:.3f}% of the time" in fp.verdict  # 99.942 % at the defaults
    assert f"a node lost cuts capacity for {a.repair_hours:g} h" in fp.verdict


def test_a_spare_node_is_not_flagged(catalog):
    pf = portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}])
    fp = plan(pf, catalog, failures=False, compare=False)
    assert fp.feasible
    assert "no spare" not in fp.verdict

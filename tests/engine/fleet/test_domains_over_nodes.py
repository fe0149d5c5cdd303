"""More failure domains than nodes: the placement numbers the domains that hold a node, as the
failure table does (CLI reviewer tcli4 finding 4: 2 nodes in 5 domains were "domain 1 of 2" in
the failure table and "node 2 (domain 3)" in the placement), and a note says so."""

from __future__ import annotations

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio, serving


def test_two_nodes_in_five_domains_are_in_domains_one_and_two(catalog: Catalog):
    pools = [{"name": "P", "instance": EIGHT_GPU, "nodes": 2, "failure_domains": 5}]
    fp = plan(portfolio([serving("Chat", 2.0)], pools), catalog)
    assert sorted(n.domain for n in fp.placement) == [0, 1]  # shown as domains 1 and 2
    assert any(c.lost.startswith("failure domain 1 of 2 of pool P") for c in fp.failures)
    assert any("5 failure domains for 2 node(s): 2 hold a node" in n for n in fp.notes)

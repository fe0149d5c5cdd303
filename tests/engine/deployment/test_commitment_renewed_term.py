"""Every leased or reserved node held at the horizon's end owes the rest of the term it is in, its
first or a renewed one (tcli5 N8: a node leased in month 4 on a 12-month term, still held at month
24, is in its second term, months 16-27, and owes 3 months; only first terms were counted).

Hand figures (the reviewer's npc.yaml lease row: Qubrid 8x H100 at $11,117.90 a node-month, 12-month
term, 10 %/quarter growth over 24 months, 13.30 req/s a TP 4 replica, two a node): nodes 4 from month
1, a 5th from month 7, a 6th from month 16, a 7th from month 22. Owed at the end: node 5 in its second
term (months 19-30) 25-30 (6), node 6 months 25-27 (3), node 7 months 25-33 (9), the first four none
(their terms end at month 24): 18 node-months = $200,122.20; first terms only, 12 = $133,414.80.
(Before the step-level p95s a replica served 15.93 req/s: 3, 4, 5, 6 nodes from months 1, 4, 13, 19.)"""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.pricing import term_left_node_months
from tests.engine.deployment.test_on_prem_colo_option_month import SCENARIO as NPC

QUBRID = 11_117.9


def test_running_term_of_each_held_tranche():
    # 0-based start months: 3 nodes at 0, 1 at 3, 1 at 12, 1 at 18; 12-month terms; 24 months
    assert term_left_node_months([(0, 3.0), (3, 1.0), (12, 1.0), (18, 1.0)], 12, 24) == 3 + 6
    assert term_left_node_months([(0, 2.0)], 36, 24) == 2 * 12  # first term still running
    assert term_left_node_months([(5, 1.0)], 1, 24) == 0  # monthly terms owe nothing


def test_lease_row_owes_the_renewed_term(catalog):
    data = copy.deepcopy(NPC)
    data["candidates"]["hardware"] = ["Qubrid 8x H100 80GB bare metal"]
    row = size(parse(Scenario, data), catalog).deployments.row("bare_metal", "lease")
    nodes = [4] * 6 + [5] * 9 + [6] * 6 + [7] * 3
    assert row.month_usd == pytest.approx([n * QUBRID for n in nodes], rel=1e-6)
    assert row.horizon_cost_usd == pytest.approx((sum(nodes) + 18) * QUBRID, rel=1e-6)  # 1,600,977.60

"""Chargeback (`CHARGEBACK_RULE`): each workload pays its GPU-hours at the pool's rate, and the idle
GPUs go to the workloads whose own whole nodes would leave them idle. A newcomer that needs a new
node pays that node's idle GPUs; a workload that fills its nodes is never charged for them (tgui5
D19: a 1 req/s newcomer on 2 GPUs of a new 8-GPU p5.48xlarge burst node raised the unchanged chat's
bill by $5,992/month under GPU-hour shares)."""

from __future__ import annotations

import numpy as np
import pytest
from fleet_helpers import EIGHT_GPU, hours, plan, portfolio, rate, serving
from numpy.testing import assert_allclose

from app.engine.fleet.chargeback import split_pool_cost, whole_node_gpus


def test_the_new_burst_node_is_the_newcomers():
    """One burst hour on two 8-GPU p5.48xlarge nodes ($55.04/h each, $110.08): the chat runs 8 GPUs
    (one whole node), the newcomer 2. Rate 110.08 / 16 = $6.88 per GPU-hour. Chat: 8 x 6.88 =
    $55.04, none of the idle (its node is full); newcomer: 2 x 6.88 + the 6 idle GPUs x 6.88 =
    $55.04. GPU-hour shares gave the chat 110.08 x 8/10 = $88.06 (+$33.02 for the newcomer's node)."""
    x = np.array([[[1.0]], [[2.0]]])  # replicas: chat one TP8 replica, newcomer two 1-GPU replicas
    foot = np.array([[8.0], [1.0]])
    node = np.array([8.0])
    whole = whole_node_gpus(x, foot, node)
    assert_allclose(whole[:, 0, 0], [8.0, 8.0])
    got = split_pool_cost(np.array([[110.08]]), np.array([[16.0]]), x * foot[:, :, None], whole)
    assert_allclose(got[:, 0], [55.04, 55.04])


def test_idle_is_split_by_each_ones_whole_node_remainder():
    """One 8-GPU owned node at $16/h ($2 per GPU-hour), one hour: A uses 3 GPUs, B 1 (alone each
    would hold the whole node: remainders 5 and 7). Idle 4 GPUs, covered by the 12 of remainder:
    A pays 3 x 2 + 4 x 5/12 x 2 = $9.333, B 1 x 2 + 4 x 7/12 x 2 = $6.667 (sum $16)."""
    used = np.array([[[3.0]], [[1.0]]])
    got = split_pool_cost(np.array([[16.0]]), np.array([[8.0]]), used, np.full_like(used, 8.0))
    assert_allclose(got[:, 0], [6 + 40 / 12, 2 + 56 / 12])
    assert_allclose(got.sum(), 16.0)


def test_capacity_beyond_every_whole_node_goes_by_gpu_hours():
    """Three 1-GPU nodes at $1/h, one hour: A and B each use their one node, the third idles (no
    one's whole nodes need it): $1 split by GPU-hours used, half each: A = B = $1.50."""
    used = np.array([[[1.0]], [[1.0]]])
    got = split_pool_cost(np.array([[3.0]]), np.array([[3.0]]), used, used.copy())
    assert_allclose(got[:, 0], [1.5, 1.5])


POOLS = [
    {"name": "own", "instance": EIGHT_GPU, "nodes": 1, "price_usd_per_hour": 20.0},
    {"name": "burst", "instance": EIGHT_GPU, "burst": True, "price_usd_per_hour": 30.0},
]


@pytest.fixture(scope="module")
def chat_alone_and_with_newcomer(catalog):
    one = plan(portfolio([serving("Chat", 1.0)], POOLS), catalog, compare=False, failures=False)
    r = rate(one, "Chat", "own")
    # 12 GPUs off-peak, 24 from 9 to 17 h: the owned node + a half (then two full) burst nodes
    levels = [1.0 if x else 0.5 for x in hours(9, 17)]
    chat = serving("Chat", 16 * r * 0.999, levels, team="Red")
    before = plan(portfolio([chat], POOLS), catalog, compare=False, failures=False)
    after = plan(portfolio([chat, serving("New", 1.0, team="Blue")], POOLS), catalog, compare=False, failures=False)
    return before, after


def test_adding_a_workload_does_not_raise_the_chats_bill(chat_alone_and_with_newcomer):
    before, after = chat_alone_and_with_newcomer
    chat0 = next(k for k in before.kpis if k.name == "Chat")
    chat1 = next(k for k in after.kpis if k.name == "Chat")
    assert chat1.gpu_hours_per_week == chat0.gpu_hours_per_week  # its placement is unchanged
    assert after.cost_usd_per_month > before.cost_usd_per_month  # the newcomer adds a burst node
    # the rule's bound: the chat fills its peak burst nodes (16 GPUs on 2), so the newcomer's node
    # is not its; off-peak the newcomer shares the chat's half-idle burst node (remainders 4 and 6)
    assert chat1.cost_usd_per_month <= chat0.cost_usd_per_month + 1e-6
    total = sum(k.cost_usd_per_month for k in after.kpis)
    assert_allclose(total, after.cost_usd_per_month, rtol=1e-9)


def test_a_raise_is_at_most_ones_own_whole_node_remainder():
    """The stated bound: A (4 GPUs) and C (4 GPUs) share one 8-GPU node at $8/h ($1 per GPU-hour),
    no idle: A pays $4. B (2 GPUs) comes and needs a second node ($16/h): idle 6 GPUs, remainders A 4,
    C 4, B 6; A pays 4 + 6 x 4/14 = $5.714: a raise of $1.714, within A's own remainder (4 GPUs,
    $4: what A alone on its whole node would leave idle), and A never pays above its stand-alone
    $8. A workload that fills its nodes (remainder 0) is never raised (`test_the_new_burst_node...`)."""
    used = np.array([[[4.0]], [[4.0]]])
    before = split_pool_cost(np.array([[8.0]]), np.array([[8.0]]), used, np.full_like(used, 8.0))
    assert_allclose(before[:, 0], [4.0, 4.0])
    used = np.array([[[4.0]], [[4.0]], [[2.0]]])
    after = split_pool_cost(np.array([[16.0]]), np.array([[16.0]]), used, np.full_like(used, 8.0))
    assert_allclose(after[:, 0], [4 + 24 / 14, 4 + 24 / 14, 2 + 36 / 14])
    assert after[0, 0] - before[0, 0] <= 4.0 and after[0, 0] <= 8.0


def test_energy_follows_the_chargeback_shares(catalog):
    """Two 1-GPU nodes, A busy all week, B 9-17 h (its node idles the rest): each pays $670.32 a week
    (`test_chargeback_own_gpu_hours_and_the_idle_of_ones_own_node`), so each is given half the pool's
    kWh, B's idle node included; by GPU-hours A was given 168 / 224 = 75 % of it."""
    pf = portfolio(
        [serving("A", 1.0, team="Red"), serving("B", 1.0, hours(9, 17), team="Blue")],
        [{"name": "gpu", "instance": "RunPod 1x H100 SXM", "nodes": 2}],
    )
    fp = plan(pf, catalog, compare=False, failures=False)
    a, b = (next(k for k in fp.kpis if k.name == n) for n in ("A", "B"))
    assert_allclose(a.cost_usd_per_month, b.cost_usd_per_month, rtol=1e-9)
    assert_allclose(a.energy_kwh_per_month + b.energy_kwh_per_month, fp.energy_kwh_per_month, rtol=1e-9)
    assert_allclose(a.energy_kwh_per_month / fp.energy_kwh_per_month, 0.5, rtol=1e-9)

"""A fleet left at its default utilisation plans a one-GPU node's replica as `size` does (tcli6 N6).

One chat workload at 1 req/s (a Llama-3.1-8B replica on an H100 carries far more at its SLA), on
RunPod 1x H100 SXM nodes, `nodes: auto`, no max_utilisation written. By hand: 1 replica of 1 GPU,
1 node, 730 h x $3.99 = $2,912.70 a month. The old default 0.9 left 0.9 of a 1-GPU node's GPU for the
plan: no whole replica fits one node, so the plan held 2 nodes ($5,825.40) and said nothing of why."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, plan, serving

from app.domain import parse
from app.domain.portfolio import Portfolio


def test_default_cap_fills_a_one_gpu_node(catalog):
    data = {
        "name": "one",
        "workloads": [serving("Chat", 1.0)],
        "fleet": {"pools": [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}]},
    }
    pf = parse(Portfolio, data)
    assert pf.fleet.max_utilisation == 1.0
    fp = plan(pf, catalog, failures=False, compare=False)
    pool = fp.pools[0]
    assert pool.nodes == 1
    assert pool.cost_usd_per_month == pytest.approx(730 * 3.99, rel=1e-3)

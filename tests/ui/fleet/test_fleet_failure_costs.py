"""The Fleet page's failure table shows what each outage adds to the week: burst node-hours, their
cost and the fallback cost, read from the plan's failure case (real page, real project)."""

from __future__ import annotations

import pytest
import yaml

from app.ui.fleet import results

WAIT = 120_000
ONE_GPU = "RunPod 1x H100 SXM"  # 1 GPU per node: one node is one replica


def _chat() -> dict:
    return {
        "name": "Chat",
        "workload": {
            "name": "Chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 1.0, "peak_to_mean": 1.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": "interactive",
        "team": "team",
        "profile": {"pattern": "flat"},
    }


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 768)


def test_failure_table_shows_burst_hours_and_costs(page, qtbot, tmp_path):
    """The pool's only node lost for its 4-hour repair moves the replica to burst: 4 node-hours
    x $6 = $24 (the engine's own test checks the figures; here the table must show them)."""
    pools = [
        {"name": "gpu", "instance": ONE_GPU, "nodes": 1},
        {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0},
    ]
    path = tmp_path / "one-node.yaml"
    data = {"name": "one node", "workloads": [_chat()], "fleet": {"pools": pools, "max_utilisation": 1.0}}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(path)
    case = page.plan.failures[0]
    assert case.burst_node_hours == pytest.approx(4.0) and case.burst_cost_usd == pytest.approx(24.0)
    # the case's heading row names what the outage adds to the planned week
    assert page.failures.item(0, 0).text().endswith(": burst 4 node-h ($24), fallback $0.00")
    assert page.failures.columnSpan(0, 0) == page.failures.columnCount() == len(results.FAILURE_COLUMNS)

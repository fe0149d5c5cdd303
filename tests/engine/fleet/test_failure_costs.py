"""A failure's cost: the burst node-hours and fallback requests the outage adds to the plan."""

from __future__ import annotations

import pytest
from fleet_helpers import ONE_GPU, plan, portfolio, serving

BURST = {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0}


def test_losing_a_pools_only_node_reports_its_burst_hours_and_cost(catalog):
    """One 1 req/s workload (one replica) on a pool of one node: that node lost for the 4-hour
    repair time moves the replica to burst: 1 node x 4 h = 4 node-hours x $6 = $24."""
    fp = plan(portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}, BURST]), catalog)
    assert fp.feasible and sum(next(p for p in fp.pools if p.burst).nodes_rented_by_hour) == 0
    case = fp.failures[0]
    assert (case.lost, case.hours_out) == ("1 node of pool gpu", 4)
    assert case.burst_node_hours == pytest.approx(4.0)
    assert case.burst_cost_usd == pytest.approx(24.0)
    assert case.fallback_cost_usd == 0.0
    assert case.extra_cost_line == "+4 burst node-hours ($24)"
    chat = case.impacts[0]
    # each replica-hour said once (tcli3 finding 20: "4 on the fleet (planned 4); 4 more on burst" read as 8)
    assert chat.status == "keeps SLA"
    assert chat.detail == "0 replica-hours on its base pools (planned 4); 4 on burst (planned 0)"


def test_a_spare_node_costs_nothing_extra(catalog):
    fp = plan(portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}, BURST]), catalog)
    case = fp.failures[0]
    assert (case.burst_node_hours, case.burst_cost_usd, case.fallback_cost_usd) == (0.0, 0.0, 0.0)
    assert case.extra_cost_line == "no extra burst or fallback cost"


def test_the_only_node_lost_without_burst_sends_requests_to_the_fallback(catalog):
    """No burst pool: 1 req/s for 4 h = 14,400 requests to GPT-4o mini at its price per request."""
    from app.engine.fleet.units import hosted_usd_per_request

    chat = serving("Chat", 1.0, routing={"fallback": "OpenAI GPT-4o mini"})
    fp = plan(portfolio([chat], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}]), catalog)
    case = fp.failures[0]
    price = hosted_usd_per_request(catalog.hosted_api("OpenAI GPT-4o mini"), 1000, 200)
    assert case.burst_node_hours == 0.0
    assert case.fallback_cost_usd == pytest.approx(4 * 3600 * 1.0 * price)
    assert case.impacts[0].status == "outage"  # its only node is gone: not a preemption
    assert case.impacts[0].detail.startswith("total outage for 4 h")
    assert "14,400 requests sent to OpenAI GPT-4o mini" in case.impacts[0].detail


def test_the_only_node_lost_without_a_fallback_is_an_outage_with_requests_lost(catalog):
    """No burst, no fallback: 1 req/s for 4 h = 14,400 requests lost, said as an outage."""
    fp = plan(portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}]), catalog)
    impact = fp.failures[0].impacts[0]
    assert impact.status == "outage"
    assert impact.detail == "total outage for 4 h: no capacity left on its pools; 14,400 requests lost"


def test_the_failure_header_says_what_is_lost_when_nothing_extra_is_paid(catalog):
    """No burst, no fallback: the one node lost for 4 h loses 1 req/s x 4 h x 3600 = 14,400 requests;
    the header said "no extra burst or fallback cost" as if nothing happened (issue 18)."""
    fp = plan(portfolio([serving("Chat", 1.0)], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}]), catalog)
    case = fp.failures[0]
    assert case.lost_requests == pytest.approx(14_400)
    assert case.extra_cost_line == (
        "no extra burst or fallback cost, but 14,400 requests lost (not served, no fallback took them); "
        "the cost of lost work is not priced in the plan"
    )

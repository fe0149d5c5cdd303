"""Availability and budget verdicts on workloads written the way a user would (not the examples).

Hand calculations: a failure unit of g GPUs is up a = (M / g) / (M / g + R) of the time, with M the
GPU MTBF (50,677 h: 16,384 GPUs x 1,296 h / 419 interruptions in the Llama 3 report) and R the
repair time (4 h). N + k units serve a peak that needs N with probability
sum_{i=N}^{N+k} C(N+k, i) a^i (1-a)^(N+k-i), times z = 0.9995 for the one zone they sit in.
"""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose

from app.domain import INSUFFICIENT_HARDWARE, Assumptions, Scenario, parse
from app.engine import availability as av
from app.engine import size

Z = 0.9995  # default zone availability
M = 50_677.0  # default GPU MTBF [h]
R = 4.0  # default repair time [h]


def tail(n: int, need: int, a: float) -> float:
    """P(at least `need` of `n` up), term by term over the units up."""
    return sum(math.comb(n, i) * a**i * (1 - a) ** (n - i) for i in range(need, n + 1))


def one_zone_spares(need: int, a: float, target: float) -> int | None:
    """Smallest k with z x tail(N + k, N, a) >= target, by brute force (None past 50)."""
    return next((k for k in range(50) if Z * tail(need + k, need, a) >= target), None)


def support_chat(availability: float, **workload) -> Scenario:
    """A customer-support chat API a user would type in: 4 req/s mean, 2.5x at the busy hour,
    ~900-token prompts, answers in 1.2 s, 8B-14B open models on single-GPU cloud instances."""
    data = {
        "name": "Support chat API",
        "workload": {
            "name": "Support chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 4, "peak_to_mean": 2.5, "pattern": "diurnal"},
            "tokens": {"input_tokens": 900, "output_tokens": 300, "input_tokens_p95": 2500, "output_tokens_p95": 700},
            "sla": {"ttft_p95_ms": 1200, "tpot_p95_ms": 60, "availability": availability},
            **workload,
        },
        "candidates": {
            "models": ["Llama-3.1-8B-Instruct", "Qwen2.5-14B-Instruct"],
            "hardware": ["RunPod 1x H100 SXM", "AWS p5.4xlarge", "Nebius 1x L40S"],
            "precisions": ["bf16", "fp8"],
        },
    }
    return parse(Scenario, data)


def triage_agent(availability: float, **assumptions) -> Scenario:
    """An incident-triage agent: six chained calls per task with 250 ms of tools between them,
    long prompts sharing a 2,000-token system prompt, a 90 s budget per task."""
    data = {
        "name": "Ops agent",
        "workload": {
            "name": "Incident triage agent",
            "category": "agent",
            "traffic": {"requests_per_s": 0.5, "peak_to_mean": 3, "pattern": "spiky"},
            "tokens": {
                "input_tokens": 6000,
                "output_tokens": 250,
                "input_tokens_p95": 16000,
                "output_tokens_p95": 800,
                "shared_prefix_tokens": 2000,
                "prefix_cache_hit_ratio": 0.9,
            },
            "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 50, "e2e_p95_ms": 90000, "availability": availability},
            "agent": {"calls_per_task": 6, "tool_latency_ms": 250},
        },
        "candidates": {
            "models": ["Qwen3-8B", "Qwen3-32B"],
            "hardware": ["AWS p5.48xlarge", "CoreWeave HGX H100 8x", "RunPod 1x H100 SXM"],
            "precisions": ["bf16", "fp8"],
        },
        "assumptions": assumptions,
    }
    return parse(Scenario, data)


def serving(o) -> int:
    return o.replicas - o.spare_replicas


# -- the arithmetic, by hand ----------------------------------------------------------------------


def test_default_gpu_mtbf_is_the_llama3_fleet_rate():
    assert_allclose(Assumptions().gpu_mtbf_hours, 16_384 * 54 * 24 / 419, rtol=1e-4)
    assert Assumptions().redundancy_replicas is None  # derived from the target unless set


def test_unit_availability_of_an_8_gpu_node():
    # MTBF 50,677 / 8 = 6,334.6 h; a = 6,334.6 / (6,334.6 + 4) = 0.999369
    assert_allclose(av.unit_availability(8, M, R), 6334.625 / 6338.625, rtol=1e-12)
    assert_allclose(av.unit_availability(8, M, R), 0.999369, atol=5e-7)


def test_binomial_tail_by_hand():
    # at least 2 of 3 at a = 0.9: 3 x 0.81 x 0.1 + 0.729 = 0.972
    assert_allclose(av.at_least(3, 2, 0.9), 0.972, rtol=1e-12)
    assert av.at_least(1, 2, 0.9) == 0.0 and av.at_least(5, 0, 0.1) == 1.0
    for n, need, a in ((10, 7, 0.95), (40, 38, 0.999), (200, 195, 0.9993)):
        assert_allclose(av.at_least(n, need, a), tail(n, need, a), rtol=1e-12)


@pytest.mark.parametrize("need", [1, 2, 5, 30])
@pytest.mark.parametrize("target", [0.99, 0.995, 0.999])
def test_spares_in_one_zone_are_the_smallest_k_that_meet_the_target(need, target):
    a = av.unit_availability(8, M, R)
    units, zones, p = av.spread(need, a, target, Z, 3)
    k = one_zone_spares(need, a, target)
    assert zones == 1 and units == need + k
    assert_allclose(p, Z * tail(units, need, a), rtol=1e-12)


def test_one_node_cannot_give_three_nines_a_second_one_does():
    # one 8-GPU node: 0.9995 x 0.999369 = 0.998869 < 0.999; two: 0.9995 x (1 - 0.000631^2) = 0.9995
    a = av.unit_availability(8, M, R)
    assert Z * a < 0.999
    units, zones, p = av.spread(1, a, 0.999, Z, 3)
    assert (units, zones) == (2, 1)
    assert_allclose(p, Z * (1 - (1 - a) ** 2), rtol=1e-12)


def test_a_target_above_one_zone_spreads_the_units_across_zones():
    a = av.unit_availability(1, M, R)
    # 0.9999 > z: no number of spares in one zone reaches it
    assert one_zone_spares(1, a, 0.9999) is None
    # two zones of one replica each: P = 2 z (1-z) a + z^2 (1 - (1-a)^2) = 0.99999966
    two = 2 * Z * (1 - Z) * a + Z**2 * (1 - (1 - a) ** 2)
    units, zones, p = av.spread(1, a, 0.9999, Z, 3)
    assert (units, zones) == (2, 2)
    assert_allclose(p, two, rtol=1e-12)
    # peak of two replicas: three zones of one (any two carry it) beat two zones of two
    three = Z**3 * tail(3, 2, a) + 3 * Z**2 * (1 - Z) * a**2
    units, zones, p = av.spread(2, a, 0.9999, Z, 3)
    assert (units, zones) == (3, 3)
    assert_allclose(p, three, rtol=1e-12)


def test_an_unreachable_target_reports_the_best_spread_below_it():
    a = av.unit_availability(1, M, R)
    units, zones, p = av.spread(1, a, 0.9999999999, Z, 3)
    assert zones == 3 and p < 0.9999999999
    assert_allclose(p, 1 - (1 - Z) ** 3, atol=1e-9)  # three zones, each holding the whole peak


# -- the engine, on scenarios a user writes --------------------------------------------------------


def test_support_chat_is_feasible_with_sensible_numbers(catalog):
    sz = size(support_chat(0.999), catalog)
    assert sz.feasible and sz.error is None and sz.error_kind is None
    o = sz.recommended
    assert o.ttft_p95_ms <= 1200 and o.tpot_ms <= 60
    assert 0 < o.cost_per_month_usd < 20_000
    assert serving(o) == math.ceil(10.0 / o.requests_per_s_per_replica - 1e-9)  # peak 4 x 2.5
    assert o.availability >= 0.999
    explained = {e.quantity: e for e in o.explanations}
    e = explained["Availability: time the peak is not served"]
    assert e.inputs["target"] == "99.90%" and e.unit == "min/month"
    assert_allclose(e.value, (1 - o.availability) * 730 * 60, rtol=1e-9)  # minutes a month short of the peak


def test_triage_agent_is_feasible_with_sensible_numbers(catalog):
    sz = size(triage_agent(0.995), catalog)
    assert sz.feasible
    o = sz.recommended
    assert o.ttft_p95_ms <= 1500 and o.tpot_ms <= 50
    assert 6 * (o.e2e_p95_ms + 250) <= 90_000  # six calls and their tools fit the task's budget
    assert 0 < o.cost_per_month_usd < 50_000 and o.replicas >= 1
    assert o.availability >= 0.995


def test_two_nines_and_five_nines_give_different_replicas_and_cost(catalog):
    low, high = size(support_chat(0.99), catalog).recommended, size(support_chat(0.99999), catalog).recommended
    assert (low.label, serving(low)) == (high.label, serving(high))  # the same option serves the peak
    assert high.replicas > low.replicas and high.cost_per_month_usd > low.cost_per_month_usd
    assert low.zones == 1 and high.zones > 1  # one zone gives at most 99.95%
    a = av.unit_availability(low.gpus, M, R)
    n = serving(low)
    # hand check of the low target: k from the one-zone binomial
    assert low.spare_replicas == one_zone_spares(n, a, 0.99)
    assert_allclose(low.availability, Z * tail(low.replicas, n, a), rtol=1e-9)
    # the high one: the replicas spread evenly over the zones, each zone up z
    d, m = high.zones, high.replicas // high.zones
    p = sum(math.comb(d, j) * Z**j * (1 - Z) ** (d - j) * tail(j * m, n, a) for j in range(1, d + 1))
    assert high.replicas == d * m and p >= 0.99999
    assert_allclose(high.availability, p, rtol=1e-9)
    text = " ".join(size(support_chat(0.99999), catalog).strategy)
    assert f"spread over {high.zones} zones" in text


def test_replicas_sharing_a_node_get_a_spare_node(catalog):
    # Qwen3-8B on one GPU of an 8-GPU p5.48xlarge: the node is the failure unit; a second node for 99.9%
    s = triage_agent(0.999)
    s.candidates.hardware = ["AWS p5.48xlarge"]
    s.candidates.models = ["Qwen3-8B"]
    s.candidates.gpu_counts = [1]
    o = size(s, catalog).recommended
    a = av.unit_availability(8, M, R)
    assert serving(o) <= 8  # the peak fits on one node
    assert Z * a < 0.999 <= Z * tail(2, 1, a)
    assert o.spare_replicas == serving(o)  # the spare node carries as many replicas
    assert_allclose(o.availability, Z * tail(2, 1, a), rtol=1e-9)
    assert o.cost_per_month_usd == pytest.approx(2 * 55.04 * 730, rel=0.01)  # two nodes, on demand all month


def test_redundancy_override_wins_and_the_explanation_says_so(catalog):
    s = support_chat(0.99999)
    s.assumptions.redundancy_replicas = 2
    o = size(s, catalog).recommended
    assert o.spare_replicas == 2 and o.zones == 1
    e = next(e for e in o.explanations if e.quantity.startswith("Availability"))
    assert "redundancy_replicas set in the assumptions" in e.formula
    a = av.unit_availability(o.gpus, M, R)
    assert_allclose(o.availability, Z * tail(o.replicas, serving(o), a), rtol=1e-9)
    assert any("below the availability target" in f for f in o.flags)  # one zone cannot give 99.999%


def test_fewer_zones_allowed_than_the_target_needs_is_an_availability_verdict(catalog):
    s = support_chat(0.99999)
    s.assumptions.max_zones = 1
    sz = size(s, catalog)
    assert not sz.feasible and sz.error == INSUFFICIENT_HARDWARE and sz.error_kind == "hardware"
    (b,) = sz.binding_constraints
    assert b.constraint == "availability" and b.required == 0.99999 and b.available < Z


# -- budget-only verdicts ---------------------------------------------------------------------------


def test_budget_only_failure_says_so_with_the_cheapest_feasible_cost(catalog):
    free = size(support_chat(0.999), catalog).recommended
    sz = size(support_chat(0.999, budget_usd_per_month=50), catalog)
    assert not sz.feasible and sz.error_kind == "budget"
    cheapest = f"${free.cost_per_month_usd:,.0f}/month"
    assert sz.error == f"No option within budget: cheapest feasible is {cheapest} against $50"
    assert INSUFFICIENT_HARDWARE not in sz.error
    (b,) = sz.binding_constraints
    assert b.constraint == "budget" and b.required == pytest.approx(free.cost_per_month_usd, abs=0.01)


def test_hardware_failure_keeps_the_hardware_verdict_even_with_a_budget(catalog):
    sz = size(support_chat(0.999, budget_usd_per_month=50, sla={"ttft_p95_ms": 1, "availability": 0.999}), catalog)
    assert not sz.feasible and sz.error == INSUFFICIENT_HARDWARE and sz.error_kind == "hardware"
    assert "ttft" in {b.constraint for b in sz.binding_constraints}


def test_on_prem_spreads_over_sites_and_says_so(catalog):
    # a 70B RAG service on DGX H100 boxes: 99.99% is above what one site gives (99.95%)
    s = parse(
        Scenario,
        {
            "name": "Policy Q&A on-prem",
            "workload": {
                "name": "Policy questions",
                "category": "rag",
                "traffic": {"requests_per_s": 3, "peak_to_mean": 2},
                "tokens": {"input_tokens": 4000, "output_tokens": 300},
                "sla": {"ttft_p95_ms": 1500, "availability": 0.9999},
            },
            "candidates": {
                "models": ["Llama-3.1-70B-Instruct"],
                "hardware": ["On-prem 8x H100 SXM (DGX H100)"],
                "precisions": ["fp8"],
            },
            "constraints": {"on_prem_only": True},
        },
    )
    sz = size(s, catalog)
    o = sz.recommended
    assert sz.feasible and o.zones >= 2 and o.availability >= 0.9999
    assert any(f"spread over {o.zones} sites" in line for line in sz.strategy)


def test_assigning_an_assumption_keeps_the_unset_ones():
    """d4855a7 dropped null keys before validation; pydantic passes every field through that
    validator on an attribute assignment, so setting one assumption removed every unset one
    (gpu_memory_fraction None: AttributeError in the engine)."""
    s = support_chat(0.999)
    s.assumptions.redundancy_replicas = 2
    assert s.assumptions.redundancy_replicas == 2
    assert s.assumptions.gpu_memory_fraction is None and s.assumptions.grid_gco2e_per_kwh is None

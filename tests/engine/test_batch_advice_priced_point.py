"""A batch job is priced running flat out (its work hours at the max rate), so its operating
point and the runtime settings advised are that rate's too: max_num_seqs at the throughput peak,
the latency at that batch, and the advice says why (tcli5 N9: priced at 45.67 req/s per replica
for 0.0182 h of node time, but advised max_num_seqs ≈ 1, 1.9 req/s: 0.44 h, 24x the hours priced)."""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose
from scenario_builders import scenario

from app.engine import size

REQUESTS, WINDOW_H, OUT_TOKENS = 3000, 2.0, 100

NIGHTLY = {
    "name": "Small nightly QA batch",
    "workload": {
        "name": "Nightly QA",
        "category": "batch",
        "tokens": {"input_tokens": 1000, "output_tokens": OUT_TOKENS},
        "batch": {"total_requests": REQUESTS, "recurrence": "daily", "start_window": "02:00-04:00"},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["AWS p5.4xlarge"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
        "hosted_apis": [],
    },
}


@pytest.fixture(scope="module")
def sized(catalog):
    return size(scenario(NIGHTLY), catalog, deployments=False)


def test_operating_point_is_the_rate_the_run_is_priced_at(sized, catalog):
    o = sized.recommended
    assert o is not None and o.replicas == 1
    rate = o.requests_per_s_per_replica  # the max rate, the one the run's hours are priced at
    # work hours = 3,000 / (1 x rate x 3,600); p5.4xlarge bills per second ($6.88/h, 60 s minimum)
    work_s = REQUESTS / rate
    assert work_s > 60
    assert catalog.instance("AWS p5.4xlarge").price_on_demand_usd_per_hour == 6.88
    assert_allclose(o.cost_per_run_usd, math.ceil(work_s) * 6.88 / 3600, rtol=1e-6)
    # the operating point runs at that same rate: output tokens/s = rate x 100 tokens (the old
    # operating point was the deadline's trickle, 3,000 / 7,200 s = 0.417 req/s: batch 1)
    assert_allclose(o.tokens_per_s, rate * OUT_TOKENS, rtol=1e-9)
    assert o.batch_size > 100
    ttft = next(e for e in o.explanations if e.quantity == "TTFT p95 under load")
    assert_allclose(ttft.inputs["rate per replica req/s"], rate, rtol=1e-9)
    assert "closed loop, the max rate it is priced at" in ttft.formula
    # Little's law at the operating batch: batch in flight / rate = each request's time in the
    # system, the mean end-to-end latency, no more than its p95
    assert o.batch_size / rate <= o.e2e_p95_ms / 1e3 * (1 + 1e-6)


def test_advice_is_the_priced_batch_and_says_why(sized):
    o = sized.recommended
    text = next(x for x in sized.strategy if x.startswith("Serve with vLLM"))
    hours = REQUESTS / (o.requests_per_s_per_replica * 3600)
    assert (
        f"max_num_seqs ≈ {o.batch_size} per replica (no latency SLA; throughput peaks at {o.batch_size}, "
        "the batch each run is priced at: its replicas run flat out at" in text
    )
    assert f"so the work takes {hours:,.3g} h of the 2 h window and the nodes are released early" in text


def test_simulation_checks_the_priced_point(catalog):
    """The simulation of a batch job's option runs at the rate the run is priced at (its replicas
    flat out), the point its analytic figures are, not at the deadline's 3,000 / 7,200 s = 0.417 req/s."""
    z = size(scenario(NIGHTLY), catalog, deployments=False, simulate=True)
    o = z.recommended
    assert z.simulation is not None
    assert_allclose(z.simulation.rate_rps, o.requests_per_s_per_replica, rtol=1e-9)

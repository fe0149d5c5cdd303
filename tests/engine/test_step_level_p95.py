"""p95 TTFT and TPOT under load follow the engine's own simulation (step-level scheduling).

The analytic p95 TTFT counted only a queue of prefills (Kingman's wait on rate x prefill work), while
the simulated server, like vLLM with chunked prefill, runs a new prompt in the step after it arrives,
a step that also decodes the whole batch: near capacity the analytic p95 was 25-45 % below the
simulation's (bench/queue_vs_sim.py)."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import Scenario
from app.engine import size
from app.engine.evaluate import evaluate
from app.engine.options import ttft_p95_at
from app.engine.serving import queue_wait_p95, ttft_p95
from app.engine.simulate import simulate
from app.engine.space import build_space, enumerate_points
from app.store.io_formats import catalog_from_dir


def test_ttft_p95_by_hand() -> None:
    # prefill = t_pb = 40 ms, step s = 20 ms, 10 req/s Poisson (rho = 0.4), equal prompts (c_s^2 = 0):
    # a = 10 x 0.04^2 = 0.016 s, b = 10 x 0.04^3 = 6.4e-4 s^2; m = 0.02 / 0.6 = 33.33 ms,
    # V = a m / (1 - rho^2) = 6.349e-4 s^2, K = (b m + 3 rho a V) / (1 - rho^3) = 3.582e-5 s^3;
    # E[D*] = m + V / m = 52.38 ms, E[D*^2] = m^2 + 3 V + K / m = 4.090e-3 s^2;
    # E = 40 + 20 + 0.9 x 52.38 = 107.14 ms; Var = 4.090e-3 x 0.89333 - 0.05238^2 x 0.81 + 0.016 x 0.05238
    #   = 2.2697e-3 s^2; lognormal: sigma^2 = ln(1 + 2.2697e-3 / 0.107143^2) = 0.18028,
    # p95 = 107.14 x exp(1.6449 x 0.42460 - 0.09014) = 196.9 ms
    got = ttft_p95(np.array([0.04]), np.array([0.02]), np.array([0.04]), np.array([10.0]), 1.0, 0.0)
    s2 = np.log1p(2.2697e-3 / 0.107143**2)
    want = 0.107143 * np.exp(1.6449 * np.sqrt(s2) - s2 / 2)
    assert got[0] == pytest.approx(want, rel=1e-3)
    assert got[0] == pytest.approx(0.1969, rel=1e-3)
    # the prefill queue alone: 40 + 20 + Kingman's p95 wait 69.3 ms = 129.3 ms
    old = 0.06 + queue_wait_p95(np.array([10.0]), np.array([0.04]), 1.0, 0.0)[0]
    assert old == pytest.approx(0.1293, rel=1e-3) and got[0] > old * 1.5


def test_ttft_p95_rises_with_the_rate_and_never_drops_below_the_unloaded_ttft() -> None:
    rates = np.linspace(0.0, 30.0, 61)  # up to rho = 1.2 (capped at 0.95)
    prefill, step, busy = 0.035, 0.012, 0.033
    for cs2 in (0.0, 0.66):
        for ca2 in (1.0, 2.0):
            got = ttft_p95(np.full(61, prefill), np.full(61, step), np.full(61, busy), rates, ca2, cs2)
            assert np.all(np.diff(got) >= 0)
            assert np.all(got >= prefill + step)
            if cs2 == 0.0:  # no load, equal prompts: the rest of the step under way (uniform), then its own
                assert prefill + 1.5 * step < got[0] <= prefill + 2 * step
    # no decode step (an embedding model): the prefill-only queue, as before
    wait = queue_wait_p95(np.array([20.0]), np.array([0.033]), 1.0, 0.0)
    assert ttft_p95(np.array([0.035]), np.array([0.0]), np.array([0.033]), np.array([20.0]), 1.0, 0.0)[0] == (
        pytest.approx(0.035 + wait[0])
    )


def blank(name: str, inp: int, inp95: int, out: int, out95: int, model: str, hardware: str, gpus: int) -> Scenario:
    """A workload as a user writes it from a blank window: tokens with p95s, one candidate, no SLA."""
    return Scenario.model_validate(
        {
            "name": name,
            "workload": {
                "name": name,
                "category": "inference_api",
                "traffic": {"requests_per_s": 1.0, "pattern": "steady"},
                "tokens": {
                    "input_tokens": inp,
                    "input_tokens_p95": inp95,
                    "output_tokens": out,
                    "output_tokens_p95": out95,
                },
            },
            "candidates": {
                "models": [model],
                "hardware": [hardware],
                "precisions": ["fp8"],
                "runtimes": ["vLLM"],
                "gpu_counts": [gpus],
            },
        }
    )


CASES = (  # (scenario, share of the replica's capacity): bench/queue_vs_sim.py's rows
    (blank("chat", 1000, 2500, 200, 500, "Llama-3.1-8B-Instruct", "Lambda 1x H100 SXM", 1), 0.8),
    (blank("RAG", 4000, 7000, 300, 600, "Llama-3.1-8B-Instruct", "Lambda 1x H100 SXM", 1), 0.9),
    (blank("code", 2000, 4000, 100, 250, "Llama-3.1-70B-Instruct", "Lambda 8x H100 SXM", 4), 0.7),
)
# Stated tolerance of the analytic p95s against the simulation (bench/queue_vs_sim.py, utilisation 0.3
# to 0.95 of capacity): -20 % (optimistic) to +35 % (conservative)
LOW, HIGH = 0.80, 1.35


@pytest.mark.parametrize(("scenario", "share"), CASES, ids=[c[0].name for c in CASES])
def test_analytic_p95s_agree_with_the_simulation(scenario: Scenario, share: float) -> None:
    catalog = catalog_from_dir()
    o = size(scenario, catalog, detailed=False, deployments=False, charts_wanted=()).options[0]
    space = build_space(scenario, catalog)
    pts = enumerate_points(space)
    ev = evaluate(space, pts, scenario.workload, scenario.assumptions)
    i = int(np.nonzero(pts.tp == o.tensor_parallel)[0][0])
    rate = share * o.requests_per_s_per_replica
    j = int(np.argmax(ev.reachable[i] & (ev.curve_rate[i] >= rate)))  # options.operating_index's batch
    ttft95 = ttft_p95_at(ev, np.array([i]), np.array([j]), np.array([rate]), scenario)[0] * 1e3
    tpot95 = ev.curve_tpot_p95[i, j] * 1e3
    sim = simulate(space, o, scenario, rate=rate, requests=3000, seed=7)
    assert LOW * sim.ttft_p95_ms <= ttft95 <= HIGH * sim.ttft_p95_ms
    assert LOW * sim.tpot_p95_ms <= tpot95 <= HIGH * sim.tpot_p95_ms

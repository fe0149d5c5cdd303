"""`estimate` of an embedding model above its capacity says so, and its figures obey Little's law
(CLI review finding 12). Qwen3-Embedding-8B bf16 on one L4, 512 tokens a request. By hand:
    2 x 8.189e9 x 512 = 8.39 TFLOP a request; 121 TFLOP/s x 0.45 MFU -> 0.154 s, about 6.5 vectors/s.
Before, 20 and 200 req/s both printed "prefill only" (no saturation), 33 in flight and 116.5 s a
request, though 33 / 6.43 per s is 5.1 s; at 5 req/s it printed 1 in flight for 0.634 s (3.2 by Little)."""

from __future__ import annotations

import pytest

from app.engine.estimate import estimate

CONFIG = dict(
    model="Qwen3-Embedding-8B", hardware="NVIDIA L4", gpus=1, precision="bf16", input_tokens=512, output_tokens=1
)


@pytest.mark.parametrize("rate", [20.0, 200.0])
def test_above_capacity_the_regime_says_saturated(catalog, rate):
    e = estimate(catalog, rate=rate, **CONFIG)
    assert e.requests_per_s == pytest.approx(6.5, rel=0.05)  # capacity, by hand
    assert e.regime.startswith(f"saturated: {rate:g} req/s offered, at most 6.43 req/s served")
    assert "prefill only" in e.regime
    # Little's law: in flight = served rate x latency per request
    assert e.concurrency == pytest.approx(e.requests_per_s * e.e2e_ms / 1e3, rel=0.01)
    assert e.e2e_ms < 10_000  # the service time at full batch, not a made-up queue wait (was 116,519 ms)


@pytest.mark.parametrize("rate", [3.0, 5.0])
def test_below_capacity_in_flight_is_rate_times_latency(catalog, rate):
    e = estimate(catalog, rate=rate, **CONFIG)
    assert e.requests_per_s == pytest.approx(rate)
    assert not e.regime.startswith("saturated")
    assert e.concurrency == pytest.approx(rate * e.e2e_ms / 1e3, rel=0.01)

"""An embedding job whose latency target is below one prefill is refused in its own words: the
binding constraint names the latency per request (one prefill, one vector back), not a "time to
first token" the embedder never streams. Prefill 1.2945 ms as tests/cli/test_estimate_embedding_latency.py."""

from __future__ import annotations

from numpy.testing import assert_allclose
from scenario_builders import embedding_reindex, scenario

from app.engine import size

PREFILL_MS = (2 * 0.596e9 * 512 + 4 * 28 * 16 * 128 * 512 * 256) / (989.4e12 * 0.50) * 1e3  # 1.2945 ms


def test_a_latency_floor_is_called_latency_per_request(catalog):
    data = embedding_reindex()
    data["workload"]["sla"] = {"ttft_p95_ms": 0.5}
    z = size(scenario(data), catalog, detailed=False, deployments=False)
    floor = next(b for b in z.binding_constraints if b.constraint == "ttft")
    assert floor.detail.startswith("latency per request: the fastest candidate")
    assert "1.29 ms" in floor.detail


def test_a_latency_target_above_one_prefill_is_met(catalog):
    """A 50 ms target on 1.29 ms prefills: k requests in flight each wait k x prefill, so batches
    up to 38 meet it (was infeasible everywhere: a Kingman queue at utilisation 0.999 read 1.94 s)."""
    data = embedding_reindex()
    data["workload"]["sla"] = {"ttft_p95_ms": 50}
    z = size(scenario(data), catalog, detailed=False, deployments=False)
    assert z.feasible and z.recommended is not None
    assert z.recommended.ttft_p95_ms <= 50
    assert_allclose(z.recommended.requests_per_s_per_replica, 1e3 / PREFILL_MS, rtol=1e-6)  # 772.5 vectors/s

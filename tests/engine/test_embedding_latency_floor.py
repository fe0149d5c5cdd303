"""An embedding job whose latency target is below one prefill is refused in its own words: the
binding constraint names the latency per request (one prefill, one vector back), not a "time to
first token" the embedder never streams. Prefill 1.2945 ms as tests/cli/test_estimate_embedding_latency.py."""

from __future__ import annotations

from scenario_builders import embedding_reindex, scenario

from app.engine import size


def test_a_latency_floor_is_called_latency_per_request(catalog):
    data = embedding_reindex()
    data["workload"]["sla"] = {"ttft_p95_ms": 0.5}
    z = size(scenario(data), catalog, detailed=False, deployments=False)
    floor = next(b for b in z.binding_constraints if b.constraint == "ttft")
    assert floor.detail.startswith("latency per request: the fastest candidate")
    assert "1.29 ms" in floor.detail

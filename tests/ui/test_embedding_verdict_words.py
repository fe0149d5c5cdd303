"""The Analysis banner of an embedding batch job (1 output token: one vector per request) gives each
request's latency and the vectors/s of a replica, not a TPOT (there is no token stream)."""

from __future__ import annotations

from scenario_builders import embedding_reindex, write_scenario

from app.services.catalog import open_project
from app.services.sizing import load_scenario, size_scenario
from app.ui.analysis_page import _is_embedding_job, _speed_words

# 5,000,000 chunks of 350 tokens within 12 h, each one vector (tests/scenario_builders.py)
SCENARIO = embedding_reindex(input_tokens=350, total_requests=5_000_000, deadline_hours=12, runtimes=("vLLM",))


def test_embedding_job_banner_has_latency_and_vectors_not_tpot(tmp_path):
    path = write_scenario(tmp_path / "embed.yaml", SCENARIO)
    scenario = load_scenario(str(path))
    project = open_project(str(tmp_path / "p.archwise"))
    try:
        sizing = size_scenario(project, scenario, detailed=False)
    finally:
        project.close()
    o = sizing.recommended
    assert o is not None and _is_embedding_job(scenario)
    words = _speed_words(sizing, _is_embedding_job(scenario))
    assert "TPOT" not in words and "TTFT" not in words
    assert f"latency p95 {o.e2e_p95_ms:,.0f} ms" in words
    assert f"{o.requests_per_s_per_replica:,.0f} vectors/s per replica" in words
    assert "TPOT" in _speed_words(sizing)  # a chat job's banner is unchanged

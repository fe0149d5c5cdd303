"""A weekly or monthly job's run finishes inside ONE window, as `archwise size` sizes it; a
re-index with a deadline over a day is one weekly run with that deadline (tcli3 findings 18, 21).

Old behaviour: a weekly job with start_window 01:00-05:00 could use the 01:00-05:00 hours of all
seven days (28 hours, one GPU for ~22 h spread over six nights: "every deadline met"), and a
re-index with reindex_hours 48 became a DAILY 24-hour job (seven re-embeddings a week, infeasible
on one 8-GPU node)."""

from __future__ import annotations

import math

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, batch, plan, portfolio, rate

REQUESTS = 1_000_000


@pytest.mark.parametrize("recurrence", ["weekly", "monthly"])
def test_a_weekly_run_takes_one_window_of_four_hours(catalog: Catalog, recurrence: str):
    pf = portfolio(
        [batch("Job", REQUESTS, "01:00-05:00", recurrence=recurrence)],
        [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}],
    )
    fp = plan(pf, catalog)
    job = next(u for u in fp.units if u.name == "Job")
    assert job.run_hours == [[1, 2, 3, 4]]  # Monday 01:00-05:00 only (old: 28 hours, every day's)
    # hand: replica-hours per run = 1e6 / (rate x 3600) (4.20 at 66.06 req/s per 4-GPU replica),
    # all of them inside Monday 01:00-05:00: ceil(4.20) = 5 replica-hours there and none elsewhere
    work = REQUESTS / (rate(fp, "Job", "L") * 3600.0)
    replicas = job.replicas_by_hour["L"]
    assert sum(replicas[1:5]) == math.ceil(work)
    assert sum(replicas) == sum(replicas[1:5])  # nothing outside the window
    assert max(replicas) >= math.ceil(work / 4)  # several replicas at once where one window needs them
    assert job.run_done_share == [1.0]


def _reindex_portfolio(hours: float):
    rag_workload = {
        "name": "Policy search",
        "category": "rag",
        "traffic": {"requests_per_s": 1, "peak_to_mean": 2, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 4000, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60, "availability": 0.99},
        "rag": {
            "corpus_documents": 2_000_000, "chunks_per_document": 20, "chunk_tokens": 500,
            "embedding_model": "Qwen3-Embedding-8B", "vector_bytes_per_dim": 4, "index_type": "hnsw",
            "hnsw_m": 32, "index_in": "host", "reindex_hours": hours,
        },
    }  # fmt: skip
    entry = {
        "name": "Reindex",
        "workload": rag_workload,
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "reindex": True,
        "priority": "best_effort",
    }
    return portfolio([entry], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}])


def test_a_48_hour_reindex_is_one_weekly_run_within_48_hours(catalog: Catalog):
    fp = plan(_reindex_portfolio(48), catalog)
    job = next(u for u in fp.units if u.name == "Reindex")
    assert job.run_hours == [list(range(48))]  # one run, Monday 00:00 to Wednesday 00:00 (old: 7 of 24 h)
    assert fp.feasible  # 40 M chunks x 500 tok ~ 170 GPU-h: 4 of the node's 8 GPUs for ~43 h
    assert 160 < sum(job.gpus_by_hour) < 180  # one re-embedding a week, not seven (old: ~1,190 GPU-h)
    assert max(job.gpus_by_hour) <= 8
    assert any("re-embedded once a week, within 48 h" in n for n in fp.notes)


def test_a_daily_reindex_keeps_its_daily_runs_and_says_so(catalog: Catalog):
    fp = plan(_reindex_portfolio(24), catalog)
    job = next(u for u in fp.units if u.name == "Reindex")
    assert len(job.run_hours) == 7
    assert any("re-embedded every day, within 24 h" in n for n in fp.notes)

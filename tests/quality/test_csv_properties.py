"""Property tests for the CSV importer: what a user writes comes back as written, and one bad
cell anywhere refuses the whole file, naming its line, with nothing stored."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import DomainError
from app.services.quality import import_evaluations, list_evaluations
from app.store import Project
from app.store.eval_formats import model_resolver, read_evaluations
from app.store.io_formats import catalog_from_dir

MODELS = ["Llama-3.1-8B-Instruct", "Qwen2.5-7B-Instruct", "Mixtral-8x7B-Instruct-v0.1", "Phi-4"]
RESOLVE = model_resolver(catalog_from_dir())
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=20)
row = st.fixed_dictionaries(
    {
        "model": st.sampled_from(MODELS),
        "task": word,
        "metric": word,
        "score": st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 4)),
        "n": st.integers(1, 10**6),
    }
)


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=["model", "task", "metric", "score", "n", "date", "notes"])
    w.writeheader()
    for r in rows:
        w.writerow({**r, "date": "2026-11-02", "notes": ""})
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=8))
def test_rows_come_back_as_written(tmp_path, rows):
    path = tmp_path / "golden.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    results, _ = read_evaluations(path, RESOLVE)
    assert [(r.model, r.task, r.metric, r.score, r.n) for r in results] == [
        (x["model"], x["task"], x["metric"], x["score"], x["n"]) for x in rows
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=6), st.data())
def test_one_bad_score_refuses_the_file_and_stores_nothing(tmp_path_factory, rows, data):
    bad = data.draw(st.integers(0, len(rows) - 1))
    rows = [dict(r) for r in rows]
    rows[bad]["score"] = data.draw(st.sampled_from(["n/a", "101", "-3", "nan", "seventy"]))
    folder = tmp_path_factory.mktemp("bad")
    path = folder / "golden.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    project = Project.open(folder / "p.archwise", create=True)
    try:
        with pytest.raises(DomainError, match=f"golden.csv line {bad + 2}"):
            import_evaluations(project, [path])
        assert list_evaluations(project) == []
    finally:
        project.close()

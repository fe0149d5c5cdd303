"""llama-bench results are checked at the boundary: a negative, non-finite or absurd tokens/s, a
negative or fractional token count, or a missing field leaves that test (row) out with one line
naming the file, the row and the key; the file's other tests are kept, and a file with no good
test is refused (nothing imported). Before, avg_ts -7100 gave a negative TTFT
(a pydantic traceback text), 2e6 tokens/s imported as a 0.26 ms TTFT, n_prompt -512 was read
as "no prompt", and a file without avg_ts was called "a JSON object none of the tools writes"."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from app.domain import DomainError
from app.services import measurements as ms
from app.store import Project
from app.store.measurements import read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "measurements"
ROWS = json.loads((DATA / "llama_bench.json").read_text())


def json_file(tmp_path: Path, changes: dict[str, object], row: int = 1, drop: tuple[str, ...] = ()) -> Path:
    rows = [dict(r) for r in ROWS]
    rows[row - 1].update(changes)
    for key in drop:
        rows[row - 1].pop(key, None)
    path = tmp_path / "bad_bench.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def csv_file(tmp_path: Path, changes: dict[str, str], row: int = 1) -> Path:
    reader = csv.DictReader(io.StringIO((DATA / "llama_bench.csv").read_text()))
    rows = list(reader)
    rows[row - 1].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "bad_bench.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "row", "drop", "says"),
    [
        ({"avg_ts": -7100.0}, 1, (), "bad_bench.json: row 1: avg_ts -7100.0 must be > 0"),
        ({"avg_ts": 0}, 2, (), "bad_bench.json: row 2: avg_ts 0 must be > 0"),
        ({"avg_ts": 2e6}, 1, (), "bad_bench.json: row 1: avg_ts 2e+06 tokens/s is not a batch-1 llama-bench"),
        ({"avg_ts": math.inf}, 2, (), "bad_bench.json: row 2: avg_ts inf is not a finite number"),
        ({"avg_ts": "fast"}, 1, (), "bad_bench.json: row 1: avg_ts 'fast' is not a number"),
        ({}, 2, ("avg_ts",), "bad_bench.json: row 2: no avg_ts"),
        ({"n_prompt": -512}, 1, (), "bad_bench.json: row 1: n_prompt -512 must be a whole number of tokens >= 0"),
        ({"n_gen": 12.5}, 2, (), "bad_bench.json: row 2: n_gen 12.5 must be a whole number of tokens >= 0"),
        ({"n_prompt": 0, "n_gen": 0}, 1, (), "bad_bench.json: row 1: neither n_prompt nor n_gen is set"),
        ({}, 1, ("model_filename", "model_type"), "bad_bench.json: row 1: no model_filename or model_type"),
        ({"n_gen": 128}, 1, (), "bad_bench.json: row 1: a combined prompt+generation test"),
    ],
)
def test_bad_json_values_leave_the_row_out(tmp_path, changes, row, drop, says):
    left_out: list[str] = []
    runs = read_runs(json_file(tmp_path, changes, row, drop), left_out)
    assert [r.id for r in runs] == [f"bad_bench.json#{3 - row}"]  # the other test kept
    (line,) = left_out
    assert line.startswith(says) and line.endswith("(row left out)") and "\n" not in line


@pytest.mark.parametrize(
    ("changes", "row", "says"),
    [
        ({"avg_ts": "-119.9"}, 2, "bad_bench.csv: row 2: avg_ts -119.9 must be > 0"),
        ({"avg_ts": "nan"}, 1, "bad_bench.csv: row 1: avg_ts nan is not a finite number"),
        ({"avg_ts": "5e7"}, 2, "bad_bench.csv: row 2: avg_ts 5e+07 tokens/s is not a batch-1"),
        ({"avg_ts": ""}, 1, "bad_bench.csv: row 1: no avg_ts"),
        ({"n_gen": "-128"}, 2, "bad_bench.csv: row 2: n_gen -128 must be a whole number of tokens >= 0"),
        ({"n_prompt": "lots"}, 1, "bad_bench.csv: row 1: n_prompt 'lots' is not a number"),
    ],
)
def test_bad_csv_values_leave_the_row_out(tmp_path, changes, row, says):
    left_out: list[str] = []
    runs = read_runs(csv_file(tmp_path, changes, row), left_out)
    assert [r.id for r in runs] == [f"bad_bench.csv#{3 - row}"]
    (line,) = left_out
    assert line.startswith(says) and line.endswith("(row left out)") and "\n" not in line


def test_a_bad_llama_bench_file_imports_nothing(tmp_path):
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        ms.add_runs(project, ms.import_files([DATA / "plain.csv"]))
        bad = json_file(tmp_path, {"avg_ts": -118.9}, row=2)
        rows = json.loads(bad.read_text())
        bad.write_text(json.dumps([{**rows[0], "avg_ts": "fast"}, rows[1]]), encoding="utf-8")  # no good row
        with pytest.raises(DomainError, match="bad_bench.json: row 1: avg_ts 'fast' is not a number; row 2"):
            ms.import_files([DATA / "llama_bench.csv", bad])
        assert [r.id for r in ms.runs(project)] == ["plain.csv#1", "plain.csv#2"]
    finally:
        project.close()


def test_good_llama_bench_files_still_read(tmp_path):
    assert len(read_runs(DATA / "llama_bench.json")) == 2
    assert len(read_runs(DATA / "llama_bench.csv")) == 2
    (run, _) = read_runs(json_file(tmp_path, {"n_depth": 4096}))
    assert run.input_tokens == 512 + 4096

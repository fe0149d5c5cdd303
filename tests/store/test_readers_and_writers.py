"""Class 6 of issue 15 (in part): reads never wait on a writer. While another program holds the
project's write lock (a long import in another window or command), every command that only
reads runs and sees the last committed state; a command that writes is refused after the busy
timeout with one line, and writes nothing."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.cli import main
from app.paths import EXAMPLES_DIR
from app.store import Project

A100 = str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
ESTIMATE = ["estimate", "--model", "Llama-3.1-8B-Instruct", "--hardware", "NVIDIA H100 SXM", "--gpus", "1"]
ESTIMATE += ["--input-tokens", "100", "--output-tokens", "10", "--concurrency", "1"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    Project.open(path, create=True).close()
    return path


@pytest.fixture
def busy(seeded, tmp_path):
    """A project whose write lock another connection holds, with a write not yet committed."""
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO records (kind, name, name_key, data, user_modified) "
        "VALUES ('runtimes', 'Pending', 'pending', '{}', 1)"
    )
    yield path
    writer.execute("ROLLBACK")
    writer.close()


@pytest.mark.parametrize(
    "argv, expect",
    [
        (["catalog", "list", "runtimes"], "vLLM"),
        (["catalog", "show", "runtimes", "vLLM"], "vLLM"),
        (["catalog", "export", "runtimes", "-o", "OUT"], "wrote"),
        (["size", A100], "Verdict: feasible"),
        (ESTIMATE, "TTFT"),
        (["sweep", A100], "rank,model"),
    ],
    ids=["list", "show", "export", "size", "estimate", "sweep"],
)
def test_a_reader_runs_while_another_program_writes(tmp_path, capsys, busy, argv, expect):
    argv = [str(tmp_path / "out.yaml") if a == "OUT" else a for a in argv]
    capsys.readouterr()
    assert main([*argv, "--project", str(busy)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and expect in out
    assert "Pending" not in out  # the writer's uncommitted record is not read


def test_a_writer_is_refused_in_one_line_and_writes_nothing(tmp_path, capsys, busy):
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n")
    capsys.readouterr()
    assert main(["catalog", "import", str(mine), "--project", str(busy)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is using it" in err


RUNTIME = "  - {{name: {}, source: my notes, as_of: 2026-01-01, notes: 'n{}'}}"


@pytest.mark.parametrize(
    "names, added, replaced, stored",
    [
        (["Mine A", "Mine B"], 2, 0, {"Mine A": "n0", "Mine B": "n1"}),
        (["Mine A", "mine a"], 1, 1, {"mine a": "n1"}),  # named twice: the later one wins
        (["vllm"], 0, 1, {"vllm": "n0"}),  # replaces the shipped vLLM, any capitalisation
    ],
)
def test_a_bulk_import_adds_and_replaces_by_name(tmp_path, seeded, names, added, replaced, stored):
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n" + "\n".join(RUNTIME.format(n, i) for i, n in enumerate(names)) + "\n")
    with Project.open(path) as project:
        report = project.import_file(mine)
        assert (len(report.added), len(report.replaced)) == (added, replaced)
    with Project.open(path) as fresh:
        runtimes = {r.name.casefold(): r for r in fresh.records("runtimes")}
    for name, note in stored.items():
        assert runtimes[name.casefold()].name == name and runtimes[name.casefold()].notes == note
    assert len([k for k in runtimes if k in {n.casefold() for n in names}]) == len(stored)

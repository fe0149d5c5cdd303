"""Classes 5 and 6 of issue 15: two real processes on one project file.

A second process (an Archwise window, an `archwise` command, another program) holds the write
lock: a command that writes is refused in one line that says which holder it is, and writes
nothing; once the holder lets go the same command works. A holder killed with SIGKILL while it
holds the lock leaves the file whole and its note is ignored. Two processes editing at the same
time both keep every edit."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ROOT = Path(__file__).resolve().parents[2]

HOLDER = r"""
import sys
from app.store import Project

path, who, action = sys.argv[1:4]
if who == "program":  # not Archwise: a plain SQLite client
    import sqlite3
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO meta VALUES ('held', 'x')")
    print("holding", flush=True)
    sys.stdin.readline()
    con.execute("COMMIT")
else:
    project = Project.open(path)
    project.writer = who
    with project._session(action) as s:  # one write transaction, as an edit or an import runs it
        s.connection().exec_driver_sql("INSERT INTO meta VALUES ('held', 'x')")
        print("holding", flush=True)
        sys.stdin.readline()
print("released", flush=True)
"""

EDITOR = r"""
import sys
from app.store import Project

path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
project = Project.open(path, busy_timeout_s=30)
print("open", flush=True)
sys.stdin.readline()  # both start editing together
for n in range(count):
    rec = next(r for r in project.records("runtimes") if r.name == name)
    project.replace("runtimes", name, rec.model_copy(update={"notes": f"edit {n}"}), read=rec)
    project.upsert("runtimes", rec.model_copy(update={"name": f"{name} #{n}", "notes": "added"}))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    Project.open(path, create=True).close()
    return path


def _env():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _start(script: str, *args: str) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return child


def _archwise(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, env=_env(), capture_output=True, text=True)


def _finish(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.kill()
        child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream:
            stream.close()


HOLDERS = [  # (who holds the lock, what it is doing, what the refused command says)
    ("Archwise window", "save NVIDIA H100 SXM", "another Archwise window (save NVIDIA H100 SXM) is using it"),
    ("archwise command", "import big.yaml", "another archwise command (import big.yaml) is using it"),
    ("program", "", "another program (not an Archwise window or command) is using it"),
]


@pytest.mark.parametrize("who, action, says", HOLDERS, ids=["window", "command", "program"])
def test_a_writer_refused_by_another_process_is_told_which_and_can_retry(tmp_path, seeded, who, action, says):
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n")
    holder = _start(HOLDER, str(path), who, action)
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        refused = _archwise("catalog", "import", str(mine), "--project", str(path))
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert says in refused.stderr and "try again" in refused.stderr
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert holder.wait(timeout=60) == 0
    finally:
        _finish(holder)
    again = _archwise("catalog", "import", str(mine), "--project", str(path))  # the retry works
    assert again.returncode == 0, again.stderr
    with Project.open(path) as project:
        assert "Mine" in [r.name for r in project.records("runtimes")]
    assert not list(tmp_path.glob(".p.archwise.writer.*"))  # no note outlives its writer


def test_a_holder_killed_mid_write_leaves_the_file_whole(tmp_path, seeded):
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    holder = _start(HOLDER, str(path), "Archwise window", "import big.yaml")
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        assert list(tmp_path.glob(".p.archwise.writer.*"))  # its note says who holds the file
        os.kill(holder.pid, signal.SIGKILL)
        assert holder.wait(timeout=30) == -signal.SIGKILL
    finally:
        _finish(holder)
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n")
    done = _archwise("catalog", "import", str(mine), "--project", str(path))
    assert done.returncode == 0, done.stderr  # the dead holder's lock and note are gone
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM meta WHERE key = 'held'").fetchone() == (0,)  # rolled back
    finally:
        con.close()


def test_two_processes_editing_at_once_keep_every_edit(tmp_path, seeded):
    path = tmp_path / "p.archwise"
    shutil.copyfile(seeded, path)
    editors = [_start(EDITOR, str(path), name, "15") for name in ("vLLM", "SGLang")]
    try:
        for editor in editors:
            assert editor.stdout.readline().strip() == "open", editor.stderr.read()
        for editor in editors:  # go together
            editor.stdin.write("go\n")
            editor.stdin.flush()
        for editor in editors:
            assert editor.stdout.readline().strip() == "done", editor.stderr.read()
            assert editor.wait(timeout=120) == 0
    finally:
        for editor in editors:
            _finish(editor)
    with Project.open(path) as project:
        runtimes = {r.name: r for r in project.records("runtimes")}
    for name in ("vLLM", "SGLang"):
        assert runtimes[name].notes == "edit 14"
        assert all(f"{name} #{n}" in runtimes for n in range(15))

"""kill -9 after the last completed edit: the project reopens with every completed edit.

A child process runs the real window offscreen, makes its edits through the scenario editor (each
one saved in one transaction as it completes), says so on stdout, and is then killed with SIGKILL
while its event loop runs. No graceful close, no flush on exit: what reopens is what was written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Project

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]
ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from pathlib import Path
from app.ui.app import create_application
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.domain import Category

folder = Path(sys.argv[1])
app = create_application()
window = MainWindow(Settings(folder / "settings"))
window.show()
assert window.open_project(str(folder / "crash.archwise"))
window.show_page("Scenarios")
page = window.scenarios_page
rows = page.editor.form.rows

def typed(key, text):
    row = rows[key]
    if hasattr(row.editor, "setPlainText"):
        row.editor.setPlainText(text)
        row.editor.editing_finished.emit()
    else:
        row.editor.setText(text)
        row.editor.editingFinished.emit()
    assert row.message.text() == "", row.message.text()

steps = [
    lambda: page.new_blank(Category.BATCH),
    lambda: page.rename_current("Overnight summaries"),
    lambda: typed("description", "Summarise the day's tickets by 06:00."),
    lambda: typed("workload.batch.total_requests", "250,000"),
    lambda: typed("assumptions.pue", "1.25"),
    lambda: page.editor.candidates.set_checked("models", ["Llama-3.1-8B-Instruct"]),
    lambda: typed("system_map.production_path", "Pilot on one queue, then all."),
    lambda: page.new_blank(Category.AGENT),
    lambda: typed("workload.agent.calls_per_task", "12"),
    lambda: typed("assumptions.headroom", "0.5"),
    lambda: window.actions.undo.trigger(),  # an undo is an edit too: headroom back to its default
]
for n, step in enumerate(steps):
    step()
    print(f"done {n}", flush=True)
print("ready", flush=True)
app.exec()  # killed here, mid-session
"""


def test_kill_9_after_the_last_edit_loses_nothing(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHWISE_HOME": str(tmp_path / "home")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in child.stdout:  # blocks until the child says each edit is done
            lines.append(line.strip())
            if line.strip() == "ready":
                break
        assert lines and lines[-1] == "ready", child.stderr.read() if child.poll() is not None else lines
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()

    with Project.open(tmp_path / "crash.archwise") as project:
        assert project.scenario_names() == ["Overnight summaries", "New agent scenario"]
        batch = project.scenario("Overnight summaries")
        assert batch.workload.name == "Overnight summaries"
        assert batch.description == "Summarise the day's tickets by 06:00."
        assert batch.workload.batch.total_requests == 250_000
        assert batch.assumptions.pue == 1.25
        assert batch.candidates.models == ["Llama-3.1-8B-Instruct"]
        assert batch.system_map.production_path == "Pilot on one queue, then all."
        agent = project.scenario("New agent scenario")
        assert agent.workload.agent.calls_per_task == 12
        assert agent.assumptions.headroom == 0.2  # the undone edit is undone on disk too
        assert project.setting("last_scenario") == "New agent scenario"


# -- kill -9 during catalog edits: each kind of edit in the catalog window, then SIGKILL

CATALOG_CHILD = r"""
import sys
from pathlib import Path
from app.ui.app import create_application
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.ui.commands import InsertRecordCommand, RemoveRecordCommand

folder = Path(sys.argv[1])
steps_wanted = sys.argv[2].split(",")
app = create_application()
window = MainWindow(Settings(folder / "settings"))
window.show()
assert window.open_project(str(folder / "crash.archwise"))
window.show_page("Catalog")
page = window.catalog_page
model = page.models["accelerators"]

def cell(name, field):
    return model.index(model.row_of(name), [c.key for c in model.columns].index(field))

def typed(name, field, text):
    assert model.setData(cell(name, field), text), (name, field, text)

def duplicate(name, copy):
    rec = model.record(model.row_of(name)).model_copy(update={"name": copy, "user_modified": True})
    window.undo_stack.push(InsertRecordCommand(model, model.rowCount(), rec, f"Duplicate {name}"))

steps = {
    "set": lambda: typed("NVIDIA H100 SXM", "memory_gib", "96"),
    "rename": lambda: typed("NVIDIA L4", "name", "My L4"),
    "delete": lambda: window.undo_stack.push(RemoveRecordCommand(model, model.row_of("NVIDIA T4"))),
    "duplicate": lambda: duplicate("NVIDIA H200 SXM", "H200 spare"),
    "undo": lambda: (typed("NVIDIA A10G", "memory_gib", "20"), window.actions.undo.trigger()),
}
for n, name in enumerate(steps_wanted):
    steps[name]()
    assert model.rowCount() > 0
    print(f"done {n}", flush=True)
print("ready", flush=True)
app.exec()  # killed here, mid-session
"""

CATALOG_EDITS = [  # (the edits, in order; what the reopened file holds: name -> memory [GiB], None = gone)
    (["set", "delete"], {"NVIDIA H100 SXM": 96.0, "NVIDIA T4": None}),
    (["rename", "duplicate"], {"My L4": 22.49, "NVIDIA L4": None, "H200 spare": 141.0, "NVIDIA H200 SXM": 141.0}),
    (  # an undo is an edit too
        ["set", "rename", "delete", "duplicate", "undo"],
        {"NVIDIA H100 SXM": 96.0, "My L4": 22.49, "NVIDIA T4": None, "H200 spare": 141.0, "NVIDIA A10G": 22.49},
    ),
]


@pytest.mark.parametrize("edits, holds", CATALOG_EDITS, ids=["+".join(e) for e, _ in CATALOG_EDITS])
def test_kill_9_after_catalog_edits_loses_none_of_them(tmp_path, edits, holds):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHWISE_HOME": str(tmp_path / "home")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.Popen(
        [sys.executable, "-c", CATALOG_CHILD, str(tmp_path), ",".join(edits)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in child.stdout:
            lines.append(line.strip())
            if line.strip() == "ready":
                break
        assert lines and lines[-1] == "ready", child.stderr.read() if child.poll() is not None else lines
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()

    import sqlite3

    con = sqlite3.connect(tmp_path / "crash.archwise")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    with Project.open(tmp_path / "crash.archwise") as project:
        on_disk = {r.name: r.memory_gib for r in project.records("accelerators")}
        assert not project.quarantined
    for name, memory in holds.items():
        assert on_disk.get(name) == memory, name

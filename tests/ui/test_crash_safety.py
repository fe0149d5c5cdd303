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

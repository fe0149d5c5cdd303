"""Two copies of Archwise on one project file (issue 18 leftovers, hardening item 1).

A real Archwise window runs in a second process on the project. This process's window is refused
with a message that names the other window, and keeps no project; an `archwise catalog import`
(a command that writes) is refused in one line, exit 2, the file unchanged; `catalog list` (only
reads) still runs. The holding window keeps writing: its edit made after the refusals is in the
file. A holder killed with SIGKILL leaves no lock behind: the next window opens the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Project, ProjectInUse
from app.ui.main_window import MainWindow

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),  # the offscreen platform
]
ROOT = Path(__file__).resolve().parents[2]

OTHER_WINDOW = r"""
import sys
from pathlib import Path
from app.ui.app import create_application
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

path, settings = sys.argv[1:3]
app = create_application()
w = MainWindow(Settings(Path(settings)))
w.show_error = lambda title, message: print("error:", message, flush=True)
w.show()
print("open" if w.open_project(path) else "refused", flush=True)
sys.stdin.readline()  # the other copy tries now
rec = next(r for r in w.project.records("runtimes") if r.name == "vLLM")
w.project.replace("runtimes", "vLLM", rec.model_copy(update={"notes": "edited by the first window"}), read=rec)
w.close()
print("closed", flush=True)
"""


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _other_window(path: Path, settings: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", OTHER_WINDOW, str(path), str(settings)],
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _archwise(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *argv], cwd=ROOT, env=_env(), capture_output=True, text=True)


def _finish(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.kill()
        child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream:
            stream.close()


def _window(qtbot, settings) -> MainWindow:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.show()
    return w


def test_a_second_copy_is_refused_while_the_first_keeps_writing(qtbot, settings, tmp_path):
    path = tmp_path / "shared.archwise"
    Project.open(path, create=True).close()
    mine = tmp_path / "mine.yaml"
    mine.write_text("kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n")
    other = _other_window(path, tmp_path / "other-settings")
    try:
        assert other.stdout.readline().strip() == "open", other.stderr.read()

        w = _window(qtbot, settings)
        assert not w.open_project(str(path))
        assert w.project is None  # nothing editable is shown
        (message,) = w.errors
        assert f"{path} is open in another Archwise window (process {other.pid}" in message
        assert "close it there and try again" in message

        refused = _archwise("catalog", "import", str(mine), "--project", str(path))
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert f"is open in another Archwise window (process {other.pid}" in refused.stderr
        listed = _archwise("catalog", "list", "runtimes", "--project", str(path))  # reading is fine
        assert listed.returncode == 0 and "vLLM" in listed.stdout, listed.stderr

        other.stdin.write("go\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "closed", other.stderr.read()
        assert other.wait(timeout=60) == 0
    finally:
        _finish(other)
    with Project.open(path) as project:
        runtimes = {r.name: r for r in project.records("runtimes")}
    assert runtimes["vLLM"].notes == "edited by the first window"
    assert "Mine" not in runtimes  # the refused import wrote nothing

    assert w.open_project(str(path))  # the first window closed: the file opens here now
    assert _archwise("catalog", "import", str(mine), "--project", str(tmp_path / "other.archwise")).returncode == 0
    refused = _archwise("catalog", "import", str(mine), "--project", str(path))  # this window holds it now
    assert refused.returncode == 2 and "another Archwise window (process" in refused.stderr, refused.stderr
    w.close()
    done = _archwise("catalog", "import", str(mine), "--project", str(path))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / ".shared.archwise.lock").exists()  # no lock file outlives its holders


def test_a_window_killed_while_open_does_not_block_the_next(qtbot, settings, tmp_path):
    path = tmp_path / "shared.archwise"
    Project.open(path, create=True).close()
    other = _other_window(path, tmp_path / "other-settings")
    try:
        assert other.stdout.readline().strip() == "open", other.stderr.read()
        assert (tmp_path / ".shared.archwise.lock").exists()
        os.kill(other.pid, signal.SIGKILL)  # a crash: it never lets go itself
        assert other.wait(timeout=30) == -signal.SIGKILL
    finally:
        _finish(other)
    w = _window(qtbot, settings)
    assert w.open_project(str(path)), w.errors
    assert w.errors == []
    w.close()


def test_save_as_onto_a_file_open_in_another_window_is_refused(qtbot, tmp_path):
    path, mine = tmp_path / "shared.archwise", tmp_path / "mine.archwise"
    Project.open(path, create=True).close()
    other = _other_window(path, tmp_path / "other-settings")
    try:
        assert other.stdout.readline().strip() == "open", other.stderr.read()
        project = Project.open(mine, create=True)
        try:
            with pytest.raises(ProjectInUse, match=r"is open in another Archwise window \(process \d+"):
                project.save_as(path)  # was: the other window's file replaced under its edits
        finally:
            project.close()
        other.stdin.write("go\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "closed", other.stderr.read()
        assert other.wait(timeout=60) == 0
    finally:
        _finish(other)
    with Project.open(path) as project:  # the other window's file, with its edit
        assert next(r for r in project.records("runtimes") if r.name == "vLLM").notes == "edited by the first window"
    with Project.open(mine) as project:  # closed there: Save As may replace it now
        assert project.save_as(path) == path

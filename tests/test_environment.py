"""Class 9 of issue 15: the environment. Output works in any locale; a read-only folder, a full
disk and an unwritable home are each reported by their real cause; temporary files are removed
on every failure path; the log file exists and holds every traceback."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.paths import EXAMPLES_DIR, ROOT

A100 = str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
ODD_NAME = "Lab GPU Ω — µ-rev"  # characters an ASCII or Latin-1 terminal cannot print
ODD_GPU = f"""kind: accelerators
records:
  - name: {ODD_NAME}
    vendor: Lab
    source: lab notes · 2026
    as_of: 2026-01-01
    efficiency_class: nvidia-hopper
    memory_gib: 80
    memory_bandwidth_gb_s: 3000
    tflops_bf16: 900
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("env")
    path = folder / "env.archwise"
    (folder / "odd.yaml").write_text(ODD_GPU, encoding="utf-8")
    assert main(["catalog", "import", str(folder / "odd.yaml"), "--project", str(path)]) == 0
    return path


def archwise(*argv: str, env: dict | None = None, fsize: int | None = None, home: Path | None = None):
    """`python -m app ARGV` in a child process of this checkout, with `env` on top of ours and,
    with `fsize`, a file-size limit that makes every write beyond it fail as on a full disk."""
    child_env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONIOENCODING")}
    child_env.update(PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    if home is not None:
        child_env["ARCHWISE_HOME"] = str(home)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        timeout=300,
        preexec_fn=limit if fsize else None,
    )


LOCALES = [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "latin-1"},
    {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
]


@pytest.mark.parametrize("env", LOCALES, ids=lambda e: "-".join(f"{k}={v}" for k, v in e.items()))
@pytest.mark.parametrize(
    "argv",
    [["size", A100], ["catalog", "list", "accelerators"], ["catalog", "show", "accelerators", ODD_NAME]],
    ids=["size", "catalog list", "catalog show"],
)
def test_output_works_in_a_non_utf8_locale(project, env, argv):
    done = archwise(*argv, "--project", str(project), env=env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stderr == b""
    encoding = env.get("PYTHONIOENCODING", "ascii")
    expected = b"Verdict: feasible" if argv[0] == "size" else ODD_NAME.encode(encoding, errors="replace")
    assert expected in done.stdout  # what the terminal cannot show reads '?'; the rest is as written


def test_a_read_only_folder_is_named_as_the_cause(tmp_path, capsys, project):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.archwise"
    path.write_bytes(project.read_bytes())
    folder.chmod(0o555)
    try:
        for argv in (["catalog", "list", "models"], ["catalog", "import", str(project.parent / "odd.yaml")]):
            capsys.readouterr()
            assert main([*argv, "--project", str(path)]) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and "read-only folder" in err and "not a readable" not in err
        assert path.read_bytes() == project.read_bytes()
        assert sorted(p.name for p in folder.iterdir()) == ["p.archwise"]
    finally:
        folder.chmod(0o755)


# (command, file-size limit [bytes], what the message must say). The limit leaves room for the
# project's own 32 KiB shared-memory file and is below each output (38 KiB and more).
FULL_DISK = [
    (["catalog", "export", "models", "-o", "OUT/models.yaml"], 34_000, "File too large"),
    (["catalog", "export", "instances", "-o", "OUT/instances.json"], 34_000, "File too large"),
    (["sweep", str(EXAMPLES_DIR / "public-chat-api.yaml"), "-o", "OUT/sweep.csv"], 34_000, "File too large"),
    (["report", A100, "-o", "OUT/decision.pdf"], 34_000, "File too large"),
]


@pytest.mark.parametrize("argv, fsize, cause", FULL_DISK, ids=["export yaml", "export json", "sweep", "report"])
def test_a_failed_write_names_its_cause_and_leaves_no_temporary_file(tmp_path, project, argv, fsize, cause):
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("OUT", str(out)) for a in argv]
    before = project.read_bytes()
    done = archwise(*argv, "--project", str(project), fsize=fsize, home=tmp_path / "home")
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and cause in err
    assert list(out.iterdir()) == []  # neither the file nor its temporary
    assert project.read_bytes() == before


def test_creating_a_project_on_a_full_disk_says_so_and_leaves_nothing(tmp_path):
    folder = tmp_path / "projects"
    folder.mkdir()
    done = archwise("catalog", "list", "models", "--project", str(folder / "new.archwise"), fsize=16384)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and "could not be created: the disk is full" in err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("argv", [["catalog", "list", "models"], ["size", A100]])
def test_an_unwritable_home_is_named(tmp_path, argv):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    home = blocker / "archwise"
    done = archwise(*argv, home=home)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1
    assert str(home) in err and "ARCHWISE_HOME" in err and "None" not in err


def test_the_window_names_an_unwritable_home_and_logs_elsewhere(qtbot, tmp_path, monkeypatch):
    from app.logs import log_file
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ARCHWISE_HOME", str(blocker / "archwise"))
    shown: list[str] = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2]))
    window = MainWindow(Settings(tmp_path / "settings"))
    qtbot.addWidget(window)
    assert window.open_project(None) is False
    assert len(shown) == 1 and "None" not in shown[0] and str(blocker / "archwise") in shown[0]
    log = log_file()
    assert log is not None and log.exists() and blocker not in log.parents


def test_the_log_holds_every_traceback_the_window_reports(qtbot, tmp_path, monkeypatch, _private_home):
    from app.logs import log_file
    from app.ui.app import ExceptionHook
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    shown: list[str] = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr("app.ui.app.QMessageBox.warning", lambda *a: shown.append(a[2]))
    window = MainWindow(Settings(tmp_path / "settings"))
    qtbot.addWidget(window)
    assert window.open_project(str(tmp_path / "p.archwise"))

    def broken_action():
        raise RuntimeError("a bug in an action")

    assert window.guard("Export", broken_action) is None
    hook = ExceptionHook()
    try:
        raise ZeroDivisionError("a bug on a worker thread")
    except ZeroDivisionError:
        hook.handle(*sys.exc_info())
    qtbot.waitUntil(lambda: len(shown) == 2)
    log = log_file()
    assert log == _private_home / "archwise.log"
    text = log.read_text(encoding="utf-8")
    for bug in ("RuntimeError: a bug in an action", "ZeroDivisionError: a bug on a worker thread"):
        assert bug in text and "Traceback (most recent call last)" in text
    assert all(str(log) in message for message in shown)
    window.project.close()

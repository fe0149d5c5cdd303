"""Class 3 of issue 15: a project written by a newer Archwise is never opened for writing and
never written: every command and the window refuse it with one message naming both versions,
and the file and its folder are byte-for-byte as they were (no -wal, -shm or backup beside it)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app import __version__
from app.cli import main
from app.paths import EXAMPLES_DIR
from app.store import Project, ProjectError
from app.store.schema import SCHEMA_VERSION


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    Project.open(path, create=True).close()
    return path


def _future(seeded, folder, version: int, journal: str):
    path = folder / "future.archwise"
    shutil.copyfile(seeded, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    con.commit()
    con.execute(f"PRAGMA journal_mode={journal}")
    con.close()
    return path


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


IMPORT = "kind: runtimes\nrecords:\n  - {name: Mine, source: my notes, as_of: 2026-01-01}\n"
COMMANDS = [
    ["catalog", "list", "runtimes"],
    ["catalog", "show", "runtimes", "vLLM"],
    ["catalog", "import", "IMPORT"],
    ["catalog", "merge"],
    ["catalog", "export", "runtimes", "-o", "OUT"],
    ["size", str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")],
    ["estimate", "--model", "Llama-3.1-8B-Instruct", "--hardware", "NVIDIA H100 SXM", "--gpus", "1"]
    + ["--input-tokens", "100", "--output-tokens", "10", "--concurrency", "1"],
]


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, SCHEMA_VERSION + 100])
@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_a_newer_project_and_leaves_it_untouched(
    tmp_path, capsys, seeded, version, journal, command
):
    folder = tmp_path / "projects"
    folder.mkdir()
    path = _future(seeded, folder, version, journal)
    before = _snapshot(folder)
    (tmp_path / "in.yaml").write_text(IMPORT, encoding="utf-8")
    argv = [
        str(tmp_path / "in.yaml") if a == "IMPORT" else str(tmp_path / "out.yaml") if a == "OUT" else a for a in command
    ]
    capsys.readouterr()
    assert main([*argv, "--project", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"project schema {version}" in err and f"Archwise {__version__} reads schema {SCHEMA_VERSION}" in err
    assert _snapshot(folder) == before
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_project_open_refuses_a_newer_project(tmp_path, seeded, journal):
    path = _future(seeded, tmp_path, SCHEMA_VERSION + 1, journal)
    before = _snapshot(tmp_path)
    with pytest.raises(ProjectError, match=f"project schema {SCHEMA_VERSION + 1}.*reads schema {SCHEMA_VERSION}"):
        Project.open(path, create=True)
    assert _snapshot(tmp_path) == before


def test_the_window_shows_one_message_and_keeps_its_project(qtbot, tmp_path, seeded, monkeypatch):
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    shown = []
    window = MainWindow(Settings(tmp_path / "settings"))
    qtbot.addWidget(window)
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[1:3]))
    assert window.open_project(str(seeded))
    folder = tmp_path / "projects"
    folder.mkdir()
    path = _future(seeded, folder, SCHEMA_VERSION + 1, "wal")
    before = _snapshot(folder)
    assert window.open_project(str(path)) is False
    assert len(shown) == 1 and f"project schema {SCHEMA_VERSION + 1}" in shown[0][1]
    assert window.project_path == str(seeded)  # the open project stays open
    assert _snapshot(folder) == before
    window.project.close()

"""The default project follows the shipped catalog (code_health item 4): a release that ships new or
corrected records brings them into the default project when a command (or the window) opens it,
keeping what the user edited, and says so in one line; a project file of the user's is left as it
is, with one line naming what `archwise catalog merge` would bring. Real SQLite files in tmp_path,
the real CLI; the "older release" is the shipped catalog with one figure changed and one record
taken out."""

from __future__ import annotations

import json
import sqlite3

from catalog_builders import OLD_L4_TDP_W, PI, older_release, seeded_by_older_release

from app.cli import main
from app.paths import default_project_path
from app.services.catalog import open_project
from app.store import Project


def shown(capsys, name: str, *project: str) -> tuple[dict, str]:
    assert main(["catalog", "show", "accelerators", name, "--json", *project]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def test_a_command_on_the_default_project_takes_the_newer_shipped_catalog(capsys, tmp_path):
    seeded_by_older_release(default_project_path(), older_release(tmp_path))

    l4, err = shown(capsys, "NVIDIA L4")
    assert l4["tdp_w"] == 72.0  # this release's figure, not the older 99 W
    assert err == (
        "archwise: note: the default project took this release's shipped catalog: "
        "1 new and 1 updated shipped record(s); your 1 edited record(s) kept\n"
    )
    pi, err = shown(capsys, PI)
    assert pi["name"] == PI and err == ""  # said once: the project now holds this release's catalog
    t4, _ = shown(capsys, "NVIDIA T4")
    assert t4["memory_bandwidth_gb_s"] == 999.0  # the user's edit kept


def test_the_window_path_says_it_too(tmp_path):
    """services.open_project, which the window uses for the default project, leaves the same note."""
    seeded_by_older_release(default_project_path(), older_release(tmp_path))
    with open_project() as project:
        assert project.catalog().find("accelerators", "NVIDIA L4").tdp_w == 72.0
        assert project.notes == [
            "the default project took this release's shipped catalog: "
            "1 new and 1 updated shipped record(s); your 1 edited record(s) kept"
        ]


def test_a_project_file_is_left_as_it_is_and_told_how_to_merge(capsys, tmp_path):
    path = tmp_path / "team.archwise"
    seeded_by_older_release(path, older_release(tmp_path))

    l4, err = shown(capsys, "NVIDIA L4", "--project", str(path))
    assert l4["tdp_w"] == OLD_L4_TDP_W  # the file's own record: not changed behind the user's back
    assert err == (
        "archwise: note: this release ships 1 new and 1 updated shipped record(s) that team.archwise lacks: "
        f"`archwise catalog merge --project {path}` brings them in and keeps your edits\n"
    )
    assert main(["catalog", "merge", "--project", str(path)]) == 0
    capsys.readouterr()
    l4, err = shown(capsys, "NVIDIA L4", "--project", str(path))
    assert l4["tdp_w"] == 72.0 and err == ""  # merged: nothing more to say


def test_a_project_from_before_the_stamp_is_merged_once_and_quietly_when_nothing_differs(capsys):
    with Project.open(default_project_path(), create=True):
        pass
    con = sqlite3.connect(default_project_path())
    with con:
        con.execute("DELETE FROM meta WHERE key = 'shipped_catalog'")  # as a project of an earlier release
    con.close()
    _, err = shown(capsys, "NVIDIA L4")
    assert err == ""  # the same records: nothing to say
    with Project.open(default_project_path()) as project:
        assert not project.shipped_catalog_unseen()  # and remembered


def test_a_default_project_a_newer_release_merged_is_not_turned_back(capsys, tmp_path):
    seeded_by_older_release(default_project_path(), older_release(tmp_path))
    con = sqlite3.connect(default_project_path())
    with con:
        con.execute(
            "UPDATE meta SET value = '999.0.0 ' || substr(value, instr(value, ' ') + 1) WHERE key = 'shipped_catalog'"
        )
    con.close()
    l4, err = shown(capsys, "NVIDIA L4")
    assert l4["tdp_w"] == OLD_L4_TDP_W and err == ""

"""Class 4 of issue 15: the catalog window deletes, adds and edits what the user saw, nothing
else. Another window or an `archwise` command (here: its own Project on the same file) changes,
renames, deletes or adds a record after this window read it; the window's write is refused with
one message, nothing is written, and the table then shows the file as it is (a record renamed
elsewhere appears under its new name instead of vanishing)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.store import Project
from app.ui.catalog_page import CatalogPage
from app.ui.commands import InsertRecordCommand, RemoveRecordCommand

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

H100 = "NVIDIA H100 SXM"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.archwise"
    Project.open(path, create=True).close()
    return path


@pytest.fixture
def page(qtbot, seeded, tmp_path):
    path = tmp_path / "p.archwise"
    path.write_bytes(seeded.read_bytes())
    project = Project.open(path, busy_timeout_s=0.2)
    page = CatalogPage(QUndoStack())
    qtbot.addWidget(page)
    page.set_project(project, project.catalog())
    yield page
    project.close()


def _on_disk(page) -> dict:
    with Project.open(page.project.path) as fresh:
        return {r.name: r for r in fresh.records("accelerators")}


def _shown(page) -> dict:
    return {r.name: r for r in page.models["accelerators"].records()}


def _elsewhere(page, action: str) -> None:
    """What another window or an `archwise` command does to the H100 record meanwhile."""
    with Project.open(page.project.path) as other:
        rec = next(r for r in other.records("accelerators") if r.name == H100)
        if action == "deleted":
            other.delete("accelerators", H100)
        elif action == "renamed":
            other.replace("accelerators", H100, rec.model_copy(update={"name": "H100 (CLI)"}))
        elif action == "changed":
            other.replace("accelerators", H100, rec.model_copy(update={"memory_gib": 100.0}))
        elif action == "noted":
            other.replace("accelerators", H100, rec.model_copy(update={"notes": "checked by the CLI"}))


DELETES = [  # (what happened meanwhile, refused?, the message says, what the table then shows)
    ("deleted", True, "was deleted or renamed", set()),
    ("renamed", True, "was deleted or renamed", {"H100 (CLI)"}),
    (
        "changed",
        True,
        "was changed in accelerators since this window read it (by another window or an archwise command: memory gib)",
        {H100},
    ),
    ("noted", True, "notes", {H100}),
    ("nothing", False, "", set()),
]


@pytest.mark.parametrize("meanwhile, refused, says, shows", DELETES, ids=[d[0] for d in DELETES])
def test_a_delete_removes_only_the_record_the_user_saw(qtbot, page, meanwhile, refused, says, shows):
    model = page.models["accelerators"]
    row = model.row_of(H100)
    _elsewhere(page, meanwhile)
    before = _on_disk(page)
    if refused:
        with qtbot.waitSignal(model.validation_failed) as blocker:
            page.undo_stack.push(RemoveRecordCommand(model, row))
        assert blocker.args[0].startswith("Not saved:") and says in blocker.args[0]
        assert page.undo_stack.count() == 0  # nothing was done: nothing to undo
        assert _on_disk(page) == before  # nothing written
    else:
        page.undo_stack.push(RemoveRecordCommand(model, row))
        assert page.undo_stack.count() == 1 and H100 not in _on_disk(page)
    assert _shown(page) == _on_disk(page)  # the table shows the file, the renamed record too
    assert shows <= set(_shown(page))


def test_an_edit_of_a_record_renamed_elsewhere_shows_it_under_its_new_name(qtbot, page):
    model = page.models["accelerators"]
    index = model.index(model.row_of(H100), [c.key for c in model.columns].index("memory_gib"))
    _elsewhere(page, "renamed")
    with qtbot.waitSignal(model.validation_failed) as blocker:
        model.setData(index, "96")
    assert "deleted or renamed" in blocker.args[0]
    assert "H100 (CLI)" in _shown(page) and H100 not in _shown(page)
    assert _on_disk(page)["H100 (CLI)"].memory_gib == 80  # the edit was not written anywhere
    assert _shown(page) == _on_disk(page)


@pytest.mark.parametrize("how", ["undo of a delete", "duplicate"])
def test_an_add_never_replaces_a_record_added_meanwhile(qtbot, page, how):
    model = page.models["accelerators"]
    original = model.record(model.row_of(H100))
    if how == "undo of a delete":
        page.undo_stack.push(RemoveRecordCommand(model, model.row_of(H100)))
        taken = original.model_copy(update={"notes": "added by the CLI", "memory_gib": 81.0})
        command = None
    else:
        copy = original.model_copy(update={"name": model.unique_name(H100), "user_modified": True})
        taken = copy.model_copy(update={"notes": "added by the CLI"})
        command = InsertRecordCommand(model, model.rowCount(), copy, f"Duplicate {H100}")
    with Project.open(page.project.path) as other:
        other.upsert("accelerators", taken)
    before = _on_disk(page)
    with qtbot.waitSignal(model.validation_failed) as blocker:
        page.undo_stack.undo() if command is None else page.undo_stack.push(command)
    assert "already exists" in blocker.args[0] and "not added" in blocker.args[0]
    assert _on_disk(page) == before and before[taken.name].notes == "added by the CLI"  # theirs is kept
    assert _shown(page) == _on_disk(page)

"""Classes 4 and 5 of issue 15 (in part): in the catalog window a rename never lands on another
record's name (any capitalisation), a reload clears the undo history that referred to the old
rows, and a write the file refuses is visibly not done: the cell keeps the stored value and the
undo history does not offer it. Real pages over a real project file."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import QUndoStack

from app.store import Project
from app.ui.catalog_page import CatalogPage
from app.ui.commands import InsertRecordCommand, RemoveRecordCommand

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

H100, H200 = "NVIDIA H100 SXM", "NVIDIA H200 SXM"


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


def _cell(page, name: str, field: str):
    model = page.models["accelerators"]
    row = [r.name for r in model.records()].index(name)
    return model, model.index(row, [c.key for c in model.columns].index(field))


def _on_disk(page) -> dict[str, float]:
    with Project.open(page.project.path) as fresh:
        return {r.name: r.memory_gib for r in fresh.records("accelerators")}


@pytest.mark.parametrize("typed", [H200, H200.lower(), H200.upper(), f"  {H200}  ", "nvidia H200 sxm"])
def test_a_rename_onto_another_records_name_is_refused(qtbot, page, typed):
    model, index = _cell(page, H100, "name")
    before = _on_disk(page)
    with qtbot.waitSignal(model.validation_failed) as blocker:
        assert model.setData(index, typed) is False
    assert f"'{H200}' already exists" in blocker.args[0]
    assert model.data(index) == H100 and page.undo_stack.count() == 0
    assert _on_disk(page) == before and {H100, H200} <= set(before)


def test_a_rename_that_only_changes_case_is_kept_in_place(qtbot, page):
    model, index = _cell(page, H100, "name")
    assert model.setData(index, H100.lower())
    on_disk = _on_disk(page)
    assert H100.lower() in on_disk and H100 not in on_disk and H200 in on_disk
    page.undo_stack.undo()
    assert H100 in _on_disk(page)


def test_a_reload_clears_the_undo_history(qtbot, page):
    model, index = _cell(page, H100, "memory_gib")
    assert model.setData(index, "96") and page.undo_stack.canUndo()
    page.set_project(page.project, page.project.catalog())  # File → Import and the others reload so
    assert page.undo_stack.count() == 0 and not page.undo_stack.canUndo()
    assert _on_disk(page)[H100] == 96


BUSY_EDITS = [  # (what the user does while another program holds the lock, what the file then holds)
    ("set", lambda page, model: model.setData(_cell(page, H100, "memory_gib")[1], "96"), {H100: 96.0}),
    ("rename", lambda page, model: model.setData(_cell(page, H100, "name")[1], "My H100"), {"My H100": 80.0}),
    (
        "delete",
        lambda page, model: page.undo_stack.push(RemoveRecordCommand(model, model.row_of(H100))),
        {H100: None},
    ),
    (
        "duplicate",
        lambda page, model: page.undo_stack.push(
            InsertRecordCommand(
                model,
                model.rowCount(),
                model.record(model.row_of(H100)).model_copy(update={"name": "H100 twin", "user_modified": True}),
                "Duplicate",
            )
        ),
        {H100: 80.0, "H100 twin": 80.0},
    ),
]


@pytest.mark.parametrize("edit, stored", [(e, s) for _, e, s in BUSY_EDITS], ids=[n for n, _, _ in BUSY_EDITS])
def test_a_write_the_file_refuses_as_busy_waits_visibly_and_is_not_lost(qtbot, page, edit, stored):
    """Class 5: the table shows the file, the edit waits in a visible queue with the reason, and
    lands (undoable) once the other program lets go."""
    model = page.models["accelerators"]
    shown, initial = _shown(model), _on_disk(page)
    before = page.project.path.read_bytes()
    holder = sqlite3.connect(page.project.path, isolation_level=None)  # another program writing
    holder.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(model.write_waiting) as blocker:
            edit(page, model)
        assert "another program (not an Archwise window or command) is using it" in blocker.args[0]
        assert _shown(model) == shown  # the table shows what the file holds
        assert page.undo_stack.count() == 0  # nothing to undo: nothing was done
        assert page.waiting.count() == 1 and not page.waiting_bar.isHidden()
        assert "1 edit waits to be saved" in page.waiting_bar.label.text()
        page.waiting.retry()  # still busy: it keeps waiting
        assert page.waiting.count() == 1 and page.project.path.read_bytes() == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    page.waiting.retry()  # what its timer does every 2 s
    assert page.waiting.count() == 0 and page.waiting_bar.isHidden()
    on_disk = _on_disk(page)
    for name, memory in stored.items():
        assert on_disk.get(name) == memory
    assert _shown(model) == on_disk
    assert page.undo_stack.count() == 1  # and it is undoable
    page.undo_stack.undo()
    assert _on_disk(page) == initial == _shown(model)


def test_edits_that_wait_reach_the_file_in_their_order(qtbot, page):
    model = page.models["accelerators"]
    holder = sqlite3.connect(page.project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        model.setData(_cell(page, H100, "memory_gib")[1], "96")
        model.setData(_cell(page, H100, "memory_gib")[1], "97")  # waits behind the first, untried
        assert page.waiting.count() == 2 and "2 edits wait" in page.waiting_bar.label.text()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    page.waiting.retry()
    assert page.waiting.count() == 0 and _on_disk(page)[H100] == 97 and page.undo_stack.count() == 2


def test_discard_drops_the_waiting_edits_and_leaves_the_file(qtbot, page):
    model = page.models["accelerators"]
    before = page.project.path.read_bytes()
    holder = sqlite3.connect(page.project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        model.setData(_cell(page, H100, "memory_gib")[1], "96")
        page.waiting_bar.discard_button.click()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert page.waiting.count() == 0 and page.waiting_bar.isHidden()
    page.waiting.retry()
    assert page.project.path.read_bytes() == before


def _shown(model) -> dict[str, float]:
    return {r.name: r.memory_gib for r in model.records()}


# -- edits write only what changed, detect a record changed meanwhile, undo restores the shipped state


def _stored_row(page, name: str) -> tuple[dict, bool]:
    import json

    con = sqlite3.connect(page.project.path)
    try:
        data, modified = con.execute(
            "SELECT data, user_modified FROM records WHERE kind = 'accelerators' AND name = ?", (name,)
        ).fetchone()
    finally:
        con.close()
    return json.loads(data), bool(modified)


def _change_elsewhere(page, record_name: str, **fields) -> None:
    """What another window or an `archwise` command does: read, change, write, in its own Project."""
    with Project.open(page.project.path) as other:
        rec = next(r for r in other.records("accelerators") if r.name == record_name)
        other.replace("accelerators", record_name, rec.model_copy(update=fields))


@pytest.mark.parametrize(
    "edited, typed, elsewhere, refused",
    [
        ("memory_gib", "96", {"memory_gib": 100.0}, True),  # the same field: refused, re-read
        ("memory_gib", "96", {"notes": "from the CLI"}, False),  # another field: both kept
        ("name", "My H100", {"memory_gib": 100.0}, False),
        ("name", "My H100", {"name": "H100 (CLI)"}, True),
    ],
)
def test_an_edit_never_overwrites_a_change_made_meanwhile(qtbot, page, edited, typed, elsewhere, refused):
    model, index = _cell(page, H100, edited)
    _change_elsewhere(page, H100, **elsewhere)
    if refused:
        with qtbot.waitSignal(model.validation_failed) as blocker:
            model.setData(index, typed)
        assert blocker.args[0].startswith("Not saved:") and "since this window read it" in blocker.args[0]
        assert page.undo_stack.count() == 0
    else:
        assert model.setData(index, typed) and page.undo_stack.count() == 1
    with Project.open(page.project.path) as fresh:
        on_disk = {r.name: r for r in fresh.records("accelerators")}
    shown = {r.name: r for r in model.records()}
    assert all(on_disk[n] == r for n, r in shown.items())  # the table shows what the file holds
    assert set(on_disk) == set(shown)  # a record renamed elsewhere is shown under its new name
    for key, value in elsewhere.items():  # the other writer's change survives
        assert any(getattr(r, key) == value for r in on_disk.values())
    if not refused:
        want = typed if edited == "name" else float(typed)
        assert any(getattr(r, edited) == want for r in on_disk.values())


def test_undo_finds_its_record_by_identity_when_rows_moved(qtbot, page):
    model, index = _cell(page, H200, "memory_gib")
    assert model.setData(index, "150")
    model.remove_record(0)  # rows move under the history (a refused undo drops its command likewise)
    model.insert_record(model.rowCount(), model.records()[0].model_copy(update={"name": "Zeta copy"}))
    page.undo_stack.undo()
    assert _on_disk(page)[H200] == 141 and next(r for r in model.records() if r.name == H200).memory_gib == 141


@pytest.mark.parametrize(
    "edits",
    [
        [("memory_gib", "96")],
        [("memory_gib", "96"), ("name", "My H100")],
        [("name", "my h100"), ("memory_gib", "70"), ("memory_gib", "71")],
    ],
)
def test_undoing_every_edit_restores_the_shipped_record(qtbot, page, edits):
    shipped, modified = _stored_row(page, H100)
    assert not modified
    name = H100
    for field, value in edits:
        model, index = _cell(page, name, field)
        assert model.setData(index, value)
        name = value if field == "name" else name
    assert _stored_row(page, name)[1]
    while page.undo_stack.canUndo():
        page.undo_stack.undo()
    assert _stored_row(page, H100) == (shipped, False)  # so catalog merges update it again
    assert not next(r for r in page.models["accelerators"].records() if r.name == H100).user_modified


def test_edits_from_the_window_wait_only_briefly_for_another_writer(qtbot, seeded, tmp_path):
    """Class 5: a project opened with the default (2 s) busy timeout; the window's writes use its
    short one, so the GUI thread never waits long on a lock (checked on the connection, not timed)."""
    from app.ui.catalog_page import WRITE_TIMEOUT_S

    path = tmp_path / "p.archwise"
    path.write_bytes(seeded.read_bytes())
    project = Project.open(path)
    page = CatalogPage(QUndoStack())
    qtbot.addWidget(page)
    page.set_project(project, project.catalog())
    try:
        model, index = _cell(page, H100, "memory_gib")
        assert model.setData(index, "96")
        with project._engine.connect() as con:  # the pooled connection the edit used
            assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() == int(WRITE_TIMEOUT_S * 1000)
    finally:
        project.close()


@pytest.mark.parametrize("answer, closes", [("Cancel", False), ("Discard", True)])
def test_closing_with_edits_that_wait_asks_first(qtbot, page, answer, closes):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    model = page.models["accelerators"]
    holder = sqlite3.connect(page.project.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    asked = []

    def answer_box():
        box = QApplication.activeModalWidget()
        asked.append(box.text())
        box.button(getattr(QMessageBox.StandardButton, answer)).click()

    try:
        model.setData(_cell(page, H100, "memory_gib")[1], "96")
        QTimer.singleShot(0, answer_box)
        assert page.may_close() is closes
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert asked and "1 catalog edit(s) still wait" in asked[0] and "Set memory gib of NVIDIA H100 SXM" in asked[0]
    assert page.waiting.count() == (0 if closes else 1)

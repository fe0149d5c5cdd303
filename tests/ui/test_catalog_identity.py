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


@pytest.mark.parametrize("field, value", [("memory_gib", "96"), ("name", "My H100")])
def test_a_write_the_file_refuses_is_visibly_not_done(qtbot, page, field, value):
    model, index = _cell(page, H100, field)
    shown = model.data(index)
    before = page.project.path.read_bytes()
    holder = sqlite3.connect(page.project.path, isolation_level=None)  # another program writing
    holder.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(model.validation_failed) as blocker:
            model.setData(index, value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert blocker.args[0].startswith("Not saved:") and "is using it" in blocker.args[0]
    assert model.data(index) == shown  # the cell shows what the file holds
    assert page.undo_stack.count() == 0  # nothing to undo: nothing was done
    assert page.project.path.read_bytes() == before

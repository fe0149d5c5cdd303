"""Catalog tables: model contract, validation at the cell, undo/redo, duplicate/delete."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from app.domain import Accelerator
from app.ui.catalog_kind_view import CatalogKindView
from app.ui.record_table_model import RecordTableModel


def _model(records):
    stack = QUndoStack()
    return RecordTableModel(Accelerator, records, stack), stack


def _col(model, key):
    return [c.key for c in model.columns].index(key)


def test_model_passes_qtmodeltester(qtmodeltester, accelerators):
    model, _stack = _model(accelerators)
    qtmodeltester.check(model)


def test_bad_value_is_refused_with_the_domain_message(qtbot, accelerators):
    model, stack = _model(accelerators)
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    idx = model.index(0, _col(model, "memory_gib"))
    with qtbot.waitSignal(model.validation_failed) as blocker:
        assert model.setData(idx, "-5") is False
    assert "memory_gib" in blocker.args[0] and "greater than 0" in blocker.args[0]
    assert model.record(0).memory_gib == 80
    assert model.data(idx) == "80"
    assert "memory_gib" in view.inline_message.text()
    assert stack.count() == 0


def test_edit_undo_redo(qtbot, accelerators):
    model, stack = _model(accelerators)
    idx = model.index(1, _col(model, "memory_gib"))
    assert model.setData(idx, "48")
    assert model.record(1).memory_gib == 48 and model.record(1).user_modified
    assert stack.undoText() == "Set memory gib of Beta"
    stack.undo()
    assert model.record(1).memory_gib == 24
    stack.redo()
    assert model.record(1).memory_gib == 48


def test_duplicate_and_delete_are_undoable(qtbot, accelerators):
    model, stack = _model(accelerators)
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.table.setCurrentIndex(view.proxy.mapFromSource(model.index(0, 0)))
    view.duplicate_selected()
    assert [r.name for r in model.records()] == ["Alpha", "Beta", "Alpha (copy)"]
    view.table.setCurrentIndex(view.proxy.mapFromSource(model.index(1, 0)))
    view.delete_selected()
    assert [r.name for r in model.records()] == ["Alpha", "Alpha (copy)"]
    stack.undo()
    stack.undo()
    assert [r.name for r in model.records()] == ["Alpha", "Beta"]


def test_filter_and_sort(qtbot, accelerators):
    model, _ = _model(accelerators)
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.search.setText("bet")
    assert view.proxy.rowCount() == 1
    view.search.clear()
    view.table.sortByColumn(_col(model, "memory_gib"), Qt.AscendingOrder)
    assert view.proxy.index(0, 0).data() == "Beta"

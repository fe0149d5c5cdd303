"""Catalog tables: model contract, validation at the cell, undo/redo, duplicate/delete."""

import pytest
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
    assert "memory_gib" in blocker.args[0] and "must be a positive number" in blocker.args[0]
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


def test_thousands_of_records_filter_sort_and_edit_correctly(qtbot, accelerators):
    """The search and sort read cached rows; an edit must refresh what they read."""
    records = [
        accelerators[i % len(accelerators)].model_copy(
            update={"name": f"Card {i:04d}", "memory_gib": float(1 + (i * 37) % 500)}
        )
        for i in range(3000)
    ]
    model, stack = _model(records)
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.search.setText("card 12")  # Card 1200 to Card 1299
    assert view.proxy.rowCount() == 100
    view.search.clear()
    memory = _col(model, "memory_gib")
    view.table.sortByColumn(memory, Qt.AscendingOrder)
    shown = [float(view.proxy.index(r, memory).data(Qt.UserRole)) for r in range(view.proxy.rowCount())]
    assert len(shown) == 3000 and shown == sorted(shown)  # numeric order, not text order
    # Edit the smallest to be the largest: the sort and the search see the new value.
    first = view.proxy.mapToSource(view.proxy.index(0, memory))
    assert model.setData(first, "9999")
    assert float(view.proxy.index(view.proxy.rowCount() - 1, memory).data(Qt.UserRole)) == 9999.0
    view.search.setText("9,999")
    assert view.proxy.rowCount() == 1
    stack.undo()
    assert view.proxy.rowCount() == 0


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, a shown dialog
def test_add_a_record_refuses_bad_input_then_adds_and_undoes(qtbot, accelerators):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    model, stack = _model(accelerators)
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.add_record()
    dialog = view.add_dialog
    assert dialog.isVisible()
    assert dialog.fields["as_of"].text()  # the date of entry; no figure is filled in
    assert all(w.text() == "" for k, w in dialog.fields.items() if isinstance(w, QLineEdit) and k != "as_of")
    for key, text in (
        ("name", "Gamma"),
        ("vendor", "Acme"),
        ("memory_gib", "not a number"),
        ("memory_bandwidth_gb_s", "1,200"),
        ("tflops_bf16", "400"),
        ("source", "Acme datasheet, rev. 2"),
    ):
        dialog.fields[key].setText(text)
    dialog.fields["efficiency_class"].setText("test")
    kind = dialog.fields["kind"]  # a choice, not free text
    assert isinstance(kind, QComboBox) and kind.findData("gpu") >= 0
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() == 0  # refused: stays open with the domain's message
    assert "memory" in dialog.message.text().lower() and model.rowCount() == len(accelerators)
    dialog.fields["memory_gib"].setText("96")
    dialog.fields["name"].setText(accelerators[0].name.upper())  # names ignore case: taken
    dialog.ok_button.click()
    assert "exists" in dialog.message.text() and model.rowCount() == len(accelerators)
    dialog.fields["name"].setText("Gamma")
    dialog.ok_button.click()
    assert model.rowCount() == len(accelerators) + 1
    added = model.record(model.rowCount() - 1)
    assert (added.name, added.memory_gib, added.memory_bandwidth_gb_s, added.user_modified) == ("Gamma", 96, 1200, True)
    assert added.source == "Acme datasheet, rev. 2"  # commas kept in text
    assert stack.undoText() == "Add Gamma"
    stack.undo()
    assert model.rowCount() == len(accelerators)


def test_kinds_with_banded_figures_are_duplicated_not_typed_in():
    from app.domain import CATALOG_KINDS
    from app.ui.add_record_dialog import addable
    from app.ui.columns import columns_for

    can_add = {kind for kind, cls in CATALOG_KINDS.items() if addable(cls, columns_for(cls))}
    assert can_add == set(CATALOG_KINDS) - {"efficiency"}

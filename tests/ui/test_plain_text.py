"""Class 8 of issue 15: text from data (record names, sources, notes, messages built from them) is
shown as written in every widget: labels and message boxes as plain text, tooltips escaped, so
an `<img src=...>` in a record name loads nothing and shows as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, QRectF
from PySide6.QtGui import QHelpEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QMessageBox,
    QToolTip,
)

from app.domain import Accelerator
from app.ui.app import create_application
from app.ui.catalog_kind_view import CatalogKindView
from app.ui.guards import GuardStyle, remove_guards
from app.ui.record_table_model import RecordTableModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen tooltips

HOSTILE = [
    "<img src='file:///etc/hostname'>",
    "<b>bold</b> name",
    "<a href='https://evil.example/'>click</a>",
    "x < y & z > w",
    "<table><tr><td>cell</td></tr></table>",
]


@pytest.fixture
def guarded(qapp):
    create_application()
    assert len(qapp.findChildren(GuardStyle, "archwiseGuardStyle")) == 1
    yield qapp
    remove_guards(qapp)
    QToolTip.hideText()


def _hover(widget, pos: QPoint) -> str:
    """Send the tooltip event the mouse would and return what the tooltip shows, after checking
    that Qt's tooltip label shows it as plain text (as written, never as markup)."""
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    tips = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label" and w.isVisible()]
    assert len(tips) == 1, "no tooltip shown"
    (tip,) = tips
    assert isinstance(tip, QLabel) and tip.textFormat().name == "PlainText"
    assert tip.text() == QToolTip.text()
    return QToolTip.text()


def _accelerator(**over):
    base = dict(name="Alpha", vendor="Test", efficiency_class="test", memory_gib=80, memory_bandwidth_gb_s=2000)
    base.update(tflops_bf16=300, source="test fixture", as_of=dt.date(2026, 1, 1))
    return Accelerator(**{**base, **over})


@pytest.mark.parametrize("text", HOSTILE)
def test_a_catalog_cell_tooltip_shows_the_source_as_written(qtbot, guarded, text):
    model = RecordTableModel(Accelerator, [_accelerator(source=text)], QUndoStack())
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    table = view.table
    cell = table.visualRect(view.proxy.index(0, 0)).center()
    shown = _hover(table.viewport(), cell)
    assert shown == f"source: {text}\nas of: 2026-01-01"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_validation_message_naming_a_record_is_plain_text(qtbot, guarded, text):
    model = RecordTableModel(Accelerator, [_accelerator(name=text)], QUndoStack())
    view = CatalogKindView("accelerators", model)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    column = [c.key for c in model.columns].index("memory_gib")
    with qtbot.waitSignal(model.validation_failed):
        assert model.setData(model.index(0, column), "-5") is False
    label = view.inline_message
    assert text in label.text()
    assert label.textFormat().name == "PlainText"
    shown = _hover(label, label.rect().center())
    assert shown == label.text()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_message_box_and_a_label_show_data_as_written(qtbot, guarded, text):
    box = QMessageBox(QMessageBox.Icon.Warning, "Could not open project", f"{text} could not be opened.")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    labels = [w for w in box.findChildren(QLabel) if text in w.text()]
    assert labels and all(w.textFormat().name == "PlainText" for w in labels)
    label = QLabel(text)
    qtbot.addWidget(label)
    label.show()
    assert label.textFormat().name == "PlainText" and label.text() == text


@pytest.mark.parametrize("text", HOSTILE)
def test_a_plot_item_tooltip_is_escaped(qtbot, guarded, text):
    scene = QGraphicsScene()
    item = QGraphicsRectItem(QRectF(0, 0, 100, 100))
    item.setToolTip(f"{text} · TTFT p95\n20 ms")
    scene.addItem(item)
    view = QGraphicsView(scene)
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    qtbot.waitExposed(view)
    at = view.mapFromScene(50, 50)
    assert _hover(view.viewport(), at) == f"{text} · TTFT p95\n20 ms"


def test_a_label_that_means_markup_keeps_it(qtbot, guarded):
    from PySide6.QtCore import Qt

    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText("<b>Scenario</b>")
    qtbot.addWidget(label)
    label.show()
    assert label.textFormat() == Qt.TextFormat.RichText

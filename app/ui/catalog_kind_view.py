"""One catalog kind: search box, sortable table, add/duplicate/delete, detail panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.commands import InsertRecordCommand, RemoveRecordCommand
from app.ui.inline_message import InlineMessage
from app.ui.record_table_model import RecordProxy, RecordTableModel
from app.ui.splitters import Splitter


class CatalogKindView(QWidget):
    message_posted = Signal(str)

    def __init__(self, kind: str, model: RecordTableModel, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.model = model
        self.proxy = RecordProxy(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit(placeholderText=f"Filter {kind.replace('_', ' ')}…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        from app.ui.add_record_dialog import addable

        self.add_button = QPushButton("Add…")
        self.add_dialog = None  # the open Add dialog, if any
        if addable(model.record_cls, model.columns):
            self.add_button.setToolTip(f"Type in a new {kind.replace('_', ' ').rstrip('s')} record with its source")
        else:
            self.add_button.setEnabled(False)
            self.add_button.setToolTip(
                "These records carry low/expected/high bands: duplicate one and edit it, "
                "or import a file (File → Import catalog records)"
            )
        self.add_button.clicked.connect(self.add_record)
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.inline_message = InlineMessage()  # keeps its room: the table never jumps

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.detail = QTextBrowser(objectName="detailPanel")
        self.detail.setOpenExternalLinks(True)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.duplicate_button)
        top.addWidget(self.delete_button)
        split = Splitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.inline_message)
        lay.addWidget(split, 1)
        self.inline_message.hide()

        model.validation_failed.connect(self._on_validation_failed)
        model.dataChanged.connect(lambda *_: self._show_detail())
        model.modelReset.connect(self._show_detail)
        self.fit_columns()
        self._show_detail()

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(header.count()):  # long text (sources, notes) must not push the figures off screen
            header.resizeSection(col, min(header.sectionSize(col), 320))

    def current_source_row(self) -> int | None:
        idx = self.table.currentIndex()
        return self.proxy.mapToSource(idx).row() if idx.isValid() else None

    def duplicate_selected(self) -> None:
        row = self.current_source_row()
        if row is None:
            self.message_posted.emit("Select a record to duplicate.")
            return
        rec = self.model.record(row)
        copy = rec.model_copy(update={"name": self.model.unique_name(rec.name), "user_modified": True})
        self.model.undo_stack.push(
            InsertRecordCommand(self.model, self.model.rowCount(), copy, f"Duplicate {rec.name}")
        )

    def add_record(self) -> None:
        """Open the Add dialog (window-modal, not blocking); OK adds the record as one undoable edit."""
        from app.ui.add_record_dialog import AddRecordDialog

        title = f"Add {self.kind.replace('_', ' ').rstrip('s')}"
        names = {r.name for r in self.model.records()}
        self.add_dialog = AddRecordDialog(self.model.record_cls, self.model.columns, names, title, self)
        self.add_dialog.accepted.connect(lambda d=self.add_dialog: self._insert_new(d.record))
        self.add_dialog.open()

    def _insert_new(self, record) -> None:
        row = self.model.rowCount()
        self.model.undo_stack.push(InsertRecordCommand(self.model, row, record, f"Add {record.name}"))
        self.search.clear()  # the new record must be in view
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        self.message_posted.emit(f"Added {record.name}")

    def delete_selected(self) -> None:
        row = self.current_source_row()
        if row is None:
            self.message_posted.emit("Select a record to delete.")
            return
        self.model.undo_stack.push(RemoveRecordCommand(self.model, row))

    def _on_validation_failed(self, message: str) -> None:
        self.inline_message.setText(f"Not stored — {message}")
        self.inline_message.show()
        self.message_posted.emit(message)

    def _on_current_row_changed(self, *_):
        self.inline_message.hide()
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.current_source_row()
        if row is None or row >= self.model.rowCount():
            self.detail.setHtml("<p>Select a record to see its source.</p>")
            return
        rec = self.model.record(row)
        from html import escape

        src = escape(rec.source)
        link = f'<a href="{src}">{src}</a>' if rec.source.startswith("http") else src
        notes = f"<p>{escape(rec.notes)}</p>" if rec.notes else ""
        edited = "<p><i>Edited by you; catalog updates keep your values.</i></p>" if rec.user_modified else ""
        self.detail.setHtml(
            f"<h3>{escape(rec.name)}</h3><p><b>Source:</b> {link}</p>"
            f"<p><b>As of:</b> {rec.as_of.isoformat()}</p>{notes}{edited}"
        )

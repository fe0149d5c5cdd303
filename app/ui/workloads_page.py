"""Workloads page: the project's workloads, new from a template, the form, duplicate, delete,
undo/redo, and "Analyse" (the workload with the default candidates, handed to the Analysis page).

Edits flow one way: form → QUndoCommand → project.save_workload / delete_workload → table model
→ views. A store error (a name clash, a locked file) is shown and the command is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import DomainError, Scenario, Workload
from app.ui.workload_form import WorkloadForm
from app.ui.workload_table_model import WorkloadTableModel


class WorkloadsPage(QWidget):
    message_posted = Signal(str)
    analyse_requested = Signal(object)  # a Scenario

    def __init__(self, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.project = None
        self.templates: list[Workload] = []
        self.model = WorkloadTableModel(self)
        self.table = QTableView(objectName="workloadsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.form = WorkloadForm()
        self.notice = QLabel(objectName="pageNotice")
        self.notice.setWordWrap(True)
        self.template_menu = QMenu(self)
        self.new_button = QToolButton(text="New from template")
        self.new_button.setPopupMode(QToolButton.InstantPopup)
        self.new_button.setMenu(self.template_menu)
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.analyse_button = QPushButton("Analyse", objectName="primaryButton")
        self.analyse_button.setToolTip("Size this workload against every model and instance in the catalog")

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Workloads", objectName="pageTitle"))
        bar.addStretch(1)
        for w in (self.new_button, self.duplicate_button, self.delete_button, self.analyse_button):
            bar.addWidget(w)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.form)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 420])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.notice)
        lay.addWidget(split, 1)

        self.form.workload_edited.connect(self._on_workload_edited)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.analyse_button.clicked.connect(self.analyse_current)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.model.dataChanged.connect(self._on_model_changed)
        self.model.rowsInserted.connect(self._on_model_changed)
        self.model.rowsRemoved.connect(self._on_model_changed)
        self.model.modelReset.connect(self._on_model_changed)
        self.set_project(None)

    # -- inputs
    def set_project(self, project) -> None:
        """Show `project`'s workloads and offer its templates (None: nothing to edit)."""
        self.project = project
        self.templates, workloads, notice = [], [], ""
        if project is None:
            notice = "Open a project to edit its workloads."
        else:
            try:
                self.templates = list(project.workload_templates())
                workloads = list(project.workloads())
            except DomainError as exc:
                notice = str(exc)
        if project is not None and not workloads and not notice:
            notice = "No workloads yet: start from a template (New from template), then adjust the numbers."
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self._fill_template_menu()
        self.model.set_workloads(workloads)
        self.fit_columns()
        if workloads:
            self.select_row(0)

    def _fill_template_menu(self) -> None:
        self.template_menu.clear()
        for t in self.templates:
            act = self.template_menu.addAction(f"{t.category.value.replace('_', ' ').capitalize()}: {t.name}")
            act.triggered.connect(lambda _checked=False, t=t: self.new_from_template(t))
        self.new_button.setEnabled(bool(self.templates))

    # -- actions (each a hand-off to an undo command)
    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def current_workload(self) -> Workload | None:
        row = self.current_row()
        return self.model.workload(row) if row >= 0 else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))

    def new_from_template(self, template: Workload) -> None:
        w = template.model_copy(update={"name": self.model.unique_name(template.name)})
        self._push(AddWorkloadCommand(self, w, f"New workload {w.name}"))

    def duplicate_current(self) -> None:
        w = self.current_workload()
        if w is not None:
            copy = w.model_copy(update={"name": self.model.unique_name(f"{w.name} (copy)")})
            self._push(AddWorkloadCommand(self, copy, f"Duplicate {w.name}"))

    def delete_current(self) -> None:
        w = self.current_workload()
        if w is not None:
            self._push(DeleteWorkloadCommand(self, w))

    def analyse_current(self) -> None:
        w = self.current_workload()
        if w is None:
            self.message_posted.emit("Choose a workload to analyse.")
            return
        # Default candidates: every text / vision model and every instance in the catalog.
        self.analyse_requested.emit(Scenario(name=w.name, description=w.description, workload=w))

    def _on_workload_edited(self, old: Workload, new: Workload, what: str) -> None:
        if new.name != old.name and new.name in self.model.names():
            self.form.show_message(f"A workload named '{new.name}' already exists; kept '{old.name}'.")
            self.form.set_workload(old)
            return
        self._push(EditWorkloadCommand(self, old, new, f"Set {what} of {old.name}"))

    def _push(self, command: QUndoCommand) -> None:
        if self.project is None:
            self.message_posted.emit("Open a project first: workloads are saved in it.")
            return
        self.undo_stack.push(command)

    # -- what the commands call: store first, then the table (nothing shown that was not saved)
    def apply(self, old: Workload | None, new: Workload | None) -> bool:
        """Replace `old` by `new` (None: add / delete) in the project and the table; False on a store error."""
        try:
            if new is None:
                self.project.delete_workload(old.name)
            else:
                self.project.save_workload(new, old_name=old.name if old is not None else None)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            self.form.show_message(str(exc))
            return False
        row = self.model.row_of(old.name) if old is not None else -1
        if new is None:
            self.model.remove(row)
            self.select_row(min(row, self.model.rowCount() - 1))
        elif row < 0:
            self.model.insert(self.model.rowCount(), new)
            self.select_row(self.model.rowCount() - 1)
            if self.model.rowCount() == 1:
                self.fit_columns()
        else:
            self.model.replace(row, new)
            self.select_row(row)
        self.notice.hide()
        return True

    # -- views follow the model
    def _on_current_row_changed(self, current: QModelIndex, _previous) -> None:
        self.form.set_workload(self.model.workload(current.row()) if current.isValid() else None)
        self._update_buttons()

    def _on_model_changed(self, *_args) -> None:
        w = self.current_workload()
        if w is not self.form.workload:
            self.form.set_workload(w)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_workload() is not None
        for b in (self.duplicate_button, self.delete_button, self.analyse_button):
            b.setEnabled(has)

    def fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 260))  # long names: tooltip has them


class EditWorkloadCommand(QUndoCommand):
    def __init__(self, page: WorkloadsPage, old: Workload, new: Workload, text: str) -> None:
        super().__init__(text)
        self.page, self.old, self.new = page, old, new

    def redo(self) -> None:
        if not self.page.apply(self.old, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        self.page.apply(self.new, self.old)


class AddWorkloadCommand(QUndoCommand):
    def __init__(self, page: WorkloadsPage, workload: Workload, text: str) -> None:
        super().__init__(text)
        self.page, self.workload = page, workload

    def redo(self) -> None:
        if not self.page.apply(None, self.workload):
            self.setObsolete(True)

    def undo(self) -> None:
        self.page.apply(self.workload, None)


class DeleteWorkloadCommand(QUndoCommand):
    def __init__(self, page: WorkloadsPage, workload: Workload) -> None:
        super().__init__(f"Delete workload {workload.name}")
        self.page, self.workload = page, workload
        self.row = page.model.row_of(workload.name)

    def redo(self) -> None:
        if not self.page.apply(self.workload, None):
            self.setObsolete(True)

    def undo(self) -> None:
        if self.page.apply(None, self.workload):
            # back where it was (the store keeps its own order; the table mirrors the user's view)
            row = self.page.model.row_of(self.workload.name)
            if row != self.row and 0 <= self.row < self.page.model.rowCount():
                w = self.page.model.remove(row)
                self.page.model.insert(self.row, w)
                self.page.select_row(self.row)

"""Scenarios page: the project's scenarios (new blank of each kind, new from a template,
duplicate, rename, delete, analyse) beside the scenario editor.

Slots hand off: a builder in app.services.scenarios makes the new scenario, the document turns
it into an undo command that saves it, and the list and editor follow the document's signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Catalog, Category, DomainError, Scenario, Workload
from app.services import scenarios as service
from app.ui.scenario_document import ScenarioDocument
from app.ui.scenario_editor import ScenarioEditor
from app.ui.splitters import Splitter

if TYPE_CHECKING:
    from app.store import Project


LIST_PADDING = 16  # [px] an item's margins in the scenario list


class ScenariosPage(QWidget):
    message_posted = Signal(str)
    analyse_requested = Signal()  # analyse the open scenario

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.templates: list[Workload] = []
        split = self.split = Splitter(Qt.Orientation.Horizontal, self)  # built in place: see ScenarioEditor
        self.list = QListWidget(split)
        self.list.setObjectName("scenarioList")
        self.editor = ScenarioEditor(split)
        self.notice = QLabel()
        self.notice.setObjectName("pageNotice")
        self.notice.setWordWrap(True)
        self.new_menu = QMenu(self)
        for category in Category:
            act = self.new_menu.addAction(f"Blank {service.kind_label(category)} workload")
            act.triggered.connect(lambda _c=False, c=category: self.new_blank(c))
        self.template_menu = self.new_menu.addMenu("From a template")
        # A push button with a menu keeps room for its arrow beside the text (a tool button's
        # instant-popup arrow was drawn over the last letter) and looks like its neighbours.
        self.new_button = QPushButton("New scenario")
        self.new_button.setMenu(self.new_menu)
        self.duplicate_button = QPushButton("Duplicate")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete")
        self.analyse_button = QPushButton("Analyse")
        self.analyse_button.setObjectName("primaryButton")
        self.analyse_button.setToolTip("Size this scenario on the Analysis page")

        bar = QHBoxLayout()
        title = QLabel("Scenarios")
        title.setObjectName("pageTitle")
        bar.addWidget(title)
        bar.addStretch(1)
        for w in (self.new_button, self.duplicate_button, self.rename_button, self.delete_button, self.analyse_button):
            bar.addWidget(w)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 900])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.notice)
        lay.addWidget(split, 1)

        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.analyse_button.clicked.connect(self.analyse_requested)
        self.list.currentTextChanged.connect(self._on_current_text_changed)
        self.list.viewport().installEventFilter(self)  # a press on the open scenario reads it again
        self.editor.scenario_edited.connect(self._on_scenario_edited)
        document.names_changed.connect(self._on_names_changed)
        document.scenario_changed.connect(self._on_scenario_changed)
        document.open_refused.connect(self._on_open_refused)
        document.edit_refused.connect(self._on_edit_refused)
        self._on_names_changed(document.names)
        self._on_scenario_changed(document.scenario)

    # -- inputs
    def set_project(self, project: Project | None, catalog: Catalog | None) -> None:
        """Offer `project`'s templates and catalog (the document holds its scenarios)."""
        self.templates = []
        if project is not None:
            try:
                self.templates = service.templates(project)
            except DomainError as exc:
                self.message_posted.emit(str(exc))
        self.template_menu.clear()
        for t in self.templates:
            act = self.template_menu.addAction(f"{service.kind_label(t.category).capitalize()}: {t.name}")
            act.triggered.connect(lambda _c=False, t=t: self.new_from_template(t))
        self.template_menu.setEnabled(bool(self.templates))
        self.editor.set_catalog(catalog)

    # -- actions: build, then hand to the document (one undo step each)
    def new_blank(self, category: Category) -> None:
        if self.document.project is not None:
            scenario = service.blank_scenario(self.document.project, category)
            self.document.add(scenario, f"New scenario {scenario.name}")

    def new_from_template(self, template: Workload) -> None:
        if self.document.project is not None:
            scenario = service.template_scenario(self.document.project, template)
            self.document.add(scenario, f"New scenario {scenario.name}")

    def duplicate_current(self) -> None:
        if self.document.project is not None and self.document.scenario is not None:
            copy = service.duplicate_of(self.document.project, self.document.scenario)
            self.document.add(copy, f"Duplicate {self.document.scenario.name}")

    def rename_current(self, name: str) -> str:
        """Rename the open scenario; the reason it was refused ('A name is required'), or ''."""
        current = self.document.scenario
        if current is None or name.strip() == current.name:
            return ""
        try:
            renamed = service.renamed(current, name)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return str(exc)
        self.document.edit(renamed, f"Rename {current.name} to {renamed.name}")
        return ""

    def _on_rename_clicked(self) -> None:
        """Ask for a name until one is taken or the user cancels; a refused name stays typed,
        with the reason above it."""
        current = self.document.scenario
        name, refused = (current.name if current is not None else ""), ""
        while current is not None:
            label = f"{refused}\n\nName:" if refused else "Name:"
            name, ok = QInputDialog.getText(self, "Rename scenario", label, text=name)
            if not ok or not (refused := self.rename_current(name)):
                return

    def _on_scenario_edited(self, new: Scenario, text: str) -> None:
        """An edit made on what the editor shows; one made on a copy the document has moved past
        (never possible by hand) is dropped rather than written over another scenario."""
        if self.notice.text().startswith("Not saved: "):  # a refusal is read by now: the next edit clears it
            self.notice.setVisible(False)
            self.notice.setText("")
        if self.editor.scenario != self.document.scenario:
            self.editor.set_scenario(self.document.scenario)
            self.message_posted.emit("The scenario changed meanwhile; the edit was not applied.")
            return
        current = self.document.scenario
        taken = {n.casefold() for n in self.document.names if current is None or n != current.name}
        if new.name.casefold() in taken:  # said beside the name, as the domain's refusals are
            self.editor.form.rows["name"].show_message(f"a scenario named '{new.name}' already exists")
            return
        self.document.edit(new, text)

    # -- views follow the document
    def _on_current_text_changed(self, name: str) -> None:
        if name and (self.document.scenario is None or name != self.document.scenario.name):
            self.document.open(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A press on the scenario already selected (which changes no current item, so no signal)
        reads it again from the project: another window, the CLI or an undo elsewhere may have
        changed it. Seen before the list handles the press, so a press that selects another row
        is left to `currentTextChanged`."""
        if (
            watched is self.list.viewport()
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            item = self.list.itemAt(event.position().toPoint())
            if item is not None and item is self.list.currentItem():
                self.reread_selected(item.text())
        return super().eventFilter(watched, event)

    def reread_selected(self, name: str) -> None:
        """Show the selected scenario `name` as the project holds it now: the field being typed in
        is saved first (every edit is saved, so nothing else is only in widgets); one that could not
        be opened is tried again."""
        self.commit_typing()
        if self.document.scenario is not None and self.document.scenario.name == name:
            self.document.refresh()
        elif self.document.scenario is None:
            self.document.open(name)

    def _on_names_changed(self, names: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems(names)
        for i in range(self.list.count()):
            self.list.item(i).setToolTip(self.list.item(i).text())  # whole, even in a narrow list
        self.list.blockSignals(False)
        self._fit_list_width()
        self._select(self.document.scenario.name if self.document.scenario is not None else None)
        has_project = self.document.project is not None
        self.notice.setText(
            "Open a project to keep scenarios in it."
            if not has_project
            else "No scenarios yet: New scenario → a blank workload of the kind you need, or a template."
        )
        self.notice.setVisible(not names)
        self.new_button.setEnabled(has_project)
        self._flag_refused()
        if self.document.scenario is None and self.document.refused:  # the one last open was refused
            self._on_open_refused(*list(self.document.refused.items())[-1])

    def _on_edit_refused(self, why: str) -> None:
        """Another window changed the scenario: the refusal stays above the form (plain text: it
        quotes names) until the next edit, beside the status bar's copy."""
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setText(f"Not saved: {why}.")
        self.notice.setVisible(True)

    def _on_open_refused(self, name: str, why: str) -> None:
        """A saved scenario that cannot be opened as stored (a value outside its documented range,
        a damaged record): flagged in the list and said above it, in plain text (it quotes data)."""
        self._flag_refused()
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setText(f"Not opened: {why}")
        self.notice.setVisible(True)
        if self.document.scenario is None:  # it stays selected, and Delete can remove it
            self._select(name)
            self.delete_button.setEnabled(True)

    def _on_delete_clicked(self) -> None:
        item = self.list.currentItem()
        name = item.text() if item is not None else ""
        from PySide6.QtWidgets import QMessageBox

        if self.document.scenario is not None or name not in self.document.refused:
            users = self._portfolios_using(name)
            if users:  # a fleet portfolio reads it: said before it goes (GUI tester D16)
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "Delete scenario",
                    f"The fleet portfolio(s) {', '.join(users)} use the scenario {name}: deleted, their "
                    "workloads from it cannot be planned (Edit → Undo brings it back). Delete it?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                    self,
                )
                box.setTextFormat(Qt.TextFormat.PlainText)  # the names are data, never markup
                box.setDefaultButton(QMessageBox.StandardButton.Cancel)
                if box.exec() != QMessageBox.StandardButton.Yes:
                    return
            self.document.delete()  # an undoable step
            return

        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete scenario",
            f"Delete the scenario {name}? It cannot be opened, so this cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name is data, never markup
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Yes and self.document.delete_refused(name):
            self.notice.setVisible(False)

    def _portfolios_using(self, name: str) -> list[str]:
        """The saved fleet portfolios with a workload read from the scenario `name`."""
        project = self.document.project
        if project is None or not name:
            return []
        try:
            saved = project.portfolios()
        except DomainError:
            return []
        return [p.name for p in saved if any(w.scenario == name for w in p.workloads)]

    def _flag_refused(self) -> None:
        for name, why in self.document.refused.items():
            for item in self.list.findItems(name, Qt.MatchFlag.MatchExactly):
                item.setToolTip(why)
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))

    def _on_scenario_changed(self, scenario: Scenario | None) -> None:
        if scenario is not None and self.notice.text().startswith("Not opened: "):
            self.notice.setVisible(False)
        self._select(scenario.name if scenario is not None else None)
        # While another page is shown the editor waits: it is filled when the page is shown.
        if self.isVisible():  # the same scenario again: a refused save, shown as stored
            self.editor.set_scenario(scenario)
        for b in (self.duplicate_button, self.rename_button, self.delete_button, self.analyse_button):
            b.setEnabled(scenario is not None)

    def commit_typing(self) -> None:
        """Finish the field being typed in (its text is saved, as leaving it would): called before
        the window analyses, exports, changes page or closes, so nothing typed stays in a widget."""
        focus = QApplication.focusWidget()
        if focus is not None and self.editor.isAncestorOf(focus):
            focus.clearFocus()

    def _fit_list_width(self) -> None:
        """The scenario list as wide as its longest name (names were cut at 1920x1080), up to a
        third of the page; never narrowed (a width the user dragged stays)."""
        lst, sizes = self.list, self.split.sizes()
        total = sum(sizes)
        if lst.count() == 0 or total <= 0:
            return
        metrics = lst.fontMetrics()
        longest = max(metrics.horizontalAdvance(lst.item(i).text()) for i in range(lst.count()))
        chrome = 2 * lst.frameWidth() + lst.verticalScrollBar().sizeHint().width() + LIST_PADDING
        side = min(longest + chrome, total // 3)
        if side > sizes[0]:
            self.split.setSizes([side, total - side])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_list_width()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_list_width()
        self.document.refresh()  # another window may have saved the scenario meanwhile
        if self.document.scenario is not self.editor.scenario:
            self.editor.set_scenario(self.document.scenario)

    def _select(self, name: str | None) -> None:
        self.list.blockSignals(True)
        items = self.list.findItems(name, Qt.MatchFlag.MatchExactly) if name else []
        if items:
            self.list.setCurrentItem(items[0])
        else:
            self.list.setCurrentRow(-1)
        self.list.blockSignals(False)

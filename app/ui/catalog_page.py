"""Catalog page: one tab per catalog kind over the project's records."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain import CATALOG_KINDS, Catalog
from app.ui.catalog_kind_view import CatalogKindView
from app.ui.record_table_model import RecordTableModel
from app.ui.waiting_writes import WaitingWrites, WaitingWritesBar

TAB_TITLES = {
    "accelerators": "Accelerators",
    "instances": "Instances",
    "models": "Models",
    "runtimes": "Runtimes",
    "hosted_apis": "Hosted APIs",
    "efficiency": "Efficiency",
    "grid_regions": "Grid regions",
}


class _Views(dict):
    """kind -> CatalogKindView, each built when first asked for (its tab first shown): a start
    builds one table view instead of six."""

    def __init__(self, build) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, kind: str):
        view = self[kind] = self._build(kind)
        return view


# How long an edit in the window waits for another program's write lock [s]: the GUI thread
# must not freeze; a refused edit is shown as not saved and the cell keeps the stored value.
WRITE_TIMEOUT_S = 0.1


class CatalogPage(QWidget):
    message_posted = Signal(str)
    catalog_changed = Signal(object)  # Catalog, once per turn of the event loop after records changed

    def __init__(self, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.project = None
        self.notice = QLabel(objectName="pageNotice")
        self.notice.setWordWrap(True)
        self.tabs = QTabWidget()
        self.models: dict[str, RecordTableModel] = {}
        self.views: dict[str, CatalogKindView] = _Views(self._make_view)
        self._holders: dict[str, QWidget] = {}  # each tab's page; its view is added when first shown
        self._unfitted: set[str] = set()  # tabs whose columns are fitted when first shown
        # Edits, undo, imports and a newly opened project each announce the catalog once.
        self._changed_timer = QTimer(self, singleShot=True, interval=0)
        self._changed_timer.timeout.connect(lambda: self.catalog_changed.emit(self.catalog()))
        # edits the file refused only because another program holds its lock: kept, shown, retried
        self.waiting = WaitingWrites(self)
        self.waiting_bar = WaitingWritesBar(self.waiting)
        for kind, cls in CATALOG_KINDS.items():
            self.models[kind] = RecordTableModel(cls, [], undo_stack, persist=self._persister(kind), parent=self)
            self.models[kind].waiting = self.waiting
            self.models[kind].records_changed.connect(self._changed_timer.start)
            holder = self._holders[kind] = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, TAB_TITLES.get(kind, kind))
        self.views[self._current_kind()]  # the tab shown at start
        self.tabs.currentChanged.connect(lambda _: self._fit_current())
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Catalog", objectName="pageTitle"))  # a page title, as the other pages have
        lay.addWidget(self.notice)
        lay.addWidget(self.waiting_bar)
        lay.addWidget(self.tabs, 1)
        self.notice.hide()

    def set_project(self, project, catalog: Catalog | None, notice: str = "") -> None:
        """Show `catalog` (a project opened or reloaded): the undo history refers to the records
        shown before, so it is cleared (an undo after a reload would change the wrong record)."""
        self.undo_stack.clear()
        same_file = project is not None and self.project is not None and project.path == self.project.path
        if not same_file:  # edits waiting for another file must not land in this one
            self.waiting.discard()
        self.project = project
        if project is not None:  # edits from the window wait at most this long on another writer [s]
            project.write_timeout_s = WRITE_TIMEOUT_S
            project.writer = "Archwise window"  # what another writer refused by this one's lock is told
        for kind, model in self.models.items():
            model.set_records(catalog.records(kind) if catalog else [])
        self.fit_columns()
        quarantined = getattr(project, "quarantined", None) or []
        if quarantined and not notice:  # invalid records were set aside: say which, once
            notice = f"{len(quarantined)} invalid record(s) were set aside and are not shown: " + "; ".join(
                quarantined[:3]
            )
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def may_close(self) -> bool:
        """True when no edit waits for the file, or the user chose to drop the waiting ones:
        one more try first, then a question naming them (closing would lose them)."""
        if self.waiting.count():
            self.waiting.retry()
        if not self.waiting.count():
            return True
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Edits not saved yet",
            f"{self.waiting.count()} catalog edit(s) still wait to be saved: {self.waiting.reason}.\n\n"
            + "\n".join(self.waiting.texts()[:5])
            + "\n\nClose anyway and lose them, or keep the window open until the file is free?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # record names are data, never markup
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Discard:
            return False
        self.waiting.discard()
        return True

    def fit_columns(self) -> None:
        """Fit the shown tab now and the others when they are first shown (fitting reads every
        cell through Python, which is most of a cold start's time when done for all tabs)."""
        self._unfitted = set(CATALOG_KINDS)
        self._fit_current()

    def _current_kind(self) -> str:
        return list(CATALOG_KINDS)[max(self.tabs.currentIndex(), 0)]

    def _make_view(self, kind: str) -> CatalogKindView:
        view = CatalogKindView(kind, self.models[kind])
        view.message_posted.connect(self.message_posted)
        self._holders[kind].layout().addWidget(view)
        view.show()  # now, not on the next turn of the event loop (a shown tab's new child)
        return view

    def _fit_current(self) -> None:
        kind = self._current_kind()
        view = self.views[kind]  # built now if this tab is shown for the first time
        if kind in self._unfitted:
            self._unfitted.discard(kind)
            view.fit_columns()

    def catalog(self) -> Catalog:
        return Catalog(**{k: m.records() for k, m in self.models.items()})

    def _persister(self, kind: str):
        def persist(old, new):
            if self.project is None:
                return None
            if new is None:  # refused when the record changed since the window read it
                self.project.delete(kind, old.name, read=old)
            elif old is None:  # refused when the name was taken meanwhile
                return self.project.insert(kind, new)
            else:  # an edit or a rename: only the changed fields, refused when changed meanwhile
                return self.project.replace(kind, old.name, new, read=old)
            return None

        return persist

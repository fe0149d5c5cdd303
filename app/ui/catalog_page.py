"""Catalog page: one tab per catalog kind over the project's records."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain import CATALOG_KINDS, Catalog
from app.ui.catalog_kind_view import CatalogKindView
from app.ui.record_table_model import RecordTableModel

TAB_TITLES = {
    "accelerators": "Accelerators", "instances": "Instances", "models": "Models",
    "runtimes": "Runtimes", "hosted_apis": "Hosted APIs", "efficiency": "Efficiency",
}


class CatalogPage(QWidget):
    message_posted = Signal(str)

    def __init__(self, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.project = None
        self.notice = QLabel(objectName="pageNotice")
        self.notice.setWordWrap(True)
        self.tabs = QTabWidget()
        self.models: dict[str, RecordTableModel] = {}
        self.views: dict[str, CatalogKindView] = {}
        self._unfitted: set[str] = set()  # tabs whose columns are fitted when first shown
        for kind, cls in CATALOG_KINDS.items():
            model = RecordTableModel(cls, [], undo_stack, persist=self._persister(kind), parent=self)
            view = CatalogKindView(kind, model)
            view.message_posted.connect(self.message_posted)
            self.models[kind], self.views[kind] = model, view
            self.tabs.addTab(view, TAB_TITLES.get(kind, kind))
        self.tabs.currentChanged.connect(lambda _: self._fit_current())
        lay = QVBoxLayout(self)
        lay.addWidget(self.notice)
        lay.addWidget(self.tabs, 1)
        self.notice.hide()

    def set_project(self, project, catalog: Catalog | None, notice: str = "") -> None:
        self.project = project
        for kind, model in self.models.items():
            model.set_records(catalog.records(kind) if catalog else [])
        self.fit_columns()
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def fit_columns(self) -> None:
        """Fit the shown tab now and the others when they are first shown (fitting reads every
        cell through Python, which is most of a cold start's time when done for all tabs)."""
        self._unfitted = set(self.views)
        self._fit_current()

    def _fit_current(self) -> None:
        for kind, view in self.views.items():
            if view is self.tabs.currentWidget() and kind in self._unfitted:
                self._unfitted.discard(kind)
                view.fit_columns()

    def catalog(self) -> Catalog:
        return Catalog(**{k: m.records() for k, m in self.models.items()})

    def _persister(self, kind: str):
        def persist(old, new) -> None:
            if self.project is None:
                return
            if old is not None and (new is None or new.name != old.name):
                self.project.delete(kind, old.name)
            if new is not None:
                self.project.upsert(kind, new)

        return persist

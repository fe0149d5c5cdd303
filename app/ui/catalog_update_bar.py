"""A bar over the pages when this release ships catalog records the open project lacks (new
records, corrected prices, power or regions): it says how many and merges them with one button,
keeping the user's edited records (Project.merge_catalog). It replaced a status-bar line that
told a window user to run a CLI command and vanished with the next message (tgui4 D32)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain import DomainError


class CatalogUpdateBar(QFrame):
    """Hidden unless the open project lacks this release's shipped records; `merged` after a merge."""

    merged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogUpdateBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.project: Any = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.merge_button = QPushButton("Merge shipped catalog")
        self.merge_button.setToolTip("Add the new records and update the shipped ones; records you edited are kept")
        self.dismiss_button = QPushButton("Not now")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.merge_button)
        lay.addWidget(self.dismiss_button)
        self.merge_button.clicked.connect(self.merge)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def check(self, project: Any) -> None:
        """Show the bar when `project` lacks records this release ships (a dry-run merge counts them)."""
        self.project = project
        try:
            report = project.merge_catalog(dry_run=True) if project.shipped_catalog_unseen() else None
        except DomainError:
            report = None  # only a notice was at stake
        if report is None or not (report.added or report.updated):
            self.hide()
            return
        kept = f"; your {len(report.kept_user_edits)} edited record(s) are kept" if report.kept_user_edits else ""
        self.text.setText(
            f"This release ships {len(report.added)} new and {len(report.updated)} updated catalog record(s) "
            f"(prices, power, regions) that {project.path.name} lacks{kept}."
        )
        self.merge_button.show()
        self.merge_button.setEnabled(True)
        self.dismiss_button.setText("Not now")
        self.show()

    def merge(self) -> None:
        """Merge this release's shipped catalog into the project (one transaction), then say so."""
        if self.project is None:
            return
        try:
            report = self.project.merge_catalog()
        except DomainError as exc:
            self.text.setText(f"The shipped catalog was not merged: {exc}")
            return
        self.text.setText(f"Merged the shipped catalog: {report}.")
        self.merge_button.hide()
        self.dismiss_button.setText("Close")
        self.merged.emit()

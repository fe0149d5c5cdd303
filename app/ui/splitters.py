"""A splitter whose panes cannot be dragged out of sight.

A stock QSplitter collapses a pane to zero when it is dragged past the pane's minimum (the
options table vanished under a 400 px drag, with no visible handle to bring it back). Here no
pane collapses and each keeps at least `MIN_PANE` px along the split."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

MIN_PANE = 120  # [px] a table shows a header and a few rows; a chart its axes


class Splitter(QSplitter):
    """QSplitter with non-collapsible panes of at least `MIN_PANE` px along its orientation."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setChildrenCollapsible(False)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        self._keep(widget)
        super().insertWidget(index, widget)

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        self._keep(widget)
        super().addWidget(widget)

    def _keep(self, widget: QWidget) -> None:
        if self.orientation() == Qt.Orientation.Vertical:
            widget.setMinimumHeight(max(widget.minimumHeight(), MIN_PANE))
        else:
            widget.setMinimumWidth(max(widget.minimumWidth(), MIN_PANE))

"""A page that is not available yet says so in one line (no fake content)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NoticePage(QWidget):
    def __init__(self, title: str, line: str, parent=None) -> None:
        super().__init__(parent)
        heading = QLabel(title, objectName="pageTitle")
        self.line = QLabel(line, objectName="pageNotice")
        self.line.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.line)
        lay.addStretch(1)
        lay.setAlignment(Qt.AlignTop)

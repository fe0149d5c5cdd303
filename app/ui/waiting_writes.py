"""Edits that wait for the project file: another program holds its write lock.

A catalog edit from the window waits at most 0.1 s for the lock (the GUI thread must not
freeze). When that is not enough the edit is neither dropped nor shown as stored: the cell
keeps the file's value and the edit waits here, in order, named in a bar above the table with
the reason ("another Archwise window (import big.yaml) is using it"). It is retried every
RETRY_MS, or at once with Retry now; Discard drops the waiting edits on the user's word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

# How often waiting edits are tried again [ms]: each try waits at most the window's short lock
# timeout, so the window stays responsive while another program holds the file.
RETRY_MS = 2000


@dataclass
class _Waiting:
    text: str  # what Edit → Undo would show: "Set memory gib of NVIDIA H100 SXM"
    apply: Callable[[], bool]  # writes the edit; True when stored
    then: Callable[[], Any] | None  # the edit as an undoable command, pushed once stored
    model: Any  # the RecordTableModel that writes it (refused_busy says why a try failed)


class WaitingWrites(QObject):
    """The queue. `changed` after every add, retry and discard."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[_Waiting] = []
        self.reason = ""
        self._timer = QTimer(self, interval=RETRY_MS)
        self._timer.timeout.connect(self.retry)

    def count(self) -> int:
        return len(self._items)

    def texts(self) -> list[str]:
        return [item.text for item in self._items]

    def add(self, text: str, apply: Callable[[], bool], then: Callable[[], Any] | None, model: Any) -> None:
        self._items.append(_Waiting(text, apply, then, model))
        if model.refused_busy:
            self.reason = model.refused_busy
        self._timer.start()
        self.changed.emit()

    def retry(self) -> None:
        """Write the waiting edits in order; stop at the first the file still refuses as busy
        (the rest would wait on the same lock). An edit refused for another reason (the record
        changed meanwhile) leaves the queue: its model has said why."""
        while self._items:
            item = self._items[0]
            if item.apply():
                self._items.pop(0)
                if item.then is not None:
                    item.model.undo_stack.push(item.then())
            elif item.model.refused_busy:
                self.reason = item.model.refused_busy
                break
            else:
                self._items.pop(0)
        if not self._items:
            self._timer.stop()
            self.reason = ""
        self.changed.emit()

    def discard(self) -> None:
        self._items.clear()
        self._timer.stop()
        self.reason = ""
        self.changed.emit()


class WaitingWritesBar(QFrame):
    """'2 edits wait to be saved: ...' with Retry now and Discard; hidden while none waits."""

    def __init__(self, waiting: WaitingWrites, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingWrites")
        self.waiting = waiting
        self.label = QLabel()
        self.label.setObjectName("pageNotice")  # styled as the page's notices
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # record names are data, never markup
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.retry_button = QPushButton("Retry now")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Drop the edits that wait; the file keeps what it holds now")
        self.retry_button.clicked.connect(waiting.retry)
        self.discard_button.clicked.connect(waiting.discard)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.retry_button)
        lay.addWidget(self.discard_button)
        waiting.changed.connect(self._on_changed)
        self._on_changed()

    def _on_changed(self) -> None:
        texts = self.waiting.texts()
        if texts:
            edits = "1 edit waits" if len(texts) == 1 else f"{len(texts)} edits wait"
            shown = "; ".join(texts[:3]) + ("; …" if len(texts) > 3 else "")
            self.label.setText(
                f"{edits} to be saved ({shown}): {self.waiting.reason}. Trying again every {RETRY_MS // 1000} s; "
                "nothing is lost while this window stays open."
            )
        self.setVisible(bool(texts))

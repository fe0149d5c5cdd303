"""Pins that wait for their own result. Pin pressed while the values on screen are still being
sized (a run under way, a slider just moved) keeps the scenario as it was at that moment and
sizes that scenario in a worker of its own: a slider moved before the result comes back never
puts newer figures under the pin, and two pins pressed on two states never pin the same one.
Pins come out in the order they were pressed."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.workers import TaskRunner

Sizer = Callable[[Any, Callable[[], bool]], Any]  # (scenario, cancelled) -> detailed Sizing, off the GUI thread


class PinQueue(QObject):
    """The pins pressed whose scenario was not sized yet, A first; one sizing at a time."""

    pin_ready = Signal(object, object)  # scenario as pinned, its detailed Sizing
    failed = Signal(str)  # the pinned scenario could not be sized (the pin is dropped)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(parent=self)
        self._waiting: deque[tuple[Any, Sizer]] = deque()
        self.runner.result_ready.connect(self._on_result_ready)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(self._start_next)

    @property
    def waiting(self) -> int:
        """Pins pressed and not made yet."""
        return len(self._waiting)

    def add(self, scenario: Any, size: Sizer) -> None:
        """Pin `scenario` (captured now) once `size(scenario, cancelled)` has run."""
        self._waiting.append((scenario, size))
        self._start_next()

    def cancel(self) -> None:
        """Drop every waiting pin (the Cancel button: nothing is pinned behind the user's back)."""
        self._waiting.clear()
        self.runner.cancel()

    def _start_next(self) -> None:
        if self.runner.busy or not self._waiting:
            return
        scenario, size = self._waiting[0]
        self.runner.start(lambda progress, cancelled: (scenario, size(scenario, cancelled)))

    def _on_result_ready(self, result: tuple[Any, Any]) -> None:
        if self._waiting and self._waiting[0][0] is result[0]:
            self._waiting.popleft()
            self.pin_ready.emit(*result)

    def _on_failed(self, message: str) -> None:
        if self._waiting:
            self._waiting.popleft()
        self.failed.emit(message)

"""Background work: a QRunnable that reports by queued signals; newer runs supersede older ones."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    progressed = Signal(int, float, str)  # run id, fraction 0..1, message
    result_ready = Signal(int, object)
    failed = Signal(int, str)
    finished = Signal(int)


class Worker(QRunnable):
    """Runs fn(progress=..., cancelled=...) off the GUI thread."""

    def __init__(self, run_id: int, fn: Callable[..., Any], cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.run_id = run_id
        self.fn = fn
        self.cancelled = cancelled
        self.signals = WorkerSignals()
        self.setAutoDelete(False)  # the runner keeps the Python object alive until finished

    def run(self) -> None:
        rid = self.run_id
        last = [-1]

        def progress(frac: float, msg: str = "") -> None:
            # At most one signal per percent: floods of queued signals cost the GUI thread.
            pct = int(frac * 100)
            if pct != last[0]:
                last[0] = pct
                self.signals.progressed.emit(rid, float(frac), str(msg))

        try:
            result = self.fn(progress=progress, cancelled=self.cancelled)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread as a message, logged there
            self.signals.failed.emit(rid, str(exc) or type(exc).__name__)
        else:
            self.signals.result_ready.emit(rid, result)
        finally:
            self.signals.finished.emit(rid)


class TaskRunner(QObject):
    """Starts workers; only the newest run's progress/result/failure is passed on."""

    progressed = Signal(float, str)
    result_ready = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    _ids = itertools.count(1)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._current = 0
        self._running: set[int] = set()
        self._workers: dict[int, Worker] = {}
        self._cancelled: set[int] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(self, fn: Callable[..., Any]) -> int:
        """Run fn in the pool; any older run is cancelled and its result dropped."""
        self.cancel()
        rid = next(self._ids)
        self._current = rid
        worker = Worker(rid, fn, lambda: rid in self._cancelled or rid != self._current)
        worker.signals.progressed.connect(self._on_progressed)
        worker.signals.result_ready.connect(self._on_result_ready)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.finished.connect(self._on_finished)
        self._running.add(rid)
        self._workers[rid] = worker
        self.pool.start(worker)
        return rid

    def cancel(self) -> None:
        if self._current and self._current in self._running:
            self._cancelled.add(self._current)
            self.cancelled.emit()

    def _fresh(self, rid: int) -> bool:
        return rid == self._current and rid not in self._cancelled

    def _on_progressed(self, rid: int, frac: float, msg: str) -> None:
        if self._fresh(rid):
            self.progressed.emit(frac, msg)

    def _on_result_ready(self, rid: int, result: object) -> None:
        if self._fresh(rid):
            self.result_ready.emit(result)

    def _on_failed(self, rid: int, message: str) -> None:
        if self._fresh(rid):
            self.failed.emit(message)

    def _on_finished(self, rid: int) -> None:
        self._running.discard(rid)
        self._workers.pop(rid, None)
        self._cancelled.discard(rid)
        if not self._running:
            self.finished.emit()

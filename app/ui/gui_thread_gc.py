"""Python's cyclic garbage collector runs on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed; in a
sizing or export worker it can finalise a Qt object (a widget, a plot item) that lives on the GUI
thread, whose destructor then touches timers from the wrong thread ("QBasicTimer::start: Timers
cannot be started from another thread", or worse). So automatic collection is turned off and a
GUI-thread timer collects with the same generation thresholds, as pyqtgraph's GarbageCollector
does (not imported from there: pyqtgraph stays out of the start-up path). Reference counting
still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

_NAME = "archwiseGuiThreadGc"


def collect_generations() -> None:
    """One automatic-collection step, by hand: each generation whose count passed its threshold."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            return
        gc.collect(generation)


def collect_on_gui_thread(app: QCoreApplication, interval_ms: int = 1000) -> QTimer:
    """Collect cyclic garbage every `interval_ms` on `app`'s thread, never elsewhere (once per
    application; later calls return the same timer)."""
    existing = app.findChild(QTimer, _NAME)
    if isinstance(existing, QTimer):
        return existing
    timer = QTimer(app, interval=interval_ms)
    timer.setObjectName(_NAME)
    timer.timeout.connect(collect_generations)
    gc.disable()
    timer.start()
    return timer


def freeze_long_lived() -> bool:
    """Collect once, then move every object alive into the permanent generation, which no later
    collection scans: the modules, the catalog and the widgets built at start-up stay for the
    session, and scanning them made a collection on the GUI thread cost 40-100 ms (a slider step
    that met one missed its frame). Objects frozen here are still freed when their last reference
    goes; only a cycle among them is never collected. Once per process (later calls do nothing):
    True when this call froze."""
    if gc.get_freeze_count():
        return False
    gc.collect()
    gc.freeze()
    return True


__all__ = ["collect_generations", "collect_on_gui_thread", "freeze_long_lived"]

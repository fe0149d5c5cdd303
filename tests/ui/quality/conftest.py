"""The Selection page's chart views are pyqtgraph widgets whose Python wrappers sit in reference
cycles; collected later by a garbage collection that happens to run on a worker thread (a PDF
export), their Qt halves would be destroyed off the GUI thread. Collect them here, on the GUI
thread, as each test ends (pyqtgraph's own advice, see pyqtgraph.util.garbage_collector)."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp):
    yield
    qapp.processEvents()
    gc.collect()

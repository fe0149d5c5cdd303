"""The Deployment page holds two pyqtgraph views whose Python wrappers sit in reference cycles;
collected later by a garbage collection that happens to run on a worker thread (a PDF export in a
later test), their Qt halves would be destroyed off the GUI thread. Collect them here, on the GUI
thread, as each test ends (as tests/ui/quality/conftest.py does)."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp):
    yield
    qapp.processEvents()
    gc.collect()

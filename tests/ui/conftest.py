"""UI test fixtures: settings in tmp_path, and a check that no worker is left running."""

import datetime as dt
import gc

import pytest
from PySide6.QtCore import QThreadPool

from app.domain import Accelerator


@pytest.fixture(autouse=True)
def _no_workers_left(qapp):
    yield
    pool = QThreadPool.globalInstance()
    # A worker still running 3 s after the test (e.g. never cancelled) fails the test.
    left = pool.activeThreadCount()
    assert pool.waitForDone(3000), f"test left {left} worker(s) running"
    # Widgets a test leaves behind in reference cycles (pyqtgraph's) are collected here, on the
    # GUI thread: collected later by a garbage collection that runs on a worker thread (a PDF
    # export), their Qt halves were destroyed off the GUI thread (a segfault, or "Timers cannot
    # be started from another thread", in tests/ui/test_report_page.py).
    qapp.processEvents()
    gc.collect()


@pytest.fixture
def settings(tmp_path):
    from app.ui.settings import Settings

    return Settings(tmp_path / "settings")


@pytest.fixture
def accelerators():
    # Test fixtures, not catalog facts: round numbers chosen for the tests.
    base = dict(source="test fixture", as_of=dt.date(2026, 1, 1), vendor="Test", efficiency_class="test")
    return [
        Accelerator(name="Alpha", memory_gib=80, memory_bandwidth_gb_s=2000, tflops_bf16=300, **base),
        Accelerator(name="Beta", memory_gib=24, memory_bandwidth_gb_s=300, tflops_bf16=120, **base),
    ]

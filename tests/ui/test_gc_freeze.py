"""What is alive once the Analysis page is built (modules, catalog, pyqtgraph, the page) is moved
out of the collector's reach (app.ui.gui_thread_gc.freeze_long_lived): scanning it made a
collection on the GUI thread cost 40-100 ms, in the middle of a slider drag. Garbage made later
is still collected."""

from __future__ import annotations

import gc

import pytest

from app.store.io_formats import catalog_from_dir
from app.ui.gui_thread_gc import freeze_long_lived

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_objects_alive_at_the_freeze_leave_the_collections_once(qapp):
    gc.unfreeze()  # as in a fresh process
    kept = [_Cycle() for _ in range(20_000)]  # long-lived: alive for the session
    assert freeze_long_lived() is True
    frozen = gc.get_freeze_count()
    assert frozen >= len(kept)
    assert freeze_long_lived() is False  # once per process: later calls freeze nothing more
    assert gc.get_freeze_count() == frozen
    collected = []

    class Tracked(_Cycle):
        def __del__(self) -> None:
            collected.append(True)

    Tracked()  # a cycle made after the freeze, unreachable at once
    gc.collect()
    assert collected == [True]
    del kept


def test_building_the_analysis_page_freezes_what_is_alive(qtbot):
    from app.ui.analysis_page import AnalysisPage

    gc.unfreeze()
    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    assert gc.get_freeze_count() > 0
    page.stop_work()

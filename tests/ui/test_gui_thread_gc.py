"""Cyclic garbage is collected on the GUI thread only (app.ui.gui_thread_gc): a collection in a
worker thread could finalise a Qt object there."""

from __future__ import annotations

import gc
import threading

from app.ui.gui_thread_gc import collect_generations, collect_on_gui_thread


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_timer_runs_once_per_application(qapp):
    timer = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is timer
    assert timer.isActive() and not gc.isenabled()


def test_a_cycle_made_in_a_worker_thread_is_collected_by_the_gui_thread(qapp, qtbot):
    collect_on_gui_thread(qapp)
    finalised_in: list[str] = []

    class Tracked(_Cycle):
        def __del__(self) -> None:
            finalised_in.append(threading.current_thread().name)

    def worker() -> None:
        Tracked()
        for _ in range(50_000):  # allocations past every threshold: automatic gc would run here
            _Cycle()

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    assert finalised_in == []  # nothing collected in the worker
    qtbot.waitUntil(lambda: bool(finalised_in), timeout=10_000)
    assert finalised_in == [threading.main_thread().name]


def test_collect_generations_collects_only_what_passed_its_threshold():
    gc.collect()
    before = gc.get_count()
    collect_generations()  # nothing past the first threshold right after a full collection
    assert gc.get_count()[1] == before[1]

"""A what-if step reaches the screen in one update (issue 13): the plots it changed are painted in
one sync of the window, not one sync per plot (each pyqtgraph scene used to publish its changes in
a queued call of its own that synced the whole window). Counted with real widgets: the window's
update requests and the plots' paint events, in the order they are delivered."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QGridLayout, QWidget

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.screen_update import one_screen_update

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


class _Syncs(QObject):
    """Records, for each paint of a watched viewport, the number of the window update request it
    was painted in (update requests count up as they are delivered)."""

    def __init__(self, window: QWidget, viewports: dict) -> None:
        super().__init__()
        self.window, self.viewports = window, viewports
        self.requests = 0
        self.painted: list[tuple[str, int]] = []  # (viewport name, update request number)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self.requests += 1
        elif event.type() == QEvent.Type.Paint:
            for name, viewport in self.viewports.items():
                if watched is viewport:
                    self.painted.append((name, self.requests))
        return False


def _drain(qapp) -> None:
    """Deliver what is queued (a later sync that would paint a plot again comes in here)."""
    for _ in range(3):
        qapp.processEvents()


def _watch(qapp, window, viewports) -> _Syncs:
    syncs = _Syncs(window, viewports)
    qapp.installEventFilter(syncs)
    return syncs


def test_plots_changed_together_are_painted_in_one_sync(qtbot, qapp):
    window = QWidget()
    qtbot.addWidget(window)
    grid = QGridLayout(window)
    views = [pg.PlotWidget() for _ in range(3)]
    curves = []
    for n, view in enumerate(views):
        grid.addWidget(view, 0, n)
        view.setRange(xRange=(0, 10), yRange=(0, 1), padding=0)
        view.disableAutoRange()
        curves.append(view.plot(np.arange(10.0), np.zeros(10)))
    window.resize(900, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: all(not v.viewport().visibleRegion().isEmpty() for v in views))
    _drain(qapp)  # the first paints of the new window
    syncs = _watch(qapp, window, {n: v.viewport() for n, v in enumerate(views)})
    try:
        with one_screen_update(window, [v.scene() for v in views]):
            for curve in curves:
                curve.setData(np.arange(10.0), np.linspace(0.1, 0.9, 10))
        qtbot.waitUntil(lambda: {name for name, _ in syncs.painted} == {0, 1, 2})
        _drain(qapp)
    finally:
        qapp.removeEventFilter(syncs)
    assert len(syncs.painted) == 3  # each plot once
    assert len({request for _, request in syncs.painted}) == 1  # all in the same sync


def test_a_failing_body_still_lets_the_window_repaint(qtbot, qapp):
    """An exception while the plots change leaves no window without screen updates: the held
    update request is replaced, so the changes made before the error are painted."""
    window = QWidget()
    qtbot.addWidget(window)
    grid = QGridLayout(window)
    view = pg.PlotWidget()
    grid.addWidget(view)
    view.setRange(xRange=(0, 10), yRange=(0, 1), padding=0)
    view.disableAutoRange()
    curve = view.plot(np.arange(10.0), np.zeros(10))
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    _drain(qapp)
    syncs = _watch(qapp, window, {"plot": view.viewport()})
    try:
        with pytest.raises(ValueError), one_screen_update(window, [view.scene()]):
            curve.setData(np.arange(10.0), np.full(10, 0.5))
            view.scene().update()
            raise ValueError("a bad chart")
        qtbot.waitUntil(lambda: bool(syncs.painted))
        window.update()  # later changes are painted too: the window's updates were not left held
        count = len(syncs.painted)
        view.viewport().update()
        qtbot.waitUntil(lambda: len(syncs.painted) > count)
    finally:
        qapp.removeEventFilter(syncs)


def test_a_what_if_step_paints_the_analysis_plots_in_one_sync(qtbot, qapp):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1440, 860)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.set_scenario(load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"))
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=60000)
    _drain(qapp)  # the first result's paints are done
    shown = {key: view.viewport() for key, view in page.charts.items() if view.isVisible()}
    assert len(shown) == 4  # three plots in the grid, the traffic tab in front
    draws = {key: page.charts[key].draws for key in shown}
    syncs = _watch(qapp, page, shown)
    try:
        slider = page.whatif.sliders["input"]  # more input tokens: every plot changes
        with qtbot.waitSignal(page.sizing_changed, timeout=60000):
            slider.setValue(slider.value() + 30)
        page._detail_timer.stop()  # no detailed sizing after the preview: this step's paints only
        assert all(page.charts[key].draws == draws[key] + 1 for key in shown)  # each drew the new result
        qtbot.waitUntil(lambda: {name for name, _ in syncs.painted} == set(shown), timeout=10000)
        _drain(qapp)
    finally:
        qapp.removeEventFilter(syncs)
        page.stop_work()
    # Each plot's first paint after the result, all in one sync of the window (a plot whose axis
    # grew wider for longer tick labels lays out and paints once more: pyqtgraph finds that out
    # while painting; not counted here).
    first: dict[str, int] = {}
    for name, request in syncs.painted:
        first.setdefault(name, request)
    assert set(first) == set(shown)
    assert len(set(first.values())) == 1, syncs.painted

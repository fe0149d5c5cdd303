"""UI test fixtures: settings in tmp_path, a check that no worker is left running, and a real
window on a new project holding one scenario (`window_on`)."""

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool

from app.domain import Accelerator, Category


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


@pytest.fixture
def window_on(qtbot, settings, tmp_path) -> Iterator[Callable[..., Any]]:
    """A factory: `window_on(file_name)` is a real MainWindow at 1366x768, shown and exposed, on a
    new project `tmp_path / file_name`; `window_on(file_name, category, build)` also holds one
    scenario, the blank `category` workload's file dict changed by `build(dict)`
    (tests/scenario_builders.py), imported from a YAML file as a user does. Errors are kept in
    `window.errors` instead of a dialog. After the test the pages' workers are cancelled and the
    window closed."""
    from app.services import scenarios
    from app.services.sizing import scenario_yaml
    from app.store import Project
    from app.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(
        file_name: str,
        category: Category | None = None,
        build: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> MainWindow:
        path = tmp_path / file_name
        with Project.open(path, create=True) as project:
            blank = scenarios.new_blank(project, category) if category is not None else None
        yaml_path = tmp_path / f"{path.stem}-scenario.yaml"
        if blank is not None:
            data = build(blank.model_dump(mode="json")) if build is not None else blank.model_dump(mode="json")
            yaml_path.write_text(scenario_yaml(type(blank).model_validate(data)))
        w = MainWindow(settings)
        qtbot.addWidget(w)
        windows.append(w)
        w.errors = []
        w.show_error = lambda title, message: w.errors.append(message)
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        assert w.open_project(str(path))
        if blank is not None:
            assert w.files.import_scenario(yaml_path)
        return w

    yield make
    for w in windows:
        for page in (w.analysis_page, w.report_page, w.measurements_page):
            if page is not None:
                page.runner.cancel()
        w.close()


@pytest.fixture
def analysed(qtbot) -> Callable[[Any], Any]:
    """`analysed(window)`: Analyse pressed on the window's open scenario, returned once the
    detailed result is shown and no sizing runs (the Analysis page)."""

    def analyse(window: Any) -> Any:
        analysis = window.ensure_analysis_page()
        with qtbot.waitSignal(analysis.sizing_changed, timeout=60000):
            window.analyse()
        qtbot.waitUntil(lambda: analysis.sizing.detailed and not analysis.runner.busy, timeout=60000)
        return analysis

    return analyse

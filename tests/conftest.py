"""Shared fixtures. Offscreen Qt before any QApplication exists; a private user data dir."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    """Every test gets its own ARCHWISE_HOME so nothing touches the real user data."""
    home = tmp_path / "archwise-home"
    monkeypatch.setenv("ARCHWISE_HOME", str(home))
    yield home


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application, with cyclic garbage collected on the GUI thread only, as the app
    does: a collection in an export or sizing worker could finalise a widget there (a flaky
    "Timers cannot be started from another thread" warning under load)."""
    from app.ui.gui_thread_gc import collect_on_gui_thread

    collect_on_gui_thread(qapp)
    return qapp


_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items):
    """Tests that drive Qt widgets are marked `gui`, so `pytest -m "not gui"` is a fast engine-only run."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)

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


_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items):
    """Tests that drive Qt widgets are marked `gui`, so `pytest -m "not gui"` is a fast engine-only run."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)

"""Shared fixtures. Offscreen Qt before any QApplication exists; a private user data dir."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    """Every test gets its own ARCHWISE_HOME so nothing touches the real user data."""
    home = tmp_path / "archwise-home"
    monkeypatch.setenv("ARCHWISE_HOME", str(home))
    yield home

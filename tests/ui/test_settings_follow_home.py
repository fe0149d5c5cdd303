"""ARCHWISE_HOME moves the window's settings with the default project and the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ui.settings import Settings


def test_settings_live_under_archwise_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHWISE_HOME", str(tmp_path))
    settings = Settings()
    settings.set("project/last", str(tmp_path / "mine.archwise"))
    settings._qs.sync()

    assert (tmp_path / "archwise.ini").is_file()
    assert Settings().get("project/last") == str(tmp_path / "mine.archwise")


def test_an_explicit_folder_wins_over_archwise_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, folder = tmp_path / "home", tmp_path / "folder"
    home.mkdir()
    folder.mkdir()
    monkeypatch.setenv("ARCHWISE_HOME", str(home))
    Settings(folder).set("view/workshop", True)

    assert Settings(folder).get("view/workshop") is True
    assert Settings().get("view/workshop") is False

"""Typed QSettings wrapper: every key with its type and default in one table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

_KEYS: dict[str, tuple[type, object]] = {
    "window/geometry": (QByteArray, QByteArray()),  # before geometry per screen size; read once
    "window/state": (QByteArray, QByteArray()),
    "project/last": (str, ""),
    "project/recent": (list, []),
    "view/workshop": (bool, False),
    "report/author": (str, ""),  # the author last typed on the Report page: the user, in every project
}
MAX_RECENT = 8


class Settings:
    """Application settings. `folder` points them at an INI file there (tests use tmp_path);
    without one, ARCHWISE_HOME does, as it does for the default project and the log."""

    def __init__(self, folder: Path | None = None) -> None:
        home = os.environ.get("ARCHWISE_HOME")
        if folder is None and home:
            folder = Path(home)
        if folder is None:
            self._qs = QSettings("Archwise", "Archwise")
        else:
            self._qs = QSettings(str(Path(folder) / "archwise.ini"), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        kind, default = _KEYS[key]
        value = self._qs.value(key, default)
        if kind is list:
            if value is None or value == "":
                return []
            return [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
        if kind is bool:
            return value in (True, "true", "1", 1)
        return value if isinstance(value, kind) else default

    def set(self, key: str, value: object) -> None:
        if key not in _KEYS:
            raise KeyError(key)
        self._qs.setValue(key, value)

    def add_recent(self, path: str) -> list[str]:
        recent = [p for p in self.get("project/recent") if p != path]
        recent = [path, *recent][:MAX_RECENT]
        self.set("project/recent", recent)
        self.set("project/last", path)
        return recent

    def window_geometry(self, screen: str) -> QByteArray:
        """The window geometry saved on a screen of this size ('1366x768'); empty if none."""
        value = self._qs.value(f"window/geometry_on/{screen}", QByteArray())
        return value if isinstance(value, QByteArray) else QByteArray()

    def set_window_geometry(self, screen: str, geometry: QByteArray) -> None:
        self._qs.setValue(f"window/geometry_on/{screen}", geometry)

    def sync(self) -> None:
        self._qs.sync()

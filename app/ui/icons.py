"""Icons are files: resources/icons/<name>.svg, loaded as QIcon (Qt's SVG image plugin)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.paths import ICONS_DIR

APP_ICON = "archwise"
# Rail page title -> icon file stem.
PAGE_ICONS = {
    "Catalog": "catalog",
    "Scenarios": "workloads",
    "Analysis": "analysis",
    "Selection matrix": "selection",
    "Deployment": "deployment",
    "Report": "report",
    "Measurements": "measurements",
    "Fleet": "fleet",
}


@cache
def icon(name: str) -> QIcon:
    """The icon resources/icons/<name>.svg; an empty QIcon when the file is missing (no crash)."""
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return icon(APP_ICON)


def page_icon(page: str) -> QIcon:
    return icon(PAGE_ICONS.get(page, ""))

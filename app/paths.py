"""The one place that finds resources/ and catalog/, from source or from a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


ROOT = _root()
CATALOG_DIR = ROOT / "catalog"
EXAMPLES_DIR = CATALOG_DIR / "examples"
RESOURCES_DIR = ROOT / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"
STYLE_DIR = RESOURCES_DIR / "style"
FONTS_DIR = RESOURCES_DIR / "fonts"
HELP_DIR = RESOURCES_DIR / "help"  # the guide and glossary Help shows


def user_data_dir() -> Path:
    """Where the default project, logs and settings live (platformdirs); ARCHWISE_HOME overrides."""
    import os

    override = os.environ.get("ARCHWISE_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path("archwise", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_project_path() -> Path:
    return user_data_dir() / "default.archwise"


def log_path() -> Path:
    return user_data_dir() / "archwise.log"

"""The PySide6 desktop face. Nothing imports this package but app.__main__."""

from app.ui import pyside_fixes  # noqa: F401  (before any widget exists)

"""The PySide6 desktop face. Nothing imports this package but app.__main__."""

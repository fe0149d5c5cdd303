"""Small helpers the workshop's widgets share."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """`widget` with its object name set (the workshop QSS styles by name)."""
    widget.setObjectName(name)
    return widget


def repolish(widget: QWidget, prop: str, value: object) -> None:
    """Set a dynamic property the QSS selects on, and restyle the widget when it changed."""
    if widget.property(prop) != value:
        widget.setProperty(prop, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

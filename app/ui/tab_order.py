"""Keyboard tab order that follows what the eye sees: down the layouts, row by row, left to right.

Qt's default focus chain is the order widgets were created in; a form that builds its group boxes
in one order and lays them out in another (the scenario editor shows a workload kind's own box
first) then jumps about, or reaches a box only after the ones below it. `set_visual_tab_order`
walks a widget's layouts in reading order and chains every widget that takes Tab focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLayout, QWidget


def _takes_tab(w: QWidget) -> bool:
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _layout_items(layout: QLayout) -> list[tuple[QWidget | None, QLayout | None]]:
    """A layout's items in reading order: a grid by (row, column), any other layout as added."""
    items = [layout.itemAt(n) for n in range(layout.count())]
    if isinstance(layout, QGridLayout):
        cells = []
        for n, item in enumerate(items):
            row, col = layout.getItemPosition(n)[:2]  # type: ignore[index]  # PySide6 stubs say object
            cells.append((int(row), int(col), n, item))
        items = [item for *_key, item in sorted(cells, key=lambda c: c[:3])]
    return [(item.widget(), item.layout()) for item in items if item is not None]


def visual_order(root: QWidget) -> list[QWidget]:
    """Every widget under `root` that takes Tab focus, in reading order of the layouts; a widget
    without a layout of its own (a list, a table, a combo box) is one stop."""
    out: list[QWidget] = []

    def visit_widget(w: QWidget) -> None:
        if _takes_tab(w):
            out.append(w)  # a checkable group box, a line edit, a button ...
        inner = w.layout()
        if inner is not None:
            visit_layout(inner)

    def visit_layout(layout: QLayout) -> None:
        for widget, sub in _layout_items(layout):
            if widget is not None:
                visit_widget(widget)
            elif sub is not None:
                visit_layout(sub)

    top = root.layout()
    if top is not None:
        visit_layout(top)
    return out


def set_visual_tab_order(root: QWidget) -> list[QWidget]:
    """Chain the Tab order of `root`'s focusable widgets in reading order; returns the chain.
    Hidden widgets stay in the chain (Qt skips them while hidden), so showing another kind's
    fields needs no new chain."""
    chain = visual_order(root)
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return chain

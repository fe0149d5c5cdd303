"""The Fleet page in the main window: on the rail with its icon, its Ctrl+N reaches it, built on first
show, the guide has its section (F1 on the page), and its plan goes to the Report page."""

from __future__ import annotations

import pytest

from app.services.fleet import example_portfolios
from app.ui.fleet.page import FleetPage
from app.ui.help.content import PAGE_SECTIONS, guide_sections
from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform


def test_fleet_page_on_the_rail(qtbot, settings, tmp_path):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    row = PAGES.index("Fleet")
    assert w.rail.item(row).text() == "Fleet" and not w.rail.item(row).icon().isNull()
    assert w.fleet_page is None  # built when first shown
    action = w.help.page_actions[row]
    assert action.shortcut().toString() == f"Ctrl+{row + 1}"
    action.trigger()
    assert w.stack.currentIndex() == row
    assert isinstance(w.stack.currentWidget(), FleetPage) and w.stack.currentWidget() is w.fleet_page
    assert PAGE_SECTIONS["Fleet"] in {s.key for s in guide_sections()}
    # the plan the page shows goes into the next decision package (its Fleet section)
    page = w.fleet_page
    path = next(p for p in example_portfolios() if p.stem == "saas-cascade")
    with qtbot.waitSignal(page.plan_shown, timeout=120_000):
        assert page.open_portfolio(path)
    assert w.report_page.fleet is page.plan
    # the page has its title like the others, and its edits are the window's Edit → Undo steps
    from PySide6.QtWidgets import QLabel

    titles = [lab.text() for lab in page.findChildren(QLabel) if lab.objectName() == "pageTitle"]
    assert titles == ["Fleet"]
    assert w.undo_stack.undoText() == f"Import portfolio {page.portfolio.name}"
    assert w.actions.undo.text() == f"&Undo Import portfolio {page.portfolio.name}"

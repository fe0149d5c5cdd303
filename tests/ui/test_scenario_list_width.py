"""The Scenarios page's list shows each scenario's whole name (window defects: names were cut at
1920x1080, the list staying 240 px wide): it widens to the longest name, up to a third of the
page, and each item's tooltip is its whole name. Real window and project file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from app import store
from app.domain import Category
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
LONG = "Claims triage agent for the regional back office, pilot phase two"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = tmp_path / "list.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.setGeometry(QRect(0, 0, 1920, 1080))
    w.show()
    assert w.open_project(str(path))
    yield w
    w.close()


def test_a_long_scenario_name_is_shown_whole_at_1920x1080(qtbot, window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.AGENT)
    page.rename_current(LONG)
    page.new_blank(Category.RAG)
    lst = page.list
    item = lst.findItems(LONG, Qt.MatchFlag.MatchExactly)[0]
    need = lst.fontMetrics().horizontalAdvance(LONG)
    qtbot.waitUntil(lambda: lst.visualItemRect(item).width() >= need)
    assert lst.viewport().width() >= need  # no '…' at the end
    assert item.toolTip() == LONG
    assert page.split.sizes()[0] <= sum(page.split.sizes()) // 3  # the editor keeps two thirds

"""Help with real widgets: the guide, the glossary, the shortcuts read off the menus, F1 on the
focused field, Ctrl+1..5 for the pages, and About naming versions and files that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform

TERMS = ["TTFT", "TPOT", "TP (tensor", "PP (pipeline", "KV cache", "MFU", "MBU", "p95", "N+1"]


@pytest.fixture
def window(qtbot, settings, tmp_path):
    from app import store

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    yield w
    if w.help.dialog is not None:
        w.help.dialog.close()


def test_the_help_menu_offers_guide_glossary_shortcuts_and_about(window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert list(menus)[-1] == "Help"
    items = [a.text().replace("&", "") for a in menus["Help"].actions() if not a.isSeparator()]
    assert items == ["Help on the focused field", "Guide", "Glossary", "Keyboard shortcuts", "About Archwise"]


def test_the_glossary_defines_the_terms_architects_use(window):
    window.help.glossary_action.trigger()
    dialog = window.help.dialog
    assert dialog.tabs.currentWidget() is dialog.glossary
    terms = dialog.glossary.shown_terms()
    for term in TERMS:
        assert any(t.startswith(term) or term in t for t in terms), term
    text = dialog.glossary.text.toPlainText()
    assert "KV heads" in text and "95 %" in text
    dialog.glossary.filter.setText("bandwidth")
    assert any(t.startswith("MBU") for t in dialog.glossary.shown_terms())
    assert not any(t.startswith("PUE") for t in dialog.glossary.shown_terms())


def test_the_guide_covers_every_page_and_the_charts(window):
    from app.ui.help.content import PAGE_SECTIONS, guide_sections

    keys = [s.key for s in guide_sections()]
    for page in ["Catalog", "Scenarios", "Analysis", "Selection matrix", "Report"]:
        assert PAGE_SECTIONS[page] in keys
    assert "charts" in keys and "workshop" in keys
    window.help.guide_action.trigger()
    assert "Archwise" in window.help.dialog.guide.text.toPlainText()


def test_ctrl_number_goes_to_each_page_and_the_shortcuts_list_them(qtbot, window):
    for n, title in enumerate(PAGES[:5], start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key_0 + n), Qt.ControlModifier)
        assert window.stack.currentIndex() == PAGES.index(title)
        assert window.stack.currentIndex() == n - 1
    rows = dict(window.help.shortcut_rows())
    for n in range(1, 6):
        assert f"Ctrl+{n}" in rows and PAGES[n - 1] in rows[f"Ctrl+{n}"]
    assert "F11" in rows and "F1" in rows and "Ctrl+D" in rows


def test_f1_opens_the_guide_at_the_page_with_the_focused_fields_help(qtbot, window):
    window.show_page("Selection matrix")
    window.selection_page.reset_button.setToolTip("Put every weight back to its default.")
    window.selection_page.reset_button.setEnabled(True)
    window.selection_page.reset_button.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.focusWidget() is window.selection_page.reset_button)
    window.help.context_action.trigger()
    guide = window.help.dialog.guide
    text = guide.text.toPlainText()
    assert guide.sections[guide.titles.currentRow()].key == "selection"
    assert "Put every weight back to its default." in text and "weighted criteria" in text


def test_about_names_versions_and_files_that_exist(window):
    from app import __version__
    from app.logs import log_file

    dialog = window.help.show_about()
    text = dialog.text.toPlainText()
    assert f"Archwise {__version__}" in text and "PySide6" in text and "python-pptx" in text
    places = dict(window.help.places())
    log = log_file()
    assert log is not None and log.exists()  # the log the README promises is there from the start
    assert places["Log file"] == str(log) and str(log) in text
    assert log.name == "archwise.log" and log.parent == Path(places["Default project"]).parent  # as the README says
    assert Path(places["Open project"]).exists()
    dialog.close()


def test_the_guide_names_every_page_shortcut_and_has_a_deployment_topic(window):
    from app.ui.help.content import PAGE_SECTIONS, guide_sections

    sections = {s.key: s for s in guide_sections()}
    intro = sections["intro"].markdown
    assert "Ctrl+5" in intro and "…" not in intro.split("navigation rail")[1].split(")")[0]
    for n, title in enumerate(PAGES[:9], start=1):
        assert f"Ctrl+{n} {title}" in intro
        assert PAGE_SECTIONS.get(title) in sections, title  # F1 on each page has a topic
    assert "break-even" in sections["deployment"].markdown


def test_every_page_has_a_page_title_like_the_others(window):
    from PySide6.QtWidgets import QLabel

    for name in ("Catalog", "Analysis", "Selection matrix", "Deployment", "Report", "Measurements"):
        page = window.stack.widget(PAGES.index(name))
        titles = [lab.text() for lab in page.findChildren(QLabel) if lab.objectName() == "pageTitle"]
        assert titles, name

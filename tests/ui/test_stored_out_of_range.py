"""Issue 15 (classes 1 and 7): a value stored outside its documented range (app/domain/ranges.py)
by another version, another program or a hand edit is never clamped and never crashes the
window. A saved scenario holding one is flagged in the list and not opened, with the field, the
stored value and the allowed range said above the list; the rest of the project works, and the
user can delete it. The file stays as it was."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain import Category, DomainError
from app.services import scenarios as service
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

STORED = [  # (where in the scenario's JSON, the value stored, what the message names)
    (("assumptions", "pue"), 9, "assumptions.pue: must be between 1 and 5, got 9"),
    (("assumptions", "headroom"), -1, "assumptions.headroom: must be"),
    (("workload", "batch", "total_requests"), 10**30, "workload.batch.total_requests: must be a whole number"),
    (("assumptions", "pue"), 1e309, "assumptions.pue: must be between 1 and 5, got inf"),
]


def _project(tmp_path, where, value):
    """A project with two saved batch scenarios; the first holds `value` at `where`."""
    path = tmp_path / "p.archwise"
    with Project.open(path, create=True) as project:
        bad = service.new_blank(project, Category.BATCH)
        good = service.new_blank(project, Category.BATCH)
        service.remember_opened(project, scenario=bad.name)
    con = sqlite3.connect(path)
    (data,) = con.execute("SELECT data FROM scenarios WHERE name = ?", (bad.name,)).fetchone()
    record = json.loads(data)
    leaf = record
    for key in where[:-1]:
        leaf = leaf[key]
    leaf[where[-1]] = value
    text = json.dumps(record).replace("Infinity", "1e309")  # what a hand edit writes
    con.execute("UPDATE scenarios SET data = ? WHERE name = ?", (text, bad.name))
    con.commit()
    con.close()
    return path, bad.name, good.name


@pytest.mark.parametrize("where, value, says", STORED, ids=["pue", "headroom", "requests", "1e309"])
def test_the_store_names_a_stored_value_out_of_range(tmp_path, where, value, says):
    path, bad, good = _project(tmp_path, where, value)
    before = path.read_bytes()
    with Project.open(path) as project:
        with pytest.raises(DomainError) as info:
            project.scenario(bad)
        assert says in str(info.value) and f"scenario '{bad}'" in str(info.value)
        assert str(info.value).count("\n") == 0
        assert [s.name for s in project.scenarios()] == [good]  # the rest works
        assert project.scenario(good).name == good
    assert path.read_bytes() == before


@pytest.mark.parametrize("where, value, says", STORED[:2], ids=["pue", "headroom"])
def test_the_window_flags_it_and_can_delete_it(qtbot, settings, tmp_path, where, value, says):
    path, bad, good = _project(tmp_path, where, value)
    before = path.read_bytes()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(path))  # the scenario last open is the bad one: no crash
    w.show_page("Scenarios")
    page = w.scenarios_page
    assert w.errors == [] and w.document.scenario is None
    assert not page.notice.isHidden() and page.notice.text().startswith("Not opened: ") and says in page.notice.text()
    item = page.list.findItems(bad, Qt.MatchFlag.MatchExactly)[0]
    assert says in item.toolTip()
    assert path.read_bytes() == before  # nothing clamped, nothing written

    page.list.setCurrentItem(page.list.findItems(good, Qt.MatchFlag.MatchExactly)[0])
    assert w.document.scenario is not None and w.document.scenario.name == good
    assert page.notice.isHidden()

    page.list.setCurrentItem(item)  # the bad one again: refused again, and Delete removes it
    assert w.document.scenario is None and page.delete_button.isEnabled()

    def confirm():
        box = QApplication.activeModalWidget()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, confirm)
    page.delete_button.click()
    with Project.open(path) as project:
        assert project.scenario_names() == [good]
    w.close()

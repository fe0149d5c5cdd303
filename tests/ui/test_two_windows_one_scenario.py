"""D24: two windows on one project file. An edit writes only the fields it changed (window 2's
saved budget survives window 1's later rate edit, and window 1's closing), and an edit of a field
another window changed since this window read it is refused in plain words above the form, the
scenario read again from the file; nothing is shown that the file does not hold.

Each "window" is a real Scenarios page with its own ScenarioDocument, undo stack and Project on
the same SQLite file in tmp_path; the file is read back with sqlite3."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from app.domain import Category
from app.services import scenarios as service
from app.store import Project, ScenarioChanged
from app.ui.scenario_document import ScenarioDocument
from app.ui.scenarios_page import ScenariosPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NAME = "Frame description pilot"
RATE, BUDGET, PEAK = (
    "workload.traffic.requests_per_s",
    "workload.budget_usd_per_month",
    "workload.traffic.peak_hours_per_day",
)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "broadcast.archwise"
    with Project.open(p, create=True) as project:
        blank = service.blank_scenario(project, Category.RAG)
        w = blank.workload
        traffic = w.traffic.model_copy(update={"requests_per_s": 2.0, "peak_hours_per_day": 8.0})
        pilot = blank.model_copy(
            update={
                "name": NAME,
                "workload": w.model_copy(update={"name": NAME, "traffic": traffic, "budget_usd_per_month": 8000.0}),
            }
        )
        service.save_scenario(project, type(pilot).model_validate(pilot.model_dump()))
    return p


class Window:
    """One window's scenario side: its own Project on the file, document, undo stack and page."""

    def __init__(self, qtbot, path) -> None:
        self.project = Project.open(path)
        self.undo = QUndoStack()
        self.document = ScenarioDocument(self.undo)
        self.messages: list[str] = []
        self.document.message_posted.connect(self.messages.append)
        self.page = ScenariosPage(self.document)
        qtbot.addWidget(self.page)
        self.page.resize(1366, 768)
        self.page.show()
        self.page.set_project(self.project, self.project.catalog())
        self.document.set_project(self.project)
        assert self.document.scenario is not None and self.document.scenario.name == NAME

    def type(self, key: str, text: str) -> None:
        """Type `text` in the field and leave it, as a user does."""
        editor = self.page.editor.form.rows[key].editor
        editor.setText(text)
        editor.editingFinished.emit()

    def shown(self, key: str) -> str:
        return str(self.page.editor.form.rows[key].editor.text())

    def close(self) -> None:
        """What the main window's closeEvent does with the scenarios."""
        self.page.commit_typing()
        self.document.flush()
        self.project.close()


def on_disk(path) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (data,) = con.execute("SELECT data FROM scenarios WHERE name = ?", (NAME,)).fetchone()
    finally:
        con.close()
    w = json.loads(data)["workload"]
    return {
        "rate": w["traffic"]["requests_per_s"],
        "budget": w["budget_usd_per_month"],
        "peak": w["traffic"]["peak_hours_per_day"],
    }


def test_an_edit_writes_only_its_field_beside_the_other_windows(qtbot, path):
    one, two = Window(qtbot, path), Window(qtbot, path)
    two.type(BUDGET, "9000")
    assert on_disk(path) == {"rate": 2.0, "budget": 9000.0, "peak": 8.0}
    assert one.shown(BUDGET).replace(",", "").startswith("8000")  # window 1 read it before

    one.type(RATE, "3")  # another field: saved next to window 2's budget, not over it
    assert on_disk(path) == {"rate": 3.0, "budget": 9000.0, "peak": 8.0}
    assert one.document.scenario.workload.budget_usd_per_month == 9000.0  # shown as the file holds it
    assert one.shown(BUDGET).replace(",", "").startswith("9000")
    two.close()

    one.type(PEAK, "6")  # after window 2 closed: still saved at once
    assert on_disk(path) == {"rate": 3.0, "budget": 9000.0, "peak": 6.0}
    one.close()  # closing writes no stale whole record
    assert on_disk(path) == {"rate": 3.0, "budget": 9000.0, "peak": 6.0}
    assert not one.messages


def test_an_edit_of_a_field_changed_elsewhere_is_refused_said_and_read_again(qtbot, path):
    one, two = Window(qtbot, path), Window(qtbot, path)
    two.type(BUDGET, "9000")
    one.type(BUDGET, "7000")  # the same field window 2 changed since window 1 read it

    assert on_disk(path)["budget"] == 9000.0  # refused: nothing written
    said = one.page.notice.text()
    assert one.page.notice.isVisible() and said.startswith("Not saved: ")
    assert "another window" in said and "budget usd per month" in said and NAME in said
    assert any("budget usd per month" in m for m in one.messages)  # the status bar's copy
    assert one.document.scenario.workload.budget_usd_per_month == 9000.0  # read again from the file
    assert one.shown(BUDGET).replace(",", "").startswith("9000")
    assert one.undo.count() == 0  # no undo step for an edit that was not saved

    one.type(BUDGET, "7000")  # made again on what the file holds: saved, and the notice goes
    assert on_disk(path)["budget"] == 7000.0
    assert not one.page.notice.isVisible()
    one.close()
    two.close()
    assert on_disk(path) == {"rate": 2.0, "budget": 7000.0, "peak": 8.0}


def test_an_edit_of_a_scenario_renamed_elsewhere_is_refused_and_the_list_read_again(qtbot, path):
    one, two = Window(qtbot, path), Window(qtbot, path)
    two.page.rename_current("Pilot (renamed)")
    one.type(RATE, "3")
    assert "renamed or deleted" in one.page.notice.text()
    assert one.document.names == ["Pilot (renamed)"]
    assert one.document.scenario is not None and one.document.scenario.workload.traffic.requests_per_s == 2.0
    with Project.open(path, read_only=True) as fresh:
        assert fresh.scenario("Pilot (renamed)").workload.traffic.requests_per_s == 2.0
    one.close()
    two.close()


def test_the_store_merges_an_edit_onto_the_stored_record(path):
    """Project.save_scenario(read=...) on its own: two Projects, hand-made values."""
    with Project.open(path) as a, Project.open(path) as b:
        read_a, read_b = a.scenario(NAME), b.scenario(NAME)
        wb = read_b.workload
        b.save_scenario(
            read_b.model_copy(update={"workload": wb.model_copy(update={"budget_usd_per_month": 9000.0})}), NAME, read_b
        )
        wa = read_a.workload
        desc = read_a.model_copy(update={"description": "from window 1"})
        stored = a.save_scenario(desc, NAME, read_a)
        assert stored.description == "from window 1" and stored.workload.budget_usd_per_month == 9000.0
        with pytest.raises(ScenarioChanged, match="budget usd per month") as refused:
            a.save_scenario(
                read_a.model_copy(update={"workload": wa.model_copy(update={"budget_usd_per_month": 1.0})}),
                NAME,
                read_a,
            )
        assert refused.value.current is not None and refused.value.current.workload.budget_usd_per_month == 9000.0
    assert on_disk(path) == {"rate": 2.0, "budget": 9000.0, "peak": 8.0}


def test_coming_back_to_the_page_shows_what_another_window_saved(qtbot, path):
    one, two = Window(qtbot, path), Window(qtbot, path)
    one.page.hide()  # window 1 is on another page
    two.type(BUDGET, "9000")
    one.page.show()
    assert one.document.scenario.workload.budget_usd_per_month == 9000.0
    assert one.shown(BUDGET).replace(",", "").startswith("9000")
    assert one.undo.count() == 0  # read, not edited
    one.close()
    two.close()


def press_on(qtbot, page, name: str) -> None:
    """A left click on the list row `name`, as a user makes it."""
    (item,) = page.list.findItems(name, Qt.MatchFlag.MatchExactly)
    qtbot.mouseClick(page.list.viewport(), Qt.MouseButton.LeftButton, pos=page.list.visualItemRect(item).center())


def test_clicking_the_open_scenario_reads_it_again(qtbot, path):
    """Issue 13: a click on the scenario already selected shows what another window (or the CLI,
    through its own Project) saved meanwhile; before, the click changed no current row and so
    read nothing."""
    one = Window(qtbot, path)
    with Project.open(path) as cli:  # what `archwise` does on the same file
        stored = cli.scenario(NAME)
        w = stored.workload
        cli.save_scenario(
            stored.model_copy(update={"workload": w.model_copy(update={"budget_usd_per_month": 9500.0})}), NAME, stored
        )
    assert one.shown(BUDGET).replace(",", "").startswith("8000")  # nothing told window 1 yet
    press_on(qtbot, one.page, NAME)
    assert one.document.scenario.workload.budget_usd_per_month == 9500.0
    assert one.shown(BUDGET).replace(",", "").startswith("9500")
    assert one.undo.count() == 0  # read, not edited
    one.close()
    assert on_disk(path) == {"rate": 2.0, "budget": 9500.0, "peak": 8.0}


def test_clicking_the_open_scenario_keeps_what_is_being_typed(qtbot, path):
    """A guard (it passes before the change too: the press takes the focus): the field being typed
    in is saved before the scenario is read again; window 1's typed rate and window 2's budget
    both stand, on screen and in the file."""
    one, two = Window(qtbot, path), Window(qtbot, path)
    two.type(BUDGET, "9000")
    rate = one.page.editor.form.rows[RATE].editor
    one.page.activateWindow()
    rate.setFocus()
    qtbot.waitUntil(rate.hasFocus)
    rate.setText("3")  # typed, not yet left
    press_on(qtbot, one.page, NAME)
    assert on_disk(path) == {"rate": 3.0, "budget": 9000.0, "peak": 8.0}
    assert one.document.scenario.workload.budget_usd_per_month == 9000.0
    assert one.shown(BUDGET).replace(",", "").startswith("9000")
    assert one.shown(RATE).startswith("3")
    one.close()
    two.close()

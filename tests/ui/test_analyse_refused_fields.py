"""D9: Analyse with refused values still typed on the Scenarios page sizes the saved values, and
now says so: the verdict banner (and the status bar) name each refused field with the saved value
analysed in its place. Real MainWindow, a real project file in tmp_path."""

from __future__ import annotations

import pytest

from app import store
from app.domain import Category
from app.services import scenarios as service
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NAME = "EU/Live subtitles"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = tmp_path / "d9.archwise"
    with store.Project.open(path, create=True) as project:
        blank = service.blank_scenario(project, Category.RAG)
        w = blank.workload
        workload = w.model_copy(
            update={
                "name": NAME,
                "traffic": w.traffic.model_copy(update={"requests_per_s": 8.0}),
                "budget_usd_per_month": 25000.0,
                "users": 40,
            }
        )
        s = blank.model_copy(update={"name": NAME, "workload": workload})
        service.save_scenario(project, type(s).model_validate(s.model_dump()))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.open_project(str(path))
    yield win
    if win.analysis_page is not None:
        win.analysis_page.runner.cancel()
    win.close()


def _type(row, text: str) -> None:
    row.editor.setText(text)
    row.editor.editingFinished.emit()


def test_analyse_says_which_saved_values_it_used_for_refused_fields(qtbot, window):
    window.show_page("Scenarios")
    rows = window.scenarios_page.editor.form.rows
    for key, text in (
        ("workload.traffic.requests_per_s", "0"),
        ("workload.budget_usd_per_month", "1e400"),
        ("workload.users", "-3"),
    ):
        _type(rows[key], text)
        assert rows[key].message.text()  # refused in red beside the field
    assert window.document.scenario.workload.traffic.requests_per_s == 8.0  # the file keeps the valid values
    page = window.ensure_analysis_page()
    with qtbot.waitSignal(page.sizing_changed, timeout=120000):
        window.analyse()
    qtbot.waitUntil(lambda: "not valid" in page.banner.text(), timeout=10000)
    banner = page.banner.text()
    assert "3 fields on the Scenarios page not valid: analysed with the saved values" in banner
    assert "Mean rate 8 req/s" in banner and "Budget 25000 USD/month" in banner and "Users 40 people" in banner
    assert page.sized_scenario.workload.traffic.requests_per_s == 8.0  # what it says is what it sized


def test_no_note_when_every_field_holds_what_is_saved(qtbot, window):
    window.show_page("Scenarios")
    page = window.ensure_analysis_page()
    with qtbot.waitSignal(page.sizing_changed, timeout=120000):
        window.analyse()
    qtbot.waitUntil(lambda: bool(page.banner.text()) and "…" not in page.banner.text()[:20], timeout=10000)
    assert "not valid" not in page.banner.text()

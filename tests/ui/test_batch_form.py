"""The scenario editor for a batch job: the rate is derived and shown read-only (no traffic fields
to type a second rate into), and the recurrence and start window are edited like any field.
Real widgets; no sleeps."""

from __future__ import annotations

import pytest

from app.domain import Recurrence, Scenario, parse
from app.ui.options_table_model import OPTION_COLUMNS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NIGHTLY = {
    "name": "Nightly ticket summaries",
    "category": "batch",
    "tokens": {"input_tokens": 2000, "output_tokens": 250},
    "batch": {"total_requests": 200_000, "recurrence": "business_days", "start_window": "22:00-06:00"},
}


def nightly() -> Scenario:
    return parse(Scenario, {"name": "Nightly", "workload": NIGHTLY})


@pytest.fixture
def editor(qtbot):
    from app.ui.scenario_editor import ScenarioEditor

    editor = ScenarioEditor()
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    return editor


def commit(row, text: str) -> None:
    """Type `text` in a field and leave it, as a user does."""
    row.editor.setText(text)
    row.editor.editingFinished.emit()


def test_batch_job_shows_the_derived_rate_instead_of_a_rate_field(editor):
    editor.set_scenario(nightly())
    boxes = editor.form.boxes
    assert not boxes["workload.traffic"].isVisible() and boxes["workload.batch"].isVisible()
    # 200,000 requests in the 8 h window = 6.94 req/s, shown once and read-only
    text = editor.derived_rate.text()
    assert "6.94 req/s" in text and "business days, 22:00-06:00" in text
    assert editor.form.rows["workload.batch.start_window"].editor.text() == "22:00-06:00"


def test_editing_the_window_and_recurrence_goes_through_the_domain(editor):
    editor.set_scenario(nightly())
    edits = []
    editor.scenario_edited.connect(lambda new, what: edits.append(new))
    rows = editor.form.rows
    commit(rows["workload.batch.start_window"], "00:00-04:00")
    assert edits[-1].workload.batch.hours_per_run == 4.0
    editor.set_scenario(edits[-1])
    assert "13.9 req/s" in editor.derived_rate.text()  # 200,000 / (4 x 3,600 s)
    box = rows["workload.batch.recurrence"].editor
    box.setCurrentIndex(box.findData(Recurrence.WEEKLY.value))
    box.activated.emit(box.currentIndex())
    assert edits[-1].workload.batch.recurrence is Recurrence.WEEKLY
    commit(rows["workload.batch.start_window"], "late evening")  # the domain's message beside the field
    assert "not HH:MM-HH:MM (24 h clock, e.g. 22:00-06:00)" in rows["workload.batch.start_window"].message.text()
    assert len(edits) == 2


def test_options_table_labels_the_cost_periods():
    headers = [c.header for c in OPTION_COLUMNS]
    assert "Cost [USD/month]" in headers and "Cost [USD/run]" in headers


def test_the_traffic_what_if_of_a_batch_job_changes_its_work():
    from app.ui.whatif_panel import apply_knob, knob_value

    s = nightly()
    assert knob_value(s, "traffic") == pytest.approx(200_000 / (8 * 3600))
    moved = apply_knob(s, "traffic", 13.9)
    assert moved.workload.batch.total_requests == round(13.9 * 8 * 3600)  # 400,320 requests in the 8 h window
    assert moved.workload.traffic is None  # no typed rate appears
    assert knob_value(moved, "traffic") == pytest.approx(13.9, rel=1e-5)


BLANK_BATCH = {  # the blank batch template: 10,000 requests within 24 h, daily
    "name": "Blank batch",
    "category": "batch",
    "tokens": {"input_tokens": 600, "output_tokens": 200},
    "batch": {"total_requests": 10_000, "deadline_hours": 24.0, "recurrence": "daily"},
}


def test_a_window_shorter_than_the_default_deadline_brings_the_deadline_down(editor):
    editor.set_scenario(parse(Scenario, {"name": "Blank", "workload": BLANK_BATCH}))
    edits = []
    editor.scenario_edited.connect(lambda new, what: edits.append(new))
    rows = editor.form.rows
    commit(rows["workload.batch.start_window"], "22:00-06:00")
    assert rows["workload.batch.start_window"].message.text() == ""
    batch = edits[-1].workload.batch
    assert batch.start_window == "22:00-06:00" and batch.deadline_hours == 8.0  # 22:00 -> 06:00 = 8 h
    editor.set_scenario(edits[-1])
    assert rows["workload.batch.deadline_hours"].editor.text() == "8"


def test_refusals_speak_the_form_labels_and_stay_until_changed(editor):
    editor.set_scenario(parse(Scenario, {"name": "Blank", "workload": BLANK_BATCH}))
    edits = []
    editor.scenario_edited.connect(lambda new, what: (edits.append(new), editor.set_scenario(new)))
    rows = editor.form.rows
    deadline, requests = rows["workload.batch.deadline_hours"], rows["workload.batch.total_requests"]
    commit(deadline, "")  # no deadline and no window: refused, in the form's words
    said = deadline.message.text()
    assert "Deadline per run" in said and "Start window" in said and "deadline_hours" not in said
    commit(requests, "-5")
    assert requests.message.text()
    commit(rows["workload.batch.start_window"], "22:00-06:00")  # another edit is accepted ...
    assert edits[-1].workload.batch.deadline_hours == 8.0
    assert requests.editor.text() == "-5" and requests.message.text()  # ... the refused value stays
    commit(requests, "5000")  # the user changes it: taken, message gone
    assert edits[-1].workload.batch.total_requests == 5000 and requests.message.text() == ""

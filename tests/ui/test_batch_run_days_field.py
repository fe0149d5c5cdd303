"""The scenario editor lets a weekly batch name its run day(s) (GUI tester D27: no day-of-week
field, so a weekend job could only run in Monday's window). Real widgets."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_editor_sets_the_run_days_of_a_weekly_job(qtbot):
    from app.ui.scenario_editor import ScenarioEditor

    editor = ScenarioEditor()
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    weekly = {
        "name": "Weekend essay feedback",
        "category": "batch",
        "tokens": {"input_tokens": 3500, "output_tokens": 600},
        "batch": {"total_requests": 40_000, "recurrence": "weekly", "start_window": "08:00-20:00"},
    }
    editor.set_scenario(parse(Scenario, {"name": "Essays", "workload": weekly}))
    edits: list[Scenario] = []
    editor.scenario_edited.connect(lambda new, what: edits.append(new))
    row = editor.form.rows["workload.batch.run_days"]
    row.editor.setText("Sat, Sun")
    row.editor.editingFinished.emit()
    assert edits and edits[-1].workload.batch is not None
    assert edits[-1].workload.batch.run_days == ["Sat", "Sun"]
    row.editor.setText("Caturday")
    row.editor.editingFinished.emit()
    assert edits[-1].workload.batch.run_days == ["Sat", "Sun"]  # refused with a message, nothing lost
    assert row.message.text()

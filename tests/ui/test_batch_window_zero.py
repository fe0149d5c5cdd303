"""A start window that starts and ends at the same time, without a deadline (issue 18,
/tmp/tcli2/bad/b07_window_zero.yaml), was silently taken as a 24 h run: the domain refuses it with
one line, and the editor shows that line beside the start-window field. Real widgets."""

from __future__ import annotations

import pytest

from app.domain import BatchSpec, DomainError, Scenario, parse

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MESSAGE = "start_window 06:00-06:00 starts and ends at the same time"


def test_domain_refuses_a_zero_window_without_deadline():
    with pytest.raises((DomainError, ValueError), match=MESSAGE):
        parse(BatchSpec, {"total_requests": 120_000, "recurrence": "daily", "start_window": "06:00-06:00"})
    # with a deadline the window's equal ends still read as the whole day
    ok = parse(BatchSpec, {"total_requests": 1000, "start_window": "06:00-06:00", "deadline_hours": 6})
    assert ok.hours_per_run == 6


def test_editor_shows_the_message_beside_the_window(qtbot):
    from app.ui.scenario_editor import ScenarioEditor

    editor = ScenarioEditor()
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    nightly = {
        "name": "Nightly",
        "category": "batch",
        "tokens": {"input_tokens": 2000, "output_tokens": 250},
        "batch": {"total_requests": 200_000, "recurrence": "daily", "start_window": "22:00-06:00"},
    }
    editor.set_scenario(parse(Scenario, {"name": "Nightly", "workload": nightly}))
    edits = []
    editor.scenario_edited.connect(lambda new, what: edits.append(new))
    row = editor.form.rows["workload.batch.start_window"]
    row.editor.setText("06:00-06:00")
    row.editor.editingFinished.emit()
    assert not edits  # refused, nothing saved
    assert "starts and ends at the same time" in row.message.text()

"""`recurrence: monthly` (issue 18): one run a month, 12 a year, in the domain, the YAML format, the
engine's cost and the editor's recurrence choice. Real widgets, real sizing; no mocks."""

from __future__ import annotations

import pytest

from app.domain import DomainError, Recurrence, Scenario, parse

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

H100 = "RunPod 1x H100 SXM"
MODEL = "Test Llama-3-8B"


def monthly(**batch) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Monthly re-coding",
            "workload": {
                "name": "Monthly re-coding",
                "category": "batch",
                "tokens": {"input_tokens": 2000, "output_tokens": 250},
                "batch": {"total_requests": 100_000, "deadline_hours": 10, "recurrence": "monthly", **batch},
            },
            "candidates": {"models": [MODEL], "hardware": [H100], "precisions": ["fp8"]},
        },
    )


def test_monthly_is_one_run_a_month_twelve_a_year():
    b = monthly().workload.batch
    assert b.recurrence is Recurrence.MONTHLY
    assert b.runs_per_month(730.0) == 1.0 and 12 * b.runs_per_month(730.0) == 12
    # a run must end before the next month's: at most 28 days
    with pytest.raises(DomainError, match="within 672 h"):
        monthly(deadline_hours=700)


def test_editor_offers_monthly(qtbot):
    from app.ui.scenario_editor import ScenarioEditor

    editor = ScenarioEditor()
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    edits = []
    editor.scenario_edited.connect(lambda new, what: edits.append(new))
    editor.set_scenario(monthly(recurrence="weekly"))
    box = editor.form.rows["workload.batch.recurrence"].editor
    at = box.findData(Recurrence.MONTHLY.value)
    assert at >= 0
    box.setCurrentIndex(at)
    box.activated.emit(at)
    assert edits[-1].workload.batch.recurrence is Recurrence.MONTHLY

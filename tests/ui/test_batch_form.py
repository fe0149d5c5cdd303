"""The workload form for a batch job: the rate is derived and shown read-only (no traffic fields
to type a second rate into), and the recurrence and start window are edited like any field.
Real widgets; no sleeps."""

from __future__ import annotations

import pytest

from app.domain import Recurrence, Workload, parse
from app.ui.options_table_model import OPTION_COLUMNS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NIGHTLY = {
    "name": "Nightly ticket summaries",
    "category": "batch",
    "tokens": {"input_tokens": 2000, "output_tokens": 250},
    "batch": {"total_requests": 200_000, "recurrence": "business_days", "start_window": "22:00-06:00"},
}


@pytest.fixture
def form(qtbot):
    from app.ui.workload_form import WorkloadForm

    form = WorkloadForm()
    qtbot.addWidget(form)
    form.resize(600, 900)
    form.show()
    return form


def test_batch_job_shows_the_derived_rate_instead_of_a_rate_field(form):
    form.set_workload(parse(Workload, NIGHTLY))
    assert form.groups["Traffic"].isHidden() and not form.groups["batch"].isHidden()
    # 200,000 requests in the 8 h window = 6.94 req/s, shown once and read-only
    assert "6.94 req/s" in form.derived_rate.text() and "business days, 22:00-06:00" in form.derived_rate.text()
    assert form.editors["batch.start_window"].text() == "22:00-06:00"


def test_editing_the_window_and_recurrence_goes_through_the_domain(form, qtbot):
    form.set_workload(parse(Workload, NIGHTLY))
    edits = []
    form.workload_edited.connect(lambda old, new, what: edits.append(new))
    window = form.editors["batch.start_window"]
    window.setText("00:00-04:00")
    window.editingFinished.emit()
    assert edits[-1].batch.hours_per_run == 4.0
    form.set_workload(edits[-1])
    assert "13.9 req/s" in form.derived_rate.text()  # 200,000 / (4 x 3,600 s)
    box = form.editors["batch.recurrence"]
    box.setCurrentIndex(box.findData(Recurrence.WEEKLY.value))
    box.activated.emit(box.currentIndex())
    assert edits[-1].batch.recurrence is Recurrence.WEEKLY
    window.setText("late evening")  # not a window: the domain's message, the stored value stays
    window.editingFinished.emit()
    assert "not a window like 22:00-06:00" in form.message.text()
    assert len(edits) == 2


def test_options_table_labels_the_cost_periods():
    headers = [c.header for c in OPTION_COLUMNS]
    assert "Cost [USD/month]" in headers and "Cost [USD/run]" in headers

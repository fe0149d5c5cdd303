"""The Fleet workload editor shows a batch job's window and recurrence as the planner uses them
(GUI tester D25): a batch workload from a scenario (business days, 00:00-06:00) read "not a job,
00:00-00:00 daily", and ticking the box replaced the block's 6-hour window with a 24-hour one."""

from __future__ import annotations

from app.domain import Workload, parse
from app.domain.portfolio import Portfolio
from app.domain.workload import Recurrence
from app.ui.fleet.workload_form import WorkloadForm

ARCHIVE = {
    "name": "Archive transcript summaries",
    "category": "batch",
    "tokens": {"input_tokens": 3000, "output_tokens": 300},
    "batch": {"total_requests": 200000, "recurrence": "business_days", "start_window": "00:00-06:00"},
}


def _form(qtbot, entry: dict) -> WorkloadForm:  # type: ignore[type-arg]
    pf = parse(
        Portfolio,
        {"name": "p", "workloads": [entry], "fleet": {"pools": [{"name": "P", "instance": "Lambda 8x H100 SXM"}]}},
    )
    form = WorkloadForm()
    qtbot.addWidget(form)
    form.scenario_workload = lambda name: parse(Workload, ARCHIVE) if name == "Archive" else None
    form.set_portfolio(pf)
    form.show_row(0)
    return form


def test_a_scenario_batch_job_shows_its_block_window(qtbot):
    form = _form(qtbot, {"scenario": "Archive"})
    assert form.windowed.isChecked() and not form.windowed.isEnabled()  # a job; nothing to tick away
    assert form.job_window.isEnabled() and form.job_window.text() == "00:00-06:00"
    assert form.recurrence.currentData() == Recurrence.BUSINESS_DAYS
    assert not form.bars.isEnabled() and not form.pattern.isEnabled()  # a job's profile is not used (D18)
    # editing the window starts from the block: the recurrence is kept
    proposed = []
    form.proposed.connect(lambda p, text: proposed.append(p))
    form.job_window.setText("01:00-06:00")
    form.job_window.editingFinished.emit()
    schedule = proposed[-1].workloads[0].schedule
    assert (schedule.window, schedule.recurrence) == ("01:00-06:00", Recurrence.BUSINESS_DAYS)


def test_an_inline_batch_job_shows_its_block_window(qtbot):
    form = _form(qtbot, {"name": "Archive", "workload": ARCHIVE})
    assert form.windowed.isChecked() and form.job_window.text() == "00:00-06:00"


def test_a_serving_workload_is_not_a_job_until_ticked(qtbot):
    chat = {
        "name": "Chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2},
        "tokens": {"input_tokens": 500, "output_tokens": 100},
    }
    form = _form(qtbot, {"name": "Chat", "workload": chat})
    assert not form.windowed.isChecked() and form.windowed.isEnabled() and not form.job_window.isEnabled()
    assert form.bars.isEnabled() and form.pattern.isEnabled()


def test_the_hourly_levels_preview_is_the_workloads_own_day(qtbot):
    """GUI tester D18: 8 req/s mean, x2.5 for 5 peak hours, diurnal. The planner's day: 20 req/s in
    the 5 peak hours, (8 x 24 - 20 x 5) / 19 = 4.842 req/s in the other 19, i.e. 0.2421 of the peak;
    the preview drew the default day (8 peak hours) instead."""
    live = {
        "name": "Live",
        "category": "inference_api",
        "traffic": {"requests_per_s": 8, "peak_to_mean": 2.5, "peak_hours_per_day": 5, "pattern": "diurnal"},
        "tokens": {"input_tokens": 500, "output_tokens": 100},
    }
    form = _form(qtbot, {"name": "Live", "workload": live})
    levels = form.bars.levels
    assert sum(1 for x in levels if x > 0.999) == 5  # five peak hours, not eight
    off = [x for x in levels if x < 0.999]
    assert len(off) == 19 and all(abs(x - (8 * 24 - 20 * 5) / 19 / 20) < 1e-3 for x in off)

"""The workload editor's Days field (issue 18 leftover: a portfolio file's `schedule: days:` had no
field on the Fleet page): a weekly job's days are shown, edited, planned on and kept with the
project; nonsense is refused at the field in plain words and the portfolio stays as it was.

Saturday is day 5 (Monday 0): its 08:00-20:00 window is hours 128 to 139 of the week, Sunday's
152 to 163."""

from __future__ import annotations

import pytest
import yaml

from app.domain.workload import days_from_text
from app.store import Project
from app.ui.fleet.page import FleetPage
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, batch

WAIT = 120_000
WEEKEND = set(range(128, 140)) | set(range(152, 164))


def _page(qtbot, project):
    page = FleetPage(lambda: project)
    qtbot.addWidget(page)
    page.resize(1176, 720)
    page.set_project(project)
    return page


def _held(page) -> list[int]:
    unit = next(u for u in page.plan.units if u.name == "Essays")
    return [h for h, g in enumerate(unit.gpus_by_hour) if g > 0]


def test_days_are_edited_planned_refused_and_kept(qtbot, tmp_path):
    path = tmp_path / "p.archwise"
    project = Project.open(path, create=True)
    page = _page(qtbot, project)
    job = batch("Essays", 40_000, "08:00-20:00", recurrence="weekly")
    job["schedule"] = {"window": "08:00-20:00", "recurrence": "weekly", "days": ["Sat"]}
    data = {"name": "weekend", "workloads": [job], "fleet": {"pools": [{"name": "own", "instance": EIGHT_GPU,
                                                                        "nodes": 2}]}}  # fmt: skip
    src = tmp_path / "weekend.yaml"
    src.write_text(yaml.safe_dump(data), encoding="utf-8")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(src)
    form = page.form
    assert form.run_days.isEnabled() and form.run_days.text() == "Sat"  # the file's days shown
    assert _held(page) and set(_held(page)) <= set(range(128, 140))

    form.run_days.setText("saturday, Sun")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        form.run_days.editingFinished.emit()
    assert page.portfolio.workloads[0].schedule.days == ("Sat", "Sun")
    assert form.run_days.text() == "Sat, Sun" and form.rows["days_run"].message.text() == ""
    held = set(_held(page))
    assert held <= WEEKEND and held & set(range(128, 140))  # planned in the weekend's windows

    kept = page.portfolio
    form.run_days.setText("Funday")
    form.run_days.editingFinished.emit()
    assert "'Funday' is not a day of the week" in form.rows["days_run"].message.text()
    assert page.portfolio == kept and form.run_days.text() == "Sat, Sun"  # the kept value shown again

    page.shutdown()
    project.close()
    project = Project.open(path)  # reopened: the days are the project's
    again = _page(qtbot, project)
    qtbot.waitUntil(lambda: again.plan is not None, timeout=WAIT)
    assert again.portfolio.workloads[0].schedule.days == ("Sat", "Sun")
    assert again.form.run_days.text() == "Sat, Sun"
    again.shutdown()
    project.close()


def test_a_daily_run_has_no_day_to_choose(qtbot, tmp_path):
    project = Project.open(tmp_path / "d.archwise", create=True)
    page = _page(qtbot, project)
    data = {"name": "daily", "workloads": [batch("Nightly", 10_000, "01:00-05:00")],
            "fleet": {"pools": [{"name": "own", "instance": EIGHT_GPU, "nodes": 1}]}}  # fmt: skip
    src = tmp_path / "daily.yaml"
    src.write_text(yaml.safe_dump(data), encoding="utf-8")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(src)
    assert not page.form.run_days.isEnabled()
    page.shutdown()
    project.close()


@pytest.mark.parametrize(
    ("text", "days"),
    [("", []), ("Sun, Sat", ["Sat", "Sun"]), ("mon - wed fri", ["Mon", "Tue", "Wed", "Fri"]), ("SATURDAY", ["Sat"])],
)
def test_days_read_as_people_write_them(text, days):
    assert days_from_text(text) == days


@pytest.mark.parametrize(
    ("text", "said"),
    [("Funday", "'Funday' is not a day of the week"), ("Fri-Mon", "'Fri-Mon' runs backwards"),
     ("Sa", "'Sa' is not a day of the week")],
)  # fmt: skip
def test_nonsense_days_are_refused_in_plain_words(text, said):
    with pytest.raises(ValueError, match=said):
        days_from_text(text)

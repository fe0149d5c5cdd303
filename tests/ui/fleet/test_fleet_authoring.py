"""Authoring a portfolio on the Fleet page from an empty project, with real widgets and a real
SQLite project in tmp: new portfolio, a second workload from a saved scenario, profile, job window,
cascade and fallback, pools added and sized, plan; undo puts a value back; the project reopened
holds the portfolio as it was left; the SimPy check reads in words and numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack

from app.domain.portfolio import PriorityClass, ProfilePattern
from app.services import scenarios as scenario_service
from app.store import Project
from app.ui.fleet.page import FleetPage

WAIT = 60_000
EXAMPLE_SCENARIO = "public-chat-api.yaml"


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "fleet.archwise"
    Project.open(path, create=True).close()
    return path


def _page(qtbot, project):
    stack = QUndoStack()
    page = FleetPage(lambda: project, stack)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_project(project)
    return page, stack


def _plan(page, qtbot, action):
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        action()


def test_author_plan_undo_and_reopen(qtbot, project_path):
    project = Project.open(project_path)
    page, stack = _page(qtbot, project)
    assert page.page_title.text() == "Fleet"
    assert page.portfolio is None and not page.simulate_button.isEnabled()

    _plan(page, qtbot, lambda: page.new_portfolio())  # one new workload, one pool sized for me
    assert page.portfolio.name == "New portfolio" and len(page.portfolio.workloads) == 1
    assert page.plan.kpis[0].name == "New workload"

    # a second workload, written here; then its priority, team, profile and days
    _plan(page, qtbot, page.workloads.add_new)
    assert [w.label for w in page.portfolio.workloads] == ["New workload", "New workload 2"]
    assert page.form.row == 1 and page.form.name.text() == "New workload 2"
    form = page.form
    form.name.setText("Batch digest")
    _plan(page, qtbot, form.name.editingFinished.emit)
    form.priority.setCurrentIndex(form.priority.findData(PriorityClass.BATCH))
    _plan(page, qtbot, lambda: form.priority.activated.emit(form.priority.currentIndex()))
    form.team.setText("Finance")
    _plan(page, qtbot, form.team.editingFinished.emit)
    form.pattern.setCurrentIndex(form.pattern.findData(ProfilePattern.BUSINESS_HOURS))
    _plan(page, qtbot, lambda: form.pattern.activated.emit(form.pattern.currentIndex()))
    _plan(page, qtbot, lambda: form.days.setValue(5))
    w = page.portfolio.workloads[1]
    assert (w.label, w.priority, w.team) == ("Batch digest", PriorityClass.BATCH, "Finance")
    assert w.profile.pattern is ProfilePattern.BUSINESS_HOURS and w.profile.days_per_week == 5

    # own hourly levels dragged on the bars: the hour under the mouse takes the level
    own = form.pattern.count() - 1  # "own levels"
    form.pattern.setCurrentIndex(own)
    _plan(page, qtbot, lambda: form.pattern.activated.emit(own))
    assert form.pattern.currentIndex() == own
    assert page.portfolio.workloads[1].profile.levels is not None
    bars = form.bars
    bars.resize(240, 90)
    x = int(bars._plot().left() + bars._plot().width() * 2.5 / 24)  # 02:00
    y = int(bars._plot().bottom() - bars._plot().height() * 0.5)
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        qtbot.mousePress(bars, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
        qtbot.mouseRelease(bars, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert page.portfolio.workloads[1].profile.levels[2] == pytest.approx(0.5, abs=0.05)

    # a bad value is said next to its field; the portfolio keeps its value
    kept = page.portfolio
    form.job_window.setEnabled(True)
    form.windowed.setChecked(True)  # a job window: 00:00-00:00 daily to start
    qtbot.waitUntil(lambda: page.portfolio.workloads[1].schedule is not None, timeout=WAIT)
    row_height = form.rows["window"].sizeHint().height()
    form_height = form.sizeHint().height()
    form.job_window.setText("25:00-06:00")
    form.job_window.editingFinished.emit()
    assert form.rows["window"].message.text()
    # said next to the field, in room kept for it: nothing below moves
    assert form.rows["window"].sizeHint().height() == row_height and form.sizeHint().height() == form_height
    assert page.portfolio.workloads[1].schedule.window == "00:00-00:00"
    form.job_window.setText("01:00-06:00")
    _plan(page, qtbot, form.job_window.editingFinished.emit)
    assert page.portfolio.workloads[1].schedule.window == "01:00-06:00"
    assert not form.rows["window"].message.text()
    assert kept is not page.portfolio

    # the first workload: a cascade from a small model to a hosted API, and a hosted fallback
    page.workloads.table.setCurrentCell(0, 0)
    assert form.row == 0
    _plan(page, qtbot, form.add_stage.click)
    _plan(page, qtbot, form.add_stage.click)
    cascade = page.portfolio.workloads[0].routing.cascade
    assert len(cascade) == 2 and sum(s.answers for s in cascade) == pytest.approx(1.0)
    assert cascade[1].hosted is not None  # the last target offered: a hosted API
    spin = form.cascade.cellWidget(0, 1)
    _plan(page, qtbot, lambda: spin.setValue(70))
    cascade = page.portfolio.workloads[0].routing.cascade
    assert [s.answers for s in cascade] == pytest.approx([0.7, 0.3])
    form.fallback.setCurrentIndex(1)
    _plan(page, qtbot, lambda: form.fallback.activated.emit(1))
    assert page.portfolio.workloads[0].routing.fallback == form.fallback.itemText(1)

    # pools: a burst pool added, the base pool given a count
    _plan(page, qtbot, lambda: page.pools.add_pool(burst=True))
    assert [p.burst for p in page.portfolio.fleet.pools] == [False, True]
    _plan(page, qtbot, lambda: page.pools.table.cellWidget(0, 2).setValue(2))
    assert page.portfolio.fleet.pools[0].nodes == 2
    _plan(page, qtbot, lambda: page.fleet_form.reserve.setValue(1))
    assert page.portfolio.fleet.reserve_nodes == 1
    # KPIs per workload, the cascade's per stage ("New workload / <target>")
    assert {k.name.split(" / ")[0] for k in page.plan.kpis} == {"New workload", "Batch digest"}
    assert page.kpis.rowCount() == len(page.plan.kpis) == 3

    # undo: the reserve goes back to 0, in the stack's words, in the project too
    assert stack.undoText() == "Set failure reserve"
    _plan(page, qtbot, stack.undo)
    assert page.portfolio.fleet.reserve_nodes == 0 and page.fleet_form.reserve.value() == 0
    final = page.portfolio

    # the SimPy check of the plan in words and numbers
    with qtbot.waitSignal(page.simulation_shown, timeout=WAIT):
        page.simulate_button.click()
    assert page.plan.portfolio == final.name
    text = page.simulation_text.text()
    assert "SimPy" in text and "ms simulated" in text
    assert page.simulation.rowCount() >= 1

    page.shutdown()
    project.close()

    # reopened: the portfolio is the project's, as left (undo included)
    project = Project.open(project_path)
    again, _ = _page(qtbot, project)
    assert again.portfolio == final
    assert again.chooser.currentText() == final.name
    qtbot.waitUntil(lambda: again.plan is not None, timeout=WAIT)  # and planned again
    assert again.plan.portfolio == final.name
    again.shutdown()
    project.close()


def test_workload_from_a_saved_scenario_and_remove(qtbot, project_path):
    from app.paths import EXAMPLES_DIR

    project = Project.open(project_path)
    saved = scenario_service.import_yaml(project, EXAMPLES_DIR / EXAMPLE_SCENARIO)
    page, stack = _page(qtbot, project)
    _plan(page, qtbot, page.new_portfolio)
    names = page._scenario_names()
    assert names == [saved.name]
    _plan(page, qtbot, lambda: page.workloads.add_scenario(names[0]))
    entry = page.portfolio.workloads[1]
    assert entry.scenario == names[0] and page.workloads.table.item(1, 1).text() == f"scenario {names[0]}"
    page.workloads.table.setCurrentCell(1, 0)
    _plan(page, qtbot, page.workloads.remove_current)
    assert len(page.portfolio.workloads) == 1
    page.workloads.remove_current()  # the last one stays, said next to the buttons
    assert "at least one workload" in page.workloads.message.text()
    assert len(page.portfolio.workloads) == 1
    _plan(page, qtbot, stack.undo)  # the removed scenario workload is back
    assert page.portfolio.workloads[1].scenario == names[0]
    page.shutdown()
    project.close()


def test_defaults_a_burst_pool_to_cloud_and_a_batch_scenario_to_batch(qtbot, project_path):
    """A burst pool added after an on-prem pool rents a cloud instance of the same accelerator;
    a batch scenario is added at priority batch, a fine-tuning run (no traffic) at training and a
    fine-tuning that then serves traffic at interactive (the fleet serves it)."""
    from app.domain.hardware import Deployment
    from app.paths import EXAMPLES_DIR

    project = Project.open(project_path)
    batch = scenario_service.import_yaml(project, EXAMPLES_DIR / "weekend-batch-summaries.yaml")
    serve = scenario_service.import_yaml(project, EXAMPLES_DIR / "support-lora-finetune.yaml")
    run = serve.model_copy(
        update={"name": "Tune only", "workload": serve.workload.model_copy(update={"traffic": None})}
    )
    tune = scenario_service.save_scenario(project, run)
    page, _stack = _page(qtbot, project)
    _plan(page, qtbot, page.new_portfolio)
    onprem = "On-prem 8x A100 80GB (DGX A100)"
    kind = page.pools.table.cellWidget(0, 1)
    kind.setCurrentIndex(kind.findData(onprem))
    _plan(page, qtbot, lambda: kind.activated.emit(kind.currentIndex()))
    assert page.portfolio.fleet.pools[0].instance == onprem
    _plan(page, qtbot, lambda: page.pools.add_pool(burst=True))
    burst = page.portfolio.fleet.pools[1]
    record = next(i for i in page.pools.catalog.instances if i.name == burst.instance)
    assert burst.burst and record.deployment == Deployment.CLOUD
    assert record.accelerator == "NVIDIA A100 80GB SXM"
    _plan(page, qtbot, lambda: page.workloads.add_scenario(batch.name))
    _plan(page, qtbot, lambda: page.workloads.add_scenario(tune.name))
    _plan(page, qtbot, lambda: page.workloads.add_scenario(serve.name))
    assert [w.priority for w in page.portfolio.workloads[1:]] == [
        PriorityClass.BATCH, PriorityClass.TRAINING, PriorityClass.INTERACTIVE,
    ]  # fmt: skip
    page.shutdown()
    project.close()


def test_a_scenario_workload_shows_its_own_figures_and_a_refused_name_clears(qtbot, project_path):
    """A workload from a scenario shows the scenario's rate, tokens and TTFT (read-only), not the
    spin boxes' minimums; a refused rename's message goes once the name is typed again."""
    from app.paths import EXAMPLES_DIR

    project = Project.open(project_path)
    saved = scenario_service.import_yaml(project, EXAMPLES_DIR / EXAMPLE_SCENARIO)
    page, _stack = _page(qtbot, project)
    _plan(page, qtbot, page.new_portfolio)
    _plan(page, qtbot, lambda: page.workloads.add_scenario(saved.name))
    page.workloads.table.setCurrentCell(1, 0)
    form = page.form
    assert not form.inline.isEnabled()
    assert form.rate.value() == pytest.approx(12.0)  # the example's 12 req/s, 1,500 in, 250 out, TTFT 500 ms
    assert (form.input_tokens.value(), form.output_tokens.value()) == (1500, 250)
    assert form.ttft.value() == pytest.approx(500.0)
    assert form.rate.text() == "12.000"

    page.portfolio_name.setText("")
    page.rename_button.click()
    assert page.message.text() == "Portfolio 'New portfolio': A name is required"
    assert page.portfolio.name == "New portfolio"
    qtbot.keyClicks(page.portfolio_name, "x")
    assert page.message.text() == "" and page.message.isHidden()
    page.shutdown()
    project.close()


def test_the_fleets_electricity_and_pue_are_shown_and_edited(qtbot, project_path):
    """The portfolio's own electricity price and PUE (what its on-prem pools are priced at) are
    fields of the fleet form; an edit lands in FleetSpec.assumptions and is undone in one step."""
    project = Project.open(project_path)
    page, stack = _page(qtbot, project)
    _plan(page, qtbot, page.new_portfolio)
    form = page.fleet_form
    assert form.electricity.value() == pytest.approx(0.12) and form.pue.value() == pytest.approx(1.4)
    _plan(page, qtbot, lambda: form.electricity.setValue(0.18))
    assert page.portfolio.fleet.assumptions.electricity_usd_per_kwh == pytest.approx(0.18)
    _plan(page, qtbot, lambda: form.pue.setValue(1.2))
    assert page.portfolio.fleet.assumptions.pue == pytest.approx(1.2)
    assert stack.undoText() == "Set fleet PUE"
    _plan(page, qtbot, stack.undo)
    assert page.portfolio.fleet.assumptions.pue == pytest.approx(1.4) and form.pue.value() == pytest.approx(1.4)
    page.shutdown()
    project.close()

"""The Fleet page's event simulation shows its progress, can be cancelled, and cannot be started
twice; its durations read in h/min and a node-lost case with no capacity left is called an outage
(GUI tester D21: ~70 s with no progress or cancel, the button still enabled, and "with a node lost,
14,686,557 ms" for the only node down 4 h). Real window, real SQLite project, the shipped
saas-cascade portfolio."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from app import store
from app.domain.fleet_results import UnitSimulation
from app.services import portfolios
from app.services.fleet import example_portfolios
from app.ui.fleet import results
from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform

WAIT = 120_000


def _sim(failure_ms: float | None, failure_slots: int | None) -> UnitSimulation:
    return UnitSimulation(
        unit="Tutoring chat", hour_label="Mon 08:00", rate_rps=5.01, requests=18_080, slots=8,
        share_simulated=1.0, analytic_e2e_p95_ms=35_702, simulated_e2e_p95_ms=35_349,
        simulated_wait_p95_ms=12.0, failure_slots=failure_slots, failure_e2e_p95_ms=failure_ms,
        preempted_requests=79,
    )  # fmt: skip


def test_long_durations_read_in_hours_and_no_capacity_is_an_outage():
    assert [results._ms(v) for v in (840, 35_349, 720_000, 14_686_557)] == ["840 ms", "35.3 s", "12 min", "4.1 h"]
    outage = _sim(14_686_557, 0)
    slower = _sim(60_000, 4)
    plan_rows = results.simulation_rows(type("P", (), {"simulation": [outage, slower]})())  # type: ignore[arg-type]
    assert plan_rows[0][8] == "outage: 4.1 h" and plan_rows[1][8] == "60.0 s"
    assert plan_rows[0][6] == "35.3 s"


def test_simulation_shows_progress_blocks_a_second_run_and_cancels(qtbot, settings, tmp_path):
    path = tmp_path / "fleet.archwise"
    project = store.Project.open(path, create=True)
    example = next(p for p in example_portfolios() if p.stem == "saas-cascade")
    portfolios.import_portfolio_yaml(project, example)
    project.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(path))
    page = w.ensure_fleet_page()
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        w.help.page_actions[PAGES.index("Fleet")].trigger()
    assert page.simulate_button.isEnabled()
    page.simulate_button.click()
    assert not page.simulate_button.isEnabled()  # no second run while one is going
    assert page.sim_bar.isVisible() and page.sim_cancel.isVisible()
    page.sim_cancel.click()
    assert page.simulate_button.isEnabled() and not page.sim_bar.isVisible()
    assert "cancelled" in page.simulation_text.text()
    QThreadPool.globalInstance().waitForDone(WAIT)
    qtbot.wait(50)
    assert "cancelled" in page.simulation_text.text()  # the cancelled run's result is dropped
    # a full run: progress reported, the bar gone and the button back when it ends
    with (
        qtbot.waitSignal(page.simulation_shown, timeout=WAIT),
        qtbot.waitSignal(page.sim_runner.progressed, timeout=WAIT),
    ):
        page.simulate_button.click()
    qtbot.waitUntil(lambda: page.simulate_button.isEnabled(), timeout=WAIT)
    assert not page.sim_bar.isVisible()
    assert " ms simulated" in page.simulation_text.text() or " s simulated" in page.simulation_text.text()

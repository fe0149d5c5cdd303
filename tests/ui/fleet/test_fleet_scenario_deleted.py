"""GUI tester D16: deleting a scenario a fleet portfolio reads warns first, naming the portfolio,
and the Fleet page plans again when it goes (no stale plan) and when Edit → Undo brings it back.
Real window, real SQLite project, the shipped saas-cascade portfolio with one workload read from
a saved scenario."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import store
from app.domain.portfolio import PortfolioWorkload
from app.paths import EXAMPLES_DIR
from app.services import portfolios
from app.services import scenarios as service
from app.services.fleet import example_portfolios
from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform

WAIT = 120_000


def _project(path):
    project = store.Project.open(path, create=True)
    scenario = service.import_yaml(project, EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    example = next(p for p in example_portfolios() if p.stem == "saas-cascade")
    pf = portfolios.read_portfolio_yaml(project, example)
    first = pf.workloads[0].model_dump(exclude={"workload", "candidates", "name", "model"}, exclude_none=True)
    workloads = [PortfolioWorkload(**{**first, "name": "from scenario", "scenario": scenario.name}), *pf.workloads[1:]]
    pf = pf.edited(workloads=workloads)
    project.save_portfolio(pf)
    project.close()
    return scenario.name, pf.name


def test_delete_warns_and_fleet_replans(qtbot, settings, tmp_path):
    path = tmp_path / "fleet.archwise"
    scenario, portfolio = _project(path)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    page = w.ensure_fleet_page()
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        w.help.page_actions[PAGES.index("Fleet")].trigger()
    assert page.plan is not None
    w.show_page("Scenarios")
    w.document.open(scenario)
    said: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, lambda: answer(button))
            return
        said.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    w.scenarios_page.delete_button.click()
    assert portfolio in said[0] and scenario in said[0]  # no warning on the old code
    assert scenario in w.document.names  # Cancel keeps it

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    w.scenarios_page.delete_button.click()
    assert scenario not in w.document.names
    qtbot.waitUntil(lambda: "no scenario named" in page.message.text(), timeout=WAIT)  # planned again
    assert scenario in page.message.text()
    assert page.verdict.text().startswith("Not planned")  # the old plan is not shown as current

    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):  # Undo restores it: planned again
        w.undo_stack.undo()
    assert scenario in w.document.names
    assert not page.message.isVisible() or "no scenario named" not in page.message.text()

"""After reopening a project the Fleet page's event simulation checks the plan on screen (GUI
tester D26: it refused "Plan the portfolio first" until a dummy edit re-planned). Real window,
real SQLite project reopened from disk, the shipped saas-cascade portfolio."""

from __future__ import annotations

import pytest

from app import store
from app.services import portfolios
from app.services.fleet import example_portfolios
from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform

WAIT = 120_000


def test_simulation_runs_on_the_plan_shown_after_reopening(qtbot, settings, tmp_path):
    path = tmp_path / "fleet.archwise"
    project = store.Project.open(path, create=True)
    example = next(p for p in example_portfolios() if p.stem == "saas-cascade")
    portfolios.import_portfolio_yaml(project, example)
    project.close()

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(str(path))
    page = w.ensure_fleet_page()
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        w.help.page_actions[PAGES.index("Fleet")].trigger()
    assert page.plan is not None
    # the window hands the catalog on (the catalog page's catalog_changed after opening, a record
    # edited, a calibration applied): the page drops its planning session but keeps the plan shown
    w._offer_catalog(w.project.catalog())
    with qtbot.waitSignal(page.simulation_shown, timeout=WAIT, raising=False) as sim:
        page.simulate_button.click()
        assert "Plan the portfolio first" not in page.message.text()  # refused at once on the old code
    assert sim.signal_triggered
    assert page.simulation_text.text().strip() and "stopped" not in page.simulation_text.text()

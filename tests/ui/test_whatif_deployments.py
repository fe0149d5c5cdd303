"""A what-if step sizes without the deployment comparison (most of a step's engine time); the
Deployment page and the decision package still get it, with the figures a full sizing gives."""

from __future__ import annotations

import pytest

from app.domain.energy_bound import upper_bound_cell
from app.paths import EXAMPLES_DIR

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from app import store

    project = store.Project.open(tmp_path_factory.mktemp("lazy") / "lazy.archwise", create=True)
    yield project
    project.close()


@pytest.fixture
def page(qtbot, project):
    from app.services.sizing import load_scenario
    from app.ui.analysis_page import AnalysisPage

    p = AnalysisPage(lambda: project)
    qtbot.addWidget(p)
    p.resize(1300, 850)
    p.show()
    with qtbot.waitSignal(p.sizing_changed, timeout=60000):
        p.set_scenario(load_scenario(EXAMPLE))
    yield p
    p.stop_work()


def step_traffic(qtbot, page, step: int):
    slider = page.whatif.sliders["traffic"]
    with qtbot.waitSignal(page.sizing_changed, timeout=60000) as blocker:
        slider.setValue(slider.value() + step)
    return blocker.args[0]


def test_a_whatif_step_leaves_the_comparison_out_but_fills_the_energy_column(qtbot, page):
    from app.ui.options_table_model import OPTION_COLUMNS

    assert page.sizing.deployments is None  # not even the first, detailed run computes it
    sizing = step_traffic(qtbot, page, 40)
    assert not sizing.detailed and sizing.deployments is None
    assert all(o.horizon_cost_usd is None for o in sizing.options)
    energy = [o.energy_wh_per_million_tokens for o in sizing.options if o.feasible]
    assert energy and all(e is not None for e in energy)
    column = [c.key for c in OPTION_COLUMNS].index("energy_mtok")
    figure = f"{sizing.options[0].energy_wh_per_million_tokens:,.0f}"
    if sizing.options[0].energy_bound == "upper":
        figure = upper_bound_cell(figure)  # a host at its catalogued maximum every hour
    assert page.table_model.index(0, column).data() == figure


def test_the_deployment_page_and_the_package_get_the_comparison_of_the_step(qtbot, page, project, tmp_path):
    from pypdf import PdfReader

    from app.services import reporting
    from app.services.sizing import size_scenario
    from app.ui.deployment.page import DeploymentPage

    step_traffic(qtbot, page, 40)
    scenario, sizing = page.sized_scenario, page.current_sizing()
    assert sizing.deployments is None
    full = size_scenario(project, scenario)  # what a sizing with the comparison says
    assert full.deployments is not None and full.deployments.rows

    deployment = DeploymentPage()
    qtbot.addWidget(deployment)
    with qtbot.waitSignal(deployment.comparison_shown, timeout=60000):  # compared in the page's worker
        deployment.set_context(project, scenario, sizing)
    assert deployment.comparison.model_dump_json() == full.deployments.model_dump_json()
    assert deployment.model.rowCount() == len(full.deployments.rows)

    path = reporting.export_decision_package(project, scenario, tmp_path / "p.pdf", sizing=sizing, date="2026-11-30")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)
    assert "Deployment: cloud, bare metal, on-prem or hybrid" in text
    for row in full.deployments.rows:
        assert row.label in text and f"${row.horizon_cost_usd:,.0f}" in text
    assert sizing.deployments is None  # the page's sizing is left as it is

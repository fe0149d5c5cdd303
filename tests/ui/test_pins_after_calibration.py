"""Pinned cards follow an applied calibration at once (window defects: the A/B/C cards kept the
catalog's profiles after Apply fit until the app was restarted). Real window and project file, the
measurements fitted and applied through the Measurements page's buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import Category
from app.services import scenarios
from app.services.sizing import scenario_yaml
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
DATA = Path(__file__).resolve().parent.parent / "data" / "measurements"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    project = Project.open(tmp_path / "cal.archwise", create=True)
    blank = scenarios.new_blank(project, Category.INFERENCE_API)
    data = blank.model_dump(mode="json")
    data["name"] = data["workload"]["name"] = "Support answers"
    data["workload"]["traffic"].update(requests_per_s=1.0)
    data["candidates"].update(models=["Llama-3.1-8B-Instruct"], hardware=["AWS g6e.4xlarge"], hosted_apis=[])
    (tmp_path / "s.yaml").write_text(scenario_yaml(type(blank).model_validate(data)))
    project.close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(tmp_path / "cal.archwise"))
    assert w.files.import_scenario(tmp_path / "s.yaml")
    yield w
    for page in (w.analysis_page, w.report_page, w.measurements_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def test_pinned_cards_are_sized_again_when_a_fit_is_applied(qtbot, window):
    analysis = window.ensure_analysis_page()
    with qtbot.waitSignal(analysis.sizing_changed, timeout=60000):
        window.analyse()
    qtbot.waitUntil(lambda: analysis.sizing.detailed and not analysis.runner.busy, timeout=60000)
    analysis.pin()
    assert len(analysis.compare.pinned) == 1
    before = analysis.compare.pins()[0].sizing
    assert all(not o.calibration for o in before.options)  # the catalog's profiles
    page = window.ensure_measurements_page()
    with qtbot.waitSignal(page.results_shown, timeout=60000):
        assert page.import_files([str(DATA / "plain.csv")])
    with qtbot.waitSignal(page.results_shown, timeout=120000):
        page.fit_button.click()
    with qtbot.waitSignal(analysis.compare.pins_changed, timeout=60000):
        page.apply_button.click()
    after = analysis.compare.pins()[0].sizing
    assert any(o.calibration for o in after.options)  # the L40S/vLLM options calibrated on the runs
    assert after != before
    qtbot.waitUntil(lambda: not analysis.runner.busy, timeout=60000)

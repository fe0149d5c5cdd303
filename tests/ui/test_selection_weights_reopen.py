"""tgui6 D11: the selection matrix's weights are kept with the scenario in the project: set on the
Selection page, the window closed, the project reopened in a new window, the sliders, the matrix's
first choice and the Analysis banner are those of the weights set (they came back as the defaults,
so the reopened project recommended another option than the package exported). Real window and
SQLite file, read back; the scenario of test_one_recommendation_everywhere (quality weighted 10
makes Qwen2.5-32B on p5 first; the defaults, Llama-3.1-8B on p5)."""

from __future__ import annotations

import json

import pytest
from scenario_builders import driver_assistant

from app.domain import Category
from app.services.selection_weights import WEIGHTS_SETTING, saved_weights
from app.store import Project
from app.ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
DEFAULT_FIRST = "Llama-3.1-8B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"
QUALITY_FIRST = "Qwen2.5-32B-Instruct · AWS p5.4xlarge, 1x NVIDIA H100 SXM (TP1, fp8, vLLM)"


def test_weights_survive_quit_and_reopen(qtbot, settings, tmp_path, window_on, analysed):
    window = window_on("logistics.archwise", Category.AGENT, driver_assistant)
    analysed(window)
    window.followers.refresh_selection()
    page = window.selection_page
    assert page.matrix.top.label == DEFAULT_FIRST and page.sliders["quality"].value() == 3
    with qtbot.waitSignal(page.weights_changed, timeout=10000):
        page.sliders["quality"].setValue(10)
    assert page.matrix.top.label == QUALITY_FIRST
    name = window.document.scenario.name
    window.close()

    stored = Project.open(tmp_path / "logistics.archwise")  # the real file, read back
    try:
        kept = json.loads(stored.setting(WEIGHTS_SETTING + name))
        assert kept["quality"] == 10.0 and kept["cost_per_mtok"] == 3.0
        assert saved_weights(stored, name)["quality"] == 10.0
    finally:
        stored.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.errors = []
    again.show_error = lambda title, message: again.errors.append(message)
    again.resize(1366, 768)
    again.show()
    assert again.open_project(str(tmp_path / "logistics.archwise"))
    try:
        analysis = analysed(again)
        # the banner (no visit to the Selection page yet) recommends what the weights set say
        assert f"Recommended (selection matrix): <b>{QUALITY_FIRST}</b>" in analysis.banner.text()
        again.followers.refresh_selection()
        assert again.selection_page.sliders["quality"].value() == 10  # was back at 3
        assert again.selection_page.matrix.top.label == QUALITY_FIRST
        assert again.errors == []
    finally:
        for p in (again.analysis_page, again.report_page, again.measurements_page):
            if p is not None:
                p.runner.cancel()
        again.close()


def test_unreadable_saved_weights_are_dropped_not_raised(tmp_path):
    path = tmp_path / "w.archwise"
    with Project.open(path, create=True) as project:
        project.set_setting(WEIGHTS_SETTING + "A", "{not json")
        project.set_setting(WEIGHTS_SETTING + "B", json.dumps({"quality": -3, "nonsense": 2, "tpot": 4}))
        project.set_setting(WEIGHTS_SETTING + "C", json.dumps({"quality": 0}))
        assert saved_weights(project, "A") is None
        assert saved_weights(project, "B") == {"tpot": 4.0}  # the bad ones dropped
        assert saved_weights(project, "C") is None  # all zero: no matrix can use it
        assert saved_weights(project, "never set") is None

"""The Selection page with quality evidence (issue 20), on a real project and a sized scenario:
import own evaluations, let one stand for quality, unknown scores with rank ranges, the
quality-per-dollar charts. Screenshots go under tmp_path (look at them with the file viewer)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from app.domain import Scenario, parse
from app.services import quality
from app.services.sizing import size_scenario
from app.store import Project
from app.ui.selection_page import SelectionPage

DATA = Path(__file__).resolve().parents[2] / "data" / "evals"
SCENARIO = {
    "name": "Quality per dollar",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2.0, "peak_to_mean": 2.0},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": [
            "Llama-3-8B-Instruct",
            "Llama-3.1-8B-Instruct",
            "Llama-3.1-70B-Instruct",
            "Qwen2.5-7B-Instruct",
            "Mixtral-8x7B-Instruct-v0.1",
        ],
        "hardware": ["AWS p5.48xlarge", "AWS g6e.12xlarge"],
        "precisions": ["bf16", "fp8"],
        "runtimes": ["vLLM"],
    },
}


@pytest.fixture
def sized(tmp_path):
    project = Project.open(tmp_path / "q.archwise", create=True)
    scenario = parse(Scenario, SCENARIO)
    sizing = size_scenario(project, scenario)
    yield project, scenario, sizing
    project.close()


def _page(qtbot, project, scenario, sizing):
    page = SelectionPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_sizing(project, scenario, sizing)
    return page


def test_unknown_scores_show_as_unknown_with_rank_ranges(qtbot, sized, tmp_path):
    project, scenario, sizing = sized
    page = _page(qtbot, project, scenario, sizing)
    m = page.matrix
    assert m.quality_benchmark and not m.quality_chosen
    qcol = 2 + [c.key for c in m.criteria].index("quality")
    unknown_rows = [i for i, r in enumerate(page.model._rows) if not r.excluded and r.values["quality"] is None]
    assert unknown_rows, "Mixtral has no score on any column shared with these models"
    assert page.model.data(page.model.index(unknown_rows[0], qcol)) == "unknown"
    assert "Missing scores" in page.sensitivity_view.toPlainText()
    assert page.sensitivity.missing.statement in page.sensitivity_view.toPlainText()
    page.grab().save(str(tmp_path / "matrix-missing-scores.png"))


def test_import_own_results_and_let_them_stand_for_quality(qtbot, sized, tmp_path):
    project, scenario, sizing = sized
    page = _page(qtbot, project, scenario, sizing)
    page.quality_panel.files_chosen.emit(
        [
            str(DATA / "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json"),
            str(DATA / "lm-eval_Meta-Llama-3.1-70B-Instruct_gsm8k_judge_2.json"),
        ]
    )
    assert "Imported 3 result(s)" in page.quality_panel.message.text()
    own = [c.benchmark for c in page.matrix.quality_choices if c.own]
    assert "Own: gsm8k_cot_llama, exact_match/strict-match" in own
    own_gsm8k = "Own: gsm8k_cot_llama, exact_match/strict-match"
    page.quality_panel.combo.setCurrentIndex(page.quality_panel.combo.findData(own_gsm8k))
    assert page.matrix.quality_benchmark == own_gsm8k and page.matrix.quality_chosen
    assert page._slider_names["quality"].text() == f"Quality ({own_gsm8k})"
    assert quality.chosen_benchmark(project, scenario.name) == page.matrix.quality_benchmark  # remembered
    row = next(r for r in page.matrix.ranked if r.model == "Llama-3-8B-Instruct")
    assert abs(row.values["quality"] - 77.25549658832449) < 1e-9
    cost_chart = page.matrix.quality_charts[0]
    assert any(s.role == "pareto" for s in cost_chart.series)
    page.side_tabs.setCurrentWidget(page.quality_charts)
    page.grab().save(str(tmp_path / "matrix-own-results.png"))


def test_a_bad_file_says_so_and_changes_nothing(qtbot, sized):
    project, scenario, sizing = sized
    page = _page(qtbot, project, scenario, sizing)
    before = [c.benchmark for c in page.matrix.quality_choices]
    page.quality_panel.files_chosen.emit([str(DATA / "bad-score.csv")])
    assert page.quality_panel.message.text().startswith("Nothing imported: bad-score.csv line 2")
    assert quality.list_evaluations(project) == []
    assert [c.benchmark for c in page.matrix.quality_choices] == before


def test_successes_are_neutral_errors_red_and_an_empty_banner_hidden(qtbot, sized):
    project, scenario, sizing = sized
    page = _page(qtbot, project, scenario, sizing)
    message = page.quality_panel.message
    assert message.isHidden() and message.text() == ""  # no empty pink banner
    page.quality_panel.files_chosen.emit([str(DATA / "bad-score.csv")])
    assert not message.isHidden() and message.property("tone") == "error"
    page.quality_panel.files_chosen.emit([str(DATA / "lm-eval_Meta-Llama-3-8B-Instruct_gsm8k_cot_llama.json")])
    assert message.text().startswith("Imported 2 result(s)")
    assert not message.isHidden() and message.property("tone") == "note"
    own = "Own: gsm8k_cot_llama, exact_match/strict-match"
    page.quality_panel.combo.setCurrentIndex(page.quality_panel.combo.findData(own))
    assert message.text().startswith("Quality now stands for") and message.property("tone") == "note"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform
def test_quality_per_dollar_chart_is_readable_at_1366x768(qtbot, sized):
    project, scenario, sizing = sized
    page = _page(qtbot, project, scenario, sizing)
    page.resize(1366 - 90, 768 - 60)  # the window at 1366x768 less the rail and the menu bar
    page.show()
    page.side_tabs.setCurrentWidget(page.quality_charts)
    qtbot.waitUntil(lambda: page.quality_charts.views["quality_vs_cost"].isVisible())
    assert page.quality_charts.views["quality_vs_cost"].height() >= 200  # it was ~80 px

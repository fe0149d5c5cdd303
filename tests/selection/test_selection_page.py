"""The Selection page: heat-map model (qtmodeltester), live re-ranking from the sliders, sensitivity view."""

import pytest

pytest.importorskip("pytestqt")

import selection_factories as f
from PySide6.QtCore import Qt

from app.selection import CRITERIA, build_matrix, sensitivity
from app.ui.selection_page import SelectionPage, SelectionTableModel


def matrix():
    a = f.option("A", cost=1.0, ttft=300.0, tpot=30.0, free_gib=10.0)
    b = f.option("B", cost=2.0, ttft=200.0, tpot=20.0, free_gib=30.0)
    c = f.option("C", feasible=False)
    cat = f.catalog([f.model("A"), f.model("B"), f.model("C")])
    w = {**{k.key: 0.0 for k in CRITERIA}, "cost_per_mtok": 3, "ttft_p95": 1, "tpot": 1}
    m = build_matrix(f.feasible_sizing([a, b, c]), cat, f.workload(), weights=w)
    return m, sensitivity(m)


def test_model_passes_the_model_tester(qtmodeltester):
    model = SelectionTableModel()
    model.set_matrix(matrix()[0])
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.data(model.index(0, 1)).startswith("A ")
    assert model.data(model.index(2, model.columnCount() - 1)).startswith("infeasible SLA")


def test_sliders_re_rank_live_and_report_weights(qtbot):
    page = SelectionPage()
    qtbot.addWidget(page)
    m, s = matrix()
    page.show_selection(m, s)
    assert page.model.row(0).model == "A" and "First: A" in page.summary.text()
    assert "Sensitivity of the top choice" in page.sensitivity_view.toPlainText()
    with qtbot.waitSignal(page.weights_changed, timeout=3000) as blocker:
        page.sliders["ttft_p95"].setValue(3)  # ttft 3 vs cost 3 + tpot 1: B (4/7) beats A (3/7)
    assert blocker.args[0]["ttft_p95"] == 3.0
    assert page.model.row(0).model == "B"
    page.reset_button.click()
    qtbot.waitUntil(lambda: page.model.row(0).model == "A", timeout=3000)


def test_heat_background_on_ranked_cells_only(qtbot):
    page = SelectionPage()
    qtbot.addWidget(page)
    page.show_selection(*matrix())
    col = 2 + [c.key for c in page.matrix.criteria].index("cost_per_mtok")
    best = page.model.data(page.model.index(0, col), Qt.BackgroundRole)
    worst = page.model.data(page.model.index(1, col), Qt.BackgroundRole)
    assert best is not None and worst is not None and best != worst
    assert page.model.data(page.model.index(2, col), Qt.BackgroundRole) is None  # excluded row

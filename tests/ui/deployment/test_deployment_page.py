"""Deployment page: real widgets over a real sizing of a scenario written the way a user writes one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.deployment.page import DeploymentPage
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCENARIO = {
    "name": "Support chat, own or rent",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        # 120 req/s for 8 h, 30 req/s else: one owned DGX node (~85 req/s) bursts the peak hours
        "traffic": {"requests_per_s": 60, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "GCP a3-highgpu-8g", "Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 3, "hybrid_base_percentile": 60},
}


@pytest.fixture(scope="module")
def sized():
    catalog = catalog_from_dir()
    scenario = parse(Scenario, SCENARIO)
    return catalog, scenario, size_scenario(catalog, scenario)


def test_page_shows_each_deployment_model_and_the_cumulative_curves(qtbot, qtmodeltester, sized, tmp_path):
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.set_context(catalog, scenario, sizing)
    c = page.comparison
    assert c is not None and c.horizon_months == 36
    labels = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert labels == [r.label + (" (dominated)" if r.dominated else "") for r in c.rows]
    assert {"cloud", "on_prem", "hybrid"} <= {r.deployment for r in c.rows}
    qtmodeltester.check(page.model)
    # the chart draws the engine's numbers: each curve is its row's cumulative cost
    assert len(page.cumulative.chart.series) == len(c.rows)
    for k, r in enumerate(c.rows):
        x, y = page.cumulative.items[k].getData()
        assert list(x) == list(range(1, 37)) and list(y) == pytest.approx(r.cumulative_usd)
    # cloud energy is marked as an estimate, on-prem is not (after "≤ " where a host maximum bounds it)
    col = [page.model.headerData(k, Qt.Horizontal) for k in range(page.model.columnCount())].index(
        "Energy\n[Wh/1M tok]"
    )
    for r in range(page.model.rowCount()):
        text = page.model.index(r, col).data()
        assert text.removeprefix("≤ ").startswith("≈") == c.rows[r].energy_estimated
    page.grab().save(str(tmp_path / "deployment-1366.png"))
    page.grab().save("/tmp/prices-deployment-1366.png")


def test_slider_reprices_the_hybrid_for_the_new_base_percentile(qtbot, sized):
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.set_context(catalog, scenario, sizing)
    assert page.slider.isEnabled() and page.slider.value() == 60
    before = page.comparison.row("hybrid")
    with qtbot.waitSignal(page.comparison_shown, timeout=120000):  # re-priced in the page's worker
        page.slider.setValue(100)  # the base carries the busiest hour: nothing bursts
    after = page.comparison.row("hybrid")
    assert page.comparison.hybrid_base_percentile == 100
    assert after.burst_hours_per_day == 0 and before.burst_hours_per_day == 8
    assert page.slider_label.text() == "Hybrid base: P100"
    # the chart follows the slider: its marker moves, its curve stays drawn (P0..P100)
    assert page.hybrid_stack.currentWidget() is page.hybrid
    x, y = page.hybrid.items[0].getData()
    assert list(x)[0] == 0 and list(x)[-1] == 100 and len(x) == 21
    assert list(y) == pytest.approx(page.comparison.hybrid_chart.series[0].y)
    assert not page.hybrid.legend.isVisible()  # it covered the curve's flat top (looked empty)


def test_the_hybrid_row_counts_its_base_and_its_burst(qtbot, sized):
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.set_context(catalog, scenario, sizing)
    r = page.comparison.row("hybrid")
    row = page.comparison.rows.index(r)
    col = [c.key for c in DEPLOYMENT_COLUMNS].index("nodes")
    assert r.burst_nodes_max and r.burst_node_hours_per_month
    assert page.model.index(row, col).data() == f"{r.nodes} + {r.burst_nodes_max} burst"
    tip = page.model.index(row, col).data(Qt.ToolTipRole)
    assert f"{r.nodes} owned base node(s)" in tip and f"{r.burst_node_hours_per_month:,.0f} node-hours a month" in tip


def test_a_scenario_without_a_hybrid_says_why_instead_of_an_old_or_empty_chart(qtbot, sized):
    catalog, scenario, sizing = sized
    cloud_only = scenario.model_copy(deep=True)
    cloud_only.candidates.hardware = ["Lambda 1x H100 SXM"]
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.set_context(catalog, scenario, sizing)
    assert page.hybrid_stack.currentWidget() is page.hybrid
    page.set_context(catalog, cloud_only, size_scenario(catalog, cloud_only))
    assert page.comparison.hybrid_chart is None and not page.slider.isEnabled()
    assert page.hybrid_stack.currentWidget() is page.no_hybrid
    assert page.no_hybrid.text().startswith("No hybrid to compare: needs a feasible, priced on-prem node")
    assert page.slider_label.text() == "Hybrid base: n/a"


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_table_fits_the_window_without_sideways_scrolling(qtbot, sized, width, tmp_path):
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(width - 200, 700)  # the window less its navigation rail
    page.show()
    page.set_context(catalog, scenario, sizing)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    assert page.table.horizontalScrollBar().maximum() == 0
    header = page.table.horizontalHeader()
    shown = {c.key for k, c in enumerate(DEPLOYMENT_COLUMNS) if not page.table.isColumnHidden(k)}
    assert {"label", "hardware", "nodes", "horizon", "wh_mtok", "co2_month", "lead", "burden"} <= shown
    assert "model" not in shown  # one model: the summary names it
    assert "Model: Llama-3.1-8B-Instruct." in page.summary.text()
    assert ("binds" in shown) == (width == 1920)  # wide enough for it; else the line under the table
    assert header.sectionSize(0) > 0 and page.row_detail.text().startswith(page.comparison.rows[0].label)
    page.grab().save(str(tmp_path / f"deployment-{width}.png"))


def test_no_sizing_shows_an_empty_page_without_error(qtbot):
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.set_context(None, None, None)
    assert page.model.rowCount() == 0 and not page.slider.isEnabled()


def test_the_window_shows_the_analysed_scenario_on_the_deployment_page(qtbot, settings, tmp_path, monkeypatch):
    from app import store
    from app.ui.main_window import PAGES, MainWindow

    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = MainWindow(settings)
    qtbot.addWidget(w)
    errors: list = []
    monkeypatch.setattr("app.ui.main_window.QMessageBox.warning", lambda *a: errors.append(a[2]))
    w.show()
    assert w.open_project(str(path))
    w.ensure_analysis_page()
    with qtbot.waitSignal(w.analysis_page.sizing_changed, timeout=60000):
        next(a for a in w.actions.examples_menu.actions() if a.text() == "llama3 70b on 8x a100").trigger()
    w.rail.setCurrentRow(PAGES.index("Deployment"))
    assert w.stack.currentWidget() is w.deployment_page
    qtbot.waitUntil(lambda: w.deployment_page.comparison is not None, timeout=120000)  # compared in a worker
    rows = [w.deployment_page.model.index(r, 0).data() for r in range(w.deployment_page.model.rowCount())]
    assert rows == ["On-prem (capex)"]  # the example's only candidate is an on-prem DGX A100
    assert "cloud:" in w.deployment_page.notes.text()  # and it says what is missing
    assert errors == []
    w.analysis_page.runner.cancel()
    w.report_page.runner.cancel()


def test_cumulative_legend_sits_beside_the_plot_not_over_its_points(qtbot, sized):
    """The legend used to sit over the top-right corner, where the costliest curve (spot) ends:
    at 1366x768 it lies beside the plot area now, and every curve's points are in view."""
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_context(catalog, scenario, sizing)
    chart = page.cumulative
    qtbot.waitUntil(lambda: chart.legend.boundingRect().height() > 0)
    vb = chart.getPlotItem().vb
    plot_area = vb.mapRectToScene(vb.boundingRect())
    legend = chart.legend.mapRectToScene(chart.legend.boundingRect())
    assert len(chart.legend.items) == len(page.comparison.rows)
    assert not legend.intersects(plot_area)
    assert chart.rect().contains(chart.mapFromScene(legend.topRight()))  # not cut at the edge
    (x0, x1), (y0, y1) = vb.viewRange()
    for item in chart.items:
        x, y = item.getData()
        assert x0 <= min(x) and max(x) <= x1 and y0 <= min(y) and max(y) <= y1


def test_the_comparison_is_computed_off_the_gui_thread(qtbot, sized):
    """A sizing without the comparison (the Analysis page's) is compared in the page's worker:
    set_context returns before the comparison exists and says it is comparing; the comparison
    shown is the one the sizing service computes; a newer context supersedes one still running."""
    catalog, scenario, sizing = sized
    bare = sizing.model_copy(update={"deployments": None})
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    with qtbot.waitSignal(page.comparison_shown, timeout=120000) as shown:
        page.set_context(catalog, scenario, bare)
        page.set_context(catalog, scenario, bare)  # the first one's result is dropped
        assert page.comparison is None and page.runner.busy  # not computed on this thread
        assert page.summary.text() == "Comparing the deployment models…"
    qtbot.waitUntil(lambda: not page.runner.busy)
    assert shown.args[0] is page.comparison
    assert page.comparison.model_dump_json() == sizing.deployments.model_dump_json()
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        r.label + (" (dominated)" if r.dominated else "") for r in sizing.deployments.rows
    ]

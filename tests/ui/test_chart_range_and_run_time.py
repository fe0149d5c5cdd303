"""A near-flat cost series gets a sensible y range (never the 4th decimal blown up), and a batch
job's run-time chart keeps its whole y title beside a 1366x768 plot, its workshop tab named for
what it shows. Real widgets; the batch scenario is written from a blank workload."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain import BatchSpec, Category, Chart, Scenario, Series
from app.services.scenarios import blank_workload
from app.store.io_formats import catalog_from_dir
from app.ui.chart_view import ChartView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


def test_a_near_flat_cost_series_spans_at_least_five_percent_either_side(qtbot):
    # cost per 1M tokens equal to the 4th decimal across the options (a sweep of one hardware)
    chart = Chart(
        key="cost_vs_latency",
        title="Cost vs p95 time to first token",
        x_label="p95 TTFT",
        x_unit="ms",
        y_label="Cost per 1M tokens",
        y_unit="USD",
        kind="scatter",
        series=[Series(name="Ranked options", x=[120, 180, 260], y=[0.25213, 0.25214, 0.25216])],
    )
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(430, 200)
    view.show()
    qtbot.waitExposed(view)
    view.set_chart(chart)
    QApplication.processEvents()
    (y0, y1) = view.getPlotItem().vb.viewRange()[1]
    # hand calculation: the span is at least 10 % of the largest value, 0.025216 USD, around the middle
    assert y1 - y0 >= 0.1 * 0.25216 - 1e-12
    assert y0 <= 0.25213 and y1 >= 0.25216  # every point still in view
    assert y0 > 0  # around the value, not a range from zero that flattens any real difference


def batch_job() -> Scenario:
    w = blank_workload(Category.BATCH, "nightly summaries")
    w = w.model_copy(update={"batch": BatchSpec(total_requests=200_000, deadline_hours=8)})
    return Scenario(
        name="nightly summaries",
        workload=w,
        candidates={"models": ["Llama-3.1-8B-Instruct"], "hardware": ["Lambda 1x H100 SXM", "RunPod 1x L40S"]},
    )


def test_a_batch_jobs_run_time_chart_shows_its_whole_y_title_and_names_its_workshop_tab(qtbot):
    from app.ui.analysis_page import AnalysisPage
    from app.ui.workshop import WorkshopView
    from app.ui.workshop.steps import STEPS

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1366 - 190, 768 - 50)  # the Analysis page beside the rail in a 1366x768 window
    page.show()
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.set_scenario(batch_job())
    qtbot.waitUntil(lambda: page.sizing.detailed and not page.runner.busy, timeout=60000)
    QApplication.processEvents()
    view = page.panels["latency_vs_concurrency"].view
    assert view.axis_titles["left"] == "Run time [h]"
    assert view.fitted_axis_title("left") == "Run time [h]"  # whole: not "Time to ... [h]"
    workshop = WorkshopView(page)
    qtbot.addWidget(workshop)
    workshop.attach()  # entering workshop mode: it catches up with the page's result
    tabs = [workshop.tabs.tabText(i) for i in range(workshop.tabs.count())]
    assert tabs[[s.key for s in STEPS].index("latency")] == "Run time"
    workshop.detach()
    page.runner.cancel()

"""The Deployment page at 1366 x 768 in a dense scenario (issue 18 leftover): the break-even
labels sit clear of the cumulative-cost curves (a label ending on its month shortens to "month
7", not to a cut at the "3" of "Reserved 3 y"), and with six rows and a vertical scroll bar every
shown column stays in view: the text columns narrow, no horizontal scroll bar."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui import ref_labels
from app.ui.deployment.page import DeploymentPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


SCENARIO = {
    "name": "Support chat, own or rent, busy",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 150, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 8},
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
def dense():
    """The support chat at 150 req/s: the hybrid is cheapest and crosses four curves (months 5, 5,
    7 and 32), the others bunch at the top right."""
    data = copy.deepcopy(SCENARIO)
    catalog = catalog_from_dir()
    scenario = parse(Scenario, data)
    return catalog, scenario, size_scenario(catalog, scenario)


def test_a_label_ending_on_its_month_shortens_to_the_month():
    assert ref_labels.shorter("Hybrid < Reserved 3 y from month 7") == [
        "Hybrid < Reserved 3 y from month 7",
        "month 7",
    ]


def test_break_even_labels_clear_of_the_curves_and_the_table_in_view(qtbot, dense, tmp_path):
    catalog, scenario, sizing = dense
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1166, 700)  # a 1366 x 768 window less its navigation rail
    page.show()
    page.set_context(catalog, scenario, sizing)
    view = page.cumulative
    refs = [line for line in view.ref_lines if line.isVisible()]
    assert len(refs) >= 3
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)  # six rows, now all shown (no vertical scroll)
    qtbot.waitUntil(lambda: page.table.horizontalScrollBar().maximum() == 0)
    view.place_ref_labels()
    points = ref_labels.data_points(view._drawn_chart, view.getPlotItem().vb.childGroup.sceneTransform())
    for line in refs:
        rect = line.label.sceneBoundingRect()
        under = (
            (points[:, 0] >= rect.left())
            & (points[:, 0] <= rect.right())
            & (points[:, 1] >= rect.top())
            & (points[:, 1] <= rect.bottom())
        )
        assert not under.any(), (line.label.format, rect)
        assert line.label.format in ref_labels.shorter(line.label.toolTip())
    header, view_px = page.table.horizontalHeader(), page.table.viewport().width()
    for k in range(page.model.columnCount()):
        if not page.table.isColumnHidden(k):
            assert header.sectionViewportPosition(k) + header.sectionSize(k) <= view_px + 1, k
    page.grab().save(str(tmp_path / "deployment-dense-1366.png"))

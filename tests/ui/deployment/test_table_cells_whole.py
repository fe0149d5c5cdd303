"""Issue 18 screenshot pass: the Deployment table is readable at 1366 x 768 and 1920 x 1080 without
sideways scrolling. Names wrapped rather than cut ("Cloud reserved 1...+ on-demand peak"), "what
binds" whole in its wrapped cells where it shows (it was cut mid-text at 1920), else whole in the
details line under the table; each header line within its section."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

from app.domain import Scenario, parse
from app.services.sizing import size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.deployment.page import BINDS_MAX_LINES, COLUMN, DeploymentPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCENARIO = {  # a diurnal chat on owned or rented H100s: six rows, a hybrid with two hardware names
    "name": "Support chat, own or rent",
    "workload": {
        "name": "Support chat",
        "category": "inference_api",
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


def _lines(metrics: QFontMetrics, text: str, width: int) -> int:
    rect = metrics.boundingRect(QRect(0, 0, width, 1 << 20), int(Qt.TextFlag.TextWordWrap), text)
    return round(rect.height() / metrics.lineSpacing())


@pytest.mark.parametrize(("window", "binds_shown"), [((1366, 768), False), ((1920, 1080), True)])
def test_every_shown_cell_holds_its_whole_text(qtbot, sized, window, binds_shown):
    catalog, scenario, sizing = sized
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(window[0] - 190, window[1] - 80)  # the window less its navigation rail, menu and status bar
    page.show()
    page.set_context(catalog, scenario, sizing)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    table, header, model = page.table, page.table.horizontalHeader(), page.model
    assert table.horizontalScrollBar().maximum() == 0
    assert table.isColumnHidden(COLUMN["binds"]) == (not binds_shown)
    padding = page.cell_padding_px()
    labels = [model.index(r, COLUMN["label"]).data() for r in range(model.rowCount())]
    assert "Cloud reserved 1 y + on-demand peak (dominated)" in labels  # the name that was cut
    for key in ("label", "hardware", "binds"):
        column = COLUMN[key]
        if table.isColumnHidden(column):
            continue
        width = header.sectionSize(column) - padding
        for r in range(model.rowCount()):
            text = model.index(r, column).data()
            font = model.index(r, column).data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else table.font())
            assert max(metrics.horizontalAdvance(w) for w in text.split()) <= width, (key, text)
            lines = _lines(metrics, text, width)
            assert lines * metrics.lineSpacing() <= table.rowHeight(r), (key, text, lines, table.rowHeight(r))
            if key == "binds":
                assert lines <= BINDS_MAX_LINES
    # each header line fits its section (two-line headers: name, then unit)
    metrics = header.fontMetrics()
    for k in range(model.columnCount()):
        if not table.isColumnHidden(k):
            for line in str(model.headerData(k, Qt.Orientation.Horizontal)).split("\n"):
                assert metrics.horizontalAdvance(line) <= header.sectionSize(k), (line, header.sectionSize(k))
    # the table shows all its rows, the charts keep the rest of the page
    assert table.verticalScrollBar().maximum() == 0
    assert page.cumulative.height() >= 200
    # "what binds" of the selected row, whole, under the table (the only place it shows at 1366)
    table.selectRow(1)
    row = page.comparison.rows[1]
    assert page.row_detail.text().endswith(row.binds + (f" ({row.dominated})" if row.dominated else ""))

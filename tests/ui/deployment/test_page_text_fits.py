"""The Deployment page's wrapped text never gets less height than its lines need at 1366x768
(issue 18: the summary at the top drew its lines over each other when many notes filled the page's
foot: the layout squeezed the word-wrapped labels below their height, and the text, centred in too
small a box, showed halves of two lines)."""

from __future__ import annotations

import pytest

from app.domain import DeploymentComparison, DeploymentRow
from app.engine.deployment.compare import _cumulative_chart
from app.ui.deployment.page import BINDS_MIN_PX, COLUMN, DeploymentPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _comparison(notes: int) -> DeploymentComparison:
    rows = [
        DeploymentRow(
            deployment="cloud",
            pricing="on_demand",
            label="Cloud on-demand",
            hardware="AWS g6e.12xlarge",
            model="Llama-3.1-8B-Instruct",
            nodes=1,
            upfront_usd=0.0,
            cost_per_month_usd=7_660.0,
            horizon_cost_usd=275_747.0,
            cost_per_million_tokens_usd=0.405,
            binds="pays each hour's nodes; no commitment, highest hourly price",
            cumulative_usd=[7_660.0 * (m + 1) for m in range(36)],
        )
    ]
    long = "no spot row: on AWS g6e.12xlarge every hour needs the on-demand floor's 1 node(s), so nothing would run "
    c = DeploymentComparison(
        horizon_months=36,
        growth_per_quarter=0.05,
        hybrid_base_percentile=60,
        rows=rows,
        notes=[f"{k + 1}: {long * 2}" for k in range(notes)],
    )
    c.cumulative_chart = _cumulative_chart(c)
    return c


@pytest.mark.parametrize("notes", [3, 12])
def test_wrapped_labels_get_the_height_their_lines_need(qtbot, notes):
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1176, 700)  # 1366 x 768 less the navigation rail, menu and status bar
    page.show()
    page.show_comparison(_comparison(notes))
    qtbot.waitUntil(lambda: page.summary.height() > 0)
    for label in (page.title, page.summary, page.row_detail, page.break_evens):
        need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        assert label.height() >= need, (label.objectName() or label.text()[:20], label.height(), need)
    # the notes scroll inside their own box rather than squeeze the rest; the charts keep their room
    assert page.cumulative_stack.currentWidget() is page.cumulative and page.cumulative.height() >= 200


@pytest.mark.parametrize(("page_width", "shown"), [(1000, False), (1300, True), (1720, True)])
def test_what_binds_shows_only_where_its_text_fits(qtbot, page_width, shown):
    """Issue 18: the column opened wherever 240 px were left, cutting each sentence to its two ends;
    then only where it held its longest text on one line (up to 480 px), so never at 1366. Now its
    cells wrap: it shows where the room holds each text in BINDS_MAX_LINES lines (at least 240 px),
    which this sentence (about 590 px on one line) gets at a 1300 px page, not at 1000 px."""
    c = _comparison(1)
    c.rows[
        0
    ].binds = "base sized to the P60 hourly rate (20 req/s): 1 owned node(s) serving up to 21.3 req/s; 6 h/day burst"
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(page_width, 700)
    page.show()
    page.show_comparison(c)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    binds = COLUMN["binds"]
    metrics = page.table.fontMetrics()
    assert metrics.horizontalAdvance(c.rows[0].binds) > 480  # one line would want more than the old cap
    assert page.binds_px() == BINDS_MIN_PX  # three lines of it fit in 240 px
    assert page.table.isColumnHidden(binds) == (not shown)
    assert page.table.horizontalScrollBar().maximum() == 0
    if shown:
        assert page.table.horizontalHeader().sectionSize(binds) >= BINDS_MIN_PX
    else:
        assert page.row_detail.text().endswith(c.rows[0].binds)


def test_no_row_keeps_the_headers_whole_and_says_why_instead_of_empty_axes(qtbot):
    """A scenario with no feasible option: the text columns shrank to their empty contents ("ment"
    for "Deployment model") and the cumulative chart showed bare 0-1 axes."""
    c = DeploymentComparison(
        horizon_months=36,
        growth_per_quarter=0.0,
        hybrid_base_percentile=60,
        missing=["no feasible option: nothing to deploy (see the verdict)"],
    )
    page = DeploymentPage()
    qtbot.addWidget(page)
    page.resize(1176, 700)
    page.show()
    page.show_comparison(c)
    header = page.table.horizontalHeader()
    for key in ("label", "hardware"):
        assert header.sectionSize(COLUMN[key]) >= header.sectionSizeHint(COLUMN[key])
    assert page.cumulative_stack.currentWidget() is page.no_rows
    assert (
        page.no_rows.text() == "No deployment model to chart: no feasible option: nothing to deploy (see the verdict)"
    )
    page.show_comparison(_comparison(1))
    assert page.cumulative_stack.currentWidget() is page.cumulative

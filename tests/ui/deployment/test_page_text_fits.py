"""The Deployment page's wrapped text never gets less height than its lines need at 1366x768
(issue 18: the summary at the top drew its lines over each other when many notes filled the page's
foot: the layout squeezed the word-wrapped labels below their height, and the text, centred in too
small a box, showed halves of two lines)."""

from __future__ import annotations

import pytest

from app.domain import DeploymentComparison, DeploymentRow
from app.ui.deployment.page import DeploymentPage

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
    return DeploymentComparison(
        horizon_months=36,
        growth_per_quarter=0.05,
        hybrid_base_percentile=60,
        rows=rows,
        notes=[f"{k + 1}: {long * 2}" for k in range(notes)],
    )


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
    assert page.cumulative.height() >= 200

"""Table headers never break inside a word: the rich-text tables of the Explain and Selection
matrix panels keep each header whole however narrow the panel (it scrolls sideways instead)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets

TABLE = (
    "<table cellspacing='0' cellpadding='2'><tr><th>Criterion</th><th>Share</th><th>Can fall to</th></tr>"
    "<tr><td>Quality (MMLU-redux)</td><td>18.8 %</td><td>0 %, no change</td></tr></table>"
)


def _header_lines(browser) -> dict[str, int]:
    doc = browser.document()
    doc.setTextWidth(browser.viewport().width())
    out, block = {}, doc.begin()
    while block.isValid():
        if block.text() in ("Criterion", "Share"):
            out[block.text()] = block.layout().lineCount()
        block = block.next()
    return out


@pytest.mark.parametrize("kind", ["explain", "selection"])
def test_headers_stay_whole_in_a_narrow_panel(qtbot, kind):
    from app.ui.explain_panel import ExplainPanel
    from app.ui.selection_page import SelectionPage

    if kind == "explain":
        browser = ExplainPanel()
        qtbot.addWidget(browser)
    else:
        page = SelectionPage()
        qtbot.addWidget(page)
        browser = page.sensitivity_view
    browser.resize(120, 300)  # the side panel at 1.5x on a 1366x768 screen, or narrower
    browser.show()
    browser.setHtml(TABLE)
    qtbot.waitExposed(browser)
    assert _header_lines(browser) == {"Criterion": 1, "Share": 1}

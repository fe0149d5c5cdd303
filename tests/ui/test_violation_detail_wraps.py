"""D15: in the Explain panel at 1366x768 the Violations table's Detail column was a few letters
wide, its text broken inside words ('$8,85 / 7/ / mont / h > / budge / t'). The detail and the fix
now sit on a row of their own, as wide as the table: laid out by Qt's real QTextDocument at the
side panel's width, every line of the detail breaks between words. Real engine option."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from test_verdict_banner import page, team_chat  # noqa: F401 - the fixture and the scenario

from app.ui.explain_panel import option_html

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _lines_of(doc: QTextDocument, text: str) -> list[str]:
    """The laid-out lines of the block that holds `text`."""
    found = doc.find(text)
    assert not found.isNull(), text
    block = found.block()
    layout = block.layout()
    whole = block.text()
    return [
        whole[layout.lineAt(k).textStart() : layout.lineAt(k).textStart() + layout.lineAt(k).textLength()]
        for k in range(layout.lineCount())
    ]


def test_violation_detail_breaks_between_words_in_the_side_panel(qtbot, page):  # noqa: F811
    with qtbot.waitSignal(page.sizing_changed, timeout=20000) as blocker:
        page.set_scenario(team_chat(budget=50))
    option = blocker.args[0].options[0]
    budget = next(v for v in option.violations if "budget" in v.detail)  # "$N/month > budget $50"
    doc = QTextDocument()
    doc.setHtml(option_html(option))
    doc.setTextWidth(430)  # the Explain tab's width beside the options table at 1366x768
    doc.documentLayout().documentSize()  # laid out
    lines = _lines_of(doc, budget.detail)
    words = set(budget.detail.split())
    for line in lines:
        for word in line.split():
            if word in budget.detail and not line.startswith("Fix"):
                assert word in words or not word.strip(), (word, lines)  # no word cut in two

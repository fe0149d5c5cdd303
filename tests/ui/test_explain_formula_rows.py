"""D4: the Explain panel's formulas and inputs are readable in the side panel at 1366x768 (~370 px):
each formula and each input line gets the table's width under its quantity, not a column one or
two letters wide. Real ExplainPanel over a real sizing of a shipped example."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store import Project
from app.ui.explain_panel import ExplainPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_formulas_and_inputs_get_the_panels_width(qtbot, tmp_path):
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        sizing = size_scenario(project, scenario, deployments=False)
    finally:
        project.close()
    option = next(o for o in sizing.options if o.explanations)
    formulas = {e.formula for e in option.explanations if e.formula}
    assert len(formulas) > 3
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.resize(370, 500)  # the Explain tab at 1366x768
    panel.show()
    panel.show_option(option)
    qtbot.waitExposed(panel)
    doc = panel.document()
    doc.setTextWidth(panel.viewport().width())
    doc.documentLayout().documentSize()
    metrics = panel.fontMetrics()
    seen, narrow, block = 0, [], doc.begin()
    while block.isValid():
        text = block.text()
        if text in formulas:
            seen += 1
            layout = block.layout()
            widest = max(layout.lineAt(n).naturalTextWidth() for n in range(layout.lineCount()))
            # a formula shorter than 200 px of text takes one line; a longer one lines of >= 200 px
            if widest < min(metrics.horizontalAdvance(text), 200) * 0.9:
                narrow.append((text, layout.lineCount(), round(widest)))
        block = block.next()
    assert seen >= len(formulas) * 0.8
    assert narrow == []
    assert panel.horizontalScrollBar().maximum() == 0  # nothing runs off to the side

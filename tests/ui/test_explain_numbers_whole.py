"""The Explain panel's numbers stay whole in a narrow panel: '65,536' on one line, never
'65,53' over '6' (GUI test at 1366x768, issue 13); the panel scrolls sideways instead."""

from __future__ import annotations

import re

import pytest

from app.domain.numbers import figure
from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store import Project
from app.ui.explain_panel import ExplainPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown widgets


def test_explanation_values_are_not_broken_in_a_narrow_panel(qtbot, tmp_path):
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        sizing = size_scenario(project, scenario, deployments=False)
    finally:
        project.close()
    option = next(o for o in sizing.options if o.explanations)
    values = {figure(e.value) for e in option.explanations if isinstance(e.value, (int, float))}
    assert any(len(v) >= 5 for v in values)  # numbers long enough to break
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.resize(200, 400)  # the side panel at 1.5x on a 1366x768 screen
    panel.show()
    panel.show_option(option)
    qtbot.waitExposed(panel)
    doc = panel.document()
    doc.setTextWidth(panel.viewport().width())
    lines, block = {}, doc.begin()
    while block.isValid():
        if block.text() in values:
            lines[block.text()] = block.layout().lineCount()
        block = block.next()
    assert lines and all(n == 1 for n in lines.values()), lines


def test_units_are_never_broken_in_a_narrow_panel(qtbot, tmp_path):
    """'min/month', 'node-hours/month', 'tok/s per replica' stay whole (window defects: 'min/month'
    broke after its slash at 1366x768): in a narrow panel no line outside a formula ends inside a
    unit, after its slash."""
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    project = Project.open(tmp_path / "p.archwise", create=True)
    try:
        sizing = size_scenario(project, scenario, deployments=False)
    finally:
        project.close()
    option = next(o for o in sizing.options if any(e.unit == "min/month" for e in o.explanations))
    prose = {e.formula for e in option.explanations} | {e.source for e in option.explanations}
    panel = ExplainPanel()
    qtbot.addWidget(panel)
    panel.resize(200, 400)
    panel.show()
    panel.show_option(option)
    qtbot.waitExposed(panel)
    doc = panel.document()
    doc.setTextWidth(panel.viewport().width())
    doc.documentLayout().documentSize()
    broken, units, block = [], 0, doc.begin()
    while block.isValid():
        text = block.text()
        layout = block.layout()
        units += "/" in text
        if text not in prose:  # formulas and sources break where they may
            for n in range(layout.lineCount() - 1):
                line = layout.lineAt(n)
                piece = text[line.textStart() : line.textStart() + line.textLength()]
                if re.fullmatch(r"[A-Za-z-]+/", (piece.split() or [""])[-1]):  # 'req/' | 's', not a URL's 'vllm.ai/'
                    broken.append((text, piece))
        block = block.next()
    assert units > 5  # units with slashes in view: min/month, req/s, GB/s, bytes/token, ...
    assert broken == []

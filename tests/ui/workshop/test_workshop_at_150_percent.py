"""Workshop mode on a 1366x768 screen at 150 % (910x512 logical px, tgui4 D25): the verdict strip
keeps to one line (the whole verdict in its tooltip) and every weight of the matrix step keeps its
whole name (wrapped, the weights scrolling) rather than losing its second line. Real widgets with
the workshop style sheet at that scale, the real engine and matrix."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.paths import EXAMPLES_DIR, STYLE_DIR
from app.services import reporting
from app.services.sizing import load_scenario, size_scenario
from app.store import Project
from app.ui.workshop.matrix import WorkshopMatrix
from app.ui.workshop.verdict import VerdictStrip
from app.ui.workshop.view import scaled_qss, type_scale

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
SCALE = type_scale(512, 1.5)  # 1366x768 at QT_SCALE_FACTOR=1.5
WIDTH = 890  # [logical px] the step's width there (910 less the view's margins)


def in_room(qtbot, child: QWidget, height: int) -> QWidget:
    """`child` in a workshop view's styled frame, `WIDTH` x `height` logical px."""
    room = QWidget()
    room.setObjectName("workshopView")
    QVBoxLayout(room).addWidget(child)
    room.setStyleSheet(scaled_qss((STYLE_DIR / "workshop.qss").read_text(encoding="utf-8"), SCALE))
    qtbot.addWidget(room)
    room.resize(WIDTH, height)
    room.show()
    qtbot.waitExposed(room)
    return room


def test_the_verdict_strip_keeps_to_one_line_with_the_whole_verdict_on_hover(qtbot):
    strip = VerdictStrip()
    room = in_room(qtbot, strip, 120)  # noqa: F841 - kept alive
    text = (
        "✔ Feasible: Llama-3.1-8B-Instruct · Nebius 1x HGX H200, 1x NVIDIA H200 SXM (TP1, fp8, vLLM)"
        " — 1 replica(s), 1 GPU(s)"
    )
    strip.setText(text)
    qtbot.wait(10)
    line = QFontMetrics(strip.font()).lineSpacing()
    assert strip.height() < 2 * line  # one line (it took three at this scale)
    assert strip.text() == text and strip.toolTip() == text
    assert strip.shown_text().endswith("…") and strip.shown_text() != text
    assert strip.fontMetrics().horizontalAdvance(strip.shown_text()) <= strip.contentsRect().width()


def test_every_weight_name_keeps_its_lines_at_150_percent(qtbot, tmp_path):
    project = Project.open(tmp_path / "room.archwise", create=True)
    try:
        scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
        sizing = size_scenario(project, scenario, deployments=False)
        matrix, sens = reporting.build_selection(project, scenario, sizing)
    finally:
        project.close()
    view = WorkshopMatrix()
    room = in_room(qtbot, view, 400)  # noqa: F841 - the matrix step's height under the strip and the step bar
    view.show_matrix(matrix, sizing, sens)
    qtbot.wait(50)
    assert len(view.sliders) >= 10
    for key, name in view._names.items():
        # a wrapped name as tall as its lines at its width (the second line was cut off)
        assert name.height() >= name.heightForWidth(name.width()), key
        assert name.isVisibleTo(view)
    names = list(view._names.values())
    for upper, lower in zip(names, names[1:], strict=False):
        assert upper.geometry().bottom() < lower.geometry().top()  # no name over the next

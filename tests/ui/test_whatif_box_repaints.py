"""A what-if slider step touches its own value box only: the other three keep their text and
are not repainted (each box given its text again repainted it, three boxes a slider step)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario
from app.ui.whatif_panel import WhatIfPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[str] = []

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.painted.append(obj.parent().objectName())
        return False


def test_a_slider_step_repaints_its_own_box_only(qtbot):
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_scenario(load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"))
    qtbot.waitExposed(panel)
    QApplication.processEvents()
    counter = PaintCounter()
    for box in panel.boxes.values():
        box.lineEdit().installEventFilter(counter)
    texts = {key: box.text() for key, box in panel.boxes.items()}
    slider = panel.sliders["traffic"]
    with qtbot.waitSignal(panel.scenario_changed):
        slider.setValue(slider.value() + 40)
    qtbot.waitUntil(lambda: "whatif_traffic_value" in counter.painted)
    QApplication.processEvents()
    assert set(counter.painted) == {"whatif_traffic_value"}
    assert panel.boxes["traffic"].text() != texts["traffic"]
    assert {k: b.text() for k, b in panel.boxes.items() if k != "traffic"} == {
        k: t for k, t in texts.items() if k != "traffic"
    }

"""The workshop's Latency legend draws each option's marker at the chart's marker size, in the
option's colour (tgui4 D24: the legend's markers were 7-px grey dots, so in greyscale the four
series were told apart by nothing but those dots). The legend samples painted into images and
their pixels counted; the real engine's latency chart of the shipped RAG example."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from app.paths import EXAMPLES_DIR
from app.services.sizing import load_scenario, size_scenario
from app.store.io_formats import catalog_from_dir
from app.ui.workshop.view import projector_chart

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
BOX = 20  # [px] pyqtgraph's legend sample box
LINE_ROWS = range(8, 15)  # the rows the sample's 4-px line covers (drawn at y = 11)


def painted(sample) -> QImage:
    image = QImage(BOX, BOX, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    sample.paint(painter)
    painter.end()
    return image


def off_the_line(image: QImage) -> int:
    """Pixels painted above or below the line: the marker's."""
    return sum(1 for y in range(BOX) if y not in LINE_ROWS for x in range(BOX) if image.pixelColor(x, y).alpha() > 128)


def test_legend_markers_are_drawn_at_the_charts_marker_size_in_their_colour(qtbot):
    scenario = load_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    sizing = size_scenario(catalog_from_dir(), scenario, deployments=False)
    chart = next(c for c in sizing.charts if c.key == "latency_vs_concurrency")
    view = projector_chart(mode="workshop")
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    view.set_chart(chart)
    options = [(sample, label.text) for sample, label in view.legend.items if label.text.startswith("#")]
    assert len(options) >= 3
    assert view.marker_px >= 12  # the workshop's markers: 3 x its 4-px lines
    shapes = set()
    for sample, name in options:
        image = painted(sample)
        # a 14-px marker reaches 7 px above and below the line's centre: well off the line's rows
        # (a 7-px one stays within them)
        assert off_the_line(image) >= 20, name
        colour = sample.item.opts["symbolBrush"]
        assert image.pixelColor(10, 5).name() == pg_colour(colour), name  # the marker's fill, not grey
        shapes.add(sample.item.opts["symbol"])
    assert len(shapes) == len(options)  # a shape per option: greyscale tells them apart


def pg_colour(value) -> str:
    import pyqtgraph as pg

    return pg.mkColor(value).name()

"""A chart PNG written by the workshop export (and every chart export through write_atomically) gets
the usual file mode (0666 less the umask, as write_atomic gives the .pptx and the other exports), not
the temporary file's 0600."""

from __future__ import annotations

import os
import stat

from PySide6.QtGui import QColor, QImage

from app.store.io_formats import write_atomic
from app.ui.chart_export import write_atomically


def test_png_gets_the_same_mode_as_other_exports(qtbot, tmp_path):
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))

    def write(tmp) -> None:
        assert image.save(str(tmp), "PNG")

    old = os.umask(0o022)
    try:
        png = write_atomically(tmp_path / "deck-cost.png", write)
        text = write_atomic(tmp_path / "plan.sh", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(png.stat().st_mode) == 0o644
    assert stat.S_IMODE(png.stat().st_mode) == stat.S_IMODE(text.stat().st_mode)
    assert QImage(str(png)).width() == 8

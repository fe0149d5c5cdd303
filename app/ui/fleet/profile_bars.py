"""24 hourly traffic levels as bars to drag: press or drag over the bars to set each hour's level
(the bar's height, 0 to 1 of the peak); releasing the mouse hands the 24 levels on once (one undo
step per drag). Colours come from the widget's palette (the style sheet), none are written here."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

HOURS = 24
STEP = 0.05  # levels snap to 5 % of the peak: a drag sets round numbers


class ProfileBars(QWidget):
    levels_edited = Signal(list)  # the 24 levels after a drag, 00:00 first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.levels: list[float] = [1.0] * HOURS
        self._dragging = False
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(24 * 9, 90))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Drag over the bars to set each hour's traffic (share of the peak)")

    def set_levels(self, levels: list[float] | tuple[float, ...]) -> None:
        self.levels = [float(x) for x in levels]
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(2, 4, -2, -16)

    def _hour_level(self, pos: QPointF) -> tuple[int, float]:
        plot = self._plot()
        hour = int((pos.x() - plot.left()) / max(plot.width(), 1) * HOURS)
        level = (plot.bottom() - pos.y()) / max(plot.height(), 1)
        level = round(min(max(level, 0.0), 1.0) / STEP) * STEP
        return min(max(hour, 0), HOURS - 1), round(level, 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._set_at(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        hour, level = self._hour_level(event.position())
        self.setToolTip(f"{hour:02d}:00  {self.levels[hour]:.0%} of the peak")
        if self._dragging:
            self._set_at(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._dragging:
            self._dragging = False
            self.levels_edited.emit(list(self.levels))

    def _set_at(self, pos: QPointF) -> None:
        hour, level = self._hour_level(pos)
        self.levels[hour] = level
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        pal = self.palette()
        plot = self._plot()
        painter.fillRect(plot, pal.base())
        painter.setPen(pal.mid().color())
        painter.drawRect(plot)
        width = plot.width() / HOURS
        painter.setPen(Qt.PenStyle.NoPen)
        for h, level in enumerate(self.levels):
            height = plot.height() * level
            painter.fillRect(
                QRectF(plot.left() + h * width + 1, plot.bottom() - height, width - 2, height), pal.highlight()
            )
        painter.setPen(pal.text().color())
        for h in range(0, HOURS, 6):
            painter.drawText(QPointF(plot.left() + h * width + 1, self.height() - 3), f"{h:02d}")
        painter.end()

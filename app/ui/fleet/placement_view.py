"""The placement at one hour: each node a row of GPU cells, coloured by the workload whose replica
holds them; a spare replica (held idle for the workload's SLA availability, N + k) lighter and
hatched, with a "spare (N+k)" key under the nodes; hovering a cell says which replica it is and how
the node is filled."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.domain.fleet_results import NodeLoad, PlacedReplica
from app.domain.numbers import figure

ROW_H = 26  # [px] one node
LABEL_W = 150  # [px] the node's name
CELL_W = 34  # [px] one GPU
FREE = "#e4e7eb"
SPARE_LIGHTER = 160  # [%] QColor.lighter of a spare replica's cells, hatched over in the workload's colour
SPARE_PATTERN = Qt.BrushStyle.BDiagPattern
SPARE_KEY = "spare (N+k): held idle for the workload's SLA availability"


class PlacementView(QWidget):
    """Draws `NodeLoad` records as they are (the engine placed them; nothing is computed here)."""

    def __init__(self, palette: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette_ = palette
        self.nodes: list[NodeLoad] = []
        self.colours: dict[str, str] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_nodes(self, nodes: list[NodeLoad], units: list[str]) -> None:
        """`units` in the demand chart's order, so a workload has the same colour in both."""
        self.nodes = nodes
        self.colours = {u: self.palette_[i % len(self.palette_)] for i, u in enumerate(units)}
        self.updateGeometry()
        self.update()

    def has_spares(self) -> bool:
        return any(r.spare for n in self.nodes for r in n.replicas)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        gpus = max((n.gpus for n in self.nodes), default=8)
        rows = max(len(self.nodes), 1) + (1 if self.has_spares() else 0)  # the spare key's row
        return QSize(LABEL_W + gpus * CELL_W + 10, rows * ROW_H + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def _cells(self) -> Iterator[tuple[QRect, NodeLoad, PlacedReplica | None]]:
        """(rect, node, replica or None) for every GPU cell: a replica's GPUs side by side."""
        for row, node in enumerate(self.nodes):
            y = 4 + row * ROW_H
            x = LABEL_W
            for rep in node.replicas:
                for _ in range(rep.count):
                    w = max(int(round(rep.gpus * CELL_W)), 6)
                    yield QRect(x, y, w - 2, ROW_H - 4), node, rep
                    x += w
            end = LABEL_W + node.gpus * CELL_W
            while x < end:
                yield QRect(x, y, CELL_W - 2, ROW_H - 4), node, None
                x += CELL_W

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if not self.nodes:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No replicas on the fleet at this hour")
            return
        for row, node in enumerate(self.nodes):
            r = QRect(4, 4 + row * ROW_H, LABEL_W - 8, ROW_H - 4)
            p.drawText(r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{node.pool} #{node.node + 1}")
        for rect, _node, rep in self._cells():
            colour = QColor(self.colours.get(rep.unit, "#888888") if rep else FREE)
            if rep is not None and rep.spare:
                self._spare_cell(p, rect, colour)
            else:
                p.fillRect(rect, colour)
        if self.has_spares():  # the key, one row under the nodes
            y = 4 + len(self.nodes) * ROW_H
            self._spare_cell(p, QRect(LABEL_W, y, CELL_W - 2, ROW_H - 4), QColor(self.palette_[0]))
            key = QRect(LABEL_W + CELL_W + 6, y, self.width() - LABEL_W - CELL_W - 6, ROW_H - 4)
            p.drawText(key, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, SPARE_KEY)

    @staticmethod
    def _spare_cell(p: QPainter, rect: QRect, colour: QColor) -> None:
        """A spare replica's cell: the workload's colour lighter, hatched in its own colour."""
        p.fillRect(rect, colour.lighter(SPARE_LIGHTER))
        p.fillRect(rect, QBrush(colour, SPARE_PATTERN))

    def tip_at(self, pos: QPoint) -> str:
        for rect, node, rep in self._cells():
            if rect.contains(pos):
                head = (
                    f"{node.pool} node {node.node + 1} (failure domain {node.domain + 1}): "
                    f"{figure(node.gpus_used)} of {node.gpus} GPUs used"
                )
                if rep is None:
                    return f"{head}\nfree GPU"
                spare = " spare (N+k), held idle for its SLA availability" if rep.spare else ""
                return f"{head}\n{rep.count} x {rep.unit}{spare}, {figure(rep.gpus)} GPU(s) each"
        return ""

    def event(self, e) -> bool:  # type: ignore[no-untyped-def]
        if e.type() == e.Type.ToolTip and isinstance(e, QHelpEvent):
            text = self.tip_at(e.pos())
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

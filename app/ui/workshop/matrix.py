"""The selection matrix in a room: one slider per criterion weight and the ranking beside it,
re-ranked live (the service rescores the built matrix; no figure is recomputed here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import Sizing
from app.selection.matrix import SelectionMatrix
from app.services import reporting
from app.ui.workshop.widgets import named

SLIDER_MAX = 10  # weights are whole numbers 0..10, as on the Selection matrix page
DEBOUNCE_MS = 120  # [ms] live, but one rescore per pause of the hand
SHOWN_ROWS = 8  # the ranking a room can read at once


class WorkshopMatrix(QWidget):
    """`show_matrix(matrix)` fills it; `weights_changed(dict)` after the weights settle."""

    weights_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopMatrix")
        self.base: SelectionMatrix | None = None  # the matrix as built; the sliders rescore it
        self.matrix: SelectionMatrix | None = None
        self.sliders: dict[str, QSlider] = {}
        self._names: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        self.summary = named(QLabel("Run an analysis first: the matrix ranks its options."), "workshopHint")
        self.summary.setWordWrap(True)
        # When the matrix's first is not the verdict's (the engine's cheapest design), the
        # report's reconciliation says why, in the same words.
        self.reconciliation = named(QLabel(""), "workshopHint")
        self.reconciliation.setWordWrap(True)
        self.reconciliation.hide()
        self.sizing: Sizing | None = None
        self.weights_box = QGroupBox("Weights")
        self.grid = QGridLayout(self.weights_box)
        self.ranking = named(QTableWidget(0, 3), "workshopRanking")
        self.ranking.setHorizontalHeaderLabels(["Rank", "Option", "Score"])
        self.ranking.verticalHeader().setVisible(False)
        self.ranking.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ranking.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.ranking.setWordWrap(True)
        header = self.ranking.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_weights_settled)
        # the weights scroll when the step is short (1366x768 at 150 %: the names' second lines
        # were cut off and the rows squeezed); each name keeps its wrapped lines (tgui4 D25)
        self.weights_scroll = named(QScrollArea(), "workshopWeights")
        self.weights_scroll.setWidgetResizable(True)
        self.weights_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.weights_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.weights_scroll.setWidget(self.weights_box)
        row = QHBoxLayout()
        row.addWidget(self.weights_scroll, 2)
        row.addWidget(self.ranking, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.reconciliation)
        lay.addLayout(row, 1)

    def weights(self) -> dict[str, float]:
        return {key: float(s.value()) for key, s in self.sliders.items()}

    def show_matrix(self, matrix: SelectionMatrix, sizing: Sizing | None = None, sens: Any = None) -> None:
        """A newly built matrix (its weights are those the sliders had, the Selection page's, or
        the defaults) for `sizing` (the verdict's result, to reconcile with) and its sensitivity."""
        self.base = matrix
        self.sizing = sizing
        if set(self.sliders) != {c.key for c in matrix.criteria}:
            self._build_sliders(matrix)
        for c in matrix.criteria:  # the quality criterion's name carries its benchmark
            self._names[c.key].setText(c.name)
            self._names[c.key].setToolTip(c.description)
            slider = self.sliders[c.key]
            if slider.value() != int(round(c.weight)):  # the weights the matrix was built with
                slider.blockSignals(True)
                slider.setValue(int(round(c.weight)))
                slider.blockSignals(False)
                self._values[c.key].setText(str(int(round(c.weight))))
        self._show(matrix, sens)

    def _build_sliders(self, matrix: SelectionMatrix) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.sliders.clear()
        for i, c in enumerate(matrix.criteria):
            name = QLabel(c.name)
            name.setWordWrap(True)
            name.setToolTip(c.description)
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, SLIDER_MAX)
            slider.setPageStep(1)
            slider.setValue(int(round(c.weight)))
            slider.setMinimumWidth(150)  # [px] a track a hand can aim at on a projector
            value = QLabel(f"{int(round(c.weight))}")
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("10") + 4)
            slider.valueChanged.connect(lambda v, label=value: (label.setText(str(v)), self._debounce.start()))
            self.grid.addWidget(name, i, 0)
            self.grid.addWidget(slider, i, 1)
            self.grid.addWidget(value, i, 2)
            self.sliders[c.key] = slider
            self._names[c.key] = name
            self._values[c.key] = value
        self.grid.setColumnStretch(1, 1)

    def set_weights(self, weights: dict[str, float]) -> None:
        """Move the sliders (e.g. to the Selection matrix page's weights); rescored once settled."""
        for key, value in weights.items():
            if key in self.sliders:
                self.sliders[key].setValue(int(round(value)))

    def _on_weights_settled(self) -> None:
        if self.base is None:
            return
        weights = self.weights()
        if sum(weights.values()) <= 0:
            self.summary.setText("At least one weight must be above 0.")
            return
        matrix, sens = reporting.rescore(self.base, weights)
        self._show(matrix, sens)
        self.weights_changed.emit(weights)

    def _show(self, matrix: SelectionMatrix, sens: Any = None) -> None:
        self.matrix = matrix
        ranked = [r for r in matrix.rows if not r.excluded and r.score is not None][:SHOWN_ROWS]
        self.ranking.setRowCount(len(ranked))
        for i, r in enumerate(ranked):
            for col, text in enumerate((f"{r.rank}", r.label, f"{r.score:.1%}")):
                item = QTableWidgetItem(text)
                if col != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.ranking.setItem(i, col, item)
        self.ranking.resizeRowsToContents()
        top = matrix.top
        self.summary.setText(
            "No option passes the hard constraints."
            if top is None
            else f"First: {top.label} — score {top.score:.1%} with these weights."
        )
        self._reconcile(matrix, sens)

    def _reconcile(self, matrix: SelectionMatrix, sens: Any) -> None:
        """The report's reconciliation lines when the matrix's first is not the verdict's option."""
        rec = reporting.recommendation_for(self.sizing, matrix, sens) if self.sizing is not None else None
        lines = [] if rec is None or rec.agrees or rec.engine_pick is None else rec.reasons
        self.reconciliation.setText(" ".join(lines))
        self._fit_reconciliation()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_reconciliation()

    def weights_height(self) -> int:
        """[px] what the weights need: each row as tall as its name's line or its slider, the
        rows' spacing, and the box's title and frame (QGroupBox's own hint lets the rows overlap)."""
        rows = [max(self._names[k].fontMetrics().lineSpacing(), s.sizeHint().height()) for k, s in self.sliders.items()]
        spacing = max(self.grid.verticalSpacing(), 0) * max(len(rows) - 1, 0)
        frame = self.weights_box.sizeHint().height() - self.grid.sizeHint().height()
        margins = self.grid.contentsMargins()
        return sum(rows) + spacing + max(frame, 0) + margins.top() + margins.bottom()

    def _fit_reconciliation(self) -> None:
        """The reconciliation's paragraph where the step has room for it above whole weights; on a
        short step (1366x768 at 200 %: its six lines squeezed the weight sliders onto each other)
        it moves to the summary's tooltip."""
        text = self.reconciliation.text()
        lay = self.layout()
        if lay is None:
            return
        m = lay.contentsMargins()
        width = self.width() - m.left() - m.right()
        spare = self.height() - m.top() - m.bottom() - 2 * lay.spacing()
        spare -= self.summary.heightForWidth(width) + self.weights_height()
        fits = bool(text) and self.reconciliation.heightForWidth(width) <= spare
        self.reconciliation.setVisible(fits)
        tip = text if text and not fits else ""
        if self.summary.toolTip() != tip:
            self.summary.setToolTip(tip)

    def ranked_labels(self) -> list[str]:
        items = (self.ranking.item(r, 1) for r in range(self.ranking.rowCount()))
        return [item.text() for item in items if item is not None]

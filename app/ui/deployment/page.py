"""Deployment page: the best option of each deployment model side by side, the cumulative cost
over the horizon with its break-even months, and the hybrid's base-percentile slider.

The page shows what app.services.deployment computes; it holds no arithmetic. The slider is a
what-if: each settled move (debounced 200 ms) re-prices the comparison for that base percentile
from the sizing already made (no re-evaluation, a few milliseconds to a few hundred on a
whole-catalog scenario); the scenario's own assumption is left as it is."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSlider,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import DeploymentComparison, Scenario, Sizing
from app.services import deployment as service
from app.ui.chart_view import ChartView
from app.ui.deployment.table_model import DeploymentTableModel

DEBOUNCE_MS = 200
PERCENTILE_STEP = 5


class DeploymentPage(QWidget):
    """Shows a DeploymentComparison; `comparison_shown` after each one is on screen."""

    comparison_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deploymentPage")
        self._context: tuple[Any, Scenario, Sizing] | None = None  # (project or catalog, scenario, sizing)
        self.comparison: DeploymentComparison | None = None

        self.title = QLabel("Deployment comparison")
        self.title.setObjectName("pageTitle")
        self.summary = QLabel("Analyse a scenario to compare its deployment models.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.model = DeploymentTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("deploymentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long hybrid hardware names

        self.cumulative = ChartView()
        self.cumulative.setObjectName("deploymentCumulativeChart")
        self.break_evens = QLabel()
        self.break_evens.setObjectName("deploymentBreakEvens")
        self.break_evens.setWordWrap(True)
        self.break_evens.setTextFormat(Qt.TextFormat.RichText)

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("hybridPercentile")
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(PERCENTILE_STEP)
        self.slider.setPageStep(10)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setEnabled(False)
        self.slider_label = QLabel("Hybrid base: —")
        self.hybrid = ChartView()
        self.hybrid.setObjectName("deploymentHybridChart")
        self.notes = QLabel()
        self.notes.setObjectName("deploymentNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_percentile_settled)
        self.slider.valueChanged.connect(self._on_slider_value_changed)

        hybrid_box = QGroupBox("Hybrid: owned base sized to a percentile of the hourly traffic")
        hlay = QVBoxLayout(hybrid_box)
        row = QHBoxLayout()
        row.addWidget(self.slider_label)
        row.addWidget(self.slider, 1)
        hlay.addLayout(row)
        hlay.addWidget(self.hybrid, 1)

        charts = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.addWidget(self.cumulative, 1)
        llay.addWidget(self.break_evens)
        charts.addWidget(left)
        charts.addWidget(hybrid_box)
        charts.setSizes([640, 420])

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.table)
        body.addWidget(charts)
        body.setSizes([220, 420])

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(body, 1)
        lay.addWidget(self.notes)

    # -- hand-offs -----------------------------------------------------------------------------
    def set_context(self, project: Any, scenario: Scenario | None, sizing: Sizing | None) -> None:
        """The scenario and sizing to compare; shows the comparison the sizing carries."""
        if sizing is None or scenario is None:
            self._context = None
            self.show_comparison(None)
            return
        self._context = (project, scenario, sizing)
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(scenario.assumptions.hybrid_base_percentile)))
        self.slider.blockSignals(False)
        comparison = sizing.deployments
        if comparison is None and project is not None:
            comparison = service.compare_deployments(project, scenario, sizing)
        self.show_comparison(comparison)

    def _on_slider_value_changed(self, value: int) -> None:
        self.slider_label.setText(f"Hybrid base: P{value}")
        self._timer.start()

    def _on_percentile_settled(self) -> None:
        if self._context is None:
            return
        project, scenario, sizing = self._context
        if project is None:
            return
        self.show_comparison(service.compare_deployments(project, scenario, sizing, float(self.slider.value())))

    # -- view ----------------------------------------------------------------------------------
    def show_comparison(self, c: DeploymentComparison | None) -> None:
        self.comparison = c
        self.model.set_comparison(c)
        header = self.table.horizontalHeader()
        for column in (1, 2):  # hardware and model: the figures matter more at 1366 px
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, min(self.table.sizeHintForColumn(column), 200))
        self.slider.setEnabled(c is not None and c.hybrid_chart is not None)
        if c is None:
            self.summary.setText("Analyse a scenario to compare its deployment models.")
            self.break_evens.setText("")
            self.notes.setText("")
            self.comparison_shown.emit(None)
            return
        years = c.horizon_months / 12
        growth = f", traffic +{c.growth_per_quarter:.0%} a quarter" if c.growth_per_quarter else ""
        self.summary.setText(
            f"Best option of each deployment model over {years:g} year(s){growth}: cumulative cash "
            "(capex up front, no resale value), the hourly profile from the workload's traffic. "
            "Energy and CO2e marked ≈ are physical estimates for rented nodes."
        )
        self.slider_label.setText(f"Hybrid base: P{c.hybrid_base_percentile:g}")
        if c.cumulative_chart is not None:
            self.cumulative.set_chart(c.cumulative_chart)
        if c.hybrid_chart is not None:
            self.hybrid.set_chart(c.hybrid_chart)
        lines = [
            f"<b>month {b.month}</b>: {escape(b.cheaper_after)} is cheaper in total than "
            f"{escape(b.second if b.cheaper_after == b.first else b.first)}"
            for b in c.break_evens
            if b.month is not None
        ]
        self.break_evens.setText(
            "Break-even: " + "; ".join(lines) if lines else "No break-even within the horizon: the order never changes."
        )
        self.notes.setText("\n".join([*c.missing, *c.notes]))
        self.comparison_shown.emit(c)

"""Analysis page: run the sizing service in a worker, verdict banner, ranked options, linked plots.

Built lazily (pyqtgraph and the engine load only when this page is first shown). Until
`app.services.sizing.size_scenario` exists, the page says so in one line.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton,
    QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from app.domain import INSUFFICIENT_HARDWARE
from app.paths import EXAMPLES_DIR
from app.ui.options_table_model import OptionsTableModel
from app.ui.workers import TaskRunner

CHART_KEYS = ["latency_vs_concurrency", "cost_vs_latency", "memory", "replicas_vs_traffic"]


def sizing_service():
    """The sizing service module, or None while it has not landed."""
    try:
        from app.services import sizing
    except ImportError:
        return None
    return sizing if hasattr(sizing, "size_scenario") and hasattr(sizing, "load_scenario") else None


class AnalysisPage(QWidget):
    def __init__(self, project_getter, parent=None) -> None:
        super().__init__(parent)
        self.project_getter = project_getter
        self.service = sizing_service()
        self.sizing = None
        self.runner = TaskRunner(parent=self)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Analysis", objectName="pageTitle"))
        if self.service is None:
            lay.addWidget(QLabel("Analysis is not available yet: the sizing service "
                                 "(app.services.sizing) has not landed.", objectName="pageNotice"))
            lay.addStretch(1)
            return
        from app.ui.chart_view import ChartView  # pyqtgraph: lazily, here

        self.scenario_box = QComboBox()
        for path in sorted(EXAMPLES_DIR.glob("*.yaml")) if EXAMPLES_DIR.exists() else []:
            self.scenario_box.addItem(path.stem, str(path))
        self.run_button = QPushButton("Run analysis")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.banner = QLabel(objectName="verdictBanner")
        self.banner.setWordWrap(True)
        self.table_model = OptionsTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(Qt.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.explain = QTextBrowser(objectName="explainPanel")
        self.charts = {key: ChartView() for key in CHART_KEYS}

        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario:"))
        top.addWidget(self.scenario_box, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress)
        grid_w = QWidget()
        grid = QGridLayout(grid_w)
        for i, key in enumerate(CHART_KEYS):
            grid.addWidget(self.charts[key], i // 2, i % 2)
        lower = QSplitter(Qt.Horizontal)
        lower.addWidget(self.table)
        lower.addWidget(self.explain)
        lower.setStretchFactor(0, 3)
        split = QSplitter(Qt.Vertical)
        split.addWidget(grid_w)
        split.addWidget(lower)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.runner.progressed.connect(lambda f, _m: self.progress.setValue(int(f * 100)))
        self.runner.result_ready.connect(self._on_result_ready)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(lambda: self.cancel_button.setEnabled(False))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        for view in self.charts.values():
            view.option_clicked.connect(self.select_option)

    def run(self) -> None:
        """Hand off: load the scenario and size it in a worker."""
        path = self.scenario_box.currentData()
        project = self.project_getter()
        if not path or project is None:
            self.banner.setText("Open a project and choose a scenario first.")
            return
        service = self.service
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.runner.start(lambda progress, cancelled: service.size_scenario(
            project, service.load_scenario(path), progress=progress, cancelled=cancelled))

    def _on_result_ready(self, sizing) -> None:
        self.sizing = sizing
        if sizing.feasible:
            self.banner.setText(f"Feasible. {len(sizing.options)} options ranked.")
        else:
            lines = "; ".join(f"{c.constraint}: needs {c.required:g} {c.unit}, has {c.available:g} {c.unit}"
                              for c in sizing.binding_constraints)
            self.banner.setText(f"{sizing.error or INSUFFICIENT_HARDWARE}. {lines}")
        self.table_model.set_options(sizing.options)
        for chart in sizing.charts:
            if chart.key in self.charts:
                self.charts[chart.key].set_chart(chart)

    def _on_failed(self, message: str) -> None:
        self.banner.setText(f"Analysis failed: {message}")

    def select_option(self, option_index: int) -> None:
        src = self.table_model.index(option_index, 0)
        self.table.setCurrentIndex(self.proxy.mapFromSource(src))

    def _on_current_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        row = self.proxy.mapToSource(current).row()
        for view in self.charts.values():
            view.highlight(row)
        opt = self.table_model.option(row)
        parts = [f"<h3>{escape(opt.model)} on {escape(opt.hardware)}</h3>"]
        for e in opt.explanations:
            inputs = ", ".join(f"{escape(k)} = {escape(str(v))}" for k, v in e.inputs.items())
            parts.append(f"<p><b>{escape(e.quantity)} = {e.value:g} {escape(e.unit)}</b><br>"
                         f"<code>{escape(e.formula)}</code><br>{inputs}<br><i>{escape(e.source)}</i></p>")
        self.explain.setHtml("".join(parts))

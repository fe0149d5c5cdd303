"""Quality per dollar on the Selection page: the matrix's two quality charts (vs cost per 1M
tokens, vs p95 TTFT), drawn by ChartView from the same Chart records the PDF draws."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain import Chart
from app.ui.chart_view import ChartView

CHART_MIN_HEIGHT = 240  # px: readable at 1366x768 (the side column gave it ~80)


class QualityChartsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.views = {"quality_vs_cost": ChartView(), "quality_vs_ttft": ChartView()}
        for view in self.views.values():
            view.setMinimumHeight(CHART_MIN_HEIGHT)
        self.tabs.addTab(self.views["quality_vs_cost"], "vs cost per 1M tokens")
        self.tabs.addTab(self.views["quality_vs_ttft"], "vs p95 TTFT")
        self.note = QLabel()
        self.note.setObjectName("pageNotice")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.note)

    def set_charts(self, charts: Sequence[Chart]) -> None:
        for chart in charts:
            view = self.views.get(chart.key)
            if view is not None:
                view.set_chart(chart)
        left_out = charts[0].categories if charts else []
        more = f" and {len(left_out) - 3} more" if len(left_out) > 3 else ""
        self.note.setText(f"Not drawn (no score on the benchmark): {'; '.join(left_out[:3])}{more}" if left_out else "")
        self.note.setVisible(bool(left_out))

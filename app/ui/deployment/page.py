"""Deployment page: the best option of each deployment model side by side, the cumulative cost
over the horizon with its break-even months, and the hybrid's base-percentile slider.

The page shows what app.services.deployment computes; it holds no arithmetic. The slider is a
what-if: each settled move (debounced 200 ms) re-prices the comparison for that base percentile
from the sizing already made (no re-evaluation, a few milliseconds to a few hundred on a
whole-catalog scenario); the scenario's own assumption is left as it is until the user keeps the
slider's percentile ("Keep P80", an undo step), so the package and a reopen then use it too.

The comparison is computed in a worker (`runner`), never on the GUI thread: `set_context` and a
settled slider move return at once, the summary says it is being compared, and the newest
request's result is shown (`comparison_shown`); an older one still running is dropped."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import DeploymentComparison, Scenario, Sizing
from app.services import deployment as service
from app.ui.chart_view import ChartView
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel
from app.ui.splitters import MIN_PANE, Splitter
from app.ui.workers import TaskRunner

DEBOUNCE_MS = 200
PERCENTILE_STEP = 5
# Widest a text column opens at [px]. Text cells wrap at word boundaries (rows grow to their lines)
# instead of being cut mid-text: "Cloud reserved 1 y + on-demand peak" takes two lines of the label
# column, a hybrid's two hardware names three of the hardware column (issue 18, 1366 x 768).
TEXT_WIDTHS = {"label": 170, "hardware": 150, "model": 150}
# Shown elsewhere, so hidden in the table to fit 1366 px: CO2e per 1M tokens in the CO2e per month
# cell's tooltip. "What binds" shows as the last column, wrapped, where the room left for it holds
# each row's text in BINDS_MAX_LINES lines (never below BINDS_MIN_PX); else it is hidden and the
# details pane under the table (`row_detail`) gives the selected row's whole text, as do the
# deployment model cell's tooltip.
HIDDEN = ("co2_mtok",)
BINDS_MIN_PX = 240
BINDS_MAX_LINES = 3
TABLE_SHARE = 0.5  # the most of the table-and-charts split the table takes to show all its rows
NOTES_MAX_LINES = 5  # the notes under the charts scroll beyond this many lines (the charts keep their room)
COLUMN = {c.key: n for n, c in enumerate(DEPLOYMENT_COLUMNS)}


def wrap_lines(metrics: QFontMetrics, text: str, width: int) -> int:
    """Lines `text` takes word-wrapped at `width` [px] (a word wider than that counts its own line)."""
    rect = metrics.boundingRect(QRect(0, 0, max(width, 1), 1 << 20), int(Qt.TextFlag.TextWordWrap), text)
    return max(1, round(rect.height() / metrics.lineSpacing())) if text else 0


def wrap_px(metrics: QFontMetrics, text: str, lines: int) -> int:
    """The narrowest width [px] at which `text` word-wraps into at most `lines` lines (its longest
    word where no width does), found by bisection over [longest word, whole text]."""
    whole = metrics.horizontalAdvance(text)
    lo = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
    hi = max(whole, lo)
    while lo < hi:
        mid = (lo + hi) // 2
        if wrap_lines(metrics, text, mid) <= lines:
            hi = mid
        else:
            lo = mid + 1
    return hi


def two_line_px(metrics: QFontMetrics, texts: list[str]) -> int:
    """The width [px] that holds each of `texts` in two wrapped lines (0 for none)."""
    return max((wrap_px(metrics, t, 2) for t in texts if t), default=0)


class DeploymentPage(QWidget):
    """Shows a DeploymentComparison; `comparison_shown` after each one is on screen."""

    comparison_shown = Signal(object)
    # "Keep in scenario": the slider's percentile becomes the scenario's hybrid base (an undo step),
    # so the decision package, a reopen and the page agree (tgui6 D16: the package said P60 under P80)
    percentile_kept = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deploymentPage")
        self._context: tuple[Any, Scenario, Sizing] | None = None  # (project or catalog, scenario, sizing)
        self._model: str | None = None  # the recommendation's model when not the engine's (set_context)
        self.comparison: DeploymentComparison | None = None
        self.runner = TaskRunner(parent=self)  # compares off the GUI thread; a newer request wins
        self.runner.result_ready.connect(self.show_comparison)
        self.runner.failed.connect(self._on_failed)

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(COLUMN["binds"], QHeaderView.ResizeMode.Stretch)  # elided, whole in the tooltip
        self.table.setWordWrap(True)  # names and "what binds" wrap; each row is as tall as its lines
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the rows outgrowing the table bring a vertical scroll bar, a narrower viewport: fit again
        self.table.viewport().installEventFilter(self)
        self.row_detail = QLabel()  # the selected row's "what binds", whole (the column may be hidden)
        self.row_detail.setObjectName("deploymentRowDetail")
        self.row_detail.setWordWrap(True)
        self.row_detail.setTextFormat(Qt.TextFormat.PlainText)

        self.cumulative = ChartView()
        self.cumulative.setObjectName("deploymentCumulativeChart")
        # The curves fill the plot up to its top-right corner (the costliest model's last months):
        # an overlaid legend washed those points out. Its own column beside the plot covers none.
        self.cumulative.place_legend_beside()
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
        self.keep_percentile = QPushButton("Keep in scenario")
        self.keep_percentile.setObjectName("keepHybridPercentile")
        self.keep_percentile.setToolTip(
            "The slider is a what-if: the scenario, the decision package and a reopened project use the "
            "scenario's hybrid base until you keep the slider's percentile (an undo step)."
        )
        self.keep_percentile.setVisible(False)
        self.keep_percentile.clicked.connect(lambda: self.percentile_kept.emit(float(self.slider.value())))
        self.hybrid = ChartView()
        self.hybrid.setObjectName("deploymentHybridChart")
        # One curve, named by the box's title and the axes. Its legend sat over the curve's flat top
        # (a P60-P100 plateau drew washed out under it, as if the chart were empty): no legend here.
        self.hybrid.legend.setVisible(False)
        # shown instead of the hybrid chart when there is no hybrid to draw (never a stale or empty plot)
        self.no_hybrid = QLabel()
        self.no_hybrid.setObjectName("deploymentNoHybrid")
        self.no_hybrid.setWordWrap(True)
        self.no_hybrid.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_hybrid.setTextFormat(Qt.TextFormat.PlainText)
        self.hybrid_stack = QStackedWidget()
        self.hybrid_stack.addWidget(self.hybrid)
        self.hybrid_stack.addWidget(self.no_hybrid)
        self.notes = QLabel()
        self.notes.setObjectName("deploymentNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_percentile_settled)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        hybrid_box = QGroupBox("Hybrid: owned base sized to a percentile of the hourly traffic")
        hlay = QVBoxLayout(hybrid_box)
        row = QHBoxLayout()
        row.addWidget(self.slider_label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.keep_percentile)
        hlay.addLayout(row)
        hlay.addWidget(self.hybrid_stack, 1)

        charts = Splitter(Qt.Orientation.Horizontal)
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        self.no_rows = QLabel()  # shown instead of the cumulative chart when no model has a row
        self.no_rows.setObjectName("deploymentNoRows")
        self.no_rows.setWordWrap(True)
        self.no_rows.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_rows.setTextFormat(Qt.TextFormat.PlainText)
        self.cumulative_stack = QStackedWidget()
        self.cumulative_stack.addWidget(self.cumulative)
        self.cumulative_stack.addWidget(self.no_rows)
        self.no_rows.setText("No deployment model to chart: analyse a scenario first.")
        self.cumulative_stack.setCurrentWidget(self.no_rows)
        llay.addWidget(self.cumulative_stack, 1)
        llay.addWidget(self.break_evens)
        charts.addWidget(left)
        charts.addWidget(hybrid_box)
        charts.setSizes([640, 420])

        top = QWidget()
        self._top_layout = tlay = QVBoxLayout(top)
        tlay.setContentsMargins(0, 0, 0, 0)
        tlay.addWidget(self.table, 1)
        tlay.addWidget(self.row_detail)
        self.body = body = Splitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(charts)
        body.setSizes([250, 390])  # the six rows and the line under them
        self._body_dragged = False  # a user's drag of the split is kept (no refit over it)
        body.splitterMoved.connect(self._on_body_dragged)

        self.notes_area = QScrollArea()  # many notes scroll here instead of squeezing the page
        self.notes_area.setObjectName("deploymentNotesArea")
        self.notes_area.setWidgetResizable(True)
        self.notes_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notes_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_area.setWidget(self.notes)

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(body, 1)
        lay.addWidget(self.notes_area)

    # -- hand-offs -----------------------------------------------------------------------------
    def set_context(
        self, project: Any, scenario: Scenario | None, sizing: Sizing | None, model: str | None = None
    ) -> None:
        """The scenario and sizing to compare: the comparison the sizing carries is shown at once,
        else it is computed in the worker and shown when done (`comparison_shown`). `model`: the
        selection matrix's recommended model, compared as the decision package compares it (D11);
        None or the engine's recommended model: the engine's comparison."""
        self._timer.stop()
        rec = sizing.recommended if sizing is not None else None
        self._model = model if model is not None and rec is not None and model != rec.model else None
        if sizing is None or scenario is None:
            self._context = None
            self.runner.cancel()
            self.show_comparison(None)
            return
        self._context = (project, scenario, sizing)
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(scenario.assumptions.hybrid_base_percentile)))
        self.slider.blockSignals(False)
        self._show_keep()
        if (sizing.deployments is not None and self._model is None) or project is None:
            self.runner.cancel()
            self.show_comparison(sizing.deployments)
            return
        self._compare(project, scenario, sizing, None)

    def _compare(self, project: Any, scenario: Scenario, sizing: Sizing, percentile: float | None) -> None:
        """Start the comparison in the worker (any older one's result is dropped)."""
        self.summary.setText("Comparing the deployment models…")

        model = self._model

        def job(progress: Any, cancelled: Any) -> DeploymentComparison:
            if model is not None:
                return service.compare_deployments(project, scenario, sizing, percentile, model=model)
            if percentile is None:
                return service.compare_deployments(project, scenario, sizing)
            return service.compare_deployments(project, scenario, sizing, percentile)

        self.runner.start(job)

    def stop_work(self) -> None:
        """No more comparisons: a settling slider move dropped, a running one's result ignored."""
        self._timer.stop()
        self.runner.cancel()

    def _on_failed(self, message: str) -> None:
        self.summary.setText(f"The deployment models could not be compared: {message}")

    def _on_slider_value_changed(self, value: int) -> None:
        self.slider_label.setText(f"Hybrid base: P{value}")
        self._show_keep()
        self._timer.start()

    def _show_keep(self) -> None:
        """The keep button shows while the slider differs from the scenario's own percentile, saying
        what the package would use instead."""
        saved = self._context[1].assumptions.hybrid_base_percentile if self._context is not None else None
        differs = saved is not None and self.slider.value() != int(round(saved))
        self.keep_percentile.setVisible(differs)
        if differs:
            self.keep_percentile.setText(f"Keep P{self.slider.value()} (scenario: P{saved:g})")

    def _on_percentile_settled(self) -> None:
        if self._context is None:
            return
        project, scenario, sizing = self._context
        if project is None:
            return
        self._compare(project, scenario, sizing, float(self.slider.value()))

    def _on_current_row_changed(self, current: Any, _previous: Any) -> None:
        self._show_row_detail(current.row() if current.isValid() else 0)

    # -- view ----------------------------------------------------------------------------------
    def _show_row_detail(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.row_detail.setText("")
            return
        r = self.model.row(row)
        dominated = f" ({r.dominated})" if r.dominated else ""
        self.row_detail.setText(f"{r.label}, {r.hardware}: {r.binds}{dominated}")
        self._fit_text()

    def _fit_columns(self, c: DeploymentComparison | None) -> None:
        """Numbers at their width under a two-line header; text columns capped (elided, whole in the
        tooltip); the model column only when the rows run different models (else the summary
        names it)."""
        header = self.table.horizontalHeader()
        one_model = c is not None and len({r.model for r in c.rows}) <= 1
        self.table.setColumnHidden(COLUMN["model"], one_model)
        for key in HIDDEN:
            self.table.setColumnHidden(COLUMN[key], True)
        for key, width in TEXT_WIDTHS.items():
            column = COLUMN[key]
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            # never narrower than its header (with no rows, the contents' hint is a few pixels)
            fit = min(max(self.two_line_px(column), header.sectionSizeHint(column)), width)
            header.resizeSection(column, fit)
        self._fit_binds()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_binds()
        self._fit_text()
        self._fit_table_height()

    def _on_body_dragged(self, _pos: int, _index: int) -> None:
        self._body_dragged = True

    def table_px(self) -> int:
        """The height [px] the table needs to show its header and every (wrapped) row."""
        rows = sum(max(self.table.rowHeight(r), self.table.sizeHintForRow(r)) for r in range(self.model.rowCount()))
        frame = 2 * self.table.frameWidth()
        scroll = self.table.horizontalScrollBar()
        return self.table.horizontalHeader().height() + rows + frame + (scroll.height() if scroll.isVisible() else 0)

    def _fit_table_height(self) -> None:
        """Give the table the height of its rows, up to TABLE_SHARE of the split (the charts keep the
        rest): wrapped rows grew taller than the fixed 250 px pane and scrolled at 1920 x 1080."""
        total = sum(self.body.sizes())
        if self._body_dragged or total <= 0 or self.model.rowCount() == 0:
            return
        detail = self.row_detail.height() + self._top_layout.spacing()
        want = min(self.table_px() + detail, int(total * TABLE_SHARE))
        want = max(want, MIN_PANE)
        self.body.blockSignals(True)
        self.body.setSizes([want, total - want])
        self.body.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_binds()
        return super().eventFilter(watched, event)

    def _fit_text_columns(self) -> None:
        """The text columns (deployment model, hardware; wrapped, whole in the tooltip) fitted to the
        view when "what binds" is hidden: narrowed, the widest first, down to their headers, while the
        shown columns are wider than the view (at 1366 x 768 a vertical scroll bar took the last
        column's room and brought a horizontal one, issue 18 leftover); widened, hardware first, up
        to their one-line width while room is left (the last column stretched to 142 px for one
        digit while the hardware names took three lines)."""
        header = self.table.horizontalHeader()
        shown = [k for k in range(self.model.columnCount()) if not self.table.isColumnHidden(k)]
        last = shown[-1] if shown else -1
        natural = max(header.sectionSizeHint(last), self.table.sizeHintForColumn(last)) if shown else 0
        over = sum(header.sectionSize(k) for k in shown if k != last) + natural - (self.table.viewport().width() - 1)
        text = [COLUMN[key] for key in TEXT_WIDTHS if COLUMN[key] in shown and COLUMN[key] != last]
        while over > 0:
            room = {k: header.sectionSize(k) - header.sectionSizeHint(k) for k in text}
            k = max(room, key=lambda c: room[c], default=None)
            if k is None or room[k] <= 0:
                return
            cut = min(over, room[k], max(1, header.sectionSize(k) // 8))
            header.resizeSection(k, header.sectionSize(k) - cut)
            over -= cut
        for k in sorted(text, key=lambda c: c != COLUMN["hardware"]):
            grow = min(-over, max(self.one_line_px(k) - header.sectionSize(k), 0))
            header.resizeSection(k, header.sectionSize(k) + grow)
            over += grow

    def _cell_metrics(self, row: int, column: int) -> QFontMetrics:
        font = self.model.index(row, column).data(Qt.ItemDataRole.FontRole)
        return QFontMetrics(font) if isinstance(font, QFont) else self.table.fontMetrics()

    def two_line_px(self, column: int) -> int:
        """The width [px] that holds each cell of `column` in two wrapped lines, padding included
        (italic rows measured in their own font)."""
        cells = [
            (self._cell_metrics(r, column), str(self.model.index(r, column).data() or ""))
            for r in range(self.model.rowCount())
        ]
        return max((wrap_px(m, t, 2) + self.cell_padding_px() for m, t in cells if t), default=0)

    def one_line_px(self, column: int) -> int:
        """The width [px] that holds each cell of `column` on one line, padding included."""
        cells = [
            (self._cell_metrics(r, column), str(self.model.index(r, column).data() or ""))
            for r in range(self.model.rowCount())
        ]
        return max((m.horizontalAdvance(t) + self.cell_padding_px() for m, t in cells if t), default=0)

    def _fit_text(self) -> None:
        """Each word-wrapped label as tall as its lines at its width: a page inside the window's stack
        gets no height-for-width from Qt's layouts, so a short window squeezed the summary until its
        two lines drew over each other. The notes take at most NOTES_MAX_LINES, then scroll."""
        for label in (self.summary, self.row_detail, self.break_evens):
            width = label.width() if label.isVisible() else label.sizeHint().width()
            label.setMinimumHeight(max(label.heightForWidth(width), 0) if width > 0 and label.text() else 0)
        line = self.notes.fontMetrics().lineSpacing()
        width = self.notes_area.viewport().width()
        need = self.notes.heightForWidth(width) if self.notes.text() and width > 0 else 0
        self.notes_area.setFixedHeight(min(max(need, 0), NOTES_MAX_LINES * line + line // 2))

    def cell_padding_px(self) -> int:
        """The room [px] a cell's text loses to its margins (the style's focus frame, each side)."""
        style = self.table.style()
        return 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1) + 2

    def binds_px(self) -> int:
        """The width [px] the "what binds" column wants: each row's text in BINDS_MAX_LINES wrapped
        lines (and the cell's padding), at least BINDS_MIN_PX."""
        metrics = self.table.fontMetrics()
        texts = [self.model.row(k).binds for k in range(self.model.rowCount())]
        need = max((wrap_px(metrics, t, BINDS_MAX_LINES) for t in texts), default=0)
        return max(BINDS_MIN_PX, need + self.cell_padding_px())

    def _fit_binds(self) -> None:
        """Show the "what binds" column only when it gets `binds_px` next to the others."""
        header, binds = self.table.horizontalHeader(), COLUMN["binds"]
        used = 0
        for k in range(self.model.columnCount()):
            if k == binds or self.table.isColumnHidden(k):
                continue
            natural = max(header.sectionSizeHint(k), self.table.sizeHintForColumn(k))
            used += natural if k == COLUMN["burden"] else header.sectionSize(k)
        room = self.table.viewport().width() - used
        self.table.setColumnHidden(binds, room < self.binds_px())
        if self.table.isColumnHidden(binds):
            self._fit_text_columns()
        self._fit_table_height()  # the rows' wrapped lines follow the column widths

    def _show_hybrid(self, c: DeploymentComparison | None) -> None:
        live = c is not None and c.hybrid_chart is not None and bool(c.hybrid_chart.series)
        self.slider.setEnabled(live)
        if live and c is not None and c.hybrid_chart is not None:
            self.hybrid.set_chart(c.hybrid_chart)
            self.hybrid_stack.setCurrentWidget(self.hybrid)
            return
        why = next((m for m in (c.missing if c is not None else []) if m.startswith("hybrid")), "")
        self.no_hybrid.setText(
            "No hybrid to compare"
            + (f": {why.removeprefix('hybrid: ')}" if why else ": analyse a scenario first" if c is None else ".")
        )
        self.slider_label.setText("Hybrid base: n/a")
        self.hybrid_stack.setCurrentWidget(self.no_hybrid)

    def show_comparison(self, c: DeploymentComparison | None) -> None:
        self.comparison = c
        self.model.set_comparison(c)
        self._fit_columns(c)
        self._show_row_detail(0)
        if c is None:
            self._show_hybrid(None)
            self.no_rows.setText("No deployment model to chart: analyse a scenario first.")
            self.cumulative_stack.setCurrentWidget(self.no_rows)
            self.summary.setText("Analyse a scenario to compare its deployment models.")
            self.break_evens.setText("")
            self.notes.setText("")
            self._fit_text()
            self.comparison_shown.emit(None)
            return
        years = c.horizon_months / 12
        growth = f", traffic +{c.growth_per_quarter:.0%} a quarter" if c.growth_per_quarter else ""
        models = sorted({r.model for r in c.rows})
        model = f" Model: {models[0]}." if len(models) == 1 else ""
        if model and self._model is not None and models[0] == self._model:
            model = f" Model: {models[0]}, the selection matrix's recommendation (as in the decision package)."
        self.summary.setText(
            f"Best option of each deployment model over {years:g} year(s){growth}: cumulative cash "
            "(capex up front, no resale value; owned nodes' delivery time bridged by cloud on-demand), "
            f"the hourly profile from the workload's traffic. Energy and CO2e marked ≈ are physical "
            f"estimates for rented nodes.{model}"
        )
        self.slider_label.setText(f"Hybrid base: P{c.hybrid_base_percentile:g}")
        if c.cumulative_chart is not None and c.rows:
            self.cumulative.set_chart(c.cumulative_chart)
            self.cumulative_stack.setCurrentWidget(self.cumulative)
        else:  # nothing to draw: say why rather than show empty axes
            self.no_rows.setText("No deployment model to chart" + (f": {c.missing[0]}" if c.missing else "."))
            self.cumulative_stack.setCurrentWidget(self.no_rows)
        self._show_hybrid(c)
        lines = [
            f"<b>month {b.month}</b>: {escape(b.cheaper_after)} is cheaper in total than "
            f"{escape(b.second if b.cheaper_after == b.first else b.first)}"
            + (
                f" (behind again in month {b.behind_again}; for good from month {b.for_good_from})"
                if b.flips_back
                else ""
            )
            for b in c.break_evens
            if b.month is not None
        ]
        self.break_evens.setText(
            "Break-even: " + "; ".join(lines) if lines else "No break-even within the horizon: the order never changes."
        )
        self.notes.setText("\n".join([*c.missing, *c.notes]))
        self._fit_text()
        self._fit_table_height()
        self.comparison_shown.emit(c)

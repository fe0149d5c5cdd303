"""Selection matrix page: a heat-map table, weight sliders that re-rank live, the sensitivity view.

The page shows what app.services.reporting computes; it holds no arithmetic. Weight changes are
debounced (200 ms) and re-scored through `reporting.rescore`, which reuses the figures and only
recomputes scores, ranks and sensitivity (about 20 ms for 30 rows).
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import Catalog, DomainError
from app.paths import STYLE_DIR
from app.services import quality, reporting, selection_weights
from app.ui.explain_panel import HEADERS_WHOLE
from app.ui.quality.quality_charts import QualityChartsView
from app.ui.quality.quality_panel import QualityPanel
from app.ui.roles import ALIGNMENT, BACKGROUND, DISPLAY, NO_FLAGS, READ_ONLY, TOOLTIP, USER
from app.ui.splitters import Splitter

_R = Qt.AlignRight | Qt.AlignVCenter
_L = Qt.AlignLeft | Qt.AlignVCenter
SLIDER_MAX = 10  # weights 0..10 in whole steps
DEBOUNCE_MS = 200
HEAT_SERIES = 2  # the palette's green (resources/style/plots.json)


@lru_cache(maxsize=1)
def _palette() -> dict:
    return json.loads((STYLE_DIR / "plots.json").read_text(encoding="utf-8"))["normal"]


def heat_colour(n: float) -> str:
    """Background to the palette's green as n goes 0 (worst) to 1 (best); 55 % at most."""
    base, hot = QColor(_palette()["background"]), QColor(_palette()["series"][HEAT_SERIES])
    t = 0.55 * min(max(n, 0.0), 1.0)
    mix = [round(a + (b - a) * t) for a, b in zip(base.getRgb()[:3], hot.getRgb()[:3], strict=False)]
    return QColor(*mix).name()


class SelectionTableModel(QAbstractTableModel):
    """Rows of a SelectionMatrix (ranked, then excluded); columns: rank, option, criteria, score, note."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = None
        self._rows: list = []
        self._criteria: list = []
        self._ranges: dict[str, tuple[int, int]] = {}  # label -> (best, worst) rank over unknown scores

    def set_matrix(self, matrix, missing=None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self._rows = list(matrix.rows) if matrix is not None else []
        self._criteria = list(matrix.criteria) if matrix is not None else []
        self._ranges = {r.label: (r.best_rank, r.worst_rank) for r in (missing.ranges if missing else [])}
        self.endResetModel()

    def row(self, r: int):
        return self._rows[r]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._criteria) + 4

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < self.columnCount():
            return None
        n = len(self._criteria)
        if role == Qt.DisplayRole:
            if section == 0:
                return "Rank"
            if section == 1:
                return "Option"
            if section == n + 2:
                return "Score"
            if section == n + 3:
                return "Excluded because"
            c = self._criteria[section - 2]
            return f"{c.name} [{c.unit}] {'↑' if c.direction == 'benefit' else '↓'}"
        if role == Qt.ToolTipRole and 2 <= section < n + 2:
            return self._criteria[section - 2].description
        return None

    def _value(self, r, col: int):
        n = len(self._criteria)
        if col == 0:
            return r.rank
        if col == 1:
            return r.label
        if col == n + 2:
            return None if r.score is None else 100 * r.score
        if col == n + 3:
            return "; ".join(r.reasons)
        return r.values.get(self._criteria[col - 2].key)

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        r, col, n = self._rows[index.row()], index.column(), len(self._criteria)
        value = self._value(r, col)
        if role == DISPLAY:
            if value is None:
                if 2 <= col < n + 2 and not r.excluded and self._criteria[col - 2].unknown_when_missing:
                    return "unknown"
                return "" if col in (0, n + 2) or r.excluded else "n/a"
            if col == 0 and r.label in self._ranges and self._ranges[r.label][0] != self._ranges[r.label][1]:
                best, worst = self._ranges[r.label]
                return f"{value} ({best}–{worst})"
            if isinstance(value, str):
                return value
            if 2 <= col < n + 2 and r.notes.get(self._criteria[col - 2].key):
                return f"{value:,.{self._criteria[col - 2].digits}f} *"
            digits = 1 if col == n + 2 else (0 if col == 0 else self._criteria[col - 2].digits)
            return f"{value:,.{digits}f}"
        if role == ALIGNMENT:
            return int(_L if col in (1, n + 3) else _R)
        if role == USER:
            return value if isinstance(value, (int, float)) else (value or "")
        if role == BACKGROUND and 2 <= col < n + 2 and not r.excluded:
            return QColor(heat_colour(r.normalised.get(self._criteria[col - 2].key, 0.0)))
        if role == TOOLTIP:
            if r.excluded:
                return "Excluded: " + "; ".join(r.reasons)
            if col == 0 and r.label in self._ranges:
                best, worst = self._ranges[r.label]
                return f"Rank {value}; over the plausible range of its unknown scores: {best} to {worst}"
            if 2 <= col < n + 2:
                c = self._criteria[col - 2]
                note = r.notes.get(c.key, "")
                return f"{c.name}: normalised {r.normalised.get(c.key, 0.0):.2f} (1 = best of the field)" + (
                    f"; {note}" if note else ""
                )
        return None

    def flags(self, index):
        return READ_ONLY if index.isValid() else NO_FLAGS


class SelectionPage(QWidget):
    """set_sizing(project, scenario, sizing) fills it; `weights_changed` tells the export what to use."""

    weights_changed = Signal(dict)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = None
        self.sensitivity = None
        self._inputs: tuple | None = None  # (project, scenario, sizing) of the last set_sizing
        self.quality_panel = QualityPanel()
        self.quality_charts = QualityChartsView()
        self._base = None  # the matrix as first built
        self._defaults: dict[str, float] | None = None  # the service's default weights, for Reset
        self.sliders: dict[str, QSlider] = {}
        self._slider_labels: dict[str, QLabel] = {}
        self._slider_names: dict[str, QLabel] = {}
        self.model = SelectionTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        # Criterion headers wrap onto more lines instead of being cut (their columns are capped).
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignCenter | Qt.TextWordWrap)
        header.ensurePolished()
        header.setMinimumHeight(header.fontMetrics().lineSpacing() * 3 + 8)  # QHeaderView sizes for one line
        self.summary = QLabel("Run an analysis first: the matrix scores its options.", objectName="pageNotice")
        self.summary.setWordWrap(True)
        self.sensitivity_view = QTextBrowser(objectName="detailPanel")
        self.sensitivity_view.document().setDefaultStyleSheet(HEADERS_WHOLE)  # 'Criterion' never 'Criterio/n'
        self.weights_box = QGroupBox("Weights")
        self.weights_grid = QGridLayout(self.weights_box)
        self.weights_grid.setColumnStretch(0, 3)
        self.weights_grid.setColumnStretch(1, 2)
        self.reset_button = QPushButton("Reset weights")
        self.reset_button.setEnabled(False)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.undo_stack: QUndoStack | None = None  # weight changes recorded there (use_undo_stack)
        self._settled: dict[str, float] | None = None  # the weights the table was last ranked with
        self._applying = False  # an undo or redo sets the sliders: not recorded again

        # The weights scroll in their own part of a vertical splitter, so the Sensitivity and
        # Quality per dollar tabs keep a readable height at 1366x768 (the chart was ~80 px tall).
        weights = QWidget()
        weights_lay = QVBoxLayout(weights)
        weights_lay.setContentsMargins(0, 0, 0, 0)
        weights_lay.addWidget(self.weights_box)
        weights_lay.addWidget(self.reset_button)
        weights_lay.addStretch(1)
        weights_scroll = QScrollArea()
        weights_scroll.setWidgetResizable(True)
        weights_scroll.setFrameShape(QFrame.Shape.NoFrame)
        weights_scroll.setWidget(weights)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.sensitivity_view, "Sensitivity")
        self.side_tabs.addTab(self.quality_charts, "Quality per dollar")
        side = Splitter(Qt.Vertical)
        side.addWidget(weights_scroll)
        side.addWidget(self.side_tabs)
        side.setSizes([300, 360])  # weights, then the tabs (the chart's minimum height is kept)
        side.setChildrenCollapsible(False)
        split = Splitter(Qt.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Selection matrix", objectName="pageTitle"))
        top.addStretch(1)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.quality_panel)
        lay.addWidget(split, 1)

        self._debounce.timeout.connect(self._on_weights_settled)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.quality_panel.benchmark_chosen.connect(self._on_benchmark_chosen)
        self.quality_panel.files_chosen.connect(self._on_files_chosen)

    # -- inputs ------------------------------------------------------------------------------
    def set_sizing(self, project, scenario, sizing) -> None:
        """Hand off: the service builds the matrix and its sensitivity. The weights the user set
        survive a new sizing (a what-if run); Reset goes back to the defaults."""
        same = self._inputs is not None and self._inputs[1].name == scenario.name
        # another scenario: its own weights, kept in the project (D11), else the defaults
        weights = self.weights() if self.sliders and same else None
        self._inputs = (project, scenario, sizing)
        matrix, sens = reporting.build_selection(project, scenario, sizing, weights)
        if weights is None or self._defaults is None:
            self._defaults = selection_weights.defaults_for(scenario.workload)
        self.show_selection(matrix, sens)

    def show_selection(self, matrix, sens) -> None:
        self._base = matrix
        self._build_sliders(matrix)
        self._settled = self.weights()  # what an undo of the next weight change goes back to
        self.reset_button.setEnabled(True)
        self._show(matrix, sens)

    def weights(self) -> dict[str, float]:
        return {key: float(s.value()) for key, s in self.sliders.items()}

    def use_undo_stack(self, stack: QUndoStack) -> None:
        """Record weight changes on `stack` (the window's: Edit → Undo takes a weight back, D30)."""
        self.undo_stack = stack

    def apply_weights(self, weights: dict[str, float]) -> None:
        """Set the sliders to `weights` and re-rank at once (an undo or redo step)."""
        self._applying = True
        try:
            for key, value in weights.items():
                if key in self.sliders:
                    self.sliders[key].setValue(int(round(value)))
            self._debounce.stop()
            self._on_weights_settled()
        finally:
            self._applying = False

    # -- views ---------------------------------------------------------------------------------
    def _build_sliders(self, matrix) -> None:
        while self.weights_grid.count():
            item = self.weights_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.sliders.clear()
        self._slider_labels.clear()
        self._slider_names.clear()
        for i, c in enumerate(matrix.criteria):
            slider = QSlider(Qt.Horizontal)
            slider.setRange(0, SLIDER_MAX)
            slider.setValue(int(round(c.weight)))
            slider.setToolTip(c.description)
            slider.setMinimumWidth(90)  # a long criterion name wraps; the slider keeps a usable track
            value = QLabel(f"{c.weight:g}")
            name = QLabel(c.name)
            name.setWordWrap(True)
            name.setToolTip(c.description)
            self.weights_grid.addWidget(name, i, 0)
            self.weights_grid.addWidget(slider, i, 1)
            self.weights_grid.addWidget(value, i, 2)
            slider.valueChanged.connect(lambda v, label=value: (label.setText(str(v)), self._debounce.start()))
            self.sliders[c.key] = slider
            self._slider_labels[c.key] = value
            self._slider_names[c.key] = name

    def _show(self, matrix, sens) -> None:
        self.matrix, self.sensitivity = matrix, sens
        self.model.set_matrix(matrix, sens.missing if sens is not None else None)
        self.quality_panel.set_choices(matrix.quality_choices, matrix.quality_benchmark)
        for c in matrix.criteria:  # the quality criterion's name carries the chosen benchmark
            if c.key in self._slider_names:
                self._slider_names[c.key].setText(c.name)
        self.quality_charts.set_charts(matrix.quality_charts)
        self.table.resizeColumnsToContents()
        # Long option labels wrap and long criterion headers are cut (the header's tooltip has
        # the criterion): the score columns stay in view next to the options.
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 300))
        for col in range(2, self.model.columnCount() - 1):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 130))
        self.table.resizeRowsToContents()
        top = matrix.top
        if top is None:
            self.summary.setText("No option passes the hard constraints; the excluded rows say why.")
        else:
            share = sens.top_stability if sens is not None else None
            extra = (
                f"; first in {100 * share:.0f} % of {sens.samples:,} perturbed weightings" if share is not None else ""
            )
            marked = (
                " * : see the cell's tooltip (e.g. quality measured at BF16, served FP8)."
                if any(r.notes for r in matrix.ranked)
                else ""
            )
            unknown = f" {matrix.unknown_note[0].upper()}{matrix.unknown_note[1:]}." if matrix.unknown_note else ""
            self.summary.setText(f"First: {top.label} (score {100 * top.score:.1f}/100){extra}.{unknown}{marked}")
        self.sensitivity_view.setHtml(sensitivity_html(sens))

    # -- slots ---------------------------------------------------------------------------------
    def _on_weights_settled(self) -> None:
        if self._base is None:
            return
        weights = self.weights()
        if sum(weights.values()) <= 0:
            self.summary.setText("At least one weight must be above 0.")
            return
        matrix, sens = reporting.rescore(self._base, weights)
        self._show(matrix, sens)
        old, self._settled = self._settled, weights
        stack = self.undo_stack
        if stack is not None and shiboken6.isValid(stack) and not self._applying and old is not None and old != weights:
            stack.push(SetWeightsCommand(self, old, weights))
        self._keep_weights(weights)
        self.weights_changed.emit(weights)

    def _keep_weights(self, weights: dict[str, float]) -> None:
        """Save the weights with the scenario in the project (kept on quit and reopen, D11)."""
        if self._inputs is None or isinstance(self._inputs[0], Catalog):
            return
        project, scenario, _sizing = self._inputs
        try:
            selection_weights.save_weights(project, scenario.name, weights)
        except DomainError as exc:  # a locked or read-only file: the page keeps them, and says so
            self.summary.setText(f"{self.summary.text()} The weights could not be saved: {exc}")

    def _on_benchmark_chosen(self, benchmark: str) -> None:
        if self._inputs is None:
            return
        project, scenario, sizing = self._inputs
        quality.choose_benchmark(project, scenario.name, benchmark)
        matrix, sens = reporting.build_selection(project, scenario, sizing, self.weights(), quality=benchmark)
        self._base = matrix
        self._show(matrix, sens)
        self.quality_panel.say(f"Quality now stands for {benchmark}; the report will say so.")

    def _on_files_chosen(self, paths: list) -> None:
        if self._inputs is None:
            self.quality_panel.warn("Run an analysis first: the evaluations are shown in its matrix.")
            return
        project, scenario, sizing = self._inputs
        try:
            summary = quality.import_evaluations(project, paths)
        except DomainError as exc:
            self.quality_panel.warn(f"Nothing imported: {exc}")
            return
        matrix, sens = reporting.build_selection(project, scenario, sizing, self.weights())
        self._base = matrix
        self._show(matrix, sens)
        self.quality_panel.say(f"Imported {summary}. Choose 'Own: …' above to let it stand for quality.")

    def _on_reset_clicked(self) -> None:
        if self._base is None:
            return
        defaults = self._defaults or {c.key: c.weight for c in self._base.criteria}
        for key, slider in self.sliders.items():
            slider.setValue(int(round(defaults.get(key, slider.value()))))


class SetWeightsCommand(QUndoCommand):
    """The selection matrix's weights changed (a slider, or Reset weights): one Edit → Undo step.
    Recorded once the table has re-ranked, so the first redo does nothing."""

    def __init__(self, page: SelectionPage, old: dict[str, float], new: dict[str, float]) -> None:
        changed = [k for k in new if old.get(k) != new[k]]
        names = ", ".join(page._slider_names[k].text() for k in changed if k in page._slider_names)
        super().__init__(f"Set selection weight{'s' if len(changed) > 1 else ''} {names}".strip())
        self.page, self.old, self.new = page, dict(old), dict(new)
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
        else:
            self.page.apply_weights(self.new)

    def undo(self) -> None:
        self.page.apply_weights(self.old)


def sensitivity_html(sens) -> str:
    if sens is None or sens.top is None:
        return "<p>No sensitivity: no option passes the hard constraints.</p>"
    rows = []
    for w in sens.weights:
        down = (
            f"{100 * w.down_to_share:.1f} % → {escape(w.down_winner or '')}"
            if w.down_to_share is not None
            else "0 %, no change"
        )
        up = (
            f"{100 * w.up_to_share:.1f} % → {escape(w.up_winner or '')}"
            if w.up_to_share is not None
            else "100 %, no change"
        )
        rows.append(
            f"<tr><td>{escape(w.name)}</td><td align='right'>{100 * w.share:.1f} %</td>"
            f"<td>{down}</td><td>{up}</td></tr>"
        )
    stab = "".join(
        f"<tr><td>{escape(r.label)}</td><td align='right'>{100 * r.top_share:.1f} %</td>"
        f"<td align='right'>{100 * r.rank_share:.1f} %</td></tr>"
        for r in sens.stability[:10]
    )
    missing = ""
    if sens.missing is not None and sens.missing.unknown_rows:
        ranges = "".join(
            f"<tr><td>{escape(r.label)}</td><td align='right'>{r.rank}</td>"
            f"<td align='right'>{r.best_rank}–{r.worst_rank}</td></tr>"
            for r in sens.missing.ranges
            if r.best_rank != r.worst_rank
        )
        missing = f"<h3>Missing scores</h3><p>{escape(sens.missing.statement)}</p>" + (
            f"<table cellpadding='2'><tr><th>Option</th><th>Rank</th><th>Could be</th></tr>{ranges}</table>"
            if ranges
            else ""
        )
    return (
        f"<h3>Sensitivity of the top choice</h3><p>{escape(sens.top)}</p>{missing}"
        "<table cellspacing='0' cellpadding='2'><tr><th>Criterion</th><th>Share</th><th>Can fall to</th>"
        f"<th>Can rise to</th></tr>{''.join(rows)}</table>"
        f"<h3>Rank stability ({sens.samples:,} draws)</h3>"
        f"<table cellpadding='2'><tr><th>Option</th><th>First</th><th>Keeps rank</th></tr>{stab}</table>"
    )

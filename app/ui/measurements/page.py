"""The Measurements page: import benchmark result files, match each run to a model, accelerator,
runtime and precision (editable cells), compare predicted with measured (chart and residual
table), fit the efficiency profiles, apply a fit and revert to the catalog. Slots hand off: the
services read files and fit (the fit on a worker), undo commands write (one transaction each)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import DomainError
from app.domain.measurement import METRIC_LABELS, METRICS, MeasuredRun, Residual
from app.services import measurements as ms
from app.ui import file_dialogs
from app.ui.measurements.commands import ApplyCalibrationCommand, RevertToCatalogCommand, SetRunsCommand
from app.ui.measurements.plot import MeasuredPlot
from app.ui.measurements.residuals_model import FITTED_COLUMNS, ResidualsTableModel
from app.ui.measurements.residuals_model import HEADERS as RESIDUAL_HEADERS
from app.ui.measurements.runs_model import RunsTableModel
from app.ui.splitters import Splitter
from app.ui.workers import TaskRunner

FILE_FILTER = "Benchmark results (*.json *.jsonl *.csv *.txt *.log);;All files (*)"


class MeasurementsPage(QWidget):
    message_posted = Signal(str)
    catalog_changed = Signal()  # a calibration applied or reverted: the engine's profiles changed
    results_shown = Signal()  # the residual table and chart show the latest comparison

    def __init__(self, project: Callable[[], Any], undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self.undo_stack = undo_stack
        self.runs: list[MeasuredRun] = []
        self.fitted: ms.FitResult | None = None
        self.now: list[Residual] = []
        self.runner = TaskRunner(parent=self)
        self.runner.result_ready.connect(self._on_result_ready)
        self.runner.failed.connect(self._on_failed)

        self.import_button = QPushButton("Import results…")
        self.fit_button = QPushButton("Fit to these runs")
        self.apply_button = QPushButton("Apply fit")
        self.profiles = QComboBox()
        self.profiles.setMinimumContentsLength(18)
        self.revert_button = QPushButton("Revert to catalog")
        self.remove_button = QPushButton("Remove run")
        for b in (self.apply_button, self.revert_button, self.fit_button, self.remove_button):
            b.setEnabled(False)  # nothing to fit or remove before a run is read (see _sync_run_buttons)
        bar = QHBoxLayout()
        for w in (self.import_button, self.remove_button, self.fit_button, self.apply_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel("Calibrated profile:"))
        bar.addWidget(self.profiles)
        bar.addWidget(self.revert_button)

        self.status = QLabel()
        self.status.setObjectName("calibrationStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # What the last import refused (a file) or left out (a value), file by file, in the page
        # itself: the status bar cut it at the window's edge and the next message replaced it (D22)
        self.import_report = QLabel()
        self.import_report.setObjectName("importReport")
        self.import_report.setWordWrap(True)
        self.import_report.setTextFormat(Qt.TextFormat.RichText)  # every file name and message escaped
        self.import_report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_report.hide()

        self.runs_model = RunsTableModel(self)
        self.runs_view = QTableView()
        self.runs_view.setModel(self.runs_model)
        self.runs_view.setAlternatingRowColors(True)
        self.runs_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.runs_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.runs_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.runs_view.setColumnWidth(0, 190)
        self.runs_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.runs_view.horizontalHeader().setStretchLastSection(True)
        self.runs_view.selectionModel().selectionChanged.connect(self._sync_run_buttons)
        self.runs_model.edit_requested.connect(self._on_edit_requested)
        self.runs_model.edit_refused.connect(self.message_posted)

        self.residuals_model = ResidualsTableModel(self)
        self.residuals_view = QTableView()
        self.residuals_view.setModel(self.residuals_model)
        header = self.residuals_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        # "Predicted as" takes the room left (elided, whole in its tooltip): at 1366 px it was off-screen
        header.setSectionResizeMode(len(RESIDUAL_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.residuals_view.setColumnWidth(0, 110)
        self.residuals_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for c in FITTED_COLUMNS:
            self.residuals_view.setColumnHidden(c, True)
        self.metric_box = QComboBox()
        for m in METRICS:
            self.metric_box.addItem(METRIC_LABELS[m], m)
        self.plot = MeasuredPlot()
        chart_box = QWidget()
        chart_lay = QVBoxLayout(chart_box)
        chart_lay.setContentsMargins(0, 0, 0, 0)
        chart_lay.addWidget(self.metric_box)
        chart_lay.addWidget(self.plot, 1)
        lower = Splitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.residuals_view)
        lower.addWidget(chart_box)
        lower.setSizes([660, 340])  # the table's share: its last column must show at 1366 px
        split = Splitter(Qt.Orientation.Vertical)
        split.addWidget(self.runs_view)
        split.addWidget(lower)
        split.setSizes([220, 380])

        lay = QVBoxLayout(self)
        self.title = QLabel("Measurements")  # a page title, as the other pages have
        self.title.setObjectName("pageTitle")
        lay.addWidget(self.title)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(self.import_report)
        lay.addWidget(split, 1)

        self.import_button.clicked.connect(self._on_import_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.fit_button.clicked.connect(self._on_fit_clicked)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.metric_box.currentIndexChanged.connect(self._show_chart)

    # -- reading the project
    @property
    def project(self) -> Any:
        return self._project()

    def refresh(self) -> None:
        """Read the runs and the calibrations in force from the project; compare on a worker."""
        project = self.project
        if project is None:
            return
        try:
            self.runs = ms.runs(project)
            catalog = project.catalog()
            applied = ms.applied(project)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return
        self.runs_model.set_runs(self.runs, {r.id: ms.problems(r, catalog) for r in self.runs})
        self._sync_run_buttons()
        self.profiles.clear()
        for cal in applied:
            self.profiles.addItem(cal.profile + ("" if cal.changed else " (no change)"), cal.profile)
        for group in ms.precision_groups(applied):  # "<class>/<runtime>": every precision at once
            self.profiles.addItem(f"{group} (all precisions)", group)
        self.revert_button.setEnabled(bool(applied))
        self.status.setText(
            "\n".join(f"{c.profile}: {c.summary()} — {', '.join(c.files)}" for c in applied)
            or "The engine uses the catalog's efficiency profiles: import your benchmark results to calibrate them."
        )
        self.fitted = None
        self.apply_button.setEnabled(False)
        runs = list(self.runs)
        self.runner.start(lambda progress, cancelled: ms.compare(runs, catalog))

    # -- slots: hand off
    def _on_import_clicked(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import benchmark results", file_dialogs.start_folder(), FILE_FILTER
        )
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[str]) -> bool:
        """Read each file and keep the runs of those that can be read: one undo step. A file that
        cannot be read is refused alone (D22: one bad file threw the good ones away); what was
        refused or left out is listed file by file on the page and said in the status bar."""
        left_out: list[str] = []
        refused: list[str] = []
        new: list[MeasuredRun] = []
        for path in paths:
            try:
                new += ms.import_files([path], left_out=left_out)
            except DomainError as exc:
                refused.append(str(exc))
        try:
            runs = ms.merged(self.runs, new, self.project.catalog()) if new else None
        except DomainError as exc:
            refused, runs = [*refused, str(exc)], None
        self._show_import_report(refused, left_out)
        if runs is None:
            self.message_posted.emit("; ".join(refused) or "No run read from the files chosen.")
            return False
        names = ", ".join(sorted({r.source_file for r in new}))
        self.undo_stack.push(SetRunsCommand(self, self.runs, runs, f"Import {names}"))
        said = f"; {len(left_out)} value(s) not used: {'; '.join(left_out)}" if left_out else ""
        said += f"; {len(refused)} file(s) refused: {'; '.join(refused)}" if refused else ""
        self.message_posted.emit(f"Imported {len(new)} run(s) from {names}{said}")
        return True

    def _show_import_report(self, refused: list[str], left_out: list[str]) -> None:
        """The last import's refused files and values not used, one line each, on the page."""
        items = [f"<li><b>Refused</b> {escape(m)}</li>" for m in refused]
        items += [f"<li>Not used: {escape(m)}</li>" for m in left_out]
        self.import_report.setText(f"Last import:<ul style='margin:0'>{''.join(items)}</ul>" if items else "")
        self.import_report.setVisible(bool(items))

    def _on_edit_requested(self, row: int, run: MeasuredRun) -> None:
        runs = list(self.runs)
        runs[row] = run
        self.undo_stack.push(SetRunsCommand(self, self.runs, runs, f"Edit run {run.id}"))

    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.runs_view.selectionModel().selectedRows()})
        if rows:
            runs = [r for i, r in enumerate(self.runs) if i not in rows]
            self.undo_stack.push(SetRunsCommand(self, self.runs, runs, f"Remove {len(rows)} run(s)"))

    def _on_fit_clicked(self) -> None:
        project = self.project
        if project is None:
            return
        runs, catalog = list(self.runs), project.catalog()
        self.fit_button.setEnabled(False)
        self.message_posted.emit("Fitting the efficiency profiles to your runs…")
        self.runner.start(lambda progress, cancelled: ms.fit_and_compare(runs, catalog, cancelled))

    def _on_apply_clicked(self) -> None:
        if self.fitted is None:
            return
        self.undo_stack.beginMacro("Apply calibration")
        for cal in self.fitted.calibrations:
            self.undo_stack.push(ApplyCalibrationCommand(self, cal))
        self.undo_stack.endMacro()

    def _on_revert_clicked(self) -> None:
        profile = self.profiles.currentData()
        if profile:
            applied = ms.applied_under(self.project, profile)
            self.undo_stack.push(RevertToCatalogCommand(self, self.profiles.currentText(), applied))

    def _sync_run_buttons(self, *_: object) -> None:
        """ "Fit to these runs" needs a run, "Remove run" a selected one."""
        self.fit_button.setEnabled(bool(self.runs))
        self.remove_button.setEnabled(bool(self.runs) and self.runs_view.selectionModel().hasSelection())

    def _on_result_ready(self, result: object) -> None:
        self.fit_button.setEnabled(bool(self.runs))
        if isinstance(result, ms.FitResult):
            self.fitted, self.now = result, result.now
            self.apply_button.setEnabled(True)
            self.message_posted.emit("; ".join(f"{c.profile}: {c.summary()}" for c in result.calibrations))
        elif isinstance(result, list):
            self.now = result
        self.residuals_model.set_rows(self.now, self.fitted.fitted if self.fitted else None)
        for c in FITTED_COLUMNS:
            self.residuals_view.setColumnHidden(c, self.fitted is None)
        self._show_chart()
        self.results_shown.emit()

    def _on_failed(self, message: str) -> None:
        self.fit_button.setEnabled(bool(self.runs))
        self.message_posted.emit(message)

    def _show_chart(self) -> None:
        metric = self.metric_box.currentData() or METRICS[0]
        self.plot.set_chart(ms.comparison_chart(metric, self.now, self.fitted.fitted if self.fitted else None))

    # -- writes (called by the undo commands): one transaction each; False when refused
    def store_runs(self, runs: list[MeasuredRun]) -> bool:
        try:
            ms.save_runs(self.project, runs)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return False
        self.refresh()
        return True

    def store_calibration(self, cal: Any) -> bool:
        try:
            ms.apply(self.project, cal)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return False
        self.catalog_changed.emit()
        self.refresh()
        return True

    def store_revert(self, profile: str, times: int) -> bool:
        return self.store_reverts({profile: times})

    def store_reverts(self, times: dict[str, int]) -> bool:
        """Revert the latest `n` applied calibrations of each profile (one transaction each)."""
        try:
            for profile, n in times.items():
                for _ in range(n):
                    ms.revert(self.project, profile)
        except DomainError as exc:
            self.message_posted.emit(str(exc))
            return False
        self.catalog_changed.emit()
        self.refresh()
        return True

"""Report page: the author, a summary of what the package will say, and the export.

The export runs `reporting.export_decision_package` in a TaskRunner worker (the window never
freezes); success names the file, a DomainError's message is shown as is, and the service
writes to a temporary file and renames it, so a failed export leaves nothing behind.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import INSUFFICIENT_HARDWARE
from app.services.scenarios import kind_label
from app.ui import file_dialogs
from app.ui.workers import TaskRunner

NO_AUTHOR = "Name printed on the title page"


class ReportPage(QWidget):
    message_posted = Signal(str)
    exported = Signal(str)  # the PDF's path
    export_failed = Signal(str)  # the message shown
    author_edited = Signal(str)  # the author typed here differs from the scenario's: store it with the scenario

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.scenario = None
        self.sizing = None
        self.weights: dict[str, float] | None = None
        self.fleet = None  # the Fleet page's plan (a FleetPlan): the package's Fleet section
        self.runner = TaskRunner(parent=self)
        self.author = QLineEdit()
        self.author.setPlaceholderText(NO_AUTHOR)
        self.default_author = ""  # the author last typed in any scenario (settings): for one without its own
        self.author.editingFinished.connect(self._on_author_editing_finished)
        self.open_scenario = None  # the project's open scenario: its author is shown before any analysis
        self.summary = QTextBrowser(objectName="detailPanel")
        self.export_button = QPushButton("Export decision package…", objectName="primaryButton")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(200)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.hide()  # shown while an export runs
        self.result = QLabel(objectName="resultLine")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)  # a link to the PDF; every path and message in it is escaped
        self.result.setOpenExternalLinks(True)

        # the benchmark commands that would confirm the recommendation (the package's Benchmark plan)
        self.bench_plan = QPlainTextEdit(objectName="benchPlan")
        self.bench_plan.setReadOnly(True)
        self.bench_plan.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.bench_plan.setPlaceholderText("No self-hosted option is recommended yet: nothing to benchmark.")
        self.copy_plan_button = QPushButton("Copy commands")
        self.copy_plan_button.setToolTip("Copy the benchmark plan as a shell script")
        plan_box = QGroupBox("Benchmark plan: the runs that would confirm the recommendation")
        plan_lay = QVBoxLayout(plan_box)
        plan_lay.addWidget(self.bench_plan, 1)
        plan_row = QHBoxLayout()
        plan_hint = QLabel("Run them against your server, then import the result files on the Measurements page.")
        plan_hint.setWordWrap(True)  # a narrow window wraps it (683 px logical at 200 %), never widens the page
        plan_row.addWidget(plan_hint, 1)
        plan_row.addStretch(1)
        plan_row.addWidget(self.copy_plan_button)
        plan_lay.addLayout(plan_row)

        form = QFormLayout()
        form.addRow("Author", self.author)
        bar = QHBoxLayout()
        for w in (self.export_button, self.cancel_button, self.progress):
            bar.addWidget(w)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Report", objectName="pageTitle"))
        lay.addLayout(form)
        lay.addLayout(bar)
        lay.addWidget(self.result)
        lay.addWidget(self.summary, 3)
        lay.addWidget(plan_box, 2)

        self.export_button.clicked.connect(self.choose_and_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_plan_button.clicked.connect(self._on_copy_plan_clicked)
        self.runner.progressed.connect(self._on_progressed)
        self.runner.result_ready.connect(self._on_result_ready)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(self._on_finished)
        self.set_context(None, None, None)

    # -- inputs
    def set_context(self, project, scenario, sizing, weights: dict[str, float] | None = None) -> None:
        """What the next export will write: the analysed scenario, its sizing and the matrix weights.
        With no analysed scenario, the open one (not sized yet: the export sizes it)."""
        if scenario is None and self.open_scenario is not None:
            scenario, sizing = self.open_scenario, None
        if scenario is not None and (
            self.scenario is None or scenario.name != self.scenario.name or project is not self.project
        ):
            # Another scenario (another project's of the same name too): its own author (or none),
            # never the previous scenario's or entry's.
            self.author.setText(scenario.author)
        self.project, self.scenario, self.sizing = project, scenario, sizing
        if weights is not None:
            self.weights = weights
        self.export_button.setEnabled(scenario is not None and project is not None and not self.runner.busy)
        self._show_summary()

    def set_open_scenario(self, scenario) -> None:
        """The project's open scenario (opened, edited, undone). Another scenario than the one shown
        becomes the page's (D10: a scenario picked on the Scenarios page is the one exported), not
        sized yet until its analysis arrives: the summary says so and the export sizes it. The same
        one keeps its sizing; the author field shows its author (a reopened project's stored one)."""
        self.open_scenario = scenario
        if scenario is None:
            return
        if self.scenario is None or self.scenario.name != scenario.name:
            if self.project is not None and not self.runner.busy:
                self.set_context(self.project, scenario, None)
            return
        if self.scenario is not None and self.scenario.author != scenario.author:
            self.scenario = self.scenario.model_copy(update={"author": scenario.author})
        if self.author.text().strip() != scenario.author:
            self.author.setText(scenario.author)

    def set_default_author(self, name: str) -> None:
        """`name` (the author last typed, kept in the user's settings across restarts) is printed for a
        scenario without an author of its own: shown greyed in the empty field, the scenario unchanged."""
        self.default_author = name.strip()
        self.author.setPlaceholderText(
            f"{self.default_author} (the author you last typed; type to change)" if self.default_author else NO_AUTHOR
        )

    def author_text(self) -> str:
        """The author the title page prints: the one typed or stored with the scenario, else the default."""
        return self.author.text().strip() or self.default_author

    def commit_typing(self) -> None:
        """An author typed but not yet finished (the window closed from the field) is kept too."""
        self._on_author_editing_finished()

    def _on_author_editing_finished(self) -> None:
        text = self.author.text().strip()
        target = self.scenario if self.scenario is not None else self.open_scenario
        if target is not None and text != target.author:
            self.author_edited.emit(text)

    def set_fleet(self, plan) -> None:
        """The portfolio plan the Fleet page shows, added to the next package as its Fleet section."""
        self.fleet = plan

    def set_weights(self, weights: dict[str, float]) -> None:
        self.weights = dict(weights)
        self._show_summary()

    def _show_summary(self) -> None:
        """The preview, with the recommendation the package will carry (the same service call)."""
        rec = None
        if self.project is not None and self.scenario is not None and self.sizing is not None:
            from app.domain import DomainError
            from app.services import reporting

            try:
                rec, _, _ = reporting.package_recommendation(self.project, self.scenario, self.sizing, self.weights)
            except DomainError:
                rec = None  # bad weights: the export says why
        self.summary.setHtml(summary_html(self.scenario, self.sizing, self.weights, rec))
        script = ""
        if self.scenario is not None and rec is not None:
            from app.services import reporting

            script = reporting.benchmark_plan_script(self.scenario, rec)
        self.bench_plan.setPlainText(script)
        self.copy_plan_button.setEnabled(bool(script))

    def _on_copy_plan_clicked(self) -> None:
        QApplication.clipboard().setText(self.bench_plan.toPlainText())
        self.message_posted.emit("Copied the benchmark plan")

    # -- export
    def choose_and_export(self) -> None:
        """Ask where (a .pdf file), then export there."""
        if self.scenario is None:
            self.message_posted.emit("Analyse a scenario first: the package reports on it.")
            return
        stem = file_dialogs.stem_for(self.scenario.name, "decision")
        path = file_dialogs.save_path(self, "Export decision package", [file_dialogs.PDF], f"{stem}.pdf")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the package to `path` in a worker; `exported` or `export_failed` follows."""
        if self.scenario is None or self.project is None:
            self._report_failure("Analyse a scenario first: the package reports on it.")
            return
        from app.services import reporting

        project, scenario, sizing = self.project, self.scenario, self.sizing
        author, weights, fleet = self.author_text(), self.weights, self.fleet

        def job(progress, cancelled):
            progress(0.05, "Scoring the options")
            return reporting.export_decision_package(
                project,
                scenario,
                path,
                author=author,
                sizing=sizing,
                weights=weights,
                fleet=fleet,
                progress=lambda pct: progress(min(0.9, pct / 100.0), "Sizing"),
                cancelled=cancelled,
            )

        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the worker reports a fraction
        self.progress.show()
        self.result.setText(f"Writing {escape(path)}…")
        self.message_posted.emit(f"Exporting the decision package to {path}…")
        self.runner.start(job)

    def cancel(self) -> None:
        self.runner.cancel()
        self.result.setText("Export cancelled; no file was written.")

    def _on_progressed(self, fraction: float, _message: str) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
        self.progress.setValue(int(100 * fraction))

    def _on_result_ready(self, path) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        self.result.setText(f"Wrote <a href='file://{escape(str(path))}'>{escape(str(path))}</a>")
        self.message_posted.emit(f"Wrote the decision package to {path}")
        self.exported.emit(str(path))

    def _on_failed(self, message: str) -> None:
        self._report_failure(f"The decision package was not written: {message}")

    def _report_failure(self, message: str) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.result.setText(escape(message))
        self.message_posted.emit(message)
        self.export_failed.emit(message)

    def _on_finished(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
        self.export_button.setEnabled(self.scenario is not None and self.project is not None)


def summary_html(scenario, sizing, weights, recommendation=None) -> str:
    """What the package will say, in short (text only; the PDF carries the detail).

    recommendation: the package's reconciled recommendation (reporting.package_recommendation),
    shown with its first reasons; without one, the engine's own pick."""
    if scenario is None:
        return (
            "<p>Run an analysis first (Analysis page, a workload's <i>Analyse</i> button, or "
            "File → Open example): the decision package reports on the analysed scenario.</p>"
        )
    w = scenario.workload
    sla = w.sla
    parts = [f"<h2>{escape(scenario.name)}</h2>"]
    if scenario.description:
        parts.append(f"<p>{escape(scenario.description)}</p>")
    rows = [
        ("Workload", f"{escape(w.name)} ({kind_label(w.category)}, {w.sensitivity.value} data)"),
        ("Traffic", escape(w.load_summary())),
        ("Tokens", f"{w.tokens.input_tokens:,} in → {w.tokens.output_tokens:,} out per request"),
        (
            "SLA (p95)",
            ", ".join(
                x
                for x in (
                    f"TTFT ≤ {sla.ttft_p95_ms:,.0f} ms" if sla.ttft_p95_ms else "",
                    f"TPOT ≤ {sla.tpot_p95_ms:,.0f} ms" if sla.tpot_p95_ms else "",
                    f"end to end ≤ {sla.e2e_p95_ms:,.0f} ms" if sla.e2e_p95_ms else "",
                    f"availability {100 * sla.availability:g} %",
                )
                if x
            ),
        ),
        ("Budget", f"${w.budget_usd_per_month:,.0f}/month" if w.budget_usd_per_month else "not set"),
    ]
    if sizing is None:
        parts.append(
            f"<p><b>{escape(scenario.name)} has not been analysed yet.</b> Export sizes it first (or open "
            "Analysis to see the options before exporting).</p>"
        )
        rows.append(("Verdict", "not sized yet: the export sizes it first"))
    elif recommendation is not None and recommendation.label and (sizing.feasible or recommendation.hosted):
        rec, o, h = recommendation, recommendation.option, recommendation.hosted
        if o is not None:
            what = (
                f"{o.replicas} replica(s), {o.total_gpus} GPU(s), TTFT p95 {o.ttft_p95_ms:,.0f} ms, "
                + (f"${o.cost_per_run_usd:,.0f}/run, " if o.cost_per_run_usd is not None else "")
                + f"${o.cost_per_month_usd:,.0f}/month"
            )
        else:
            what = f"hosted API, ${h.cost_per_month_usd:,.0f}/month"
        rows.append(("Verdict", f"feasible — {escape(rec.label)}: {what}"))
        rows.append(("Why", " ".join(escape(r) for r in rec.reasons[:2])))
        rows.append(("Options", f"{sum(x.feasible for x in sizing.options)} of {len(sizing.options)} feasible"))
    elif sizing.feasible and sizing.recommended is not None:
        o = sizing.recommended
        rows.append(
            (
                "Verdict",
                f"feasible — {escape(o.label)}: {o.replicas} replica(s), {o.total_gpus} GPU(s), "
                f"TTFT p95 {o.ttft_p95_ms:,.0f} ms, ${o.cost_per_month_usd:,.0f}/month",
            )
        )
        rows.append(("Options", f"{sum(x.feasible for x in sizing.options)} of {len(sizing.options)} feasible"))
    else:
        bound = "; ".join(c.line for c in sizing.binding_constraints)
        rows.append(
            (
                "Verdict",
                f"<b>{escape(sizing.error or INSUFFICIENT_HARDWARE)}</b>" + (f" — {escape(bound)}" if bound else ""),
            )
        )
    if weights:
        from app.selection.criteria import CRITERIA_BY_KEY  # the names the Selection matrix page shows

        shown = ", ".join(
            f"{escape(CRITERIA_BY_KEY[k].name if k in CRITERIA_BY_KEY else k.replace('_', ' '))} {v:g}"
            for k, v in weights.items()
            if v
        )
        rows.append(("Matrix weights", shown or "all zero"))
    else:
        rows.append(("Matrix weights", "the defaults (change them on the Selection matrix page)"))
    parts.append(
        "<table cellpadding='4'>"
        + "".join(f"<tr><td valign='top'><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
        + "</table>"
    )
    from app.services.reporting import package_contents

    parts.append("<p>The package holds: " + ", ".join(package_contents()) + ".</p>")
    return "".join(parts)

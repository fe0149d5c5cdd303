"""One portfolio workload in full: name, model, priority, team, pools, an inline workload's traffic
and tokens, its time profile (a pattern or 24 levels dragged as bars, days per week), its job
window and recurrence, and its routing (a cascade of stages and a hosted fallback).

Each field commits when it is left (or a choice is made) as one undoable edit of the portfolio;
a refused value is said next to its field and the field shows the kept value again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Catalog, Workload, parse
from app.domain.portfolio import (
    JobSchedule,
    Portfolio,
    PortfolioWorkload,
    PriorityClass,
    ProfilePattern,
)
from app.domain.workload import RUNS_DAILY, Recurrence, days_from_text
from app.engine.fleet.units import is_job_entry, planned_schedule
from app.ui.fleet.cascade_table import CascadeTable
from app.ui.fleet.fields import PortfolioEditor, workload_source
from app.ui.fleet.number_box import NumberBox
from app.ui.fleet.profile_bars import ProfileBars

CHOOSES = "Archwise chooses"
NO_FALLBACK = "none: requests the fleet cannot carry miss their SLA"
OWN_LEVELS = "own levels (drag the bars)"


def _words(value: str) -> str:
    return value.replace("_", " ")


def _spin(low: float, high: float, decimals: int = 0, step: float = 1.0, **words: float) -> NumberBox:
    """A number field sized for [low, high]: any number typed reaches the portfolio's validation,
    which says the range (never clamped); `words` name values with a meaning of their own."""
    return NumberBox(decimals, step, shown=(low, high), words={v: k.replace("_", " ") for k, v in words.items()})


def _int_spin(low: int, high: int) -> NumberBox:
    return _spin(low, high)


def _narrow(box: QComboBox, chars: int = 28) -> QComboBox:
    """A combo as wide as `chars` characters, not as its longest catalog name (the form fits half the window)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    return box


def _set_combo(box: QComboBox, value: object) -> None:
    """Choose the item holding `value` (None included: Qt's findData does not find None)."""
    at = next((i for i in range(box.count()) if box.itemData(i) == value), 0)
    box.setCurrentIndex(at)


class WorkloadForm(PortfolioEditor):
    """The workload at `row` of the open portfolio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = 0
        self.catalog: Catalog | None = None
        # a scenario-sourced workload's own figures, shown read-only (None: not readable)
        self.scenario_workload: Callable[[str], Workload | None] = lambda _name: None

        self.name = QLineEdit()
        self.source = QLabel()
        self.model = _narrow(QComboBox())
        self.priority = QComboBox()
        for p in PriorityClass:
            self.priority.addItem(_words(p.value), p)
        self.team = QLineEdit()
        self.pools = QLineEdit()
        self.pools.setPlaceholderText("any pool")
        about = QGroupBox("Workload")
        f = QFormLayout(about)
        self.add_row(f, "name", "Name", self.name)
        f.addRow("Source", self.source)
        self.add_row(f, "model", "Model served", self.model)
        self.add_row(f, "priority", "Priority class", self.priority)
        self.add_row(f, "team", "Team (chargeback)", self.team)
        self.add_row(f, "pools", "May run on pools", self.pools)

        self.rate = _spin(0.001, 1e6, 3, 0.5)
        self.input_tokens = _int_spin(1, 10_000_000)
        self.output_tokens = _int_spin(1, 10_000_000)
        self.ttft = _spin(0, 1e7, 0, 100, no_target=0)
        self.inline = QGroupBox("Traffic and tokens (a workload written here; a scenario's are edited on its page)")
        f = QFormLayout(self.inline)
        self.add_row(f, "rate", "Mean rate", self.rate, "req/s")
        self.add_row(f, "input_tokens", "Input tokens", self.input_tokens, "tokens/request")
        self.add_row(f, "output_tokens", "Output tokens", self.output_tokens, "tokens/request")
        self.add_row(f, "ttft", "TTFT p95 target", self.ttft, "ms")

        self.pattern = QComboBox()
        for pattern in ProfilePattern:
            self.pattern.addItem(_words(pattern.value), pattern)
        self.pattern.addItem(OWN_LEVELS, None)
        self.bars = ProfileBars()
        self.days = _int_spin(1, 7)
        self.off_day = _spin(0, 100, 0, 5)
        profile = QGroupBox("Time profile (share of the peak rate by hour)")
        f = QFormLayout(profile)
        self.add_row(f, "pattern", "Pattern", self.pattern)
        self.add_row(f, "levels", "Hourly levels", self.bars)
        self.add_row(f, "days", "Active days per week", self.days, "Monday first")
        self.add_row(f, "off_day", "Traffic on other days", self.off_day, "% of an active day")

        self.windowed = QCheckBox("Runs as a job in a daily window")
        self.job_window = QLineEdit()
        self.job_window.setPlaceholderText("HH:MM-HH:MM")
        self.recurrence = QComboBox()
        for r in Recurrence:
            self.recurrence.addItem(_words(r.value), r)
        schedule = QGroupBox("Batch window and deadline (a run must finish before its window closes)")
        f = QFormLayout(schedule)
        self.add_row(f, "windowed", "", self.windowed)
        self.add_row(f, "window", "Window", self.job_window, "daily")
        self.add_row(f, "recurrence", "Recurrence", self.recurrence)
        self.run_days = QLineEdit()
        self.run_days.setPlaceholderText("Monday")
        self.add_row(f, "days_run", "Days", self.run_days, "e.g. Sat, Sun")

        self.cascade = CascadeTable()
        self.add_stage = QPushButton("Add stage")
        self.remove_stage = QPushButton("Remove stage")
        self.fallback = _narrow(QComboBox())
        routing = QGroupBox("Routing: cascade (smallest first; the last stage answers the rest) and fallback")
        f = QFormLayout(routing)
        buttons = QWidget()
        b = QHBoxLayout(buttons)
        b.setContentsMargins(0, 0, 0, 0)
        b.addWidget(self.add_stage)
        b.addWidget(self.remove_stage)
        b.addStretch(1)
        self.add_row(f, "cascade", "Cascade", self.cascade)
        f.addRow("", buttons)
        self.add_row(f, "fallback", "Fallback when saturated", self.fallback)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for box in (about, self.inline, profile, schedule, routing):
            lay.addWidget(box)
        lay.addStretch(1)

        self.name.editingFinished.connect(lambda: self._edit("name", "Rename workload", name=self.name.text()))
        self.model.activated.connect(lambda _i: self._edit("model", "Set model", model=self.model.currentData()))
        self.priority.activated.connect(
            lambda _i: self._edit("priority", "Set priority", priority=self.priority.currentData())
        )
        self.team.editingFinished.connect(lambda: self._edit("team", "Set team", team=self.team.text()))
        self.pools.editingFinished.connect(self._on_pools_edited)
        self.rate.valueChanged.connect(
            lambda v: self._edit_workload("rate", "Set mean rate", traffic={"requests_per_s": v})
        )
        self.input_tokens.valueChanged.connect(
            lambda v: self._edit_workload("input_tokens", "Set input tokens", tokens={"input_tokens": int(v)})
        )
        self.output_tokens.valueChanged.connect(
            lambda v: self._edit_workload("output_tokens", "Set output tokens", tokens={"output_tokens": int(v)})
        )
        self.ttft.valueChanged.connect(
            lambda v: self._edit_workload("ttft", "Set TTFT target", sla={"ttft_p95_ms": v or None})
        )
        self.pattern.activated.connect(lambda _i: self._on_pattern_chosen())
        self.bars.levels_edited.connect(lambda levels: self._edit_profile("levels", "Set hourly levels", levels=levels))
        self.days.valueChanged.connect(lambda v: self._edit_profile("days", "Set days per week", days_per_week=int(v)))
        self.off_day.valueChanged.connect(
            lambda v: self._edit_profile("off_day", "Set off-day traffic", off_day_level=v / 100)
        )
        self.windowed.toggled.connect(self._on_windowed)
        self.job_window.editingFinished.connect(lambda: self._edit_schedule("window", window=self.job_window.text()))
        self.recurrence.activated.connect(
            lambda _i: self._edit_schedule("recurrence", recurrence=self.recurrence.currentData())
        )
        self.run_days.editingFinished.connect(self._on_days_edited)
        self.cascade.stages_edited.connect(self._on_stages_edited)
        self.add_stage.clicked.connect(self._on_add_stage)
        self.remove_stage.clicked.connect(self._on_remove_stage)
        self.fallback.activated.connect(self._on_fallback_chosen)

    # -- showing
    def set_catalog(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        models = [m.name for m in catalog.models] if catalog else []
        hosted = [h.name for h in catalog.hosted_apis] if catalog else []
        self._loading = True
        try:
            self.model.clear()
            self.model.addItem(CHOOSES, None)
            for name in models:
                self.model.addItem(name, name)
            self.fallback.clear()
            self.fallback.addItem(NO_FALLBACK, None)
            for name in hosted:
                self.fallback.addItem(name, name)
            self.cascade.set_targets(models, hosted)
        finally:
            self._loading = False
        self.set_portfolio(self.portfolio)

    def show_row(self, row: int) -> None:
        self.row = row
        for r in self.rows.values():
            r.say("")
        self.set_portfolio(self.portfolio)

    def entry(self) -> PortfolioWorkload | None:
        if self.portfolio is None or not 0 <= self.row < len(self.portfolio.workloads):
            return None
        return self.portfolio.workloads[self.row]

    def load(self, portfolio: Portfolio | None) -> None:
        w = self.entry()
        self.setEnabled(w is not None)
        if w is None:
            return
        self.name.setText(w.label)
        self.source.setText(workload_source(w, " of this project"))
        self.source.setToolTip(f"file {w.file}" if w.file else "")
        _set_combo(self.model, w.model)
        _set_combo(self.priority, w.priority)
        self.team.setText(w.team)
        self.pools.setText(", ".join(w.pools))
        self.inline.setEnabled(w.workload is not None)
        # a scenario's figures are shown as they are (edited on the Scenarios page), not placeholders
        shown = self._shown(w)
        traffic = shown.traffic if shown is not None else None
        self.rate.setEnabled(w.workload is not None and traffic is not None)  # a job has no rate: its work says it
        for box in (self.rate, self.input_tokens, self.output_tokens, self.ttft):
            box.setSpecialValueText("")  # the minimum is a value again unless said below
        if traffic is not None:
            self.rate.setValue(traffic.requests_per_s)
        else:
            self.rate.setSpecialValueText("-")  # no rate (a job) or not readable: the minimum reads "-"
            self.rate.setValue(self.rate.minimum())
        if shown is not None:
            self.input_tokens.setValue(shown.tokens.input_tokens)
            self.output_tokens.setValue(shown.tokens.output_tokens)
            self.ttft.setValue(shown.sla.ttft_p95_ms or 0)
        else:
            for tokens in (self.input_tokens, self.output_tokens):
                tokens.setSpecialValueText("-")
                tokens.setValue(tokens.minimum())
            self.ttft.setSpecialValueText("-")
            self.ttft.setValue(self.ttft.minimum())
        job = is_job_entry(w, shown)  # a job's runs follow its window: its hourly profile is not used
        for field in (self.pattern, self.bars, self.days, self.off_day):
            field.setEnabled(not job)
            field.setToolTip(
                "A job: the planner runs it in its window below; the hourly profile is not used" if job else ""
            )
        _set_combo(self.pattern, w.profile.pattern if w.profile.levels is None else None)
        self.bars.set_levels(w.profile.day(traffic))  # the workload's own day, as the planner shapes it
        self.days.setValue(w.profile.days_per_week)
        self.off_day.setValue(w.profile.off_day_level * 100)
        # what the planner uses: the entry's own schedule, else a job's from its batch block
        planned = planned_schedule(w, shown)
        from_block = w.schedule is None and planned is not None
        self.windowed.setChecked(planned is not None)
        self.windowed.setEnabled(not from_block)  # a batch job is a job: its window comes from its block
        self.windowed.setToolTip(
            "A batch job: the planner runs it in its batch block's window and recurrence; edit them here to override"
            if from_block
            else ""
        )
        self.job_window.setEnabled(planned is not None)
        self.recurrence.setEnabled(planned is not None)
        schedule = planned or JobSchedule()
        self.job_window.setText(schedule.window)
        _set_combo(self.recurrence, schedule.recurrence)
        # the days a weekly, monthly or one-off run may use (a daily or business-days run uses its days)
        chosen = planned is not None and schedule.recurrence not in RUNS_DAILY
        self.run_days.setEnabled(chosen)
        self.run_days.setText(", ".join(schedule.days))
        self.run_days.setToolTip(
            "Days a weekly, monthly or one-off run may use its window: day names or ranges, e.g. Sat, Sun or "
            "Mon-Fri; empty: Monday"
            if chosen
            else "A daily or business-days run uses the window of each of its days"
        )
        self.cascade.set_stages(list(w.routing.cascade))
        self.remove_stage.setEnabled(bool(w.routing.cascade))
        _set_combo(self.fallback, w.routing.fallback)

    def _shown(self, w: PortfolioWorkload) -> Workload | None:
        """The entry's workload: written here, else its scenario's (None: not readable)."""
        return w.workload if w.workload is not None else self.scenario_workload(w.scenario) if w.scenario else None

    # -- edits: each builds a validated copy of the portfolio
    def _replace(self, portfolio: Portfolio, entry: PortfolioWorkload) -> Portfolio:
        workloads = list(portfolio.workloads)
        workloads[self.row] = entry
        return portfolio.edited(workloads=workloads)

    def _edit(self, key: str, text: str, **changes: Any) -> None:
        w = self.entry()
        if w is not None:
            self.propose(key, lambda p: self._replace(p, w.edited(**changes)), f"{text} of {w.label}")

    def _on_pools_edited(self) -> None:
        names = [n.strip() for n in self.pools.text().split(",") if n.strip()]
        self._edit("pools", "Set pools", pools=names)

    def _edit_workload(self, key: str, text: str, **sections: dict[str, Any]) -> None:
        w = self.entry()
        if self._loading or w is None or w.workload is None:
            return
        data = w.workload.model_dump()
        for section, values in sections.items():
            data[section] = {**(data[section] or {}), **values}
        try:
            workload = parse(Workload, data, what=w.label)
        except ValueError as exc:
            self.rows[key].say(str(exc))
            self.set_portfolio(self.portfolio)
            return
        self._edit(key, text, workload=workload)

    def _edit_profile(self, key: str, text: str, **changes: Any) -> None:
        w = self.entry()
        if w is not None:
            self.propose(
                key, lambda p: self._replace(p, w.edited(profile=w.profile.edited(**changes))), f"{text} of {w.label}"
            )

    def _on_pattern_chosen(self) -> None:
        pattern = self.pattern.currentData()
        w = self.entry()
        if w is None:
            return
        if pattern is None:  # own levels: start from the shape shown, then drag
            shown = self._shown(w)
            day = w.profile.day(shown.traffic if shown is not None else None)
            self._edit_profile("pattern", "Use own hourly levels", levels=list(day))
        else:
            self._edit_profile("pattern", "Set traffic pattern", pattern=pattern, levels=None)

    def _on_windowed(self, on: bool) -> None:
        w = self.entry()
        if w is not None and not self._loading:
            schedule = (planned_schedule(w, self._shown(w)) or JobSchedule()) if on else None
            text = "Give a job window to" if on else "Remove the job window of"
            self.propose("windowed", lambda p: self._replace(p, w.edited(schedule=schedule)), f"{text} {w.label}")

    def _edit_schedule(self, key: str, **changes: Any) -> None:
        w = self.entry()
        schedule = planned_schedule(w, self._shown(w)) if w is not None else None
        if w is not None and schedule is not None:  # a batch job's block is the start of its own schedule
            self.propose(
                key,
                lambda p: self._replace(p, w.edited(schedule=schedule.edited(**changes))),
                f"Set job {key} of {w.label}",
            )

    def _on_days_edited(self) -> None:
        """The days text read as day names; nonsense is refused at the field in plain words."""
        text = self.run_days.text()

        def make(p: Portfolio) -> Portfolio:
            w = self.entry()
            schedule = planned_schedule(w, self._shown(w)) if w is not None else None
            if w is None or schedule is None:
                return p
            days = tuple(days_from_text(text))  # ValueError: said at the field
            return self._replace(p, w.edited(schedule=schedule.edited(days=days)))

        w = self.entry()
        if w is not None:
            self.propose("days_run", make, f"Set run days of {w.label}")

    def _routing(self, text: str, **changes: Any) -> None:
        w = self.entry()
        if w is None:
            return
        extra: dict[str, Any] = {"model": None} if changes.get("cascade") else {}  # a cascade names its models

        def make(p: Portfolio) -> Portfolio:
            return self._replace(p, w.edited(routing=w.routing.edited(**changes), **extra))

        self.propose("cascade" if "cascade" in changes else "fallback", make, f"{text} of {w.label}")

    def _on_stages_edited(self, stages: list[Any]) -> None:
        self._routing("Edit cascade", cascade=stages)

    def _on_add_stage(self) -> None:
        w = self.entry()
        if w is not None:
            self._routing("Add cascade stage", cascade=self.cascade.with_new_stage(w.model))

    def _on_remove_stage(self) -> None:
        w = self.entry()
        if w is not None and w.routing.cascade:
            self._routing("Remove cascade stage", cascade=self.cascade.without_last())

    def _on_fallback_chosen(self, _index: int) -> None:
        self._routing("Set fallback", fallback=self.fallback.currentData())

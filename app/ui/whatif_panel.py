"""What-if sliders: traffic, input tokens, output tokens and the TTFT SLA, each moving around
the scenario's saved value (the baseline) on a log scale from ×0.1 to ×10 of it.

Each knob has a slider and a box for typing an exact value (any positive value, also beyond the
slider's range); "Reset to baseline" brings all four back. A change is one undoable step on the
undo stack (`use_undo_stack`; Edit → Undo shows "Set what-if traffic to 2.5 req/s"): a drag is
one step from where it started to where it was let go, a key press or a typed value one each.
The panel only builds the modified Scenario (`model_copy`); the page sizes it in a worker.
`scenario_changed(Scenario)` fires on every change, drag steps included (the page coalesces
runs: a newer request supersedes an older one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QUndoStack, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.ui.commands import SetWhatIfCommand
from app.ui.inline_message import InlineMessage

STEPS = 1000  # slider positions per knob; the baseline sits at STEPS // 2
SPAN = 10.0  # the slider reaches baseline / SPAN to baseline × SPAN


@dataclass(frozen=True)
class Knob:
    key: str
    title: str
    unit: str
    integer: bool
    minimum: float  # the smallest value the domain accepts (a typed value is clamped to it)

    def value_at(self, pos: int, baseline: float) -> float:
        """The value at slider position `pos` around `baseline`: exactly the baseline in the
        middle, baseline × SPAN^((pos − mid) / mid) elsewhere, rounded to 3 significant digits
        (integers to whole numbers, at least `minimum`)."""
        mid = STEPS // 2
        if pos == mid:
            return baseline
        v = baseline * SPAN ** ((pos - mid) / mid)
        v = float(round(v)) if self.integer else float(f"{v:.3g}")
        return max(v, self.minimum)

    def position_of(self, value: float, baseline: float) -> int:
        """The slider position of `value` around `baseline` (clamped to the slider's ends)."""
        if value <= 0 or baseline <= 0:
            return 0
        mid = STEPS // 2
        pos = mid + round(mid * math.log(value / baseline) / math.log(SPAN))
        return min(max(pos, 0), STEPS)

    def text(self, value: float | None) -> str:
        if value is None:
            return "none"
        if self.integer:
            return f"{value:,.0f} {self.unit}"
        return f"{value:,.3g} {self.unit}" if value < 1000 else f"{value:,.0f} {self.unit}"


TTFT_TITLE = "TTFT p95 SLA"
EMBEDDING_TTFT_TITLE = "Latency per request p95 SLA"

KNOBS = [
    Knob("traffic", "Traffic (mean)", "req/s", False, 1e-6),
    Knob("input", "Input tokens", "tokens", True, 1),
    Knob("output", "Output tokens", "tokens", True, 1),
    Knob("ttft", TTFT_TITLE, "ms", True, 1),
]
KNOB = {k.key: k for k in KNOBS}


def apply_knob(scenario, key: str, value: float):
    """A copy of `scenario` with one what-if value changed (p95 token lengths kept ≥ the mean)."""
    w = scenario.workload
    if key == "traffic" and w.is_batch_job and w.batch is not None:
        # a batch job's rate is derived from its work: the knob sets the work one run holds
        w = w.model_copy(update={"batch": w.batch.at_rate(value)})
    elif key == "traffic" and w.traffic is not None:
        w = w.model_copy(update={"traffic": w.traffic.model_copy(update={"requests_per_s": value})})
    elif key in ("input", "output"):
        t = w.tokens
        mean, p95 = ("input_tokens", "input_tokens_p95") if key == "input" else ("output_tokens", "output_tokens_p95")
        update = {mean: int(value)}
        if getattr(t, p95) is not None and getattr(t, p95) < value:
            update[p95] = int(value)
        if key == "input" and t.shared_prefix_tokens > value:
            update["shared_prefix_tokens"] = int(value)
        w = w.model_copy(update={"tokens": t.model_copy(update=update)})
    elif key == "ttft":
        w = w.model_copy(update={"sla": w.sla.model_copy(update={"ttft_p95_ms": value})})
    return scenario.model_copy(update={"workload": w})


def knob_value(scenario, key: str) -> float | None:
    w = scenario.workload
    return {
        "traffic": w.mean_requests_per_s,
        "input": w.tokens.input_tokens,
        # an embedding job returns one vector per request: no output tokens to vary (None: no knob)
        "output": None if w.is_embedding_job else w.tokens.output_tokens,
        "ttft": w.sla.ttft_p95_ms,
    }[key]


NO_OUTPUT = "one vector"  # the output knob's text for an embedding job (no generated tokens)


def _one_vector(scenario, key: str) -> bool:
    """Whether knob `key` is the output of an embedding job (one vector per request, no tokens)."""
    return key == "output" and scenario is not None and scenario.workload.is_embedding_job


def compose(baseline, current, values: dict[str, float | None]):
    """`current` (its candidates and all but the workload) with the baseline's workload and the
    what-if `values` applied to it: a value back at the baseline restores what it had changed
    (a p95 raised with the mean comes back down)."""
    s = current.model_copy(update={"workload": baseline.workload})
    for key, value in values.items():
        if value is not None and value != knob_value(baseline, key):
            s = apply_knob(s, key, value)
    return s


class ValueBox(QDoubleSpinBox):
    """A knob's exact value, typed: shown as the label reads ('5.56 req/s', '8,000 tokens').
    Text it cannot take ('lots', '-4') may be typed; leaving the box puts the value back and
    `refused(reason)` says why, naming what was typed."""

    refused = Signal(str)

    def __init__(self, knob: Knob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.knob = knob
        self.setDecimals(0 if knob.integer else 6)
        self.setRange(knob.minimum, 1e12)
        self.setKeyboardTracking(False)  # one change when the user presses Enter or leaves the box
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setSpecialValueText("")

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        """The label's and the verdict's rule (3 significant digits: 500,000 requests in 12 h read
        '11.6 req/s', never '11.5741'), except a value that is short, as typed: a typed 123.45
        reads back as typed. More than 5 significant digits is a derived value: the box keeps 6
        decimals, so 40,000 requests in 12 h (0.9259259...) arrives as 0.925926, not as typed (D4)."""
        if self.knob.integer or value >= 1e6 or float(f"{value:.5g}") != value:
            return self.knob.text(value)
        return f"{value:,.6g} {self.knob.unit}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        if text == self.textFromValue(self.value()):
            return self.value()  # the rounded text of a derived value stands for the value, not its rounding
        digits = text.replace(self.knob.unit, "").replace(",", "").strip()
        try:
            return float(digits)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        digits = text.replace(self.knob.unit, "").replace(",", "").strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(digits)
        except ValueError:  # typed on, refused with a reason when the box is left (`fixup`)
            return QValidator.State.Intermediate, text, pos
        state = QValidator.State.Acceptable if value >= self.knob.minimum else QValidator.State.Intermediate
        return state, text, pos

    def fixup(self, text: str) -> str:
        """Text left in the box that is no value: say why; Qt then puts the last value back."""
        digits = text.replace(self.knob.unit, "").replace(",", "").strip()
        if digits:
            try:
                float(digits)
                reason = f"must be at least {self.knob.text(self.knob.minimum)}"
            except ValueError:
                reason = "is not a number"
            self.refused.emit(f"{self.knob.title}: '{digits}' {reason}; kept {self.textFromValue(self.value())}.")
        return text


class WhatIfPanel(QGroupBox):
    scenario_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What if", parent)
        self.scenario: Any = None  # the scenario the sliders show (what-if values applied)
        self.baseline: Any = None  # the scenario as saved: the middle of every slider
        self.values: dict[str, float | None] = {}
        self.undo_stack = QUndoStack(self)  # until the window hands over its own
        self.sliders: dict[str, QSlider] = {}
        self.boxes: dict[str, ValueBox] = {}
        self._drag_start: dict[str, float | None] = {}
        lay = QVBoxLayout(self)
        lay.setSpacing(2)
        self.titles: dict[str, QLabel] = {}
        for knob in KNOBS:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, STEPS)
            slider.setPageStep(STEPS // 20)
            slider.setTickPosition(QSlider.TickPosition.TicksBelow)
            slider.setTickInterval(STEPS // 2)  # the ends (×0.1, ×10) and the baseline
            slider.setObjectName(f"whatif_{knob.key}")
            box = ValueBox(knob)
            box.setObjectName(f"whatif_{knob.key}_value")
            head = QHBoxLayout()  # title and value on one line, the slider full width under them
            title = self.titles[knob.key] = QLabel(knob.title)
            title.setObjectName(f"whatif_{knob.key}_title")
            head.addWidget(title)
            head.addStretch(1)
            head.addWidget(box)
            lay.addLayout(head)
            lay.addWidget(slider)
            slider.valueChanged.connect(lambda pos, k=knob: self._on_slider_moved(k, pos))
            slider.sliderPressed.connect(lambda k=knob: self._on_slider_pressed(k))
            slider.sliderReleased.connect(lambda k=knob: self._on_slider_released(k))
            box.valueChanged.connect(lambda value, k=knob: self._on_value_typed(k, value))
            box.refused.connect(self._on_value_refused)
            self.sliders[knob.key], self.boxes[knob.key] = slider, box
        self.message = InlineMessage(self, lines=2, objectName="fieldMessage")  # a refused value, why
        lay.addWidget(self.message)
        self.reset_button = QPushButton("Reset to baseline")
        self.reset_button.setObjectName("whatif_reset")
        self.reset_button.setToolTip("Every what-if value back to the scenario as saved")
        self.reset_button.clicked.connect(self.reset_to_baseline)
        foot = QHBoxLayout()
        foot.addStretch(1)
        foot.addWidget(self.reset_button)
        lay.addLayout(foot)
        self._fit_boxes()
        self.setEnabled(False)

    @property
    def labels(self) -> dict[str, ValueBox]:
        """The value boxes (their text reads like a label: '5.56 req/s')."""
        return self.boxes

    def use_undo_stack(self, stack: QUndoStack) -> None:
        """Record what-if changes on `stack` (the window's: Edit → Undo)."""
        self.undo_stack = stack

    def _fit_boxes(self) -> None:
        """Value boxes as wide as the widest value: a new value never re-lays out the page."""
        for box in self.boxes.values():
            box.ensurePolished()
            box.setFixedWidth(box.fontMetrics().horizontalAdvance("1,000,000 tokens") + 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):  # e.g. workshop mode's large type
            self._fit_boxes()

    # -- showing
    def set_scenario(self, scenario: Any) -> None:
        """Show `scenario` as the baseline (every slider in its middle), without emitting."""
        self.scenario = self.baseline = scenario
        self.setEnabled(scenario is not None)
        if scenario is None:
            self.values = {}
            return
        self.values = {k.key: knob_value(scenario, k.key) for k in KNOBS}
        # an embedding job has no first token: its latency SLA is per request (one vector)
        embedding = scenario.workload.is_embedding_job
        self.titles["ttft"].setText(EMBEDDING_TTFT_TITLE if embedding else TTFT_TITLE)
        for knob in KNOBS:
            base = self.values[knob.key]
            self.sliders[knob.key].setEnabled(base is not None)
            self.boxes[knob.key].setEnabled(base is not None)
            where = f"the baseline ({knob.text(base)})" if base is not None else "no baseline: not set in the scenario"
            tip = f"{knob.title}: ×0.1 to ×10 of {where}, log scale"
            if base is None and _one_vector(scenario, knob.key):
                tip = f"{knob.title}: not applicable, an embedding job returns one vector per request (no decode)"
            self.sliders[knob.key].setToolTip(tip)
            self.boxes[knob.key].setToolTip(tip)
        self._show()

    def _show(self) -> None:
        """Each slider and box at its value; only those that change are touched (a box given its
        own text again repaints: three boxes a slider step for nothing)."""
        for knob in KNOBS:
            value, base = self.values.get(knob.key), knob_value(self.baseline, knob.key)
            slider, box = self.sliders[knob.key], self.boxes[knob.key]
            pos = knob.position_of(value, base) if value and base else STEPS // 2
            none = NO_OUTPUT if _one_vector(self.baseline, knob.key) else "none"
            special = "" if value is not None else none  # shown at the minimum
            with QSignalBlocker(slider), QSignalBlocker(box):
                if slider.value() != pos:
                    slider.setValue(pos)
                if box.specialValueText() != special:
                    box.setSpecialValueText(special)
                shown = value if value is not None else box.minimum()
                if box.value() != shown or box.text() != box.textFromValue(shown):
                    box.setValue(shown)
        self.reset_button.setEnabled(self.values != self._baseline_values())

    def _baseline_values(self) -> dict[str, float | None]:
        return {k.key: knob_value(self.baseline, k.key) for k in KNOBS} if self.baseline is not None else {}

    # -- changing (what the undo commands call)
    def apply_values(self, values: dict[str, float | None]) -> None:
        """Set what-if values (others kept), show them, emit the modified scenario."""
        if self.baseline is None:
            return
        self.values = {**self.values, **values}
        self.scenario = compose(self.baseline, self.scenario, self.values)
        self._show()
        self.scenario_changed.emit(self.scenario)

    def reset_to_baseline(self) -> None:
        """Every knob back to the baseline: one undoable step."""
        if self.baseline is None or self.values == self._baseline_values():
            return
        self.undo_stack.push(
            SetWhatIfCommand(self, dict(self.values), self._baseline_values(), "Reset what-if to baseline")
        )

    def _change(self, knob: Knob, old: float | None, new: float | None, applied: bool = False) -> None:
        if old == new:
            return
        text = f"Set what-if {knob.title.split(' (')[0].lower()} to {knob.text(new)}"
        self.undo_stack.push(SetWhatIfCommand(self, {knob.key: old}, {knob.key: new}, text, applied=applied))

    def commit_typing(self) -> None:
        """Take a value still being typed in a box (a box takes it on Enter or when left; a
        shortcut pressed in the box, e.g. Ctrl+D to pin, leaves neither)."""
        for box in self.boxes.values():
            if box.isEnabled() and box.hasFocus():
                box.interpretText()

    # -- slots
    def _on_slider_pressed(self, knob: Knob) -> None:
        self._drag_start[knob.key] = self.values.get(knob.key)

    def _on_slider_moved(self, knob: Knob, pos: int) -> None:
        base = knob_value(self.baseline, knob.key) if self.baseline is not None else None
        if base is None:
            return
        value = knob.value_at(pos, base)
        if self.sliders[knob.key].isSliderDown():  # a drag: previews now, one undo step on release
            self.apply_values({knob.key: value})
        else:  # a key, a click on the groove, or a program: one step each
            self._change(knob, self.values.get(knob.key), value)

    def _on_slider_released(self, knob: Knob) -> None:
        start = self._drag_start.pop(knob.key, None)
        self._change(knob, start, self.values.get(knob.key), applied=True)

    def _on_value_refused(self, reason: str) -> None:
        self.message.setText(reason)

    def _on_value_typed(self, knob: Knob, value: float) -> None:
        self.message.setText("")  # a value taken: no refusal stands
        if self.baseline is None or knob_value(self.baseline, knob.key) is None:
            return
        self._change(knob, self.values.get(knob.key), float(round(value)) if knob.integer else value)

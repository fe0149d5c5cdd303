"""What-if sliders: traffic, input tokens, output tokens and the TTFT SLA, each on a log scale.

The panel only builds the modified Scenario (`model_copy`); the page sizes it in a worker.
`scenario_changed(Scenario)` fires on every slider move (the page coalesces runs: a newer
request supersedes an older one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout

STEPS = 1000  # slider positions per knob


@dataclass(frozen=True)
class Knob:
    key: str
    title: str
    low: float
    high: float
    unit: str
    integer: bool

    def value_at(self, pos: int) -> float:
        """Log scale: low at 0, high at STEPS."""
        v = self.low * (self.high / self.low) ** (pos / STEPS)
        return float(round(v)) if self.integer else float(f"{v:.3g}")

    def position_of(self, value: float) -> int:
        v = min(max(value, self.low), self.high)
        return round(STEPS * math.log(v / self.low) / math.log(self.high / self.low))

    def text(self, value: float) -> str:
        if self.integer:
            return f"{value:,.0f} {self.unit}"
        return f"{value:,.3g} {self.unit}" if value < 1000 else f"{value:,.0f} {self.unit}"


KNOBS = [
    Knob("traffic", "Traffic (mean)", 0.01, 1_000_000.0, "req/s", False),
    Knob("input", "Input tokens", 16, 131_072, "tokens", True),
    Knob("output", "Output tokens", 1, 32_768, "tokens", True),
    Knob("ttft", "TTFT p95 SLA", 10, 120_000, "ms", True),
]


def apply_knob(scenario, key: str, value: float):
    """A copy of `scenario` with one what-if value changed (p95 token lengths kept ≥ the mean)."""
    w = scenario.workload
    if key == "traffic":
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
        "traffic": w.traffic.requests_per_s,
        "input": w.tokens.input_tokens,
        "output": w.tokens.output_tokens,
        "ttft": w.sla.ttft_p95_ms,
    }[key]


class WhatIfPanel(QGroupBox):
    scenario_changed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__("What if", parent)
        self.scenario = None
        self.sliders: dict[str, QSlider] = {}
        self.labels: dict[str, QLabel] = {}
        lay = QVBoxLayout(self)
        lay.setSpacing(2)
        for knob in KNOBS:
            slider = QSlider(Qt.Horizontal)
            slider.setRange(0, STEPS)
            slider.setPageStep(STEPS // 20)
            slider.setObjectName(f"whatif_{knob.key}")
            slider.setToolTip(f"{knob.title}: {knob.text(knob.low)} to {knob.text(knob.high)}, log scale")
            label = QLabel("–")
            label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            head = QHBoxLayout()  # title and value on one line, the slider full width under them
            head.addWidget(QLabel(knob.title))
            head.addStretch(1)
            head.addWidget(label)
            lay.addLayout(head)
            lay.addWidget(slider)
            slider.valueChanged.connect(lambda pos, k=knob: self._on_slider_moved(k, pos))
            self.sliders[knob.key], self.labels[knob.key] = slider, label
        self._fit_labels()
        self.setEnabled(False)

    def _fit_labels(self) -> None:
        """Value labels as wide as the widest value: a new value never re-lays out the page."""
        for label in self.labels.values():
            label.ensurePolished()
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("1,000,000 tokens") + 8)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.StyleChange, QEvent.FontChange):  # e.g. workshop mode's large type
            self._fit_labels()

    def set_scenario(self, scenario) -> None:
        """Show `scenario`'s values without emitting."""
        self.scenario = scenario
        self.setEnabled(scenario is not None)
        if scenario is None:
            return
        for knob in KNOBS:
            value = knob_value(scenario, knob.key)
            slider = self.sliders[knob.key]
            slider.blockSignals(True)
            slider.setValue(knob.position_of(value) if value else 0)
            slider.blockSignals(False)
            self.labels[knob.key].setText(knob.text(value) if value else "none")

    def _on_slider_moved(self, knob: Knob, pos: int) -> None:
        if self.scenario is None:
            return
        value = knob.value_at(pos)
        self.labels[knob.key].setText(knob.text(value))
        self.scenario = apply_knob(self.scenario, knob.key, value)
        self.scenario_changed.emit(self.scenario)

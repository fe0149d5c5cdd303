"""The presenter flow: the views a facilitator steps through, in order, with one key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # the tab's text
    chart_key: str | None = None  # the engine chart this step shows, if it is a chart


STEPS: list[Step] = [
    Step("verdict", "Verdict"),
    Step("latency", "Latency", "latency_vs_concurrency"),
    Step("cost", "Cost", "cost_vs_latency"),
    Step("memory", "Memory", "memory"),
    Step("matrix", "Matrix"),
    Step("compare", "A/B/C"),
    Step("scaling", "Scaling", "replicas_vs_traffic"),
]
STEP = {s.key: s for s in STEPS}
RUN_TIME = "Run time"  # the y title of a batch job's chart in the latency step (app.engine.charts)


def tab_title(step: Step, y_label: str | None) -> str:
    """The step's tab text for the chart it shows: a batch job's latency step plots the time to
    finish a run, so its tab says so rather than 'Latency'."""
    if step.key == "latency" and y_label == RUN_TIME:
        return RUN_TIME
    return step.title


CHART_STEPS = [s for s in STEPS if s.chart_key is not None]
# A presenter's clicker sends Page Down / Page Up; arrows and Space stay with the focused slider.
NEXT_KEYS = ["PgDown", "Ctrl+Right"]
PREVIOUS_KEYS = ["PgUp", "Ctrl+Left"]

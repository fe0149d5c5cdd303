"""Pinned scenarios side by side: the figures each pin shows, as text, and how each differs from
the first pin (A). The workshop cards, the Compare tab and the slide deck all read this one table,
so a difference the room sees on screen is the one the follow-up deck carries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain import Option, Sizing

LETTERS = "ABC"
REEVALUATED = "Re-evaluated"  # the row of pins sized again since they were pinned (Pin.note)


def _rec(attr: str) -> Callable[[Pin], float | str | None]:
    def get(p: Pin) -> float | str | None:
        value = getattr(p.option, attr) if p.option is not None else None
        return value if isinstance(value, (int, float, str)) or value is None else str(value)

    return get


def choice_text(pin: Pin) -> str:
    """What the pin chose, as the verdict says it: the selection matrix's recommendation, and the
    engine's cheapest feasible design when that is another one, each as model · instance (a card
    in large type has room for little more): 'recommended X (matrix); cheapest feasible Y', the
    model said once when both run it; 'none' when nothing is feasible."""
    if pin.kept is not None:
        return pin.kept.label  # the design pinned, as it read then
    engine = pin.sizing.recommended
    rec = pin.recommendation
    label = rec.label if rec is not None and rec.label else None
    if engine is None:
        return label or "none"
    if label is None or label == engine.label:
        return engine.label
    option = getattr(rec, "option", None)
    if option is None:  # a hosted API
        return f"recommended {label} (matrix); cheapest feasible {engine.model} · {engine.hardware}"
    if option.model == engine.model:
        return f"{engine.model}: recommended {option.hardware} (matrix); cheapest feasible {engine.hardware}"
    return (
        f"recommended {option.model} · {option.hardware} (matrix); cheapest feasible {engine.model} · {engine.hardware}"
    )


@dataclass(frozen=True)
class Figure:
    """One compared figure: its row name, how to read it off a Sizing, its format and unit."""

    name: str
    getter: Callable[[Pin], float | str | None]
    fmt: str  # format spec for numbers
    unit: str = ""


FIGURES: list[Figure] = [
    Figure("Inputs", lambda p: None, ""),  # filled with the pin's title (the what-if values)
    Figure("Verdict", lambda p: "Feasible" if p.sizing.feasible else (p.sizing.error or "Not feasible"), ""),
    # Short row names: in workshop mode's large type the labels must leave room for three columns.
    # The figures below are the chosen option's: the matrix's recommendation, as the verdict names it.
    Figure("Choice", choice_text, ""),
    Figure("Replicas", _rec("replicas"), ",.0f"),
    Figure("GPUs", _rec("total_gpus"), ",.0f"),
    Figure("TTFT p95", _rec("ttft_p95_ms"), ",.0f", "ms"),
    Figure("TPOT", _rec("tpot_ms"), ",.1f", "ms"),
    Figure("Per month", _rec("cost_per_month_usd"), ",.0f", "USD"),
    Figure("Per 1M tok", _rec("cost_per_million_tokens_usd"), ",.3f", "USD"),
]


def figure_text(fig: Figure, value: object) -> str:
    """The value as shown: '8,000 ms'; '–' when there is none."""
    if value is None:
        return "–"
    if isinstance(value, (int, float)) and fig.fmt:
        return f"{format(value, fig.fmt)} {fig.unit}".strip()
    return str(value)


def difference_text(value: object, base: object) -> str | None:
    """'(+12% vs A)' for numbers: (value − base) / |base|; '(differs)' for text; None when equal."""
    if value == base:
        return None
    if isinstance(value, (int, float)) and isinstance(base, (int, float)) and base:
        return f"({(value - base) / abs(base):+.0%} vs A)"
    return "(differs)"


@dataclass(frozen=True)
class Cell:
    text: str
    difference: str | None = None  # None: the same as A (or this is A); '' differs, nothing to add

    @property
    def differs(self) -> bool:
        return self.difference is not None

    @property
    def shown(self) -> str:
        """The text with its difference written out: '274 ms (+19% vs A)'."""
        return f"{self.text} {self.difference}" if self.difference else self.text


@dataclass(frozen=True)
class Pin:
    """One pinned result: its title (the what-if inputs), its scenario's name, its sizing and the
    selection matrix's recommendation for it (app.report.Recommendation, the scenario's weights;
    None: no matrix, the engine's pick stands)."""

    title: str
    scenario_name: str
    sizing: Sizing
    recommendation: Any = None
    # said on the card when the pin was sized again after it was pinned (a calibration applied):
    # "re-evaluated after calibration at 14:05; was Llama-3.1-8B · RunPod 1x RTX 4090, 1,080 USD"
    note: str = ""
    # the design (Option.label) the pin showed before it was sized again: a re-evaluated pin keeps
    # describing that design, not whatever the calibrated engine now recommends (tgui4 D22/D24)
    design: str = ""

    @property
    def kept(self) -> Option | None:
        """The pinned design in this sizing (None: no design kept, or the sizing lacks it)."""
        if not self.design:
            return None
        return next((o for o in self.sizing.options if o.label == self.design), None)

    @property
    def option(self) -> Option | None:
        """The option the pin's figures describe: the design kept when the pin was sized again,
        else the recommended self-hosted option, else the engine's pick (also when the matrix
        recommends a hosted API: it has no replicas or GPUs)."""
        if self.kept is not None:
            return self.kept
        rec = self.recommendation
        if rec is not None and getattr(rec, "option", None) is not None:
            return rec.option  # type: ignore[no-any-return]
        return self.sizing.recommended


@dataclass
class Comparison:
    """Rows of figures (FIGURES order), one cell per pin (A, B, C)."""

    letters: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # each pin's scenario name
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)

    def cell(self, figure: str, pin: int) -> Cell:
        return dict(self.rows)[figure][pin]


def compare(pins: Sequence[Pin]) -> Comparison:
    """The comparison of `pins` (at most three), differences measured against the first."""
    pins = list(pins)[: len(LETTERS)]
    out = Comparison(letters=[LETTERS[i] for i in range(len(pins))], names=[p.scenario_name for p in pins])
    one_scenario = len({p.scenario_name for p in pins}) == 1
    for fig in FIGURES:
        cells: list[Cell] = []
        for i, pin in enumerate(pins):
            if fig.name == "Inputs":
                text = pin.title if one_scenario else f"{pin.scenario_name}: {pin.title}"
                # what the room changed: marked, nothing appended (the text says it)
                cells.append(Cell(text, None if i == 0 or text == cells[0].text else ""))
                continue
            value = fig.getter(pin)
            diff = None if i == 0 else difference_text(value, fig.getter(pins[0]))
            cells.append(Cell(figure_text(fig, value), diff))
        out.rows.append((fig.name, cells))
    if any(p.note for p in pins):  # a pin sized again since it was pinned says so, with what it was
        out.rows.append((REEVALUATED, [Cell(p.note or "–", "" if p.note else None) for p in pins]))
    return out


def figure_texts(pin: Pin) -> dict[str, str]:
    """The pin's figures as its card shows them (every row but the inputs), by row name."""
    return {f.name: figure_text(f, f.getter(pin)) for f in FIGURES if f.name != "Inputs"}


def reevaluation_note(before: Pin, after: Pin, when: str) -> str:
    """ "re-evaluated after calibration at 14:05; was TTFT p95 49 ms, TPOT 19.3 ms" (the figures that
    moved when the pin was sized again, as they read before); "" when every figure reads the same."""
    old, new = figure_texts(before), figure_texts(after)
    moved = [f"{name} {old[name]}" for name in old if old[name] != new.get(name)]
    return f"re-evaluated after calibration at {when}; was {', '.join(moved)}" if moved else ""

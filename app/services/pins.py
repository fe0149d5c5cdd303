"""The pinned scenarios (workshop cards A, B, C and the Compare tab) kept with the project: each
pin is a project setting holding its label (the what-if inputs) and the pinned scenario as JSON,
all three written in one transaction. The sizing is not stored: the engine is deterministic, so
a reopened pin is sized again from its scenario against the project's catalog."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.domain import DomainError, Scenario, Sizing
from app.services.comparison import LETTERS

if TYPE_CHECKING:
    from app.store import Project

PIN_KEYS = tuple(f"workshop.pin.{letter}" for letter in LETTERS)  # project settings, A first


@dataclass(frozen=True)
class PinnedState:
    """One kept pin: its label (the what-if inputs as shown, '12 req/s · …') and its scenario."""

    label: str
    scenario: Scenario
    design: str = ""  # the design (Option.label) the pin keeps showing once sized again; "" none


@dataclass(frozen=True)
class RestoredPin:
    """A kept pin sized again: what the Compare view pins."""

    label: str
    scenario: Scenario
    sizing: Sizing
    design: str = ""


def save_pins(project: Project, pins: Sequence[tuple[str, Scenario]], designs: Sequence[str] = ()) -> None:
    """Keep `pins` ((label, scenario), A first, at most three) in one transaction; the letters
    not pinned are removed, so a cleared comparison stays cleared. `designs`: each pin's design
    kept since a calibration (app.services.comparison.Pin.design), "" or missing for none."""
    if len(pins) > len(PIN_KEYS):
        raise DomainError(f"at most {len(PIN_KEYS)} pins can be kept, not {len(pins)}")
    values: dict[str, str | None] = dict.fromkeys(PIN_KEYS)
    kept = list(designs) + [""] * len(pins)
    for key, (label, scenario), design in zip(PIN_KEYS, pins, kept, strict=False):
        data = {"label": label, "scenario": scenario.model_dump(mode="json")}
        if design:
            data["design"] = design
        values[key] = json.dumps(data)
    project.set_settings(values)


def load_pins(project: Project) -> list[PinnedState]:
    """The kept pins, A first. One that cannot be read (a damaged value, a scenario of an older
    format) is left out rather than failing the others."""
    pins = []
    for key in PIN_KEYS:
        text = project.setting(key)
        if not text:
            continue
        try:
            data = json.loads(text)
            scenario = Scenario.model_validate(data["scenario"])
            pins.append(PinnedState(str(data["label"]), scenario, str(data.get("design") or "")))
        except (ValueError, KeyError, TypeError, ValidationError):  # json's and pydantic's errors are ValueErrors
            continue
    return pins


def restore_pins(project: Project) -> list[RestoredPin]:
    """The kept pins sized again against the project's catalog (tens to hundreds of ms each); a
    pin whose scenario no longer sizes (a candidate deleted from the catalog) is left out."""
    from app.services.sizing import size_scenario

    restored = []
    for pin in load_pins(project):
        try:
            sizing = size_scenario(project, pin.scenario, deployments=False)
        except DomainError:
            continue
        restored.append(RestoredPin(pin.label, pin.scenario, sizing, pin.design))
    return restored

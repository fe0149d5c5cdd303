"""What the advice hands the decision package: layer entries, figure components, path stages."""

from __future__ import annotations

from pydantic import Field

from app.domain.common import DomainModel


class Entry(DomainModel):
    """One line of a system-map layer: a label, the text, and whether Archwise derived it."""

    label: str  # "Data boundary"
    text: str
    derived: bool  # False: the scenario states it; True: derived from the workload and sizing


class LayerAdvice(DomainModel):
    key: str  # "L1" .. "L6"
    title: str  # "Use case and quality bar"
    entries: list[Entry] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)  # short names for the reference-architecture figure


class Stage(DomainModel):
    """One step of the path to production for the recommended option."""

    name: str  # "Prototype", "Pilot", "Production"
    hardware: str
    traffic: str  # what it serves
    cost_usd: float | None  # None when not priced (token charges of a hosted API's prototype)
    cost_period: str  # what cost_usd covers: "a month", "per run", "in all"
    duration: str  # "2 weeks (assumption)", "ongoing", "each run"
    cost_note: str  # how the cost was reached
    exit_criteria: list[str] = Field(default_factory=list)  # measured before moving on


class Advice(DomainModel):
    """The system map (six layers) and the path to production for one recommended option."""

    option_label: str  # the recommended option the advice is for; "" when nothing is feasible
    layers: list[LayerAdvice] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)

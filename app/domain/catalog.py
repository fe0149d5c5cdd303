"""A catalog snapshot: every record the engine may draw on, looked up by name."""

from __future__ import annotations

import difflib

from pydantic import Field

from app.domain.common import DomainModel, Sourced
from app.domain.errors import DomainError
from app.domain.hardware import Accelerator, Instance
from app.domain.model import Model
from app.domain.runtime import EfficiencyProfile, HostedApi, Runtime


class Catalog(DomainModel):
    accelerators: list[Accelerator] = Field(default_factory=list)
    instances: list[Instance] = Field(default_factory=list)
    models: list[Model] = Field(default_factory=list)
    runtimes: list[Runtime] = Field(default_factory=list)
    hosted_apis: list[HostedApi] = Field(default_factory=list)
    efficiency: list[EfficiencyProfile] = Field(default_factory=list)

    def records(self, kind: str) -> list[Sourced]:
        return getattr(self, kind)

    def find(self, kind: str, name: str) -> Sourced:
        """The record of `kind` named `name` (case-insensitive); DomainError naming the closest."""
        records = self.records(kind)
        wanted = name.strip().casefold()
        for rec in records:
            if rec.name.casefold() == wanted:
                return rec
        names = [r.name for r in records]
        close = (
            difflib.get_close_matches(name, names, n=3, cutoff=0.4) or [n for n in names if wanted in n.casefold()][:3]
        )
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise DomainError(f"no {kind[:-1].replace('_', ' ')} named '{name}'{hint}")

    def merged_with(self, **inline: list[Sourced]) -> Catalog:
        """A copy where inline records (from a scenario) replace same-named catalog ones."""
        data = {k: list(getattr(self, k)) for k in type(self).model_fields}
        for kind, extra in inline.items():
            names = {r.name.casefold() for r in extra}
            data[kind] = [r for r in data[kind] if r.name.casefold() not in names] + list(extra)
        return Catalog(**data)

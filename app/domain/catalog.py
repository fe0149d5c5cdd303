"""A catalog snapshot: every record the engine may draw on, looked up by name."""

from __future__ import annotations

import difflib
from typing import TypeVar

from pydantic import Field, PrivateAttr

from app.domain.common import DomainModel, Sourced
from app.domain.deployment import GridRegion
from app.domain.errors import DomainError
from app.domain.hardware import Accelerator, Instance
from app.domain.model import Model
from app.domain.runtime import EfficiencyProfile, HostedApi, Runtime

T = TypeVar("T", bound=Sourced)


class Catalog(DomainModel):
    """Records per kind; `get(Model, name)` (or `model(name)`, ...) looks one up by name, typed."""

    accelerators: list[Accelerator] = Field(default_factory=list)
    instances: list[Instance] = Field(default_factory=list)
    models: list[Model] = Field(default_factory=list)
    runtimes: list[Runtime] = Field(default_factory=list)
    hosted_apis: list[HostedApi] = Field(default_factory=list)
    efficiency: list[EfficiencyProfile] = Field(default_factory=list)
    grid_regions: list[GridRegion] = Field(default_factory=list)

    # name index per kind, rebuilt when that kind's list is replaced or changes length
    _index: dict[str, tuple[int, int, dict[str, Sourced]]] = PrivateAttr(default_factory=dict)

    def records(self, kind: str) -> list[Sourced]:
        records: list[Sourced] = getattr(self, kind)
        return records

    def get(self, cls: type[T], name: str) -> T:
        """The record of type `cls` named `name` (case-insensitive); DomainError naming the closest."""
        record = self.find(KIND_OF[cls], name)
        assert isinstance(record, cls)
        return record

    def model(self, name: str) -> Model:
        return self.get(Model, name)

    def accelerator(self, name: str) -> Accelerator:
        return self.get(Accelerator, name)

    def instance(self, name: str) -> Instance:
        return self.get(Instance, name)

    def runtime(self, name: str) -> Runtime:
        return self.get(Runtime, name)

    def hosted_api(self, name: str) -> HostedApi:
        return self.get(HostedApi, name)

    def lookup(self, kind: str, name: str) -> Sourced | None:
        """The record of `kind` named `name` (case-insensitive), or None: find() without the
        closest-name search (for callers that try one kind, then another)."""
        try:
            return self.find(kind, name, hint=False)
        except DomainError:
            return None

    def find(self, kind: str, name: str, *, hint: bool = True) -> Sourced:
        """The record of `kind` named `name` (case-insensitive); DomainError naming the closest
        (`hint` False: not naming it, which spares the fuzzy search).
        A dictionary lookup: whole-catalog sizing asks once per instance."""
        records = self.records(kind)
        wanted = name.strip().casefold()
        cached = self._index.get(kind)
        if cached is None or cached[0] != id(records) or cached[1] != len(records):
            by_name: dict[str, Sourced] = {}
            for rec in records:
                by_name.setdefault(rec.name.casefold(), rec)  # the first of equal names wins, as before
            cached = (id(records), len(records), by_name)
            self._index[kind] = cached
        found = cached[2].get(wanted)
        if found is not None:
            return found
        if not hint:
            raise DomainError(f"no {kind[:-1].replace('_', ' ')} named '{name}'")
        names = [r.name for r in records]
        close = (
            difflib.get_close_matches(name, names, n=3, cutoff=0.4)
            or [n for n in names if wanted in n.casefold()][:3]
            or difflib.get_close_matches(name, names, n=3, cutoff=0.0)  # the nearest still helps
        )
        closest = f"; closest: {', '.join(close)}" if close else ""
        raise DomainError(f"no {kind[:-1].replace('_', ' ')} named '{name}'{closest}")

    def merged_with(self, **inline: list[Sourced]) -> Catalog:
        """A copy where inline records (from a scenario) replace same-named catalog ones."""
        data = {k: list(getattr(self, k)) for k in type(self).model_fields}
        for kind, extra in inline.items():
            names = {r.name.casefold() for r in extra}
            data[kind] = [r for r in data[kind] if r.name.casefold() not in names] + list(extra)
        return Catalog(**data)


# The catalog kind (attribute and YAML file name) that holds each record type.
KIND_OF: dict[type[Sourced], str] = {
    Accelerator: "accelerators",
    Instance: "instances",
    Model: "models",
    Runtime: "runtimes",
    HostedApi: "hosted_apis",
    EfficiencyProfile: "efficiency",
    GridRegion: "grid_regions",
}

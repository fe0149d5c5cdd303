"""What the advice is derived from, and the small helpers every layer uses."""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.domain import Catalog, HostedOption, Instance, Option, Scenario, Sizing, Tenancy, Workload
from app.domain.workload import Category, Sensitivity

WEEKS_PER_MONTH = 52.0 / 12.0  # [weeks/month], for a stage's cost over its duration


@dataclass(frozen=True)
class Basis:
    """The scenario, its sizing, and the one recommended option (self-hosted or a hosted API)."""

    scenario: Scenario
    sizing: Sizing
    catalog: Catalog
    option: Option | None  # the recommended self-hosted option
    hosted: HostedOption | None  # the recommended hosted API, when the recommendation is one

    @property
    def workload(self) -> Workload:
        return self.scenario.workload

    @property
    def kind(self) -> Category:
        return self.scenario.workload.category

    @property
    def sensitivity(self) -> Sensitivity:
        return self.scenario.workload.sensitivity

    @property
    def retrieves(self) -> bool:
        """Retrieved or tool-returned text reaches the prompt (prompt injection is possible)."""
        return self.kind in (Category.RAG, Category.AGENT) or self.workload.rag is not None

    @property
    def uses_tools(self) -> bool:
        return self.kind is Category.AGENT or self.workload.agent is not None

    @property
    def offline(self) -> bool:
        return self.kind in (Category.BATCH, Category.SYNTHETIC_DATA, Category.FINE_TUNING, Category.EVALUATION)

    def provider(self) -> str:
        """Who runs the hardware of the recommended option ("AWS", "on-prem"); "" when unknown."""
        if self.hosted is not None:
            return self.hosted.provider
        if self.option is None:
            return ""
        try:
            inst = self.catalog.find("instances", self.option.hardware)
        except Exception:  # noqa: BLE001 - an accelerator name or a removed record: the provider is not known
            return ""
        return inst.provider if isinstance(inst, Instance) else ""

    def tenancy(self) -> Tenancy | None:
        """Who holds the recommended option's machines (Instance.trust); None for a hosted API or
        hardware that names no catalog instance."""
        if self.hosted is not None or self.option is None:
            return None
        try:
            inst = self.catalog.find("instances", self.option.hardware)
        except Exception:  # noqa: BLE001 - an accelerator name or a removed record: not known
            return None
        return inst.trust if isinstance(inst, Instance) else None

    def model_source(self) -> str:
        if self.option is None:
            return ""
        try:
            return str(self.catalog.find("models", self.option.model).source)
        except Exception:  # noqa: BLE001 - as above
            return ""


def ms(value: float) -> str:
    """A latency as people write it: '227 ms', '7.5 ms', '3.1 s'."""
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    if value >= 100:
        return f"{value:,.0f} ms"
    return f"{value:.1f} ms"


def usd(value: float) -> str:
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def count(value: float) -> str:
    """A whole count with separators: 1,200."""
    return f"{math.ceil(value - 1e-9):,}"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")

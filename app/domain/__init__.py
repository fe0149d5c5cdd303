"""Domain records and units. Standard library and pydantic only: no I/O, no Qt, no SQL."""

from app.domain.catalog import Catalog
from app.domain.common import BYTES_PER_ELEMENT, DomainModel, Precision, Sourced, parse, readable_errors
from app.domain.errors import DomainError
from app.domain.hardware import Accelerator, AcceleratorKind, Deployment, Instance
from app.domain.model import AttentionKind, Modality, Model, QualityScore
from app.domain.ranges import Within, range_of
from app.domain.results import (
    BAND_LABELS,
    INSUFFICIENT_HARDWARE,
    BindingConstraint,
    Chart,
    Estimate,
    Explanation,
    HostedOption,
    MemoryBreakdown,
    Option,
    ReferenceLine,
    Series,
    Simulation,
    Sizing,
    WorkloadKindResult,
)
from app.domain.runtime import Band, EfficiencyProfile, HostedApi, Runtime, RuntimeFeatures
from app.domain.scenario import Assumptions, Candidates, ChosenOption, Constraints, Scenario, SystemMap
from app.domain.workload import (
    AgentSpec,
    BatchSpec,
    Category,
    FineTuneMethod,
    FineTuneSpec,
    RagSpec,
    Sensitivity,
    Sla,
    Tokens,
    Traffic,
    TrafficPattern,
    Workload,
)

# Catalog kinds: the name used in YAML file names, the CLI and the store.
CATALOG_KINDS: dict[str, type[Sourced]] = {
    "accelerators": Accelerator,
    "instances": Instance,
    "models": Model,
    "runtimes": Runtime,
    "hosted_apis": HostedApi,
    "efficiency": EfficiencyProfile,
}

__all__ = [
    "Within",
    "range_of",
    "Accelerator",
    "AcceleratorKind",
    "AgentSpec",
    "Assumptions",
    "AttentionKind",
    "BAND_LABELS",
    "BYTES_PER_ELEMENT",
    "Band",
    "BatchSpec",
    "BindingConstraint",
    "CATALOG_KINDS",
    "Candidates",
    "Catalog",
    "Category",
    "Chart",
    "ChosenOption",
    "Constraints",
    "Deployment",
    "DomainError",
    "DomainModel",
    "EfficiencyProfile",
    "Estimate",
    "Explanation",
    "FineTuneMethod",
    "FineTuneSpec",
    "HostedApi",
    "HostedOption",
    "INSUFFICIENT_HARDWARE",
    "Instance",
    "MemoryBreakdown",
    "Modality",
    "Model",
    "Option",
    "Precision",
    "QualityScore",
    "RagSpec",
    "ReferenceLine",
    "Runtime",
    "RuntimeFeatures",
    "Scenario",
    "Sensitivity",
    "Series",
    "Simulation",
    "Sizing",
    "Sla",
    "Sourced",
    "SystemMap",
    "Tokens",
    "Traffic",
    "TrafficPattern",
    "Workload",
    "WorkloadKindResult",
    "parse",
    "readable_errors",
]

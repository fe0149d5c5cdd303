"""Scenarios: a workload, candidate sets, constraints and assumptions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.domain.common import DomainModel, Fraction, Name, PositiveFloat, PositiveInt, Precision
from app.domain.hardware import Accelerator, Instance
from app.domain.model import Model
from app.domain.ranges import Within
from app.domain.workload import Workload

Pricing = Literal["on_demand", "spot", "reserved"]


class Assumptions(DomainModel):
    """Knobs an architect may defend or change; defaults are stated in the README."""

    utilisation_target: Annotated[float, Within(0, 1, low_open=True)] = 0.7  # of max sustainable rate
    headroom: Annotated[float, Within(0, 5)] = 0.2  # extra capacity over peak
    redundancy_replicas: Annotated[int, Within(0, 100)] = 1  # N+1 by default
    pricing: Pricing = "on_demand"
    hours_per_month: Annotated[float, Within(0, 744, low_open=True)] = 730.0  # 31 days
    electricity_usd_per_kwh: Annotated[float, Within(0, 10)] = 0.12
    pue: Annotated[float, Within(1, 5)] = 1.4
    amortisation_years: Annotated[float, Within(0, 20, low_open=True)] = 4.0
    operations_share: Annotated[float, Within(0, 5)] = 0.15  # of capex, per year
    # Serving knobs (vLLM's names in brackets)
    gpu_memory_fraction: Annotated[float, Within(0.1, 1, low_open=True)] = 0.9  # [gpu_memory_utilization]
    max_batched_tokens: PositiveInt = 8192  # [max_num_batched_tokens], chunked-prefill size
    max_concurrent_sequences: PositiveInt = 256  # [max_num_seqs]
    kv_block_size: PositiveInt = 16  # [block_size] tokens per KV page
    speculative_draft_tokens: Annotated[int, Within(0, 16)] = 0
    speculative_acceptance_rate: Fraction = 0.7


class Constraints(DomainModel):
    providers: list[str] = Field(default_factory=list)  # empty = any
    regions: list[str] = Field(default_factory=list)
    max_gpus: PositiveInt | None = None  # per replica
    max_total_gpus: PositiveInt | None = None  # across all replicas
    on_prem_only: bool = False
    self_hosted_only: bool = False


class Candidates(DomainModel):
    """Names of catalog records to consider; empty lists mean 'all that apply'."""

    models: list[str] = Field(default_factory=list)
    hardware: list[str] = Field(default_factory=list)  # Instance or Accelerator names
    precisions: list[Precision] = Field(default_factory=lambda: [Precision.BF16, Precision.FP8])
    kv_precisions: list[Precision] = Field(default_factory=list)  # empty = same as weights
    runtimes: list[str] = Field(default_factory=lambda: ["vLLM"])
    hosted_apis: list[str] = Field(default_factory=list)
    gpu_counts: list[PositiveInt] = Field(default_factory=list)  # empty = 1, 2, 4, 8 up to the node


class SystemMap(DomainModel):
    """The architecture around the model, for the decision package."""

    use_case: str = ""
    data_boundary: str = ""
    model_strategy: str = ""
    runtime_path: str = ""
    evaluation: str = ""
    operations: str = ""
    production_path: str = ""
    owner: str = ""


class ChosenOption(DomainModel):
    model: str
    hardware: str
    gpus: PositiveInt
    tensor_parallel: PositiveInt = 1
    pipeline_parallel: PositiveInt = 1
    precision: Precision = Precision.BF16


class Scenario(DomainModel):
    name: Name
    description: str = ""
    author: str = ""
    workload: Workload
    candidates: Candidates = Field(default_factory=Candidates)
    constraints: Constraints = Field(default_factory=Constraints)
    assumptions: Assumptions = Field(default_factory=Assumptions)
    system_map: SystemMap = Field(default_factory=SystemMap)
    # Records defined inline, e.g. a device that is not in the catalog.
    accelerators: list[Accelerator] = Field(default_factory=list)
    instances: list[Instance] = Field(default_factory=list)
    models: list[Model] = Field(default_factory=list)
    chosen: ChosenOption | None = None

    @model_validator(mode="after")
    def _chosen_parallelism(self) -> Scenario:
        c = self.chosen
        if c is not None and c.tensor_parallel * c.pipeline_parallel > c.gpus:
            raise ValueError("chosen: tensor_parallel x pipeline_parallel cannot exceed gpus")
        return self


__all__ = [
    "Assumptions",
    "Candidates",
    "ChosenOption",
    "Constraints",
    "Pricing",
    "Scenario",
    "SystemMap",
    "Name",
    "PositiveFloat",
    "Fraction",
]

"""Scenarios: a workload, candidate sets, constraints and assumptions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from app.domain.common import DomainModel, Fraction, Name, PositiveFloat, PositiveInt, Precision
from app.domain.hardware import Accelerator, Instance
from app.domain.model import Model
from app.domain.ranges import INT_CEILING, Within
from app.domain.workload import Workload

Pricing = Literal["on_demand", "spot", "reserved", "reserved_3y"]  # reserved: the 1-year commitment


class Assumptions(DomainModel):
    """Knobs an architect may defend or change; defaults are stated in the README.

    Availability (how many spare replicas the SLA's availability target needs, and across how many
    zones; see `app.engine.availability`):

    - `redundancy_replicas` [replicas]: None (the default) derives the spares from the target; a
      number is an explicit override that wins, and the explanation says so.
    - `gpu_mtbf_hours` [h per GPU]: mean time between unexpected interruptions of one GPU and its
      share of the host. Default 50,677 h from Meta's Llama 3 report ("The Llama 3 Herd of Models",
      arXiv:2407.21783, July 2024, section 3.3.4 and Table 5): 419 unexpected interruptions in a
      54-day snapshot of pre-training on 16,384 H100 GPUs (2,048 eight-GPU Grand Teton servers),
      so 16,384 x 1,296 h / 419 = 50,677 GPU-hours per interruption; an 8-GPU node fails every
      6,335 h (264 days). Every interruption counts (GPU, HBM3, network, host), as each one takes a
      serving replica down. Fleet figures for other accelerator families are not published; the
      same rate is used for them, per device.
    - `repair_hours` [h]: time a failed node is out: detect, drain, replace it (a spare node or a
      new cloud instance) and load the weights again. Default 4 h is a stated assumption, not a
      published figure; on-prem without spare nodes a vendor repair takes days: raise it.
    - `zone_availability` [fraction]: what one failure domain above the node (a cloud availability
      zone, or one on-prem site with its own power and network) gives at best. Default 0.9995 from
      Microsoft's SLA for Virtual Machines (v1.2 July 2016 through v1.9): two or more instances in
      one Availability Set, spread over fault domains in one datacenter, 99.95%; across two or more
      Availability Zones 99.99%. (AWS's EC2 SLA gives 99.5% per instance and 99.99% across AZs.)
    - `max_zones` [zones]: how many zones the replicas may be spread across. Default 3: AWS, Azure
      and GCP regions with zones have at least three.
    """

    utilisation_target: Annotated[float, Within(0, 1, low_open=True)] = 0.7  # of max sustainable rate
    headroom: Annotated[float, Within(0, 5)] = 0.2  # extra capacity over peak
    # None = spares from the availability target; a number overrides it
    redundancy_replicas: Annotated[int, Within(0, 100)] | None = None
    gpu_mtbf_hours: Annotated[float, Within(0, 1e9, low_open=True)] = 50_677.0  # Llama 3 report, see above
    repair_hours: Annotated[float, Within(0, 10_000)] = 4.0  # detect, replace, reload weights
    zone_availability: Annotated[float, Within(0, 1, low_open=True)] = 0.9995  # Azure VM SLA, one datacenter
    max_zones: Annotated[int, Within(1, 6)] = 3  # zones per region
    pricing: Pricing = "on_demand"
    hours_per_month: Annotated[float, Within(0, 744, low_open=True)] = 730.0  # 31 days
    electricity_usd_per_kwh: Annotated[float, Within(0, 10)] = 0.12
    pue: Annotated[float, Within(1, 5)] = 1.4
    amortisation_years: Annotated[float, Within(0, 20, low_open=True)] = 4.0
    operations_share: Annotated[float, Within(0, 5)] = 0.15  # of capex, per year
    # Share of the on-prem nodes' month this scenario is charged (None: dedicated, the whole month).
    on_prem_share: Annotated[float, Within(0, 1, low_open=True)] | None = Field(
        default=None,
        description="On-prem only: share of the nodes' month charged to this scenario when the job may use "
        "only part of them (empty: dedicated, the whole month).",
    )
    # An accelerator's power at zero load as a share of its TDP, where the catalog has no measured
    # idle power (app.engine.power, the one power model for cloud and on-prem estimates alike).
    # 1.0 (idle = busy, no idle saving assumed) is the conservative default; set it from your metering.
    idle_power_fraction: Annotated[float, Within(0, 1)] = Field(
        default=1.0,
        description="Energy: an accelerator's power at zero load as a share of its TDP, where the catalog "
        "has no measured idle power (1 = no idle saving assumed). A measured idle power is the device's idle "
        "and wins over this share (the sizing notes say so). Applies to every option's energy, cloud "
        "estimates and on-prem electricity alike.",
    )
    # Deployment comparison (app.engine.deployment): horizon, growth, hybrid base, spot, facility and
    # energy. Each says in its description where its default comes from.
    horizon_years: Annotated[int, Within(1, 5)] = Field(
        default=3, description="Years the deployment models are compared over, month by month."
    )
    growth_per_quarter: Annotated[float, Within(0, 2)] = Field(
        default=0.0, description="Traffic growth per quarter (0.1 = +10% each quarter) over the horizon."
    )
    hybrid_base_percentile: Annotated[float, Within(0, 100)] = Field(
        default=60.0,
        description="Hybrid: the owned base is sized to this percentile of the hourly traffic profile; "
        "the hours above it burst to cloud on-demand.",
    )
    spot_interruption_rate: Annotated[float, Within(0, 1)] = Field(
        default=0.05,
        description="Spot: share of the work redone after interruptions (default 5%: the lowest band, "
        "'<5%' interrupted a month, of the AWS Spot Instance Advisor). Spot serves only interruptible work, "
        "or the share above an on-demand floor.",
    )
    colo_usd_per_kw_month: Annotated[float, Within(0, 10_000)] = Field(
        default=0.0,
        description="On-prem: colocation or facility cost per kW of node power per month "
        "(0 = your own facility, its cost is in PUE and electricity). Use your colo quote.",
    )
    install_share: Annotated[float, Within(0, 2)] = Field(
        default=0.0,
        description="On-prem: network share, racking and installation as a share of the node's capex, paid "
        "up front (0 = none counted). Use your quote.",
    )
    on_prem_lead_time_days: Annotated[float, Within(0, 3650)] = Field(
        default=90.0,
        description="On-prem: days from order to serving (stated assumption, not a published figure: "
        "replace with your vendor's delivery quote).",
    )
    busy_power_fraction: Annotated[float, Within(0, 1, low_open=True)] | None = Field(
        default=None,
        description="Energy: an accelerator's power while it runs the model's kernels, as a share of its TDP. "
        "Empty (the default): the power follows what each step does, idle + (TDP - idle) x the share of "
        "the step its memory traffic and tensor-core work keep the GPU busy (app.engine.power, fitted on "
        "ML.ENERGY v3 H100 runs; see bench/validation/energy.yaml). A number overrides it: that share of "
        "TDP while the GPU runs kernels, idle power while it waits on all-reduce and the runtime's "
        "per-step work. Applies to cloud and on-prem alike.",
    )
    # The host's share of its catalogued maximum (CPUs, memory, NICs, fans): the catalog's host_power_w
    # is the system maximum minus the accelerators' TDP, an upper bound drawn every hour (tcli5 N24).
    host_power_fraction: Annotated[float, Within(0, 1)] | None = Field(
        default=None,
        description="Energy: the host's power (CPUs, memory, NICs, fans) as a share of the catalog's host "
        "figure, which is the node's maximum (system maximum minus the accelerators' TDP). Empty (the "
        "default): the maximum, drawn every hour, so every energy figure resting on it is an upper bound "
        "(marked <=). Set it from your metering (the node's wall power less its GPUs', over the catalog "
        "figure) to count your host instead; the figures are then no longer marked.",
    )
    grid_gco2e_per_kwh: Annotated[float, Within(0, 2000)] | None = Field(
        default=None,
        description="Energy: your site's grid carbon intensity, used for nodes whose region has no "
        "catalog figure (on-prem nodes, offers without a region); cloud instances keep their region's "
        "catalog figure (empty = no CO2e for nodes without one).",
    )
    # Serving knobs (vLLM's names in brackets). None = each runtime's own default
    # (catalog/runtimes.yaml `defaults`, e.g. vLLM 0.9 / 256 seqs / 2048 tokens); a value here
    # overrides it for every runtime.
    gpu_memory_fraction: Annotated[float, Within(0.1, 1, low_open=True)] | None = None  # [gpu_memory_utilization]
    max_batched_tokens: PositiveInt | None = None  # [max_num_batched_tokens], chunked-prefill size
    max_concurrent_sequences: PositiveInt | None = None  # [max_num_seqs]
    kv_block_size: PositiveInt = 16  # [block_size] tokens per KV page
    speculative_draft_tokens: Annotated[int, Within(0, 16)] = 0
    speculative_acceptance_rate: Fraction = 0.7

    @model_validator(mode="before")
    @classmethod
    def _null_is_the_default(cls, data: Any) -> Any:
        """A key set to null (YAML `null`, JSON `null`) means "use the default", as an omitted key
        does: every assumption has one (tcli5 N20: `growth_per_quarter: null` was refused as
        "'None' is not a number", while `grid_gco2e_per_kwh: null` was accepted)."""
        if not isinstance(data, dict):
            return data
        # the default put in its place, not the key dropped: on an attribute assignment pydantic
        # passes every field's value through here and keeps only what comes back
        fields = cls.model_fields
        return {
            k: fields[k].get_default(call_default_factory=True) if v is None and k in fields else v
            for k, v in data.items()
        }


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


def _text_as_notes(value: Any) -> Any:
    """A layer written as plain text (the scenario files before layers were structured) is its notes."""
    if isinstance(value, str):
        return {"notes": value}
    return value


class _Layer(DomainModel):
    """One layer of the system map: the scenario's own words plus structured choices.

    An empty field (None, "", []) means "not decided here": the decision package then shows
    what Archwise derives from the workload and the sizing, marked as derived.
    """

    notes: str = Field(default="", description="What the scenario says about this layer, in its own words")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return _text_as_notes(value)


class UseCaseLayer(_Layer):
    """L1: what the system is for and what good enough means."""

    users: str = Field(default="", description="Who uses it and how many (e.g. 2,000 employees, 5 teams)")
    quality_bar: str = Field(
        default="", description="What good enough means (e.g. 90 % of golden-set answers correct and cited)"
    )


Retention = Literal["none", "session", "30_days", "90_days", "1_year", "per_policy"]
Routing = Literal["single_model", "cascade", "router", "primary_with_fallback"]
FineTuning = Literal["none", "prompting_only", "lora", "full"]
Hosting = Literal["containers_on_gpu_nodes", "serverless_gpu", "managed_api", "batch_jobs", "on_prem_cluster"]
Rollout = Literal["canary", "blue_green", "shadow_then_canary", "all_at_once"]


class DataLayer(_Layer):
    """L2: what data flows where, who may see it, how long it is kept."""

    boundary: str = Field(
        default="", description="Where prompts and outputs may go (e.g. never leave our cloud account)"
    )
    sources: str = Field(default="", description="Where the data comes from (documents, tickets, databases)")
    permissions: str = Field(default="", description="Who may see what (e.g. document ACLs enforced at retrieval)")
    retention: Retention | None = Field(default=None, description="How long prompts and outputs are kept")
    pii_redaction: bool | None = Field(default=None, description="Redact personal data before it reaches the model")
    audit_logging: bool | None = Field(default=None, description="Log every model call (who, when, which model)")


class ModelStrategyLayer(_Layer):
    """L3: which model does what, with what context, and what happens when it is down."""

    routing: Routing | None = Field(default=None, description="How requests reach a model")
    fine_tuning: FineTuning | None = Field(default=None, description="How the model is adapted to the task")
    context: str = Field(default="", description="How the prompt is assembled (system prompt, retrieval, history)")
    fallback: str = Field(default="", description="What answers when the primary model is unavailable")


class RuntimeLayer(_Layer):
    """L4: where and how the model runs."""

    hosting: Hosting | None = Field(default=None, description="Where the model runs")
    orchestrator: str = Field(default="", description="What schedules the servers (e.g. Kubernetes, Slurm)")
    gateway: str = Field(default="", description="What sits in front (API gateway, auth, rate limits)")
    request_queue: bool | None = Field(default=None, description="A queue in front of the model servers")


class EvaluationLayer(_Layer):
    """L5: how the team knows it works, and keeps working."""

    golden_set_size: Annotated[int, Within(1, INT_CEILING)] | None = Field(
        default=None, description="Test cases with known good answers"
    )
    failure_taxonomy: list[str] = Field(
        default_factory=list, description="Kinds of failure the team counts (e.g. wrong fact, no citation)"
    )
    regression_gate: str = Field(default="", description="What a new model or prompt must pass before release")


class OperationsLayer(_Layer):
    """L6: who runs it and how changes reach production."""

    owner: str = Field(default="", description="The team accountable for the service")
    on_call: str = Field(default="", description="Who is paged when an alert fires")
    rollout: Rollout | None = Field(default=None, description="How a new model or version reaches users")
    approvals: str = Field(default="", description="Who signs off a change (e.g. security review for new data)")


class SystemMap(DomainModel):
    """The architecture around the model, in six layers (L1 to L6), for the decision package.

    Scenario files written before the layers were structured still read: a layer given as plain
    text becomes its notes; data_boundary, runtime_path and owner move into their layers.
    """

    use_case: UseCaseLayer = Field(default_factory=UseCaseLayer, description="L1 use case and quality bar")
    data: DataLayer = Field(default_factory=DataLayer, description="L2 data: sensitivity, sources, retention")
    model_strategy: ModelStrategyLayer = Field(
        default_factory=ModelStrategyLayer, description="L3 model strategy: routing, context, fallback"
    )
    runtime: RuntimeLayer = Field(default_factory=RuntimeLayer, description="L4 runtime: hosting, queues, gateway")
    evaluation: EvaluationLayer = Field(
        default_factory=EvaluationLayer, description="L5 evaluation: golden cases, failures, regression"
    )
    operations: OperationsLayer = Field(
        default_factory=OperationsLayer, description="L6 operations: ownership, alerting, rollout"
    )
    production_path: str = Field(default="", description="The path from prototype to production, in your words")
    pilot_traffic_share: Annotated[float, Within(0, 1, low_open=True, high_open=True)] = Field(
        default=0.1, description="Share of production traffic the pilot serves"
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_fields(cls, value: Any) -> Any:
        """Move the free-text fields of older scenario files into their layers."""
        if not isinstance(value, dict):
            return value
        value = dict(value)
        moves = (
            ("data_boundary", "data", "boundary"),
            ("runtime_path", "runtime", "notes"),
            ("owner", "operations", "owner"),
        )
        for old, layer, field in moves:
            if old not in value:
                continue
            text = value.pop(old)
            target = _text_as_notes(value.get(layer) or {})
            if isinstance(target, dict):
                target = dict(target)
                target.setdefault(field, text)
                value[layer] = target
        return value


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

    @model_validator(mode="after")
    def _inline_names_unique(self) -> Scenario:
        # two inline records of one name: the first was used and the second silently ignored
        # (CLI review finding 15a); refused as the fleet refuses two workloads of one name
        for kind, records in (
            ("accelerators", self.accelerators),
            ("instances", self.instances),
            ("models", self.models),
        ):
            seen: set[str] = set()
            for rec in records:
                key = rec.name.casefold()
                if key in seen:
                    raise ValueError(f"two inline {kind} are named {rec.name}: give each a name of its own")
                seen.add(key)
        return self


__all__ = [
    "Assumptions",
    "Candidates",
    "ChosenOption",
    "Constraints",
    "Pricing",
    "Scenario",
    "SystemMap",
    "UseCaseLayer",
    "DataLayer",
    "ModelStrategyLayer",
    "RuntimeLayer",
    "EvaluationLayer",
    "OperationsLayer",
    "Name",
    "PositiveFloat",
    "Fraction",
]

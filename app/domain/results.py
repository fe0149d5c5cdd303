"""What the engine answers: options, verdicts, explanations and chart data.

These are the contract between the engine and its readers (UI, report, CLI JSON).
Add fields freely; renaming or removing one breaks the readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from app.domain.common import DomainModel, Precision
from app.domain.energy_bound import lower_bound_note, lower_bound_short
from app.domain.runtime import Band

if TYPE_CHECKING:
    from app.domain.deployment import DeploymentComparison

INSUFFICIENT_HARDWARE = "Hardware constraints insufficient for SLA"
NO_OPTION_WITHIN_BUDGET = "No option within budget"  # + ": cheapest feasible is $X/month against $Y"
NO_SUITABLE_MODEL = "No candidate model can serve this workload"  # + ": what the models lack


# What each constraint key is called where a person reads it, and the words a detail may already
# open with (then the title is not said twice: "Time to first token: TTFT floor ..." reads as
# "TTFT floor ...").
CONSTRAINT_TITLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sensitivity": ("Data sensitivity", ("data is",)),
    "runtime": ("Runtime", ()),
    "modality": ("Model inputs", ()),
    "context": ("Context window", ()),
    "memory": ("GPU memory", ()),
    "host_memory": ("Host memory", ()),
    "ttft": ("Time to first token", ("ttft", "time to first token")),
    "tpot": ("Time per output token", ("tpot", "time per output token")),
    "e2e": ("End-to-end latency", ("end-to-end",)),
    "deadline": ("Deadline", ()),
    "throughput": ("Throughput", ()),
    "gpus": ("GPU count", ()),
    "nodes": ("Nodes", ()),
    "availability": ("Availability", ("availability",)),
    "budget": ("Budget", ()),
}


def constraint_title(key: str) -> str:
    """'Time to first token' for 'ttft'; an unknown key spaced and capitalised ('Compliance')."""
    known = CONSTRAINT_TITLES.get(key)
    if known is not None:
        return known[0]
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _mid_sentence(title: str) -> str:
    """A title inside a sentence: 'deadline', 'time to first token', but 'GPU count'."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() else title[:1].lower() + title[1:]


class BindingConstraint(DomainModel):
    """A limit that no candidate in scope could meet, quantified."""

    constraint: str  # "memory", "ttft", "tpot", "throughput", "budget", "compliance", ...
    required: float
    available: float
    unit: str
    detail: str = ""  # one plain sentence: "needs 140 GB for weights, the device has 4 GB"
    fix: str = ""  # what would fix it, in the words of an experienced engineer

    @property
    def title(self) -> str:
        """The constraint as a person names it: 'Time to first token', 'GPU count'."""
        return constraint_title(self.constraint)

    @property
    def line(self) -> str:
        """'Deadline: one request alone takes 17 s ...': the title once, then the detail; a detail
        that already opens with the constraint's name ('TTFT floor 3.1 s ...') stands alone."""
        if not self.detail:
            return self.title
        opens = CONSTRAINT_TITLES.get(self.constraint, ("", ()))[1]
        if self.detail.casefold().startswith(opens) if opens else False:
            return self.detail[:1].upper() + self.detail[1:]
        return f"{self.title}: {self.detail}"


class Explanation(DomainModel):
    """How one number was computed, so an expert can check it by hand."""

    quantity: str  # "TPOT"
    value: float
    unit: str
    formula: str  # "max(bytes / (BW x MBU), flops / (peak x MFU)) + overhead"
    inputs: dict[str, float | str] = Field(default_factory=dict)
    source: str = ""  # where the efficiency factors come from
    # a table the inputs go on in, one row per case the figure sums (the energy's traffic levels):
    # the column names with their units, and the rows of figures under them
    table_columns: list[str] = Field(default_factory=list)
    table_rows: list[list[float]] = Field(default_factory=list)


class MemoryBreakdown(DomainModel):
    """Per GPU, in GiB."""

    capacity_gib: float
    usable_gib: float  # capacity x gpu_memory_fraction
    weights_gib: float
    kv_cache_gib: float  # what the KV cache may use (usable - weights - reserve - activations)
    reserve_gib: float  # runtime reserve: CUDA context, graphs, allocator slack
    activation_gib: float
    free_gib: float  # negative when the model does not fit
    kv_bytes_per_token: float  # per GPU, after the TP split
    max_concurrent_sequences: int  # at the workload's context length
    fits: bool


# What each key of Option.bands means, and its unit: the window and the report name them alike.
BAND_LABELS: dict[str, tuple[str, str]] = {
    "ttft_p95_ms": ("TTFT p95", "ms"),
    "tpot_ms": ("TPOT", "ms"),
    "tokens_per_s": ("Output at operating batch", "tok/s per replica"),
    "cost_per_month_usd": ("Cost per month", "USD"),
    "cost_per_million_tokens_usd": ("Cost per 1M tokens", "USD"),
}


# An option no operating point serves (no batch meets the SLA): these figures are undefined, not
# zero. Written as null; read back as 0 (with `priced` False, nobody reads them as figures).
UNPRICED_FIELDS = (
    "requests_per_s_per_replica", "replicas", "replicas_min", "replicas_max", "total_gpus",
    "cost_per_month_usd", "cost_per_million_tokens_usd", "cost_per_request_usd",
)  # fmt: skip
NOT_PRICED = "n/a"  # how a table cell writes one of them


CALIBRATED_FLAG = "calibrated profile '"  # Option.flags entry of a profile fitted to the user's runs
# A chart series' name suffix: an option drawn though only the budget rules it out (no option feasible)
OVER_BUDGET_MARK = " (over budget)"
# Option.flags entry of a RAG option on a node whose record gives no RAM: the host-RAM check could not run
HOST_RAM_FLAG = "host RAM not verified"


class Option(DomainModel):
    """One evaluated deployment: model x hardware x parallelism x precision."""

    model: str
    hardware: str  # Instance name
    accelerator: str
    runtime: str
    gpus: int  # per replica
    tensor_parallel: int
    pipeline_parallel: int
    precision: Precision
    kv_precision: Precision
    batch_size: int  # concurrent sequences at the operating point
    memory: MemoryBreakdown
    ttft_ms: float  # unloaded
    ttft_p95_ms: float  # under the workload's load, queueing included
    tpot_ms: float  # mean at the operating point
    # p95 at the operating point (engine.serving.tpot_p95): what the TPOT SLA is judged on
    tpot_p95_ms: float | None = None
    e2e_p95_ms: float
    tokens_per_s: float  # output tokens/s per replica at the operating point
    # [s] one request's time in service alone (batch-1 latency: TTFT + output x TPOT at batch 1); with
    # a replica's arrival rate it gives the share of the time the replica is busy (engine.power.active_share)
    request_s: float | None = None
    # [1] share of each decode step a GPU of the replica runs kernels at the operating point (not waiting
    # on all-reduce or the runtime's per-step work): the busy power scales by it (engine.power)
    kernel_share: float = 1.0
    # [1] the shares of that decode step the GPU's memory system and tensor cores are busy (u_mem, u_comp:
    # engine.power.step_activity) at the same load, what kernel_share = min(1, 0.735 u_mem + 0.945 u_comp)
    # is read from; None where s does not follow the step (busy_power_fraction set) or not worked out
    step_mem_share: float | None = None
    step_comp_share: float | None = None
    requests_per_s_per_replica: float  # max sustainable at the SLA
    # [req/s] the most one replica serves at any batch it holds, SLA aside (Evaluation.peak_rate): a
    # replica serving lambda is busy at least lambda / this of the time (engine.power.active_share)
    peak_requests_per_s_per_replica: float | None = None
    replicas: int  # for peak, with redundancy
    replicas_min: int  # autoscaling floor
    replicas_max: int  # autoscaling ceiling
    total_gpus: int
    nodes: int | None = None  # whole nodes billed at peak (spare nodes included); None where unpriced
    node_gpus: int | None = None  # accelerators one node holds
    spare_replicas: int = 0  # of `replicas`, those beyond peak: for the availability target or as set
    zones: int = 1  # zones (failure domains above the node) the replicas are spread across
    availability: float | None = None  # P(peak served) of this plan [fraction]; see its explanation
    cost_per_month_usd: float  # always per month: budgets and rankings compare month with month
    cost_per_million_tokens_usd: float
    # [tokens] what one request counts for in every "per 1M tokens" figure: the tokens the model
    # processes, i.e. prompt text + image tokens + generated tokens (none for an embedding model)
    tokens_per_request: float | None = None
    generates: bool = True  # False for an embedding model: one vector per request, no decode or TPOT
    cost_per_request_usd: float
    # A batch or training job's cost per run, and the runs a month holds (None when serving); how
    # the month is made from the runs is in `cost_basis`.
    cost_per_run_usd: float | None = None
    runs_per_month: float | None = None
    cost_basis: str = ""  # "rented for each run's hours x 21.7 run(s) a month", "dedicated on-prem nodes: ..."
    # A training job (fine-tuning without serving traffic): the run itself, per the method
    # (engine.kinds.fine_tuning): GPUs to hold its state, memory per GPU [GiB], GPU-hours and
    # wall-clock hours of one run. None when serving.
    train_gpus: int | None = None
    # GPUs one copy of the run's sharded state needs (FSDP/ZeRO-3): the smallest group the run
    # trains on; `train_gpus` is the GPUs it is priced on (whole nodes), a multiple of groups
    train_state_gpus: int | None = None
    train_memory_gib_per_gpu: float | None = None
    train_gpu_hours: float | None = None
    train_hours: float | None = None
    bands: dict[str, Band] = Field(default_factory=dict)  # "ttft_p95_ms" -> low/expected/high
    feasible: bool
    violations: list[BindingConstraint] = Field(default_factory=list)
    explanations: list[Explanation] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)  # "uncalibrated: no measurements for ..."
    # The number format the matmuls run in, whether the weights are dequantised to it (a
    # weight-only, emulated precision such as FP8 on an A100), and its dense peak [TFLOP/s].
    math_format: str = ""
    precision_emulated: bool = False
    math_tflops_per_device: float = 0.0
    # RAG: the retrieval steps before prefill [ms] (embed_query, search, rerank), included in the TTFTs
    retrieval_ms: dict[str, float] = Field(default_factory=dict)
    # Deployment and energy (app.engine.deployment): how this option's nodes are deployed and paid
    # for, its facility power at the operating point [kW, PUE included], energy per month [kWh] and
    # per 1M tokens [Wh], CO2e per month [kg] and per 1M tokens [g], and its cumulative cost over the
    # scenario's horizon [USD]. `energy_estimated`: a physical estimate for a cloud node (providers
    # do not publish it per instance). None where a figure it needs is unknown.
    deployment: str = ""  # "cloud", "bare_metal", "on_prem"
    pricing: str = ""  # "on_demand", "reserved_1y", "reserved_3y", "spot", "lease", "capex"
    power_kw: float | None = None
    energy_kwh_per_month: float | None = None
    energy_wh_per_million_tokens: float | None = None
    # the same energy per 1M tokens [Wh] with the host left out (accelerators x PUE only): the
    # like-for-like figure when some options' host power is unknown (the selection matrix ranks on it)
    energy_accel_wh_per_million_tokens: float | None = None
    co2e_kg_per_month: float | None = None
    co2e_g_per_million_tokens: float | None = None
    energy_estimated: bool = False
    # True when a figure the energy needs is missing (the accelerator's TDP, the node's host power):
    # the energy figures are then None (no TDP) or leave that part out (no host power); which ones
    # in `energy_missing` ("host power of AWS p5.48xlarge")
    energy_incomplete: bool = False
    energy_missing: list[str] = Field(default_factory=list)
    # the energy figures are lower bounds (the known part): what they leave out, in words, as the
    # deployment rows write it ("lower bound: host power not included"); "" when whole or unknown
    energy_lower_bound: str = ""
    # the hosts whose catalogued maximum the energy draws every hour, in words ("On-prem 8x H100 SXM
    # (DGX H100): 4,600 W a node"); the figures are then upper bounds (`energy_bound`)
    energy_host_max: list[str] = Field(default_factory=list)
    # "lower" (a part left out: no host power), "upper" (a host at its catalogued maximum) or None,
    # and the reason in words (`energy_bound.energy_bound`)
    energy_bound: Literal["lower", "upper"] | None = None
    energy_bound_reason: str = ""
    horizon_cost_usd: float | None = None
    # An option priced `pricing: reserved` pays its busiest hour's nodes reserved all month; the
    # deployment comparison's row of the same pricing on the same nodes reserves only the quietest
    # hour's and rents the peak on demand. When that row costs less: its label and month 1 [USD/month]
    # (engine.deployment.dominance.mark_reserved_options), so a verdict quoting this option's cost
    # says which plan each figure prices (`cost_summary`). "" / None otherwise.
    reserved_row_label: str = ""
    reserved_row_usd_per_month: float | None = None
    pareto: bool = False
    rank: int | None = None
    # False where no operating point meets the SLA (the engine's plan is NaN): no replicas are
    # planned and nothing is priced, so UNPRICED_FIELDS are undefined: null in JSON, "n/a" on screen,
    # in the PDF and the CLI, with `violations` saying why. Never $0.
    priced: bool = True

    @model_validator(mode="before")
    @classmethod
    def _unpriced_from_null(cls, data: Any) -> Any:
        """An unpriced option written as JSON (nulls) reads back: its undefined figures as 0."""
        if isinstance(data, dict) and data.get("priced") is False:
            data = {**data, **{k: 0 for k in UNPRICED_FIELDS if data.get(k) is None}}
        return data

    @model_serializer(mode="wrap")
    def _unpriced_as_null(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if not self.priced and isinstance(data, dict):
            data.update({k: None for k in UNPRICED_FIELDS if k in data})
            if "cost_per_run_usd" in data:
                data["cost_per_run_usd"] = None
        return data

    @property
    def why_unpriced(self) -> str:
        """The reason an unpriced option has no replicas or cost: its violated constraints."""
        said = "; ".join(_mid_sentence(v.title) for v in self.violations)
        # no constraint broken but no price to plan with (a bare accelerator): say that, not "no
        # operating point", which reads as if the device could not serve (tcli5 N17)
        no_price = next((f.split(";")[0] for f in self.flags if f.startswith("no price:")), "")
        return said or no_price or "no operating point"

    @property
    def replicas_text(self) -> str:
        """ "2 replica(s) (8 GPUs in all)"; where nothing is planned (not priced) the replicas are
        n/a, as the options table shows them: "replicas n/a (1 device a replica)"."""
        if not self.priced:
            return f"replicas n/a ({self.gpus} {'device' if self.gpus == 1 else 'devices'} a replica)"
        return f"{self.replicas} replica(s) ({self.gpus_in_all_text})"

    @property
    def gpus_in_all_text(self) -> str:
        """ "8 GPUs in all", and where whole nodes billed hold more (spares on nodes of their own,
        replicas that do not fill a node): "8 GPUs in all, billed as 16 GPUs on 2 nodes"."""
        n = self.total_gpus
        text = f"{n} {'GPU' if n == 1 else 'GPUs'} in all"
        if self.priced and self.nodes and self.node_gpus and self.nodes * self.node_gpus > n:
            billed = self.nodes * self.node_gpus
            text += f", billed as {billed} GPUs on {self.nodes} {'node' if self.nodes == 1 else 'nodes'}"
        return text

    def priced_text(self, value: float | None, fmt: str) -> str:
        """`value` formatted with `fmt`, or "n/a" where this option is not priced."""
        return NOT_PRICED if not self.priced or value is None else format(value, fmt)

    @property
    def cost_summary(self) -> str:
        """The cost in words with its periods: "$1,824/month", or for a job
        "$84/run, $1,824/month (21.7 runs/month)", "(one run a month)" for one; "not priced
        (throughput)" where nothing serves."""
        if not self.priced:
            return f"not priced ({self.why_unpriced})"
        if self.cost_per_run_usd is None:
            return f"${self.cost_per_month_usd:,.0f}/month" + self.reserved_row_text
        runs = self.runs_per_month or 1
        period = "one run a month" if runs == 1 else f"{runs:,.3g} runs/month"
        return f"${self.cost_per_run_usd:,.0f}/run, ${self.cost_per_month_usd:,.0f}/month ({period})"

    def lower_bound_short(self) -> str:
        """A cell's few words when the energy figures leave a part out ("no host"), as a deployment
        row's (`energy_bound.lower_bound_short`); "" when whole."""
        return lower_bound_short(self.energy_incomplete, self.energy_missing)

    def lower_bound_note(self) -> str:
        """What the energy figures leave out, in words ("host power not included"); "" when whole."""
        return lower_bound_note(self.energy_incomplete, self.energy_missing)

    @property
    def reserved_row_text(self) -> str:
        """After a reserved option's cost: what that figure prices and what the deployment row of the
        same pricing on the same nodes costs (" with all 4 nodes reserved all month; Cloud reserved 1 y
        + on-demand peak on the same nodes: $712/month"), when that row is cheaper; else ""."""
        if self.reserved_row_usd_per_month is None or not self.reserved_row_label:
            return ""
        n = self.nodes or self.replicas
        return (
            f" with all {n} {'node' if n == 1 else 'nodes'} reserved all month; {self.reserved_row_label} "
            f"on the same nodes: ${self.reserved_row_usd_per_month:,.0f}/month"
        )

    @property
    def host_ram_unverified(self) -> str:
        """The caveat of a RAG option whose node record gives no RAM figure ("host RAM not verified:
        ... needs 413.3 GiB ..."): the index may not fit, so the option is feasible only if the
        server holds it; "" when the check ran (or there is no host-side index)."""
        return next((f for f in self.flags if f.startswith(HOST_RAM_FLAG)), "")

    @property
    def calibration(self) -> str:
        """What the efficiency profile fitted to the user's own runs says ("calibrated on 14 of your
        runs, residual 6 % ..."), when one sized this option; "" for a catalog profile."""
        for flag in self.flags:
            if flag.startswith(CALIBRATED_FLAG):
                return flag.split("': ", 1)[-1]
        return ""

    @property
    def label(self) -> str:
        par = f"TP{self.tensor_parallel}" + (f"xPP{self.pipeline_parallel}" if self.pipeline_parallel > 1 else "")
        where = f"{self.gpus}x {self.accelerator}"
        if self.hardware != self.accelerator:
            where = f"{self.hardware}, {where}"
        return f"{self.model} · {where} ({par}, {self.precision.value}, {self.runtime})"


class HostedOption(DomainModel):
    """A hosted API priced for the workload."""

    name: str
    provider: str
    model: str
    cost_per_month_usd: float
    cost_per_million_tokens_usd: float
    cost_per_request_usd: float
    cost_per_run_usd: float | None = None  # a batch job's tokens for one run
    allowed: bool  # compliance with the workload's sensitivity
    reason: str = ""
    break_even_requests_per_s: float | None = None  # vs the recommended self-hosted option
    # the workload sends images and the provider's per-image tokens are unknown: the costs count
    # text only and are not comparable (the row is then not allowed, its reason says why)
    image_cost_unknown: bool = False
    # how the request's images were billed, in words: "3 images x 765 tokens (the provider's count for
    # one 1024 x 1024 px image; other sizes not modelled)"; "" without images or where unknown
    image_basis: str = ""

    @property
    def label(self) -> str:
        """ "OpenAI GPT-4o mini (hosted API)": how the matrix, the verdict and the charts name it."""
        return f"{self.name} (hosted API)"


# What a series is, so the screen and the PDF style it without reading its display name:
# one ranked option, the feasible candidates not ranked, the Pareto front over the options,
# or one part of a whole (a memory chart's weights, KV cache, ...).
# "dominated": a deployment row another row beats at no longer commitment (drawn dashed and faded)
# "spare": capacity held idle for availability (a fleet's N + k spare replicas), drawn lighter and hatched
SeriesRole = Literal["option", "other_feasible", "pareto", "component", "dominated", "spare"]
LEGACY_ROLE_NAMES: dict[str, SeriesRole] = {"Pareto front": "pareto", "Other feasible candidates": "other_feasible"}


class Series(DomainModel):
    name: str
    x: list[float]
    y: list[float]
    option_index: int | None = None  # index into Sizing.options, for linking
    labels: list[str] = Field(default_factory=list)  # per point, for tooltips
    role: SeriesRole = "component"
    calibration: str = ""  # the option's Option.calibration: drawn marked, named in the legend

    @model_validator(mode="before")
    @classmethod
    def _role_of_older_data(cls, data: Any) -> Any:
        """Series saved or built without a role get the one their name or option index meant."""
        if isinstance(data, dict) and "role" not in data:
            role: SeriesRole | None = LEGACY_ROLE_NAMES.get(str(data.get("name")))
            if role is None and data.get("option_index") is not None:
                role = "option"
            if role is not None:
                data = {**data, "role": role}
        return data


class ReferenceLine(DomainModel):
    label: str  # "TTFT SLA 500 ms"
    value: float
    orientation: str = "horizontal"  # or "vertical"


class Chart(DomainModel):
    """Chart data both the screen and the PDF draw, so they can never disagree."""

    key: str  # "latency_vs_concurrency", "cost_vs_latency", "memory", "replicas_vs_traffic"
    title: str
    x_label: str
    x_unit: str
    y_label: str
    y_unit: str
    kind: str = "line"  # "line", "scatter", "stacked_bar"
    series: list[Series] = Field(default_factory=list)
    reference_lines: list[ReferenceLine] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)  # stacked_bar: one per bar
    # stacked_bar: the option index of each bar (empty: bar k is option k)
    category_options: list[int] = Field(default_factory=list)
    # whether the PDF's value axis keeps 0 in view; False where 0 means nothing on the scale (an
    # arena rating in Elo) or would flatten the differences: the axis then spans the data
    y_from_zero: bool = True

    def bar_option(self, bar: int) -> int:
        """The option index bar `bar` stands for (a stacked bar chart's categories)."""
        return self.category_options[bar] if bar < len(self.category_options) else bar


class WorkloadKindResult(DomainModel):
    """Figures specific to batch, fine-tuning, RAG and agent workloads."""

    kind: str
    figures: dict[str, float] = Field(default_factory=dict)  # name [unit] -> value
    notes: list[str] = Field(default_factory=list)
    explanations: list[Explanation] = Field(default_factory=list)


class Sizing(DomainModel):
    """The engine's whole answer for one scenario."""

    scenario: str
    feasible: bool
    error: str | None = None  # INSUFFICIENT_HARDWARE when nothing in scope works, or the budget verdict
    # what binds when nothing works: "hardware" (what the hardware in scope cannot do: memory,
    # latency, throughput, GPUs, availability...), "budget" (options meet the SLA, none the budget)
    # or "model" (no candidate model reads the workload's inputs, e.g. images: no hardware helps)
    # or "policy" (the data's sensitivity rules out every node's tenancy, e.g. marketplace hosts)
    error_kind: str | None = None
    binding_constraints: list[BindingConstraint] = Field(default_factory=list)
    recommended: Option | None = None
    options: list[Option] = Field(default_factory=list)  # ranked; feasible first
    hosted: list[HostedOption] = Field(default_factory=list)
    strategy: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)
    workload_kind: WorkloadKindResult | None = None
    evaluated_points: int = 0
    assumptions_used: dict[str, float | str] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)  # every catalog source used
    # what the constraints left out that the user should know, e.g. "12 instances excluded: region
    # unknown ..." under a region constraint (engine.space.region_exclusions)
    scope_notes: list[str] = Field(default_factory=list)
    simulation: Simulation | None = None  # the recommended option simulated, when asked for
    # False for a what-if preview: the same options, figures and charts, without the options'
    # uncertainty bands and explanations (the screen asks for those once a slider settles).
    detailed: bool = True
    # The deployment models side by side over the horizon (engine.deployment); None when not computed
    deployments: DeploymentComparison | None = None
    # The option (index into `options`) the charts and the strategy lead with: the engine's pick
    # (0) unless the caller asked for another, e.g. the selection matrix's recommendation.
    chart_lead: int = 0
    # The hosted API (its HostedOption.label) the charts lead with when the caller asked for one
    # (the selection matrix recommends it): the cost chart draws its price first. None: an option leads.
    chart_lead_hosted: str | None = None

    def chart(self, key: str) -> Chart | None:
        return next((c for c in self.charts if c.key == key), None)

    def cheapest_feasible(self) -> Option | None:
        """The feasible option with the lowest monthly cost [USD/month] (the first in rank order
        among equals). Not always `recommended`: the ranking counts options within 0.1 % of the
        cheapest as tied and puts fewer GPUs first (engine.size.COST_TIE)."""
        priced = [o for o in self.options if o.feasible and o.priced]
        return min(priced, key=lambda o: o.cost_per_month_usd) if priced else None


class EstimateEnergy(DomainModel):
    """What one configuration draws at the estimate's load (`engine.estimate_energy`: the one power
    model the options, the deployment comparison and the fleet use). None where no power figure."""

    nodes: int  # whole nodes the configuration holds (a bare accelerator: its devices)
    power_w: float | None = None  # [W] facility power at this load (x PUE)
    energy_kwh_per_month: float | None = None  # [kWh/month] this load held every hour of the month
    energy_wh_per_million_tokens: float | None = None  # [Wh per 1M tokens processed]
    on_prem_usd_per_month: float | None = None  # [USD/month] on-prem nodes: capex share + operations + electricity
    request_s: float | None = None  # [s] one request alone (T of the busy share)
    kernel_share: float = 1.0  # [1] share of a decode step in kernels at this load's batch (k)


class Estimate(DomainModel):
    """One exact configuration at one load: the single-config calculator answer."""

    model: str
    hardware: str
    accelerator: str
    runtime: str
    gpus: int
    tensor_parallel: int
    pipeline_parallel: int
    precision: Precision
    kv_precision: Precision
    input_tokens: int
    output_tokens: int
    concurrency: float  # sequences in flight (given, or from Little's law at the rate)
    rate_rps: float | None = None  # offered rate, when the load was given as a rate
    memory: MemoryBreakdown
    fits: bool
    # [ms] mean TTFT at this load (an offered rate: prefill + a step + half the p95 queue wait)
    ttft_ms: float
    tpot_ms: float  # [ms] mean at this load
    e2e_ms: float
    output_tokens_per_s: float
    requests_per_s: float
    regime: str  # "memory-bound decode", "compute-bound decode", "saturated: ...", "does not fit"
    # [ms] p95 TTFT and TPOT at an offered rate below capacity, as `size` judges an option's SLA
    # (engine.options.ttft_p95_at: the step-level queue; engine.serving.tpot_p95). None in a closed loop
    # (a concurrency: no arrivals queue), above capacity (no steady queue) or where the model does not fit
    ttft_p95_ms: float | None = None
    tpot_p95_ms: float | None = None
    embedding: bool = False  # an embedding model: one vector per request, no TPOT or output tokens
    images_per_request: float = 0.0  # images sent with each request (a vision-language model)
    image_tokens_per_request: float = 0.0  # [tokens] their prefill tokens: images x tokens_per_image
    bands: dict[str, Band] = Field(default_factory=dict)
    explanations: list[Explanation] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    energy: EstimateEnergy | None = None


class Simulation(DomainModel):
    """A discrete-event simulation of one option, to check the analytic percentiles."""

    option: str
    requests: int
    rate_rps: float  # offered per replica
    seed: int
    ttft_p50_ms: float
    ttft_p95_ms: float
    tpot_p50_ms: float
    tpot_p95_ms: float
    e2e_p95_ms: float
    mean_batch: float
    analytic_ttft_p95_ms: float
    analytic_tpot_ms: float  # mean
    analytic_tpot_p95_ms: float | None = None
    # tokens one simulated request prefills on average: prompt text + images x the model's tokens
    # per image, less prefix-cache hits (the analytic model's prompt); None in older results
    prefill_tokens_mean: float | None = None
    # the workload's p95 targets the simulated run misses, in words (the analytic sizing met them)
    sla_broken: list[str] = []
    notes: list[str] = Field(default_factory=list)

"""What the fleet planner answers (app.engine.fleet.plan_fleet): frozen records, JSON-ready.

Hourly series are 168 values, Monday 00:00 first (`HOURS_PER_WEEK`). Money is per week of the
plan and per month (x hours_per_month / 168); every figure says its unit in its name."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.domain.portfolio import FrozenModel, PriorityClass
from app.domain.results import BindingConstraint, Chart, Explanation

UnitKind = Literal["serving", "job", "hosted"]
Status = Literal["keeps SLA", "degrades", "preempted", "outage"]  # outage: no capacity left for it at all


# What every weekly figure of a fleet plan means (kWh/week, $/week, GPU-h/week, $/request, team shares):
# the month's figure / weeks a month, so a monthly run counts once a month everywhere, as in $/month.
AVERAGE_WEEK_RULE = (
    "an average week of the month (hours a month / 168 weeks): a monthly or one-off job's run counts "
    "once a month, the rest of the work every week"
)

# How a pool's cost is split among the workloads on it (engine.fleet.chargeback has the formula):
# the Fleet page, the report and the CLI state it where they show the shares.
CHARGEBACK_RULE = (
    "each workload pays the GPU-hours it uses at its pool's rate (the pool-hour's cost / its powered GPUs); "
    "a pool's idle GPUs are paid by the workloads whose own whole nodes would leave them idle (an owned pool: "
    "the nodes each one's peak fills, held all week; a burst pool: each hour's), in proportion to that "
    "remainder; capacity beyond every workload's own whole nodes goes by GPU-hours used. So no workload pays "
    "more than it would alone on whole nodes, and adding a workload raises another's bill by at most that "
    "one's own whole-node remainder: a workload that fills its nodes is never charged for a newcomer's. "
    "Each workload's kWh and CO2e follow the same shares of each pool. Hosted APIs go to their workload's team"
)
CHARGEBACK_SHORT = "own GPU-hours at the pool's rate; idle GPUs by whose whole nodes leave them idle"


class ReplicaSpec(FrozenModel):
    """How one workload (or cascade stage) runs on one pool, read off the engine's sizing of it on
    that pool's node at its SLA (`app.engine.size`, the recommended option)."""

    unit: str
    pool: str
    option: str  # the option's label: model, GPUs, parallelism, precision, runtime
    model: str
    gpus: int  # per replica (a job: per gang)
    tensor_parallel: int
    footprint_gpus: float  # GPUs a replica takes from a node: node GPUs / replicas that fit one node
    requests_per_s: float  # max sustainable per replica at the SLA [req/s]; 0 for a training job
    unit_hours_per_run: float | None = None  # a job: replica-hours (batch) or gang-hours (training) per run
    # a training run: most gangs (data-parallel copies of `gpus` GPUs each) at once = the GPUs it is
    # priced on / GPUs to hold the state; None: no limit (a batch job's replicas)
    max_gangs: int | None = None
    ttft_p95_ms: float = 0.0
    tpot_ms: float = 0.0
    e2e_p95_ms: float = 0.0
    ttft_ms: float = 0.0
    batch_size: int = 0
    source: str = ""
    # serving: spare replicas the workload's own SLA availability needs on this pool (the engine's
    # N + k, `Option.spare_replicas`), held in every hour it has demand; 0 for a job
    spare_replicas: int = 0
    availability_target: float | None = None  # the workload's sla.availability [fraction]; None for a job
    availability: float | None = None  # P(peak served) of the engine's plan on this pool [fraction]
    # [s] one request's time in service alone (`Option.request_s`) and [1] the share of a decode step
    # a GPU runs kernels (`Option.kernel_share`): the fleet's energy counts busy power as the options do
    request_s: float | None = None
    kernel_share: float = 1.0
    # [req/s] the most one replica serves at any batch (`Option.peak_requests_per_s_per_replica`): the
    # busy share's floor rate / this (engine.power.active_share); None: no floor
    peak_requests_per_s: float | None = None


class Unfit(FrozenModel):
    """Why a workload cannot run on a pool at all (the engine's verdict there)."""

    unit: str
    pool: str
    reason: str


class PoolPlan(FrozenModel):
    name: str
    instance: str
    accelerator: str
    gpus_per_node: int
    nodes: int  # base pool: nodes owned; burst pool: the most rented in any hour
    sized: bool  # the planner chose `nodes` ("auto")
    burst: bool
    failure_domains: int
    price_usd_per_node_hour: float
    price_basis: str
    gpus_used_by_hour: list[float]
    nodes_rented_by_hour: list[int] = Field(default_factory=list)  # burst pools
    utilisation_by_hour: list[float]  # of the pool's GPUs [fraction]; burst: of those rented
    reserve_nodes_needed: int = 0  # spares for the availability target
    reserve_basis: str = ""
    power_kw_per_node: float | None = 0.0  # None: the catalog gives no power figure (no TDP)
    power_basis: str = ""
    cost_usd_per_week: float = 0.0
    cost_usd_per_month: float = 0.0
    energy_kwh_per_week: float | None = 0.0  # None: unknown (no power figure), never 0
    energy_kwh_per_month: float | None = 0.0  # the week's x hours_per_month / 168 (AVERAGE_WEEK_RULE)
    energy_lower_bound: bool = False  # host power unknown: the accelerators only


class UnitPlan(FrozenModel):
    """One workload or cascade stage through the week."""

    name: str  # "Support chat" or "Support chat / Llama-3.1-8B-Instruct" for a stage
    workload: str  # the portfolio entry
    stage: str = ""
    team: str
    priority: PriorityClass
    kind: UnitKind
    demand_rps_by_hour: list[float] = Field(default_factory=list)  # serving and hosted
    replicas_by_hour: dict[str, list[int]] = Field(default_factory=dict)  # pool -> 168 replicas (or gangs)
    # pool -> 168 spare replicas among replicas_by_hour: held for the SLA availability (N + k), idle
    spare_replicas_by_hour: dict[str, list[int]] = Field(default_factory=dict)
    gpus_by_hour: list[float] = Field(default_factory=list)
    fallback_rps_by_hour: list[float] = Field(default_factory=list)
    unmet_rps_by_hour: list[float] = Field(default_factory=list)
    runs: int = 0  # a job's runs in the week
    run_done_share: list[float] = Field(default_factory=list)  # each run's finished share (1 = done in time)
    run_hours: list[list[int]] = Field(default_factory=list)  # each run's allowed hours
    hosted: str | None = None  # a hosted stage's API, or the fallback
    tokens_in: float = 0.0  # per request (mean)
    tokens_out: float = 0.0
    tokens_out_p95: float | None = None


class UnitKpis(FrozenModel):
    name: str
    workload: str
    team: str
    priority: PriorityClass
    sla_attainment: float  # serving: share of requests served in SLA (fleet or fallback); jobs: runs done in time
    requests_per_week: float
    mtok_per_week: float  # input + output tokens [millions]
    gpu_hours_per_week: float
    fleet_cost_usd_per_week: float  # own GPU-hours at the pool rate + idle by whole-node remainder (CHARGEBACK_RULE)
    hosted_cost_usd_per_week: float  # hosted stage or fallback
    cost_usd_per_week: float
    cost_usd_per_month: float
    cost_per_request_usd: float | None
    cost_per_mtok_usd: float | None
    energy_kwh_per_week: float | None  # None: a pool it uses has no power figure (no TDP)
    # kWh/week x the grid intensity of each pool it draws on [kg CO2e]; None when a pool it uses has
    # no grid figure (its region not in the catalog's grid list, and no fleet grid_gco2e_per_kwh)
    co2e_kg_per_week: float | None = None
    # the same figures a month: the week's x hours_per_month / 168 (AVERAGE_WEEK_RULE) [kWh, kg CO2e]
    energy_kwh_per_month: float | None = 0.0
    co2e_kg_per_month: float | None = None
    energy_lower_bound: bool = False  # a pool it uses has no host power: the accelerators only


class TeamCharge(FrozenModel):
    team: str
    workloads: list[str]
    gpu_hours_per_week: float
    cost_usd_per_week: float
    cost_usd_per_month: float
    share: float  # of the fleet's whole cost
    co2e_kg_per_week: float | None = None  # its workloads' CO2e summed; None when one has none
    co2e_kg_per_month: float | None = None  # the week's x hours_per_month / 168 (AVERAGE_WEEK_RULE)
    co2e_lower_bound: bool = False  # one of its workloads' energy is a lower bound (no host power)


class SeparateFleet(FrozenModel):
    """One workload alone on its cheapest pool type, sized for itself."""

    unit: str
    pool: str
    nodes: int  # owned, or a burst pool's rented at its busiest hour
    gpus: int
    cost_usd_per_month: float
    burst: bool = False  # rents by the hour (node-hours used), owns nothing
    rented_gpus: int = 0  # of gpus: a burst pool's, rented by the hour at its busiest hour (not owned)


class SharingComparison(FrozenModel):
    shared_gpus: int
    shared_cost_usd_per_month: float
    separate_gpus: int
    separate_cost_usd_per_month: float
    saving_gpus: int
    saving_usd_per_month: float
    separate: list[SeparateFleet]
    basis: str  # the rule both sides are sized by, in words
    shared_pools: str = ""  # the pools the shared side's cheapest fleet holds
    # of shared_gpus / separate_gpus: burst GPUs rented by the hour at the busiest hour, not owned
    shared_rented_gpus: int = 0
    separate_rented_gpus: int = 0

    @property
    def gpus_line(self) -> str:
        """ "shared 16 GPUs owned against 16 owned + 72 rented by the hour at the busiest hour": a rented
        burst GPU is not a fleet GPU, so owned and rented are said apart."""

        def side(gpus: int, rented: int) -> str:
            owned = gpus - rented
            return f"{owned:,} GPUs owned" + (f" + {rented:,} rented by the hour at the busiest hour" if rented else "")

        return f"shared {side(self.shared_gpus, self.shared_rented_gpus)} against separate fleets' " + side(
            self.separate_gpus, self.separate_rented_gpus
        )

    @property
    def saving_owned_gpus(self) -> int:
        """Owned GPUs sharing saves (rented burst GPUs left out) [GPUs]."""
        return (self.separate_gpus - self.separate_rented_gpus) - (self.shared_gpus - self.shared_rented_gpus)


class FailureImpact(FrozenModel):
    unit: str
    priority: PriorityClass
    status: Status
    served_share: float  # of its demand in the failed hours (a job: of its affected runs' work)
    detail: str
    replicas_planned: int = 0  # on the fleet at the failure's first hour
    replicas_after: int = 0


class FailureCase(FrozenModel):
    lost: str  # "1 node of pool A", "failure domain 1 of 2 of pool A (4 nodes)"
    pool: str
    nodes_lost: int
    hour: int  # 0..167
    hour_label: str  # "Tue 15:00"
    hours_out: int
    impacts: list[FailureImpact]
    # what the outage adds to the planned week: burst node-hours rented and their cost, and the
    # requests sent to hosted fallbacks (e.g. a pool's only node lost: its work goes to burst)
    burst_node_hours: float = 0.0
    burst_cost_usd: float = 0.0
    fallback_cost_usd: float = 0.0
    # what the outage loses: requests neither served nor sent to a fallback, and job runs that now
    # miss their deadline (no price in the plan: what they cost the business is not modelled)
    lost_requests: float = 0.0
    missed_runs: list[str] = Field(default_factory=list)  # "Nightly summaries run 2 (61% done)"

    @property
    def extra_cost_line(self) -> str:
        """'+4 burst node-hours ($24) and $3 of fallback requests', what is lost, or 'no extra cost'."""
        parts = []
        if self.burst_node_hours > 0:
            parts.append(f"+{self.burst_node_hours:,.0f} burst node-hours (${self.burst_cost_usd:,.0f})")
        if self.fallback_cost_usd > 0:
            parts.append(f"${self.fallback_cost_usd:,.2f} of fallback requests")
        cost = " and ".join(parts)
        lost = []
        if self.lost_requests >= 0.5:
            lost.append(f"{self.lost_requests:,.0f} requests lost (not served, no fallback took them)")
        if self.missed_runs:
            lost.append("missed deadline: " + ", ".join(self.missed_runs))
        if lost:
            what = "; ".join(lost) + "; the cost of lost work is not priced in the plan"
            return f"{cost}; {what}" if cost else f"no extra burst or fallback cost, but {what}"
        return cost or "no extra burst or fallback cost"


class PlacedReplica(FrozenModel):
    unit: str
    gpus: float
    count: int
    spare: bool = False  # spare replicas held for the workload's SLA availability (N + k), idle


class NodeLoad(FrozenModel):
    pool: str
    node: int
    domain: int
    gpus: int
    gpus_used: float
    replicas: list[PlacedReplica]


class UnitSimulation(FrozenModel):
    """A discrete-event check of one serving unit at its busiest hour (see engine.fleet.simulate)."""

    unit: str
    hour_label: str
    rate_rps: float  # offered in the simulated hour
    requests: int
    slots: int  # replicas x sequences one replica holds (Little's law at its max rate)
    share_simulated: float = 1.0  # of the replicas and arrivals (a random split), when the hour is too big
    analytic_e2e_p95_ms: float  # the engine's e2e p95 for the option (Option.e2e_p95_ms)
    simulated_e2e_p95_ms: float
    simulated_wait_p95_ms: float
    failure_slots: int | None = None  # after the first failure case, when it takes replicas from this unit
    failure_e2e_p95_ms: float | None = None
    preempted_requests: int = 0  # in-flight requests interrupted by the failure and served again


class FleetPlan(FrozenModel):
    """The planner's whole answer for a portfolio."""

    portfolio: str
    method: str  # "greedy" or "milp (HiGHS)"
    feasible: bool
    verdict: str
    binding_constraints: list[BindingConstraint] = Field(default_factory=list)
    pools: list[PoolPlan]
    units: list[UnitPlan]
    kpis: list[UnitKpis]
    teams: list[TeamCharge]
    sharing: SharingComparison | None = None
    failures: list[FailureCase] = Field(default_factory=list)
    worst_hour: int = 0
    worst_hour_label: str = ""
    placement: list[NodeLoad] = Field(default_factory=list)  # at placement_hour (default the worst hour)
    placement_hour: int = 0
    placement_hour_label: str = ""
    replica_specs: list[ReplicaSpec] = Field(default_factory=list)
    unfit: list[Unfit] = Field(default_factory=list)
    gpus: int = 0  # base pools
    cost_usd_per_week: float = 0.0
    cost_usd_per_month: float = 0.0
    energy_kwh_per_week: float | None = 0.0  # None: a powered pool has no power figure (`energy_note`)
    # every pool's kWh in an average week x its grid gCO2e/kWh / 1000 [kg]; None when a pool that draws
    # energy has no grid figure, `co2e_note` naming it and what to set (never shown as 0)
    co2e_kg_per_week: float | None = None
    co2e_note: str = ""
    # the same figures a month: the week's x hours_per_month / 168 (AVERAGE_WEEK_RULE) [kWh, kg CO2e]
    energy_kwh_per_month: float | None = 0.0
    co2e_kg_per_month: float | None = None
    # a powered pool has no host power: energy and CO2e count its accelerators only (">= ... (no host)")
    energy_lower_bound: bool = False
    energy_note: str = ""  # why the energy is n/a or a lower bound, in words; "" when complete
    idle_gpu_hours_per_week: float = 0.0
    utilisation_by_hour: list[float] = Field(default_factory=list)  # base pools together
    simulation: list[UnitSimulation] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)  # fleet_demand, fleet_utilisation, fleet_chargeback
    notes: list[str] = Field(default_factory=list)
    explanations: list[Explanation] = Field(default_factory=list)


__all__ = [
    "FailureCase",
    "FailureImpact",
    "FleetPlan",
    "NodeLoad",
    "PlacedReplica",
    "PoolPlan",
    "ReplicaSpec",
    "SeparateFleet",
    "SharingComparison",
    "TeamCharge",
    "UnitKpis",
    "UnitPlan",
    "UnitSimulation",
    "Unfit",
]

"""Deployment models compared over a horizon: grid intensities (a catalog kind) and the
comparison the engine returns (`DeploymentComparison`), read by the window, the report and
`size --json`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from app.domain.common import DomainModel, Sourced
from app.domain.energy_bound import lower_bound_note, lower_bound_short
from app.domain.ranges import Within
from app.domain.results import Chart

# How an option is deployed and how its nodes are paid for (the vocabulary).
DeploymentModel = Literal["cloud", "bare_metal", "on_prem", "hybrid"]
PricingMode = Literal["on_demand", "reserved_1y", "reserved_3y", "spot", "lease", "capex", "mixed"]


# Operational burden by deployment model [points]: what the team runs itself. Cloud VM 1 (the OS
# and the serving stack), bare metal 2 (+ OS install, drivers and firmware on leased hardware),
# on-prem 4 (+ buying, racking, power, cooling and hardware repair), hybrid 5 (on-prem + a second
# environment and the routing between them). The selection matrix adds it to an option's
# operational burden; the deployment comparison shows it per model.
OPS_BURDEN: dict[str, float] = {"cloud": 1.0, "bare_metal": 2.0, "on_prem": 4.0, "hybrid": 5.0}


class GridRegion(Sourced):
    """Carbon intensity of the electricity where a region's data centres draw it.

    `name` is the region as instances write it (`us-east-1`, `us-central1`, `eastus`)."""

    location: str = ""  # "Northern Virginia"
    grid_gco2e_per_kwh: Annotated[float, Within(0, 2000)]  # average operational gross emissions


class DeploymentRow(DomainModel):
    """One deployment model's best option, priced over the horizon. Money in USD, energy in kWh,
    carbon in kg or g CO2e; every figure is for the period its name says."""

    deployment: DeploymentModel
    pricing: PricingMode
    label: str  # "Cloud reserved 1 y", "On-prem (capex)", "Hybrid: on-prem base + cloud burst"
    hardware: str  # instance name ("A + B" for a hybrid)
    model: str
    option_index: int | None = None  # into Sizing.options (the base option for a hybrid)
    nodes: int  # at month 1 (hybrid: owned base nodes only; the burst is in burst_* below)
    upfront_usd: float  # paid in month 1 (capex, installation)
    cost_per_month_usd: float  # month 1, amortised capex for on-prem
    horizon_cost_usd: float  # cumulative cash over the horizon, commitments left included
    # of horizon_cost_usd, what a term held at the horizon's end still owes for months after it (a
    # 3-year reservation renewed in month 37 of 48: 24 months), charged in the last month (tgui6 D2:
    # shown as its own figure so the horizon's cash and the commitment tail are both visible)
    owed_after_horizon_usd: float = 0.0
    cost_per_million_tokens_usd: float  # horizon cost / tokens served over the horizon
    power_kw: float | None = None  # average facility power (PUE included) at month 1
    energy_kwh_per_month: float | None = None
    energy_wh_per_million_tokens: float | None = None
    co2e_kg_per_month: float | None = None
    co2e_g_per_million_tokens: float | None = None
    grid_gco2e_per_kwh: float | None = None
    energy_estimated: bool = False  # True for cloud: a physical estimate, not the provider's figure
    energy_incomplete: bool = False  # a figure the energy needs is missing: see energy_missing
    energy_missing: list[str] = Field(default_factory=list)  # "host power of AWS p5.48xlarge"
    # the CO2e leaves out a share of the energy whose grid intensity is unknown (a hybrid side in a
    # region the catalog has no figure for): "grid intensity for the burst on <instance> (<region>)"
    co2e_missing: list[str] = Field(default_factory=list)
    # why the CO2e is n/a (co2e_kg_per_month None), in words: "energy unknown: no accelerator TDP of
    # ..." or "no grid intensity for <region> (<instance>) ..."; "" when there is a figure (tcli5 N14)
    co2e_unknown: str = ""
    # when the energy and CO2e figures leave a part out, they are lower bounds: what they leave out,
    # in words ("lower bound: host power not included"); "" when whole (`lower_bound_note`)
    energy_lower_bound: str = ""
    # the hosts whose catalogued maximum the energy draws every hour, in words, and the bound that
    # makes of the figures: "lower" / "upper" / None with the reason (`energy_bound.energy_bound`)
    energy_host_max: list[str] = Field(default_factory=list)
    energy_bound: Literal["lower", "upper"] | None = None
    energy_bound_reason: str = ""
    lead_time_days: float | None = None  # order to serving
    ops_burden: float = 0.0  # points; see engine.deployment.compare.OPS_BURDEN
    binds: str = ""  # what limits or drives this model, in words
    # hybrid only: hours a day above the base's capacity (traffic repeated daily); None for a batch
    # job, whose runs are counted in burst_hours_per_month instead
    burst_hours_per_day: float | None = None
    burst_hours_per_month: float | None = None  # hybrid only: hours of the month above the base (month 1)
    burst_node_hours_per_month: float | None = None  # hybrid only: cloud node-hours a month (month 1)
    burst_nodes_max: int | None = None  # hybrid only: cloud nodes in the busiest burst hour (month 1)
    # days from order to serving, and what runs meanwhile: "cloud on-demand bridge on <instance>",
    # or "" (nothing to bridge, or no cloud candidate: the work starts late)
    bridge: str = ""
    cumulative_usd: list[float] = Field(default_factory=list)  # month 1..horizon
    # month 1..horizon on cost_per_month_usd's basis: running costs + owned capex amortised (a
    # lead-time month includes its bridge), for judging a budget month by month
    month_usd: list[float] = Field(default_factory=list)
    # [months] the least the plan binds you to: on-demand and spot 0, reserved 12 / 36, a lease its
    # minimum term, on-prem and hybrid the capex write-off (engine.deployment.dominance)
    commitment_months: float = 0.0
    # Dominated: another row costs less over the horizon and commits for no longer (the label of the
    # cheapest such row, this row's horizon cost over its, and the sentence the views show); empty
    # when none does. See engine.deployment.dominance.
    dominated_by: str = ""
    dominated_ratio: float | None = None
    dominated: str = ""
    # the scenario has a budget and this row's month 1 costs more than it (shown, marked, not hidden)
    over_budget: bool = False
    # the budget in words for this row: over it in month 1, or the months growth (or a lead-time
    # bridge) takes it over; "" with no budget or when every month fits (tcli6 N11: the CLI says it)
    budget_note: str = ""
    assumptions: list[str] = Field(default_factory=list)  # what this row's figures rest on

    def lower_bound_note(self, co2: bool = False) -> str:
        """What the energy figures (`co2`: the CO2e figures) leave out, in words, when they are lower
        bounds: no host power ("host power not included"), a side's energy on a grid of unknown
        intensity (CO2e only); "" when the figure is whole (`energy_bound.lower_bound_note`)."""
        return lower_bound_note(self.energy_incomplete, self.energy_missing, self.co2e_missing if co2 else ())

    def lower_bound_short(self, co2: bool = False) -> str:
        """A table cell's few words for `lower_bound_note`: "no host", "no grid"; "" when whole."""
        return lower_bound_short(self.energy_incomplete, self.energy_missing, self.co2e_missing if co2 else ())


class BreakEven(DomainModel):
    """The first month in which `cheaper_after` (the row cheaper at the horizon) has cost at most
    the other in total, having cost more before; where growth buys nodes in lumps the order can flip
    back: `behind_again` is the first month after `month` it costs more again, and `for_good_from`
    the month from which it stays no dearer to the end (= `month` when it never flips back)."""

    first: str  # row label
    second: str
    month: int | None  # the first crossing; None: the curves do not cross within the horizon
    cheaper_after: str = ""  # the row label that is cheaper at the end of the horizon
    behind_again: int | None = None  # the first month after `month` it costs more again; None: never
    for_good_from: int | None = None  # from this month to the end it costs no more

    @property
    def flips_back(self) -> bool:
        """True when the order flips back after the first crossing before it holds for good."""
        return self.behind_again is not None

    def when(self) -> str:
        """The crossing in words: "month 27", or "month 27 (behind again in month 31; for good from
        month 32)"; "no crossing" when none."""
        if self.month is None:
            return "no crossing"
        if not self.flips_back:
            return f"month {self.month}"
        return (
            f"month {self.month} (behind again in month {self.behind_again}; for good from month {self.for_good_from})"
        )


class DeploymentComparison(DomainModel):
    """Best option of each deployment model side by side, over `horizon_months`."""

    horizon_months: int
    growth_per_quarter: float
    hybrid_base_percentile: float
    rows: list[DeploymentRow] = Field(default_factory=list)
    break_evens: list[BreakEven] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # models not compared, and why
    cumulative_chart: Chart | None = None  # cumulative cost [USD] by month, break-evens marked
    hybrid_chart: Chart | None = None  # hybrid horizon cost [USD] over the base percentile
    profile: list[float] = Field(default_factory=list)  # the 24 hourly rates used [req/s]
    # [h] the hours of the month each of those rates holds (hours_per_month / 24 each for a typical
    # day; a batch job's run hours hold only the hours its runs take a month)
    profile_hours: list[float] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def row(self, deployment: str, pricing: str | None = None) -> DeploymentRow | None:
        return next(
            (r for r in self.rows if r.deployment == deployment and (pricing is None or r.pricing == pricing)), None
        )

"""Replicas and money: replicas for peak with redundancy and autoscaling bounds, cloud and
on-prem monthly cost, per request and per 1M tokens, hosted API prices and break-even.

Every cost here is per month (`Plan.cost_per_month`), so a budget and a ranking compare month
with month. A batch or training job also has its cost per run (`Plan.cost_per_run`): rented
nodes cost each run's hours times the runs in a month; dedicated nodes (on-prem, reserved)
cost their whole month, shared by the runs, unless the scenario's `on_prem_share` says how
much of them the job may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.domain import Assumptions, HostedApi, Instance, Workload
from app.domain.hardware import Deployment
from app.domain.runtime import HOSTED_IMAGE_REFERENCE_PX
from app.engine import availability as av
from app.engine import spot as spot_rule
from app.engine.billing import billed_hours, billing_words
from app.engine.deployment.profile import hourly_profile, node_hours_per_month, typical_day
from app.engine.on_prem import amortised_month_usd
from app.engine.power import PowerModel, dedicated_kwh, dedicated_kwh_each_day, node_busy_share, node_power_model
from app.engine.space import Hardware, Space

SECONDS_PER_HOUR = 3600.0
# Where the availability assumptions' defaults come from (see domain.Assumptions), for the report.
AVAILABILITY_SOURCES = [
    "GPU MTBF (assumptions.gpu_mtbf_hours): Meta, The Llama 3 Herd of Models, arXiv:2407.21783, section "
    "3.3.4 and Table 5: 419 unexpected interruptions in a 54-day snapshot on 16,384 H100 GPUs "
    "(16,384 x 1,296 h / 419 = 50,677 GPU-hours per interruption) (as of 2024-07-23)",
    "Zone availability (assumptions.zone_availability): Microsoft, SLA for Virtual Machines, 99.95% for two or "
    "more instances in one Availability Set, 99.99% across Availability Zones, "
    "https://azure.microsoft.com/en-gb/support/legal/sla/virtual-machines/ (as of 2018-03)",
]


@dataclass(frozen=True)
class OfferedLoad:
    """The traffic a scenario asks the fleet to carry, as `plan` prices it."""

    mean_rate: float  # [req/s] averaged over the month (or over a batch run)
    peak_rate: float  # [req/s] provisioned at 100% of the SLA-meeting rate
    active_hours: float | None = None  # [h] a batch run holds the nodes; None: all month
    redundancy: int | None = None  # spare replicas instead of Assumptions.redundancy_replicas; None: theirs

    def scaled(self, k: float) -> OfferedLoad:
        """The same load with both rates times `k` (the traffic chart's steps)."""
        return OfferedLoad(self.mean_rate * k, self.peak_rate * k, self.active_hours, self.redundancy)


@dataclass
class Plan:
    """Arrays over points (N,)."""

    replicas: np.ndarray  # for peak, with redundancy
    replicas_min: np.ndarray  # autoscaling floor (mean traffic)
    replicas_max: np.ndarray  # autoscaling ceiling (peak x (1 + headroom))
    total_gpus: np.ndarray
    nodes: np.ndarray
    operating_rate: np.ndarray  # requests/s per serving replica at peak
    cost_per_month: np.ndarray  # USD; NaN where the hardware has no price
    cost_per_request: np.ndarray
    cost_per_mtok: np.ndarray
    price_basis: list[str]  # per hardware index: what the hourly figure is
    redundancy: Redundancy | None = None  # how the spare replicas were chosen
    # Batch and training jobs only (None for a serving workload):
    cost_per_run: np.ndarray | None = None  # USD per run
    runs_per_month: float | None = None
    period_basis: list[str] | None = None  # per hardware index: how a run's cost makes the month
    # Serving workloads only (None for jobs): the autoscaled month from the hourly profile
    node_hours: np.ndarray | None = None  # node-hours a month an autoscaled fleet pays
    floor_nodes: np.ndarray | None = None  # nodes in the quietest hour of the day
    peak_hours_per_day: float | None = None  # hours a day at the busiest rate (peak nodes)
    # (N,) the k [1] the energy was worked out with (`plan`'s kernel_share; None: 1), what each option
    # carries as `Option.kernel_share` so the deployment rows and the fleet use the same
    kernel_share: np.ndarray | None = None


@dataclass
class Redundancy:
    """Spare replicas for the availability target (see engine.availability): one plan per distinct
    (failure units for peak, GPUs per unit), arrays over those plans; `index` maps each point to
    its plan, and the per-point properties read through it.

    A failure unit is what one failure takes down: the node when replicas share one, else the
    replica's own GPUs."""

    basis: str  # "target", or why the spares are fixed: "assumption" (the user's override), "deadline job"
    target: float  # the SLA's availability [fraction]
    index: np.ndarray  # (N,) point -> plan
    spares: np.ndarray  # (N,) replicas beyond those serving peak
    spare_units: np.ndarray  # (N,) failure units beyond those serving peak
    units_needed: np.ndarray  # (N,) failure units that carry the peak (N of the binomial); inf: serves nothing
    plan_spare_units: np.ndarray  # failure units beyond those serving peak
    plan_units_needed: np.ndarray  # failure units that carry the peak (N of the binomial)
    plan_unit_gpus: np.ndarray  # GPUs one failure takes down
    plan_unit_availability: np.ndarray  # a = MTBF / (MTBF + repair)
    plan_zones: np.ndarray  # zones the units are spread over
    plan_availability: np.ndarray  # P(peak served); 0 where the point serves nothing

    @property
    def unit_gpus(self) -> np.ndarray:
        return self.plan_unit_gpus[self.index]

    @property
    def unit_availability(self) -> np.ndarray:
        return self.plan_unit_availability[self.index]

    @property
    def zones(self) -> np.ndarray:
        return self.plan_zones[self.index]

    @property
    def availability(self) -> np.ndarray:
        return self.plan_availability[self.index]

    def at(self, i: int) -> RedundancyAt:
        """Point i's plan as plain numbers (reads one element, not whole arrays)."""
        c = int(self.index[i])
        return RedundancyAt(
            spares=float(self.spares[i]),
            spare_units=float(self.plan_spare_units[c]),
            units_needed=float(self.plan_units_needed[c]),
            unit_gpus=float(self.plan_unit_gpus[c]),
            unit_availability=float(self.plan_unit_availability[c]),
            zones=int(self.plan_zones[c]),
            availability=float(self.plan_availability[c]),
        )

    @property
    def met(self) -> np.ndarray:
        """Where the plan meets the target (always, when the spares are fixed by an override)."""
        if self.basis != "target":
            return np.ones(self.index.shape, dtype=bool)
        return ~(self.plan_availability < self.target)[self.index]


@dataclass(frozen=True)
class RedundancyAt:
    """One point's availability plan (see Redundancy)."""

    spares: float
    spare_units: float
    units_needed: float
    unit_gpus: float
    unit_availability: float
    zones: int
    availability: float


def replicas_for(rate: float, per_replica: np.ndarray, utilisation: float = 1.0) -> np.ndarray:
    """ceil(rate / (max sustainable rate x utilisation)) serving replicas, at least one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.ceil(rate / (per_replica * utilisation) - 1e-9)
    return np.where(per_replica > 0, np.maximum(need, 1.0), np.inf)


def hourly_price(space: Space, a: Assumptions) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(USD per node-hour, autoscalable?, basis) per hardware index. On-prem: amortised capex +
    operations share + power x PUE x electricity, as an hourly figure; NaN when unpriced.
    Computed once per space and set of price assumptions (the arrays are read-only)."""
    key = ("hourly_price", a.pricing, a.hours_per_month, a.amortisation_years, a.operations_share)
    key += (a.pue, a.electricity_usd_per_kwh, a.busy_power_fraction, a.idle_power_fraction, a.host_power_fraction)
    key += (a.install_share, a.colo_usd_per_kw_month, a.on_prem_share, a.spot_interruption_rate)
    cached = space.memo.get(key)
    if cached is None:
        cached = space.memo[key] = _hourly_price(space, a)
    return cached  # type: ignore[return-value]


def _hourly_price(space: Space, a: Assumptions) -> tuple[np.ndarray, np.ndarray, list[str]]:
    price, scalable, basis = [], [], []
    for hw in space.hardware:
        inst = hw.instance
        if inst is None:
            price.append(np.nan), scalable.append(False), basis.append("no price: a bare accelerator")
        elif hw.on_prem and inst.capex_usd:
            power = hardware_power(hw, a)
            price.append(float(on_prem_month_usd(inst, a, a.hours_per_month, power)) / a.hours_per_month)
            scalable.append(False)
            share = f" x {a.on_prem_share:.0%} share" if a.on_prem_share is not None else ""
            watts = f"{float(power.node_w(hw.node_gpus, 1.0)):,.0f} W at load" if power else "no power figure"
            basis.append(
                f"on-prem TCO: capex ${inst.capex_usd:,.0f} x (1 + {a.install_share:.0%} installation) over "
                f"{a.amortisation_years:g} y + {a.operations_share:.0%}/y operations + colocation "
                f"{(inst.power_w or 0.0) / 1000:,.1f} kW x ${a.colo_usd_per_kw_month:g}/kW-month + electricity "
                f"from the power model ({watts}, idle "
                f"{float(power.node_w(hw.node_gpus, 0.0)) if power else 0:,.0f} W) x PUE {a.pue:g} x "
                f"${a.electricity_usd_per_kwh:g}/kWh at the operating point{share}"
            )
        elif inst.deployment is Deployment.BARE_METAL and (
            inst.price_lease_usd_per_month is not None or inst.price_on_demand_usd_per_hour is not None
        ):
            # bare metal: whole nodes held all month, as the deployment comparison's lease row holds
            # them (deployment.pricing.lease, the one rule): a monthly lease, or a node billed by the
            # hour (Vultr) at its hourly price x the month's hours (catalog/instances.yaml's
            # convention); bare metal is not scaled in and out by the hour
            lease = inst.price_lease_usd_per_month
            if lease is not None:
                price.append(lease / a.hours_per_month)
                basis.append(f"{inst.provider} bare-metal lease ${lease:,.0f}/month")
            else:
                hourly = float(inst.price_on_demand_usd_per_hour or 0.0)
                price.append(hourly)
                basis.append(
                    f"{inst.provider} bare metal billed by the hour, ${hourly:,.2f}/h, held all month "
                    f"({a.hours_per_month:g} h): whole nodes, as the deployment comparison leases them"
                )
            scalable.append(False)
        else:
            chosen = inst.best_price_usd_per_hour(a.pricing)
            label = a.pricing.replace("_", "-")
            if chosen is not None and a.pricing == "spot":
                # the work redone after interruptions is paid for (engine.spot, the deployment row's rule)
                chosen *= spot_rule.surcharge(a)
                label = f"spot x (1 + {a.spot_interruption_rate:.0%} of the work redone after interruptions)"
            reserved = a.pricing.startswith("reserved") and chosen is not None
            if chosen is None:
                # no such price: on demand, autoscaled like any on-demand plan, committing nothing
                # (catalog helper: Azure sizes and TPUs under `pricing: reserved` were held all month
                # at the on-demand price and reported as a 12-month commitment)
                chosen = inst.price_on_demand_usd_per_hour
                label = f"on-demand (no {label} price published for {inst.name}: priced on demand)"
            if chosen is None:
                chosen = inst.price_reserved_usd_per_hour or inst.price_spot_usd_per_hour
                label = "the only published price"
                reserved = a.pricing.startswith("reserved") and inst.price_reserved_usd_per_hour is not None
            price.append(chosen if chosen is not None else np.nan)
            scalable.append(not reserved and not hw.on_prem)
            basis.append(f"{inst.provider} {label}")
    prices, scalables = np.array(price, dtype=np.float64), np.array(scalable)
    prices.flags.writeable = scalables.flags.writeable = False
    return prices, scalables, basis


def spot_floor_price(space: Space, a: Assumptions) -> np.ndarray:
    """USD per node-hour of the on-demand floor a serving fleet keeps under `pricing: spot` (the
    quietest hour's nodes, `engine.spot`), per hardware index: the on-demand price where the hourly
    price is a spot price and an on-demand one is published, else the hourly price itself (no floor
    to keep: all its hours at that price)."""
    price, _, _ = hourly_price(space, a)
    if a.pricing != "spot":
        return price
    key = ("spot_floor_price", a.pricing, a.spot_interruption_rate)
    cached = space.memo.get(key)
    if cached is None:
        floor = np.array(price, dtype=np.float64)
        for h, hw in enumerate(space.hardware):
            inst = hw.instance
            if inst is None or hw.on_prem or bare_metal(inst) or inst.price_spot_usd_per_hour is None:
                continue
            if inst.price_on_demand_usd_per_hour is not None:
                floor[h] = inst.price_on_demand_usd_per_hour
        floor.flags.writeable = False
        cached = space.memo[key] = floor
    return cached  # type: ignore[return-value]


def _spot_floor_basis(space: Space, a: Assumptions, basis: list[str]) -> list[str]:
    """`basis` with the on-demand floor said where a serving fleet keeps one under spot pricing."""
    floor, (price, _, _) = spot_floor_price(space, a), hourly_price(space, a)
    out = list(basis)
    for h, hw in enumerate(space.hardware):
        inst = hw.instance
        if inst is None or hw.on_prem or bare_metal(inst) or inst.price_spot_usd_per_hour is None:
            continue
        if floor[h] != price[h]:
            out[h] += (
                f"; serving keeps its quietest hour's nodes on on-demand (${floor[h]:,.2f}/h) and runs only the "
                "nodes above them on spot"
            )
        else:
            out[h] += "; no on-demand price published: the quietest hour's nodes run on spot too"
    return out


def bare_metal(inst: Instance | None) -> bool:
    """Whether the node is a bare-metal offer (whole nodes held all month, never autoscaled)."""
    return inst is not None and inst.deployment is Deployment.BARE_METAL


def hardware_power(hw: Hardware, a: Assumptions) -> PowerModel | None:
    """The power model (`engine.power`) of one node of `hw`; None for a bare accelerator without TDP."""
    if hw.instance is None:
        return PowerModel.of(hw.accelerator, a, None)
    return node_power_model(hw.instance, hw.accelerator, a)


def on_prem_fixed_month_usd(inst: Instance, a: Assumptions) -> float:
    """What one on-prem node costs a month before electricity [USD/month]:
    capex x (1 + install_share) / (amortisation_years x 12) + capex x operations_share / 12
    + power_w / 1000 x colo_usd_per_kw_month (`engine.on_prem.amortised_month_usd`, the formula the
    deployment comparison's on-prem row uses too; tcli5 N1)."""
    return amortised_month_usd(inst, a)


def on_prem_month_usd(inst: Instance, a: Assumptions, load_hours, power: PowerModel | None, busy_share=1.0):
    """What one on-prem node costs a month [USD/month], times `a.on_prem_share` when set:

        on_prem_fixed_month_usd
        + (P_fac(u) x load_hours + P_fac(0) x (hours_per_month - load_hours)) / 1000 x electricity

    P_fac(u) [W] is the node's facility power from the one power model (`engine.power`: accelerators
    between idle and busy, host, PUE). `load_hours` [h] (a number or an array) is how long the node
    works in the month; the rest it idles. `busy_share` u [1] (a number or an array like `load_hours`):
    the share of the node's accelerators busy while it works (`engine.power.node_busy_share`: a batch
    replica of 1 GPU on an 8-GPU node keeps 1/8 busy, the other 7 idle, as the deployment comparison's
    row counts them); 1: every accelerator busy. No power model: no electricity counted."""
    load = np.clip(load_hours, 0.0, a.hours_per_month)
    kwh = 0.0
    if power is not None:
        gpus = inst.accelerator_count
        kwh = (
            power.facility_w(gpus, busy_share) * load + float(power.facility_w(gpus, 0.0)) * (a.hours_per_month - load)
        ) / 1000
    month = on_prem_fixed_month_usd(inst, a) + kwh * a.electricity_usd_per_kwh
    return month * (a.on_prem_share if a.on_prem_share is not None else 1.0)


def job_cost(
    space: Space,
    hw_index: np.ndarray,
    nodes: np.ndarray,
    price: np.ndarray,
    scalable: np.ndarray,
    a: Assumptions,
    run_hours: np.ndarray,
    runs_per_month: float,
    node_hours: np.ndarray | None = None,
    busy_share: np.ndarray | float = 1.0,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(USD per run, USD per month, basis per hardware index) of a batch or training job.

    Rented nodes (cloud on-demand or spot) are paid for the hours each run holds them:
    per run = nodes x run_hours x price per node-hour (or `node_hours` x price when given),
    per month = per run x runs_per_month. Dedicated nodes cost their whole month: on-prem
    `on_prem_month_usd` with the job's hours at load, reserved cloud nodes x price x
    hours_per_month; each run carries month / runs_per_month. `busy_share` [1] (per point or one
    number): the share of an on-prem node's accelerators busy while the job holds it (the rest idle)."""
    p, rented = price[hw_index], scalable[hw_index]
    held = nodes * run_hours if node_hours is None else node_hours
    run_rented = billed_node_hours(space, hw_index, nodes, held) * p
    load = np.minimum(held / np.maximum(nodes, 1.0) * runs_per_month, a.hours_per_month)
    dedicated = nodes * p * a.hours_per_month
    basis = []
    for h, hw in enumerate(space.hardware):
        inst = hw.instance
        on_prem = hw.on_prem and inst is not None and inst.capex_usd
        sel = hw_index == h
        if on_prem and sel.any():
            busy = np.broadcast_to(np.asarray(busy_share, dtype=np.float64), sel.shape)[sel]
            dedicated[sel] = nodes[sel] * on_prem_month_usd(inst, a, load[sel], hardware_power(hw, a), busy)
        if on_prem or (inst is not None and not bool(scalable[h])):
            share = f"{a.on_prem_share:.0%} of " if on_prem and a.on_prem_share is not None else ""
            kind = "on-prem" if hw.on_prem else ("bare-metal" if bare_metal(inst) else "reserved")
            if on_prem and a.on_prem_share is None and runs_per_month <= 1:
                # one run a month carries the whole month: say so, and how to charge it less
                basis.append(
                    "dedicated on-prem nodes: this one run is charged their whole month (dedicated hardware "
                    "costs its month; set on_prem_share for the share this run may use)"
                )
            else:
                basis.append(
                    f"dedicated {kind} nodes: {share}their whole month, shared by {runs_per_month:,.3g} run(s)"
                    + ("; set on_prem_share for the share these runs may use" if on_prem and not share else "")
                )
        else:
            billed = billing_words(inst)
            basis.append(
                f"rented for each run's hours x {runs_per_month:,.3g} run(s) a month"
                + (f", {billed} (each run's hours rounded up to that step)" if billed else "")
            )
    month = np.where(rented, run_rented * runs_per_month, dedicated)
    per_run = np.where(rented, run_rented, dedicated / runs_per_month)
    return per_run, month, basis


def billed_node_hours(space: Space, hw_index: np.ndarray, nodes: np.ndarray, held: Any) -> np.ndarray:
    """Node-hours billed for one run that holds `nodes` nodes for `held` node-hours in all [node-h]:

        billed = nodes x billed_hours(held / nodes, increment, minimum)

    each node's hours rounded up to its provider's billing step and minimum (engine.billing,
    the instance's `billing_increment_s` / `billing_minimum_s`); unchanged where the catalog states
    none (billed per second)."""
    nodes = np.asarray(nodes, dtype=np.float64)
    out = np.array(np.broadcast_to(np.asarray(held, dtype=np.float64), nodes.shape), dtype=np.float64)
    for h, hw in enumerate(space.hardware):
        inst = hw.instance
        if inst is None or (inst.billing_increment_s is None and not inst.billing_minimum_s):
            continue
        sel = hw_index == h
        if sel.any():
            n = nodes[sel]
            with np.errstate(invalid="ignore", divide="ignore"):
                per_node = out[sel] / n
            out[sel] = np.where(
                n > 0, n * billed_hours(per_node, inst.billing_increment_s, inst.billing_minimum_s), 0.0
            )
    return out


def run_work_hours(window_h: Any, rate: Any, serving_replicas: Any, max_rate: Any) -> np.ndarray:
    """Hours one batch run's work takes on the replicas sized [h]:

        work = window_h x rate / (serving_replicas x max_rate), at most window_h

    `rate` [req/s] is what finishes the run in its window `window_h` [h] (total requests /
    (window x 3600)); `max_rate` [req/s] one replica's rate. 120,000 requests at 10.17 req/s on one
    replica: 3.28 h of a 6 h window. Unknown rate (a point that serves nothing): the window."""
    with np.errstate(invalid="ignore", divide="ignore"):
        work = np.asarray(window_h * rate / (np.maximum(serving_replicas, 1.0) * max_rate), dtype=np.float64)
    work = np.where(np.isfinite(work) & (work > 0), work, window_h)
    return np.minimum(work, window_h)


def plan(
    space: Space,
    hw_index: np.ndarray,
    gpus: np.ndarray,
    max_rate: np.ndarray,
    w: Workload,
    a: Assumptions,
    mean_rate: float | np.ndarray,
    peak_rate: float | np.ndarray,
    active_hours: float | None = None,
    redundancy: int | None = None,
    job_gpu_hours: np.ndarray | None = None,
    request_s: np.ndarray | None = None,
    tokens_per_request: np.ndarray | None = None,
    kernel_share: np.ndarray | None = None,
    peak_rate_per_replica: np.ndarray | None = None,
) -> Plan:
    """Replicas and cost for each point. A batch job (`w.is_batch_job`) holds its nodes
    `active_hours` per run, `w.batch.runs_per_month` times; a training job is priced from its
    GPU-hours per point (`job_gpu_hours`, one run). Both also get their cost per run. `request_s`
    [s] (N,): one request's time in service alone (`Evaluation.request_s`), for the share of each
    hour on-prem accelerators are busy (their electricity); None: busy every hour with traffic.
    `tokens_per_request` [tokens] (N,): what "per 1M tokens" counts per request
    (`Evaluation.tokens_per_request`: prompt text + image tokens + generated tokens, none for an
    embedding model); None: the workload's input + output text tokens.
    `kernel_share` [1] (N,): the share of each decode step a serving GPU runs kernels
    (`Evaluation.operating_kernel_share`, engine.power.decode_kernel_share); None: 1.
    `peak_rate_per_replica` [req/s] (N,): the most one replica serves at any batch (`Evaluation.peak_rate`),
    the busy share's floor rate / peak_rate_per_replica (engine.power.active_share); None: no such floor.
    A serving workload's `mean_rate` and `peak_rate` [req/s] may be one per point (N,): the traffic
    chart prices all its traffic steps in one plan; each point's figures are then those of a plan
    at its own rates (`peak_hours_per_day` is left None: it belongs to one day)."""
    counted = w.tokens.input_tokens + w.tokens.output_tokens if tokens_per_request is None else tokens_per_request
    # The max rate already meets the SLA under the peak's burstiness, so peak is provisioned at
    # 100% of it; the autoscaler's floor keeps mean traffic at the utilisation target, and its
    # ceiling adds the headroom over peak.
    serve_peak = replicas_for(peak_rate, max_rate)
    serve_mean = np.minimum(replicas_for(mean_rate, max_rate, a.utilisation_target), serve_peak)
    serve_max = replicas_for(peak_rate * (1 + a.headroom), max_rate)
    node = np.array([h.node_gpus for h in space.hardware], dtype=np.float64)[hw_index]
    per_node = np.maximum(np.floor(node / gpus), 1.0)  # replicas packed on one node
    nodes_for = lambda r: np.where(gpus >= node, r * np.ceil(gpus / node), np.ceil(r / per_node))
    fixed = redundancy if redundancy is not None else a.redundancy_replicas
    red = spares_for(serve_peak, gpus, node, per_node, w, a, fixed, redundancy is not None)
    replicas, rmin, rmax = serve_peak + red.spares, serve_mean + red.spares, serve_max + red.spares
    # Spare failure units sit on nodes of their own, whether the target or the user's fixed number
    # sets them (the one node rule, shared by deployment.compare.spare_nodes): a spare packed on a
    # node that also serves goes down with that node, so it covers no node failure (no N+1).
    nodes_per_unit = np.where(gpus >= node, np.ceil(gpus / node), 1.0)
    spare_nodes = red.spare_units * nodes_per_unit
    nodes = red.units_needed * nodes_per_unit + spare_nodes

    def nodes_at(r: Any) -> np.ndarray:
        """Nodes an hour at rate r holds: its serving replicas' nodes + the spare nodes the
        availability target needs for that hour's own N (at most the peak's; a fixed number of
        spares every hour). Issue 18 / N28: a quiet hour held the peak's spares."""
        reps = np.minimum(replicas_for(r, max_rate), serve_peak)
        if fixed is not None:
            return np.asarray(nodes_for(reps) + spare_nodes)
        hour = spares_for(np.broadcast_to(reps, serve_peak.shape), gpus, node, per_node, w, a, None, False)
        return np.asarray(nodes_for(reps) + np.minimum(hour.spare_units * nodes_per_unit, spare_nodes))

    node_hours = floor_nodes = None
    busy_hours = None
    price, scalable, basis = hourly_price(space, a)
    hours = a.hours_per_month if active_hours is None else active_hours
    per_run, runs, period_basis = None, None, None
    # the rate a serving replica runs at (its share of peak); a batch job's while a run lasts
    operating_rate = peak_rate / np.maximum(serve_peak, 1.0)
    # where a point serves nothing its replicas are inf, and inf x a zero share or a NaN price
    # is NaN (its cost is unknown, shown as such), not an error worth a RuntimeWarning
    with np.errstate(invalid="ignore"):
        if job_gpu_hours is not None:  # a training run: GPU-hours x price per GPU-hour
            runs = 1.0
            gpu_hours = np.asarray(job_gpu_hours, dtype=np.float64)
            per_run, month, period_basis = job_cost(
                space, hw_index, nodes, price, scalable, a, gpu_hours / (nodes * node), runs, gpu_hours / node
            )
            requests = np.array(np.nan)
            tokens = (w.fine_tuning.dataset_tokens * w.fine_tuning.epochs) if w.fine_tuning else np.nan
        elif w.is_batch_job and w.batch is not None:
            runs = w.batch.runs_per_month(a.hours_per_month)
            window = w.batch.hours_per_run if active_hours is None else active_hours  # deadline [h]
            # A run holds its nodes for the hours its work takes on the replicas sized, not its whole
            # deadline or start window: work [h] = window x rate needed / (replicas x max rate),
            # at most the window (issue 18). Each rented node's hours are rounded up to its provider's
            # billing step in job_cost (engine.billing). Runs x work hours a month in all, at most the month.
            held = run_work_hours(window, peak_rate, serve_peak, max_rate)
            run_node_hours = nodes * np.minimum(held, a.hours_per_month / runs)
            # while a run holds the nodes, its replicas' GPUs are busy (at the run rate: the requests
            # over its work hours) and every other accelerator on them idles (engine.power.node_busy_share,
            # as the deployment comparison's on-prem row and the option's own kWh count them)
            with np.errstate(invalid="ignore", divide="ignore"):
                run_rate = peak_rate * window / held
            # a run is priced flat out (`run_work_hours`): its replicas run at the max rate while it
            # lasts, not at the deadline's trickle rate, and the operating point (batch, latency,
            # the runtime settings advised) is that rate's (tcli5 N9)
            operating_rate = np.where(held > 0, run_rate / np.maximum(serve_peak, 1.0), operating_rate)
            k = 1.0 if kernel_share is None else kernel_share
            busy = node_busy_share(run_rate, serve_peak, gpus, nodes, node, request_s, k, peak_rate_per_replica)
            per_run, month, period_basis = job_cost(
                space, hw_index, nodes, price, scalable, a, np.asarray(held), runs, run_node_hours, busy
            )
            requests = np.asarray(w.batch.total_requests * runs)
            tokens = requests * counted
        else:
            t = w.offered_traffic
            p, s = price[hw_index], scalable[hw_index]
            # autoscaled: each hour of the workload's day (deployment.profile.hourly_profile, the
            # same day the deployment comparison prices) holds the nodes that serve its rate
            scale = mean_rate / t.requests_per_s if t is not None and t.requests_per_s > 0 else 0.0 * mean_rate
            hourly_nodes = lambda r: np.minimum(nodes_at(r), nodes)
            # the autoscaling floor advised is the floor the month is priced with: the quietest
            # hour's serving replicas (+ the spares), not the mean at the utilisation target (tcli5 N3)
            quiet = (hourly_profile(t).min() if t is not None else 0.0) * np.asarray(scale, dtype=np.float64)
            rmin = np.minimum(replicas_for(quiet, max_rate), serve_peak)
            if fixed is None:  # the quiet hour's own spares (as `nodes_at` prices them), at most the peak's
                quiet_red = spares_for(np.broadcast_to(rmin, serve_peak.shape), gpus, node, per_node, w, a, None, False)
                rmin = rmin + np.minimum(quiet_red.spares, red.spares)
            else:
                rmin = rmin + red.spares
            if np.ndim(scale) == 0:
                day = hourly_profile(t) * scale
                node_hours = node_hours_per_month(typical_day(day, hours), hourly_nodes)
                floor_nodes = hourly_nodes(float(day.min()))
                busy_hours = float(np.sum(day >= day.max() * (1 - 1e-12))) if day.any() else 24.0
                days: list[tuple[np.ndarray | None, np.ndarray]] = [(None, day)]
            else:  # a day per point
                days, node_hours, floor_nodes = _days_of_points(
                    hourly_profile(t), np.asarray(scale), hours, hourly_nodes
                )
            # dedicated nodes (reserved, bare metal, on-prem) are paid all month: their node-hours too
            node_hours = np.where(s, node_hours, nodes * hours)
            month = np.where(s, node_hours * p, nodes * hours * p)
            if a.pricing == "spot" and not spot_rule.interruptible(w):
                # serving on spot keeps its quietest hour's nodes on on-demand, the rest on spot
                # x (1 + interruption rate) (engine.spot, as the deployment comparison's spot row)
                floor_price = spot_floor_price(space, a)[hw_index]
                floor_h = np.minimum(np.asarray(floor_nodes, dtype=np.float64) * hours, node_hours)
                spot_month = floor_h * floor_price + (node_hours - floor_h) * p
                month = np.where(s, spot_month, month)
                basis = _spot_floor_basis(space, a, basis)
            month = _on_prem_at_operating_point(
                space,
                hw_index,
                month,
                nodes,
                gpus,
                node,
                per_node,
                red.spares,
                serve_peak,
                days,
                max_rate,
                request_s,
                a,
                kernel_share,
                peak_rate_per_replica,
            )
            requests = np.asarray(mean_rate * SECONDS_PER_HOUR * hours)
            tokens = requests * counted
    with np.errstate(invalid="ignore", divide="ignore"):
        per_request = month / requests
        per_mtok = month / (tokens / 1e6)
    return Plan(
        replicas=replicas,
        replicas_min=rmin,
        replicas_max=rmax,
        total_gpus=replicas * gpus,
        nodes=nodes,
        operating_rate=operating_rate,
        cost_per_month=month,
        cost_per_request=per_request,
        cost_per_mtok=per_mtok,
        price_basis=basis,
        redundancy=red,
        cost_per_run=per_run,
        runs_per_month=runs,
        period_basis=period_basis,
        node_hours=node_hours,
        floor_nodes=floor_nodes,
        peak_hours_per_day=busy_hours,
        kernel_share=None
        if kernel_share is None
        else np.asarray(np.broadcast_to(np.asarray(kernel_share, dtype=np.float64), np.shape(replicas))),
    )


def _days_of_points(
    shape: np.ndarray, scale: np.ndarray, hours: float, nodes_at: Callable[[Any], np.ndarray]
) -> tuple[list[tuple[np.ndarray | None, np.ndarray]], np.ndarray, np.ndarray]:
    """(each distinct day [req/s] (24,) with the points at it [bool (N,)], node-hours a month (N,),
    the quietest hour's nodes (N,)) of points each at its own day `shape` x `scale` (N,), as `plan`
    works them out for one day. Node-hours are the sum over the day's distinct rates of
    nodes_at(rate) x its hours (`profile.node_hours_per_month`), here the shape's levels x each
    point's scale, summed in the same order; a scale that would merge two levels (zero, or
    rounding) takes each distinct scale's day on its own."""
    days: list[tuple[np.ndarray | None, np.ndarray]] = [(scale == k, shape * k) for k in np.unique(scale).tolist()]
    month = typical_day(shape, hours)
    levels, inverse = np.unique(shape, return_inverse=True)
    held = np.bincount(inverse.ravel(), weights=month.hours.ravel())
    scaled = levels[:, None] * scale[None, :]
    if levels.size > 1 and not bool(np.all(np.diff(scaled, axis=0) > 0)):
        node_hours = np.zeros(scale.shape)
        for k in np.unique(scale).tolist():
            sel = scale == k
            node_hours[sel] = np.asarray(node_hours_per_month(typical_day(shape * k, hours), nodes_at))[sel]
    else:
        node_hours = np.zeros(scale.shape)  # 0.0 + the first level's: the one-day rule's first sum
        for j, h in enumerate(held.tolist()):
            if h > 0:
                node_hours = node_hours + nodes_at(scaled[j]) * h
    return days, node_hours, nodes_at(shape.min() * scale)


def _on_prem_at_operating_point(
    space: Space,
    hw_index: np.ndarray,
    month: np.ndarray,
    nodes: np.ndarray,
    gpus: np.ndarray,
    node: np.ndarray,
    per_node: np.ndarray,
    spares: np.ndarray,
    serve_peak: np.ndarray,
    days: list[tuple[np.ndarray | None, np.ndarray]],
    max_rate: np.ndarray,
    request_s: np.ndarray | None,
    a: Assumptions,
    kernel_share: np.ndarray | None = None,
    peak_rate_per_replica: np.ndarray | None = None,
) -> np.ndarray:
    """The month of on-prem serving points with electricity from the modelled kWh at the operating
    point, not at full load every hour: nodes x on_prem_fixed_month_usd + kWh x electricity (x the
    on-prem share), kWh = `engine.power.dedicated_kwh` over the day's hourly rates: the replicas each
    hour needs (at most the serving slots of the nodes without spares) busy their share of the hour,
    every other accelerator idle, as the deployment comparison's on-prem row computes it, so both
    give the same electricity for the same nodes. `days`: each day's 24 rates [req/s] with the points
    at it (None: every point)."""
    out = month.copy()
    share = a.on_prem_share if a.on_prem_share is not None else 1.0
    each_day = not (len(days) == 1 and days[0][0] is None)  # a day per point (the traffic chart's steps)
    for h in np.unique(hw_index).tolist():  # the hardware the points use
        hw = space.hardware[h]
        inst = hw.instance
        if not (hw.on_prem and inst is not None and inst.capex_usd):
            continue
        power = hardware_power(hw, a)
        if power is None:
            continue
        sel = hw_index == h
        g, n, k, sp = gpus[sel], node[sel], nodes[sel], np.broadcast_to(spares, sel.shape)[sel]
        # the spares' nodes, as deployment.compare.spare_nodes places them
        per_unit = np.maximum(np.minimum(per_node[sel], np.broadcast_to(serve_peak, sel.shape)[sel]), 1.0)
        spare_nodes = np.where(sp <= 0, 0.0, np.where(g >= n, sp * np.ceil(g / n), np.ceil(sp / per_unit)))
        slots_per_node = np.where(g >= n, 1.0 / np.ceil(g / n), per_node[sel])
        serving = np.maximum((k - spare_nodes) * slots_per_node, 1.0)
        with np.errstate(invalid="ignore"):
            t = None if request_s is None else np.broadcast_to(request_s, sel.shape)[sel]
            rate = max_rate[sel]
            ks = 1.0 if kernel_share is None else np.broadcast_to(kernel_share, sel.shape)[sel]
            top = None if peak_rate_per_replica is None else np.broadcast_to(peak_rate_per_replica, sel.shape)[sel]
            if each_day:
                rates, alone = _day_of_each(days, sel)
                kwh = dedicated_kwh_each_day(
                    power, float(hw.node_gpus), k, serving, rate, g, t, rates, alone, a.hours_per_month, ks, top
                )
            else:
                kwh = dedicated_kwh(
                    power, float(hw.node_gpus), k, serving, rate, g, t, days[0][1], a.hours_per_month, ks, top
                )
            out[sel] = (k * on_prem_fixed_month_usd(inst, a) + kwh * a.electricity_usd_per_kwh) * share
    return out


def _day_of_each(days: list[tuple[np.ndarray | None, np.ndarray]], sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each selected point's day [req/s] (24, N), whether it is the only selected point at its day
    [bool] (N,)) from `days`' (points at it, its 24 rates)."""
    count = int(np.count_nonzero(sel))
    rates = np.zeros((days[0][1].shape[0], count))
    alone = np.zeros(count, dtype=bool)
    for mask, day in days:
        at = np.ones(count, dtype=bool) if mask is None else mask[sel]
        rates[:, at] = day[:, None]
        alone[at] = np.count_nonzero(at) == 1
    return rates, alone


def plan_for(
    space: Space,
    hw_index: np.ndarray,
    gpus: np.ndarray,
    max_rate: np.ndarray,
    w: Workload,
    a: Assumptions,
    load: OfferedLoad,
    job_gpu_hours: np.ndarray | None = None,
    request_s: np.ndarray | None = None,
    tokens_per_request: np.ndarray | None = None,
    kernel_share: np.ndarray | None = None,
    peak_rate_per_replica: np.ndarray | None = None,
) -> Plan:
    """`plan` for an OfferedLoad (what `size.traffic` returns); `request_s`, `tokens_per_request`,
    `kernel_share` and `peak_rate_per_replica` as `plan` takes them."""
    return plan(
        space,
        hw_index,
        gpus,
        max_rate,
        w,
        a,
        load.mean_rate,
        load.peak_rate,
        load.active_hours,
        load.redundancy,
        job_gpu_hours,
        request_s,
        tokens_per_request,
        kernel_share,
        peak_rate_per_replica,
    )


def spares_for(
    serve_peak: np.ndarray,
    gpus: np.ndarray,
    node: np.ndarray,
    per_node: np.ndarray,
    w: Workload,
    a: Assumptions,
    fixed: int | None,
    job: bool,
) -> Redundancy:
    """Spare replicas for the workload's availability target (see engine.availability), or the
    `fixed` number (the user's `redundancy_replicas`, or none for a job to a deadline), with the
    availability that fixed number gives.

    The binomial runs over failure units: a node when replicas share one (a GPU fault drains the
    node: its replicas go down together), else the replica itself (its GPUs on nodes of its own).
    Points that serve nothing (infinite replicas) get no spares."""
    finite = np.isfinite(serve_peak)
    peak = np.where(finite, np.minimum(serve_peak, av.MAX_UNITS), 0.0)
    packed = gpus < node
    need = np.where(packed, np.ceil(peak / per_node), peak)  # failure units that carry the peak
    unit_gpus = np.where(packed, node, gpus)
    extra = need  # units beyond `need` a fixed number of spares deploys (unused without one)
    if fixed is not None:  # the fixed spares on units of their own: a spare node holds as many
        # replicas as a serving node does (or the whole peak's, if fewer), as the target's spares
        extra = np.where(packed, np.ceil(fixed / np.maximum(np.minimum(per_node, peak), 1.0)), float(fixed))
        extra = np.where(finite, extra, 0.0)
    need_u, extra_u, g_u, index = distinct_plans(need, extra, unit_gpus, 0 if fixed is None else fixed)
    target, n = w.sla.availability, need_u.size
    spare_units, unit_a, zones, prob = np.zeros(n), np.zeros(n), np.ones(n), np.zeros(n)
    for c, (k, e, g) in enumerate(zip(need_u.tolist(), extra_u.tolist(), g_u.tolist(), strict=True)):
        unit_a[c] = ua = av.unit_availability(g, a.gpu_mtbf_hours, a.repair_hours)
        if k == 0:  # serves nothing
            continue
        if fixed is None:
            total, zones[c], prob[c] = av.spread(k, ua, target, a.zone_availability, a.max_zones)
            spare_units[c] = total - k
        else:
            spare_units[c], prob[c] = e, av.single_zone(k + e, k, ua, a.zone_availability)
    spare_pt = spare_units[index]  # 0 where the point serves nothing
    if fixed is None:  # a spare node runs a full node's replicas (or the whole peak's, if fewer): any one can stand in
        spares = spare_pt * np.where(packed, np.minimum(per_node, peak), 1.0)
    else:
        spares = np.where(finite, float(fixed), 0.0)
    return Redundancy(
        basis="target" if fixed is None else ("deadline job" if job else "assumption"),
        target=target,
        index=index,
        spares=spares,
        spare_units=spare_pt,
        units_needed=np.where(finite, need, np.inf),
        plan_spare_units=spare_units,
        plan_units_needed=np.where(need_u > 0, need_u, np.inf),
        plan_unit_gpus=g_u.astype(np.float64),
        plan_unit_availability=unit_a,
        plan_zones=zones,
        plan_availability=prob,
    )


def distinct_plans(
    need: np.ndarray, extra: np.ndarray, unit_gpus: np.ndarray, max_extra: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (units needed, extra units, GPUs per unit) among the points, and each point's
    index into them. Thousands of points share a few hundred plans; a dense lookup table groups
    them in a fraction of np.unique's time (its stable sort), which is kept for huge unit counts."""
    g = unit_gpus.astype(np.int64)
    if g.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    g_values = np.nonzero(np.bincount(g))[0]
    g_code = np.zeros(int(g_values[-1]) + 1, dtype=np.int64)
    g_code[g_values] = np.arange(g_values.size)
    span = (max_extra + 1) * g_values.size
    units = need.astype(np.int64) if not max_extra else need.astype(np.int64) * (max_extra + 1) + extra.astype(np.int64)
    key = units * g_values.size + g_code[g] if g_values.size > 1 else units
    if int(key.max()) < 1 << 20:
        present = np.nonzero(np.bincount(key))[0]
        lookup = np.zeros(int(present[-1]) + 1, dtype=np.int64)
        lookup[present] = np.arange(present.size)
        keys, index = present, lookup[key]
    else:
        keys, index = np.unique(key, return_inverse=True)
    return keys // span, keys % span // g_values.size, g_values[keys % g_values.size], index.reshape(-1)


def hosted_image_tokens(api: HostedApi, w: Workload) -> float | None:
    """Image tokens a hosted API bills per request [tokens]:
    images per request x the provider's tokens per (1024 x 1024 px) image; 0 without images,
    None when the workload sends images and the provider's per-image figure is unknown."""
    images = w.tokens.images_per_request
    if images <= 0:
        return 0.0
    if api.image_tokens_per_image is None:
        return None
    return images * api.image_tokens_per_image


def hosted_image_basis(api: HostedApi, w: Workload) -> str:
    """How a hosted API bills the request's images, in words (for the options, the CLI and the
    PDF): images x the provider's tokens for one HOSTED_IMAGE_REFERENCE_PX-square image, the only
    size the catalog states; "" without images or where the provider's count is unknown."""
    images = w.tokens.images_per_request
    if images <= 0 or api.image_tokens_per_image is None:
        return ""
    side = HOSTED_IMAGE_REFERENCE_PX
    return (
        f"{images:g} image(s) x {api.image_tokens_per_image:,} tokens = {images * api.image_tokens_per_image:,.0f} "
        f"input tokens a request (the provider's count for one {side} x {side} px image; other image sizes "
        "are not modelled)"
    )


def hosted_cost(
    api: HostedApi, w: Workload, a: Assumptions, mean_rate: float, hours: float | None = None
) -> tuple[float, float, float]:
    """(USD per month, per 1M tokens, per request) for a hosted API at the workload's mix; a
    batch job's month is its runs in a month.

    Shared-prefix tokens that hit the provider's prompt cache are billed at the cached price;
    image tokens (`hosted_image_tokens`) at the input price. Per 1M tokens counts what the
    request sends and gets back, prompt text + image tokens + output, as self-hosted options
    do. Images of unknown cost count 0 here: the caller flags the row (HostedOption.image_cost_unknown)."""
    t = w.tokens
    cached = (
        t.shared_prefix_tokens * t.prefix_cache_hit_ratio if api.price_cached_input_usd_per_mtok is not None else 0.0
    )
    images = hosted_image_tokens(api, w) or 0.0
    per_request = (
        (t.input_tokens - cached + images) * api.price_input_usd_per_mtok
        + cached * (api.price_cached_input_usd_per_mtok or 0.0)
        + t.output_tokens * api.price_output_usd_per_mtok
    ) / 1e6
    if w.is_batch_job and w.batch is not None:  # a month holds its runs
        requests = w.batch.total_requests * w.batch.runs_per_month(a.hours_per_month)
    else:
        requests = mean_rate * SECONDS_PER_HOUR * (a.hours_per_month if hours is None else hours)
    month = per_request * requests
    return month, per_request / (t.input_tokens + images + t.output_tokens) * 1e6, per_request

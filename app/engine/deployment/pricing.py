"""A fleet priced month by month under each deployment model.

A `Fleet` is one sized option seen as nodes: the rate one replica sustains at the SLA, GPUs per
replica and per node, spare replicas. Each hour of the profile needs
`replicas(rate) = ceil(rate / rate_per_replica)` serving replicas (at least one), packed on nodes as
the cost engine packs them, plus the option's spare nodes (`spare_nodes`: the availability plan's
spares sit on nodes of their own, as in engine.cost). A month m carries the profile times its growth factor.

The profile is a `MonthProfile`: 24 rates, each with the hours of the month it holds (hours_h). Every
quantity that accrues by the hour is summed with those hours, one rule for every model:

    node-hours = sum_h nodes_h x hours_h        kWh = sum_h P_fac,h x nodes_h x hours_h / 1000
    tokens     = sum_h rate_h x 3600 x hours_h x tokens per request

so a batch job that runs 12 h once a month pays and draws for 12 h, not for 12 typical-day hours
(12 x 30.4 h).

Autoscaled models (cloud on-demand, spot) pay for each hour's nodes; dedicated ones (reserved,
lease, on-prem) hold the busiest hour's nodes all month and never give a node back within the
horizon (a commitment or a purchase is not undone when traffic dips)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from app.domain import Accelerator, Assumptions, Instance
from app.engine import availability as av
from app.engine import spot as spot_rule
from app.engine.deployment.profile import (
    JobMonthProfile,
    MonthProfile,
    base_rate,
    burst_mask,
    month_profiles,
    node_hours_per_month,
)
from app.engine.on_prem import capex_paid_usd, running_month_usd
from app.engine.power import PowerModel, node_busy_share


@dataclass(frozen=True)
class Fleet:
    """One option as nodes. Rates in req/s, power in W."""

    instance: Instance
    accelerator: Accelerator
    rate_per_replica: float  # max sustainable at the SLA [req/s]
    gpus: int  # per replica
    spares: int  # spare replicas for availability (they sit on `spare_nodes` nodes)
    tokens_per_request: float
    min_replicas: int = 1  # 0 for a batch job: no nodes while it does not run
    spare_nodes: float = 0.0  # nodes that hold the spare replicas
    # [s] one request's time in service alone (Option.request_s), for the share of each hour a
    # replica is busy (engine.power.active_share); None: busy every hour with traffic
    request_s: float | None = None
    # [1] share of each decode step a serving GPU runs kernels (Option.kernel_share; engine.power)
    kernel_share: float = 1.0
    # [req/s] the most one replica serves at any batch (Option.peak_requests_per_s_per_replica): a
    # replica serving lambda is busy at least lambda / this (engine.power.active_share); None: no floor
    peak_rate: float | None = None
    # [1] hours billed / hours run of a batch run on a rented node: its provider's billing step and
    # minimum (engine.billing; a 10-minute run billed by the hour: 6); 1 for serving and where none
    billing_factor: float = 1.0
    # the availability rule the spares were sized by, (unit availability, target, zone availability,
    # max zones) (engine.cost.spares_for): an hour holds the spare nodes its own N needs
    # (availability.spread on that hour's failure units), never more than `spare_nodes` (the peak's).
    # None: `spare_nodes` every hour (a fixed redundancy_replicas, a batch job). Issue 18 / tcli6 N28:
    # an autoscaled quiet hour held the peak's spares where its own N + k needs fewer.
    spare_rule: tuple[float, float, float, int] | None = None

    @property
    def node_gpus(self) -> int:
        return self.instance.accelerator_count

    @property
    def replicas_per_node(self) -> float:
        """Replicas one node holds (a fraction when a replica spans nodes)."""
        node = float(self.node_gpus)
        if self.gpus >= node:
            return 1.0 / float(np.ceil(self.gpus / node))
        return float(max(np.floor(node / self.gpus), 1.0))

    def replicas(self, rate: np.ndarray) -> np.ndarray:
        """Serving replicas for each rate: ceil(rate / rate_per_replica), at least `min_replicas`."""
        r = np.asarray(rate, dtype=np.float64)
        if self.rate_per_replica <= 0:
            return np.full(r.shape, np.inf)
        need = np.maximum(np.ceil(r / self.rate_per_replica - 1e-9), 1.0)
        if self.min_replicas == 0:
            return np.where(r > 0, need, 0.0)
        return need

    def nodes_for(self, rate: np.ndarray, spares: bool = True) -> np.ndarray:
        """Nodes for each rate: the serving replicas' nodes + the spare nodes their N needs
        (`spare_nodes_at`)."""
        reps = self.replicas(rate)
        return self.nodes(reps) + (self.spare_nodes_at(reps) if spares else 0.0)

    def spare_nodes_at(self, replicas: np.ndarray) -> np.ndarray:
        """Spare nodes [nodes] for each count of serving replicas: `spare_rule` run on the failure
        units those replicas sit on (nodes when replicas share one, else replicas), at most the
        peak's `spare_nodes`; the peak's `spare_nodes` without a rule."""
        r = np.asarray(replicas, dtype=np.float64)
        if self.spare_rule is None or self.spare_nodes <= 0:
            return np.full(r.shape, self.spare_nodes)
        spans = self.gpus >= self.node_gpus
        units = r if spans else self.nodes(r)
        per_unit = float(np.ceil(self.gpus / self.node_gpus)) if spans else 1.0
        ua, target, zone, max_zones = self.spare_rule
        out = np.full(r.shape, self.spare_nodes)
        finite = np.isfinite(units) & (units < av.MAX_UNITS)
        for k in np.unique(units[finite]).tolist():
            total, _, _ = av.spread(max(int(k), 1), ua, target, zone, max_zones)
            out[finite & (units == k)] = min(float(total - max(int(k), 1)) * per_unit, self.spare_nodes)
        return out

    def nodes(self, replicas: np.ndarray) -> np.ndarray:
        """Nodes that hold `replicas`: whole nodes per replica when a replica spans nodes, else
        replicas packed floor(node GPUs / GPUs) to a node (as engine.cost packs them)."""
        r = np.asarray(replicas, dtype=np.float64)
        node = float(self.node_gpus)
        if self.gpus >= node:
            return np.asarray(r * np.ceil(self.gpus / node), dtype=np.float64)
        return np.asarray(np.ceil(r / max(np.floor(node / self.gpus), 1.0)), dtype=np.float64)


@dataclass
class Priced:
    """One fleet under one deployment model, month by month (arrays of length months)."""

    monthly: np.ndarray  # USD, running costs of each month
    upfront: np.ndarray  # USD, paid in that month (capex, installation)
    nodes: np.ndarray  # nodes held (dedicated) or the busiest hour's nodes (autoscaled)
    kwh: np.ndarray  # facility energy each month
    tokens: np.ndarray  # tokens served each month
    amortised_month1: float  # USD, month 1 with capex spread over the amortisation period
    commitment_left_usd: float = 0.0  # owed after the horizon for terms it did not finish
    notes: list[str] = field(default_factory=list)
    # [node-h] a spot plan's node-hours on spot each month (above a serving fleet's on-demand floor);
    # None for other plans
    spot_node_hours: np.ndarray | None = None
    # USD each month of the owned nodes' capex spread over the amortisation period (on-prem, a
    # hybrid's base); None: nothing owned
    amortised_capex: np.ndarray | None = None

    @property
    def month_costs(self) -> np.ndarray:
        """USD each month on the month-1 figure's basis (`amortised_month1`): running costs + owned
        capex amortised (no up-front payment, no commitment left), for a budget month by month."""
        return self.monthly if self.amortised_capex is None else self.monthly + self.amortised_capex

    @property
    def cumulative(self) -> np.ndarray:
        total = self.monthly + self.upfront
        total = total.copy()
        total[-1] += self.commitment_left_usd
        return np.cumsum(total)

    @property
    def total(self) -> float:
        return float(self.cumulative[-1])


def term_left_node_months(tranches: list[tuple[int, float]], term_months: int, months: int) -> float:
    """[node-months] owed after a horizon of `months` for nodes held on `term_months` terms, each
    tranche (0-based start month, nodes) still held at the horizon's end (held nodes are never given
    back) and renewed term after term: the rest of the term each is in when the horizon ends,

        owed = (term - (months - start) mod term) mod term   months a node

    (tcli5 N8: a node leased in month 4 on a 12-month term is in its second term, months 16-27, at
    the end of a 24-month horizon: 3 months owed, not 0). The one rule for leases and reservations."""
    if term_months <= 0:
        return 0.0
    total = 0.0
    for start, count in tranches:
        total += ((term_months - (months - start) % term_months) % term_months) * count
    return total


def _ratchet(x: np.ndarray) -> np.ndarray:
    return np.maximum.accumulate(x)


def month_rates(profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """Each month's hourly rates [req/s], shape (months, 24): row m is `profile.scaled(growth[m]).rates`.
    Every month of the horizon is priced at once over these rows (the same element-wise arithmetic
    as one month at a time, so the same figures)."""
    return month_profiles(profile, growth)[0]


def month_hours(profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """Each month's hours of the profile hours [h], shape (months, 24): row m is
    `profile.scaled(growth[m]).hours` (a typical day's hours every month; a batch job's runs grow
    longer with their work, `profile.JobMonthProfile`)."""
    return month_profiles(profile, growth)[1]


def _energy_rows(
    fleet: Fleet, pm: PowerModel | None, nodes_h: np.ndarray, busy_h: np.ndarray, hours: np.ndarray
) -> np.ndarray:
    """Facility kWh of each month (a row of `nodes_h` and `busy_h`, shape (months, 24)): `nodes_h`
    nodes busy a share `busy_h` (`_busy`) of each profile hour, each hour held `hours` [h]
    (`MonthProfile.hours`): sum_h nodes_h x P_fac(busy_h) x hours_h / 1000 (`energy.energy_kwh`
    row by row). NaN without a power model."""
    if pm is None:
        return np.full(nodes_h.shape[0], np.nan)
    return np.asarray(np.sum(nodes_h * pm.facility_w(fleet.node_gpus, busy_h) * hours, axis=-1) / 1000.0)


def _tokens_rows(fleet: Fleet, profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """Tokens of each month: sum_h rate_h x 3600 x hours_h x tokens per request."""
    rates, hours = month_profiles(profile, growth)
    return np.asarray(np.sum(rates * hours, axis=-1) * 3600.0 * fleet.tokens_per_request)


def _node_hours_rows(fleet: Fleet, profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """`profile.node_hours_per_month` of the fleet's autoscaled nodes in each month [node-h]: the
    month's distinct rates (the profile's levels x growth) each evaluated once, summed in the same
    order. A growth that would merge two levels (zero, or rounding) takes the month-by-month rule;
    a batch job (whose runs grow in hours, `JobMonthProfile`) sums each month's own hours."""
    if isinstance(profile, JobMonthProfile):
        rates, hours = month_profiles(profile, growth)
        return np.asarray(np.sum(fleet.nodes_for(rates) * hours, axis=1))
    levels, inverse = np.unique(np.asarray(profile.rates, dtype=np.float64), return_inverse=True)
    held = np.bincount(inverse.ravel(), weights=np.asarray(profile.hours, dtype=np.float64).ravel())
    scaled = levels[None, :] * np.asarray(growth, dtype=np.float64)[:, None]
    if levels.size > 1 and not bool(np.all(np.diff(scaled, axis=1) > 0)):
        return np.array(
            [
                float(node_hours_per_month(profile.scaled(g), lambda r: float(fleet.nodes_for(np.array(r)))))
                for g in growth
            ]
        )
    total = np.zeros(scaled.shape[0])
    first = True
    for k, hours in enumerate(held.tolist()):
        if hours > 0:
            term = fleet.nodes_for(scaled[:, k]) * hours
            total = term if first else total + term  # 0.0 + x is x: the scalar rule's first sum
            first = False
    return total


def _busy(fleet: Fleet, rate_h: np.ndarray, replicas_h: np.ndarray, nodes_h: np.ndarray) -> np.ndarray:
    """Busy share of the `nodes_h` nodes' accelerators in each hour (`engine.power.node_busy_share`):
    the `replicas_h` serving replicas' GPUs busy active_share(rate_h / replicas_h, request time, peak rate
    per replica) of the hour, running kernels `kernel_share` of each step then, every other accelerator (spares,
    free slots) idle."""
    return node_busy_share(
        rate_h,
        replicas_h,
        fleet.gpus,
        nodes_h,
        fleet.node_gpus,
        fleet.request_s,
        fleet.kernel_share,
        fleet.peak_rate,
    )


def serving_replicas(fleet: Fleet, rate_h: np.ndarray, nodes_h: np.ndarray | float) -> np.ndarray:
    """Replicas serving each hour on dedicated (or reserved) nodes: what the rate needs, at most the
    slots of the nodes without spares."""
    reps = fleet.replicas(rate_h)
    spare = fleet.spare_nodes_at(reps)
    slots = np.maximum((np.asarray(nodes_h, dtype=np.float64) - spare) * fleet.replicas_per_node, 1.0)
    return np.asarray(np.minimum(reps, np.floor(slots + 1e-9)), dtype=np.float64)


def autoscaled(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None, price: float
) -> Priced:
    """Cloud on-demand (or any pay-per-hour price): each hour's nodes x its hours x price
    (`profile.node_hours_per_month`), x the fleet's `billing_factor` (a batch run's hours rounded
    up to its provider's billing step)."""
    months = growth.size
    rate = month_rates(profile, growth)
    reps = fleet.replicas(rate)
    n = fleet.nodes_for(rate)
    monthly = _node_hours_rows(fleet, profile, growth) * price * fleet.billing_factor
    kwh = _energy_rows(fleet, pm, n, _busy(fleet, rate, reps, n), month_hours(profile, growth))
    tokens = _tokens_rows(fleet, profile, growth)
    return Priced(monthly, np.zeros(months), n.max(axis=1), kwh, tokens, float(monthly[0]))


def reserved_mix(
    fleet: Fleet,
    profile: MonthProfile,
    growth: np.ndarray,
    a: Assumptions,
    pm: PowerModel | None,
    reserved: float,
    on_demand: float | None,
    term_months: int,
) -> Priced:
    """Reserved base + on-demand peak: the quietest hour's nodes are reserved for the term (and
    more reserved as growth raises the floor; never fewer), the nodes above them in each hour are
    on-demand. Without an on-demand price every node is reserved. A term that outlasts the horizon
    still owes its remaining months (`commitment_left_usd`), and a node held past its first term
    the rest of the renewed term it is in (`term_left_node_months`)."""
    months = growth.size
    rate = month_rates(profile, growth)
    n = fleet.nodes_for(rate)
    floor = n.min(axis=1) if on_demand is not None else n.max(axis=1)
    # reserved nodes held each month: the floor, never fewer than before (none before month 1)
    held = np.maximum.accumulate(np.concatenate([[0.0], floor]))
    before, held = held[:-1], held[1:]
    tranches = [(m, float(held[m] - before[m])) for m in np.flatnonzero(floor > before).tolist()]
    extra = np.maximum(n - held[:, None], 0.0)
    hours = month_hours(profile, growth)
    rented = np.sum(extra * hours, axis=1) * (on_demand or 0.0) * fleet.billing_factor
    monthly = held * a.hours_per_month * reserved + rented
    nodes = np.maximum(held, n.max(axis=1))
    powered = np.maximum(n, held[:, None])  # reserved nodes stay powered (and billed) all month
    busy = _busy(fleet, rate, serving_replicas(fleet, rate, powered), powered)
    kwh = _energy_rows(fleet, pm, powered, busy, hours)
    tokens = _tokens_rows(fleet, profile, growth)
    left = term_left_node_months(tranches, term_months, months)
    return Priced(
        monthly,
        np.zeros(months),
        nodes,
        kwh,
        tokens,
        float(monthly[0]),
        commitment_left_usd=left * a.hours_per_month * reserved,
    )


def spot(
    fleet: Fleet,
    profile: MonthProfile,
    growth: np.ndarray,
    a: Assumptions,
    pm: PowerModel | None,
    spot_price: float,
    on_demand: float | None,
    interruptible: bool,
) -> Priced | None:
    """Spot, with the rule of `engine.spot` (the options' rule too): interruptible work (batch,
    synthetic data, evaluation, training) runs all on spot at spot price x (1 + interruption rate)
    (the redone work); serving keeps an on-demand floor (the quietest hour's nodes) and puts only
    the nodes above it on spot. None for serving without an on-demand price (no floor to keep).
    Serving whose floor is its peak puts nothing on spot and costs what on-demand does: still a
    spot design, and the cheapest one when the options above the floor cost more (the row picks
    the cheapest option by its own pricing, so a flat fleet must not drop out of it)."""
    if not interruptible and on_demand is None:
        return None
    months = growth.size
    over = 1.0 + a.spot_interruption_rate
    rate = month_rates(profile, growth)
    reps = fleet.replicas(rate)
    n = fleet.nodes_for(rate)
    flat = not interruptible and bool(np.all(np.ptp(n, axis=1) == 0))
    if interruptible:
        monthly = spot_rule.interruptible_month_usd(_node_hours_rows(fleet, profile, growth), spot_price, a)
        monthly = monthly * fleet.billing_factor
    else:
        floor = n.min(axis=1) * profile.hours_per_month
        node_hours = np.sum(n * month_hours(profile, growth), axis=1)
        monthly = spot_rule.serving_month_usd(floor, node_hours, spot_price, on_demand or 0.0, a)
    util = _busy(fleet, rate, reps, n)
    kwh = _energy_rows(fleet, pm, n * (over if interruptible else 1.0), util, month_hours(profile, growth))
    tokens = _tokens_rows(fleet, profile, growth)
    priced = Priced(monthly, np.zeros(months), n.max(axis=1), kwh, tokens, float(monthly[0]))
    held = _node_hours_rows(fleet, profile, growth)
    priced.spot_node_hours = held if interruptible else np.maximum(np.sum(n * profile.hours, axis=1) - floor, 0.0)
    if flat:
        priced.notes.append("every hour needs the on-demand floor's nodes: nothing above it runs on spot")
    return priced


def dedicated_nodes(fleet: Fleet, profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """Nodes held each month for dedicated models: the busiest hour's, never fewer than before."""
    return _ratchet(fleet.nodes_for(month_rates(profile, growth)).max(axis=1))


def held_energy(fleet: Fleet, pm: PowerModel | None, profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """kWh each month of the busiest hour's nodes (`dedicated_nodes`) powered all month, the ones no
    hour's rate needs idle: the energy of a plan that pays for every node all month (an option's own
    cloud reserved plan, `engine.cost`: reserved pricing is not autoscaled; tcli3 finding 12)."""
    return _dedicated_energy(fleet, pm, profile, growth, dedicated_nodes(fleet, profile, growth))


def _dedicated_energy(
    fleet: Fleet,
    pm: PowerModel | None,
    profile: MonthProfile,
    growth: np.ndarray,
    held: np.ndarray,
) -> np.ndarray:
    """kWh each month of `held` nodes powered every hour of the month (idle hours included): each
    hour the replicas its rate needs busy their share of it (`serving_replicas`, `_busy`), the rest idle."""
    rate = month_rates(profile, growth)
    powered = np.broadcast_to(np.asarray(held, dtype=np.float64)[:, None], rate.shape)
    util = _busy(fleet, rate, serving_replicas(fleet, rate, powered), powered)
    return _energy_rows(fleet, pm, powered, util, month_hours(profile, growth))


def lease(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None
) -> Priced | None:
    """Bare-metal lease: nodes held x monthly lease (or hourly price x hours_per_month), the
    rest of the term each held node is in (its first or a renewed one, `term_left_node_months`) owed
    at the end of the horizon."""
    inst = fleet.instance
    per_month = inst.price_lease_usd_per_month or (
        inst.price_on_demand_usd_per_hour * a.hours_per_month if inst.price_on_demand_usd_per_hour else None
    )
    if per_month is None:
        return None
    term = inst.lease_term_months or 1
    held, left = leased_nodes(fleet, profile, growth, term)
    monthly = held * per_month
    tokens = _tokens_rows(fleet, profile, growth)
    kwh = _dedicated_energy(fleet, pm, profile, growth, held)
    return Priced(monthly, np.zeros(growth.size), held, kwh, tokens, float(monthly[0]), left * per_month)


def leased_nodes(fleet: Fleet, profile: MonthProfile, growth: np.ndarray, term: int) -> tuple[np.ndarray, float]:
    """(nodes held each month, node-months owed after the horizon) of a lease on `term`-month terms.
    Each tranche of nodes is leased in the month it is first needed (`dedicated_nodes`) and renewed
    term after term while a later month still has work; once none has, it is handed back at the end
    of the term it is in:

        held until  end = start + term x ceil((last + 1 - start) / term)   (0-based months)

    `last` the last month whose hours need a node. Work in every month (serving, a recurring job):
    held to the horizon's end, the rest of the term owed (`term_left_node_months`). A one-off job
    (issue 18, tcli6 N26: a 1.4-hour run in month 1 held its lease 24 months, $266,830, not its
    12-month term, $133,415) holds the node for its minimum term only."""
    months = growth.size
    need = fleet.nodes_for(month_rates(profile, growth)).max(axis=1)
    held = _ratchet(need)
    starts = np.diff(np.concatenate([[0.0], held]))
    tranches = [(m, float(n)) for m, n in enumerate(starts.tolist()) if n > 0]
    working = np.flatnonzero(need > 0)
    if working.size == 0 or int(working[-1]) == months - 1 or term <= 0:
        return held, term_left_node_months(tranches, term, months)
    last = int(working[-1])
    out, left = np.zeros(months), 0.0
    for start, count in tranches:
        end = start + term * -(-(last + 1 - start) // term)
        out[start : min(end, months)] += count
        left += max(end - months, 0) * count
    return out, left


def on_prem(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None
) -> Priced | None:
    """On-prem / colocation: each node bought when first needed (capex x (1 + install_share) up
    front), then each month: operations capex x operations_share / 12, energy kWh x electricity
    price, colocation power_w / 1000 x colo_usd_per_kw_month (`engine.on_prem`, the formula the
    options' month uses too). No resale value counted. The month-1
    figure amortises capex over amortisation_years. With `a.on_prem_share` the scenario is charged
    that share of the nodes' month: their cost, capex and energy (kWh, so CO2e) alike, one basis with
    the option's cost (`engine.cost.on_prem_month`; tcli3 finding 19)."""
    inst = fleet.instance
    if inst.capex_usd is None:
        return None
    capex = capex_paid_usd(inst, a)
    held = dedicated_nodes(fleet, profile, growth)
    bought = np.diff(np.concatenate([[0.0], held]))
    kwh = _dedicated_energy(fleet, pm, profile, growth, held)
    monthly = held * running_month_usd(inst, a) + owned_energy_usd(inst, held, kwh, pm, a)
    upfront = bought * capex
    amortised = float(held[0] * capex / (a.amortisation_years * 12.0) + monthly[0])
    tokens = _tokens_rows(fleet, profile, growth)
    k = on_prem_share(a)
    spread = held * capex / (a.amortisation_years * 12.0) * k
    return Priced(monthly * k, upfront * k, held, kwh * k, tokens, amortised * k, amortised_capex=spread)


def owned_energy_usd(
    inst: Instance, held: np.ndarray, kwh: np.ndarray, pm: PowerModel | None, a: Assumptions
) -> np.ndarray:
    """Electricity of `held` owned nodes each month [USD]: their facility `kwh` x the price; with no
    power model (no TDP) the node's stated power at load all hours, power_w / 1000 x PUE x
    hours_per_month x price (0 without one). The on-prem row and a hybrid's base both pay this, so
    a hybrid with no burst costs what the on-prem row does (tgui5 D5)."""
    if pm is None and inst.power_w:  # no TDP to model: the node's stated power at load, all hours
        return np.asarray(held * inst.power_w / 1000.0 * a.pue * a.hours_per_month * a.electricity_usd_per_kwh)
    return np.asarray(np.nan_to_num(kwh) * a.electricity_usd_per_kwh)


def on_prem_share(a: Assumptions) -> float:
    """[1] the share of the on-prem nodes' month charged to the scenario (1: dedicated)."""
    return a.on_prem_share if a.on_prem_share is not None else 1.0


@dataclass
class HybridSplit:
    """What a hybrid does with the profile at month 1."""

    base_rate: float  # [req/s] the percentile the owned base is sized to
    base_capacity: float  # [req/s] what the base's serving nodes sustain (>= base_rate, whole replicas)
    burst_hours_per_day: int  # profile hours the cloud holds nodes: above the base's capacity, or all day at P0
    base_nodes: float  # owned nodes, spares included
    burst_node_hours_per_day: float  # cloud node-hours over the 24 profile hours, the burst's spares included
    burst_nodes_max: float  # cloud nodes in the busiest burst hour
    burst_node_hours_per_month: float = 0.0  # [node-h] sum_h burst nodes_h x hours_h
    base_kwh: float = 0.0  # [kWh] the owned base's facility energy in month 1 (NaN: unknown)
    burst_kwh: float = 0.0  # [kWh] the cloud burst's facility energy in month 1 (NaN: unknown)
    # profile hours with no traffic above the base in which the cloud still holds its on-demand
    # floor (nothing owned: `min_replicas`' nodes run the quiet hours too, as the all-cloud plan)
    floor_hours_per_day: int = 0
    cloud_hours_per_month: float = 0.0  # [h] hours of month 1 the cloud holds at least one node


def base_capacity(base: Fleet, held: np.ndarray | float) -> np.ndarray:
    """What `held` owned nodes serve [req/s] (each month's, an array): their serving replicas (nodes
    less the spare nodes, times replicas per node, whole replicas) x the rate one replica sustains."""
    serving = np.maximum(np.asarray(held, dtype=np.float64) - base.spare_nodes, 0.0) * base.replicas_per_node
    return np.asarray(np.floor(serving + 1e-9) * base.rate_per_replica)


def burst_spare_nodes(base: Fleet, burst: Fleet) -> float:
    """Spare nodes a hybrid's burst holds beside owned nodes. Spares serve the same model, so the
    owned base's spare replicas cover a failed cloud replica as well as an owned one: the burst
    keeps only the spare replicas the owned spares' capacity leaves uncovered,

        uncovered = burst.spares - min(burst.spares, floor(base.spares x r_base / r_burst))

    (r [req/s] each side's rate per replica), on the nodes the burst packs them on (never more
    than its own `spare_nodes`). 0 when the owned spares cover the burst's plan."""
    if burst.spares <= 0 or burst.spare_nodes <= 0:
        return 0.0
    if burst.rate_per_replica <= 0:
        return burst.spare_nodes
    covered = min(
        float(burst.spares), float(np.floor(base.spares * base.rate_per_replica / burst.rate_per_replica + 1e-9))
    )
    uncovered = float(burst.spares) - covered
    if uncovered <= 0:
        return 0.0
    if uncovered >= burst.spares:
        return burst.spare_nodes
    node = float(burst.node_gpus)
    if burst.gpus >= node:
        nodes = uncovered * float(np.ceil(burst.gpus / node))
    else:
        nodes = float(np.ceil(uncovered / max(np.floor(node / burst.gpus), 1.0)))
    return min(nodes, burst.spare_nodes)


def hybrid(
    base: Fleet,
    burst: Fleet,
    profile: MonthProfile,
    growth: np.ndarray,
    a: Assumptions,
    pm_base: PowerModel | None,
    pm_burst: PowerModel | None,
    percentile: float,
    burst_price: float,
) -> tuple[Priced, HybridSplit] | None:
    """Owned base + cloud burst. The base (on-prem capex, as `on_prem`) is sized to the
    `percentile`-th percentile of the hourly rates (`profile.base_rate`) with its spare nodes; P0
    owns nothing (the cloud then keeps its floor in quiet hours, as the all-cloud plan does). In
    each hour whose rate is above the base's capacity (`base_capacity`: whole
    replicas, so at least the base rate) the excess runs on the burst instance at its on-demand
    price, with the spare nodes of the burst option's availability plan that the owned spares do not
    already cover (`burst_spare_nodes`: spares serve the same model). With `a.on_prem_share` the
    scenario is charged that share of the owned nodes' month (capex, operations, energy,
    colocation), as `on_prem` charges it. So P0 costs what the
    burst option's cloud on-demand row costs, and P100 (no hour above the busiest) what the base
    option's on-prem row costs, its share included. Growth scales the whole profile,
    so base and burst grow together; owned nodes are never given back. The percentile is over the
    hours of the month (`MonthProfile.hours`), and each burst hour is paid for the hours it holds."""
    if base.instance.capex_usd is None:
        return None
    months = growth.size
    rate0 = base_rate(profile.rates, percentile, profile.hours)
    rate, hours = month_profiles(profile, growth)  # (months, 24) each
    # owned nodes each month: the base rate's nodes as traffic grows, never given back (a batch
    # job's months: each month's own percentile, its runs grow in hours, not in rate)
    if isinstance(profile, JobMonthProfile):
        rates_m = np.array([base_rate(r, percentile, h) for r, h in zip(rate, hours, strict=True)])
        held = _ratchet(np.where(rates_m > 0, base.nodes_for(rates_m), 0.0)) if rate0 > 0 else np.zeros(months)
    else:
        held = _ratchet(base.nodes_for(rate0 * np.asarray(growth, dtype=np.float64))) if rate0 > 0 else np.zeros(months)
    bought = np.diff(np.concatenate([[0.0], held]))
    capex = capex_paid_usd(base.instance, a)
    cap = base_capacity(base, held)[:, None]
    over = np.maximum(rate - cap, 0.0)
    bursting = burst_mask(rate, cap)
    owned = held[:, None] > 0
    # nothing owned: the cloud runs the whole day as the all-cloud plan does, its floor included;
    # with owned nodes the owned spares cover the same service, so a burst hour adds only the spare
    # nodes they leave uncovered (`burst_spare_nodes`)
    b_spares = burst_spare_nodes(base, burst)
    b_nodes = np.where(
        owned,
        np.where(bursting, burst.nodes_for(over, spares=False) + b_spares, 0.0),
        burst.nodes_for(over),
    )
    powered = np.broadcast_to(held[:, None], rate.shape)
    served = np.minimum(rate, cap)
    busy_base = _busy(base, served, serving_replicas(base, served, powered), powered)
    base_kwh = np.where(held > 0, _energy_rows(base, pm_base, powered, busy_base, hours), 0.0)
    burst_kwh = _energy_rows(burst, pm_burst, b_nodes, _busy(burst, over, burst.replicas(over), b_nodes), hours)
    # a month with no burst node-hour draws no burst energy, known or not (no power model needed)
    burst_kwh = np.where(np.sum(b_nodes * hours, axis=1) > 0, burst_kwh, 0.0)
    # the scenario's share of the owned nodes' month (`on_prem_share`), as `on_prem` charges it: their
    # capex, operations, energy and colocation alike; the burst is rented by the hour, all its own
    share = on_prem_share(a)
    energy_usd = share * owned_energy_usd(base.instance, held, base_kwh, pm_base, a)
    base_kwh = base_kwh * share
    kwh = base_kwh + burst_kwh
    burst_node_hours = np.sum(b_nodes * hours, axis=1)
    monthly = (
        share * held * running_month_usd(base.instance, a)
        + energy_usd
        + burst_node_hours * burst_price * burst.billing_factor
    )
    tokens = _tokens_rows(base, profile, growth)
    cloud = b_nodes[0] > 0  # the hours the cloud holds nodes (the node-hours' hours)
    first = HybridSplit(
        rate0,
        float(cap[0, 0]),
        int(cloud.sum()),
        float(held[0]),
        float(np.sum(b_nodes[0])),
        float(b_nodes[0].max()),
        float(burst_node_hours[0]),
        float(base_kwh[0]),
        float(burst_kwh[0]),
        floor_hours_per_day=int((cloud & ~bursting[0]).sum()),
        cloud_hours_per_month=float(np.sum(hours[0][cloud])),
    )
    upfront = bought * capex * share
    amortised = float(share * held[0] * capex / (a.amortisation_years * 12.0) + monthly[0])
    spread = share * held * capex / (a.amortisation_years * 12.0)
    return Priced(monthly, upfront, held, kwh, tokens, amortised, amortised_capex=spread), first


def bridged(owned: Priced, bridge: Priced | None, lead_months: float) -> Priced:
    """`owned` with its first `lead_months` months (order to serving) run on `bridge` instead
    (cloud on-demand), each month's share of the lead time s_m = clip(lead_months - m, 0, 1):

        monthly_m = owned_m x (1 - s_m) + bridge_m x s_m    (energy alike)

    The owned nodes' running costs (operations, energy, colocation) start on delivery; their capex
    stays in month 1 (paid on order). Without a bridge the work is late: the lead-time share of
    each month serves no tokens and costs no running costs. The month-1 figure
    (`amortised_month1`) stays the owned run rate."""
    months = owned.monthly.size
    share = np.clip(lead_months - np.arange(months), 0.0, 1.0)
    if not share.any():
        return owned
    keep = 1.0 - share
    if bridge is None:
        return replace(
            owned,
            monthly=owned.monthly * keep,
            kwh=owned.kwh * keep,
            tokens=owned.tokens * keep,
            notes=list(owned.notes),
        )
    return replace(
        owned,
        monthly=owned.monthly * keep + bridge.monthly * share,
        kwh=owned.kwh * keep + bridge.kwh * share,
        notes=list(owned.notes),
    )

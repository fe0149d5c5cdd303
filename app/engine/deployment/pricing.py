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
from app.engine.deployment import energy as en
from app.engine.deployment.profile import MonthProfile, base_rate, burst_mask, node_hours_per_month
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
        """Nodes for each rate: the serving replicas' nodes + the spare nodes."""
        return self.nodes(self.replicas(rate)) + (self.spare_nodes if spares else 0.0)

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

    @property
    def cumulative(self) -> np.ndarray:
        total = self.monthly + self.upfront
        total = total.copy()
        total[-1] += self.commitment_left_usd
        return np.cumsum(total)

    @property
    def total(self) -> float:
        return float(self.cumulative[-1])


def _ratchet(x: np.ndarray) -> np.ndarray:
    return np.maximum.accumulate(x)


def _energy(fleet: Fleet, pm: PowerModel | None, nodes_h: np.ndarray, busy_h: np.ndarray, hours: np.ndarray) -> float:
    """Facility kWh a month of `nodes_h` nodes busy a share `busy_h` (`_busy`) of each profile hour,
    each hour held `hours` [h] (`MonthProfile.hours`)."""
    if pm is None:
        return float("nan")
    return en.energy_kwh(nodes_h * pm.facility_w(fleet.node_gpus, busy_h), hours)


def _busy(fleet: Fleet, rate_h: np.ndarray, replicas_h: np.ndarray, nodes_h: np.ndarray) -> np.ndarray:
    """Busy share of the `nodes_h` nodes' accelerators in each hour (`engine.power.node_busy_share`):
    the `replicas_h` serving replicas' GPUs busy active_share(rate_h / replicas_h, request time) of
    the hour, every other accelerator (spares, free slots) idle."""
    return node_busy_share(rate_h, replicas_h, fleet.gpus, nodes_h, fleet.node_gpus, fleet.request_s)


def serving_replicas(fleet: Fleet, rate_h: np.ndarray, nodes_h: np.ndarray | float) -> np.ndarray:
    """Replicas serving each hour on dedicated (or reserved) nodes: what the rate needs, at most the
    slots of the nodes without spares."""
    slots = np.maximum((np.asarray(nodes_h, dtype=np.float64) - fleet.spare_nodes) * fleet.replicas_per_node, 1.0)
    return np.asarray(np.minimum(fleet.replicas(rate_h), np.floor(slots + 1e-9)), dtype=np.float64)


def _tokens(fleet: Fleet, day: MonthProfile) -> float:
    """Tokens a month: sum_h rate_h x 3600 x hours_h x tokens per request."""
    return float(np.sum(day.rates * day.hours) * 3600.0 * fleet.tokens_per_request)


def autoscaled(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None, price: float
) -> Priced:
    """Cloud on-demand (or any pay-per-hour price): each hour's nodes x its hours x price
    (`profile.node_hours_per_month`)."""
    months = growth.size
    monthly, nodes, kwh, tokens = (np.zeros(months) for _ in range(4))
    for m, g in enumerate(growth):
        day = profile.scaled(g)
        rate = day.rates
        reps = fleet.replicas(rate)
        n = fleet.nodes_for(rate)
        node_hours = node_hours_per_month(day, lambda r: float(fleet.nodes_for(np.array(r))))
        monthly[m] = float(node_hours) * price
        nodes[m] = n.max()
        kwh[m] = _energy(fleet, pm, n, _busy(fleet, rate, reps, n), day.hours)
        tokens[m] = _tokens(fleet, day)
    return Priced(monthly, np.zeros(months), nodes, kwh, tokens, float(monthly[0]))


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
    still owes its remaining months (`commitment_left_usd`)."""
    months = growth.size
    monthly, nodes, kwh, tokens = (np.zeros(months) for _ in range(4))
    held = 0.0
    tranches: list[tuple[int, float]] = []  # (start month index, nodes)
    for m, g in enumerate(growth):
        day = profile.scaled(g)
        rate = day.rates
        n = fleet.nodes_for(rate)
        floor = float(n.min()) if on_demand is not None else float(n.max())
        if floor > held:
            tranches.append((m, floor - held))
            held = floor
        extra = np.maximum(n - held, 0.0)
        monthly[m] = held * a.hours_per_month * reserved + float(np.sum(extra * day.hours)) * (on_demand or 0.0)
        nodes[m] = max(held, float(n.max()))
        powered = np.maximum(n, held)  # reserved nodes stay powered (and billed) all month
        busy = _busy(fleet, rate, serving_replicas(fleet, rate, powered), powered)
        kwh[m] = _energy(fleet, pm, powered, busy, day.hours)
        tokens[m] = _tokens(fleet, day)
    left = sum(max(start + term_months - months, 0) * count for start, count in tranches)
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
    """Spot, with the rule: interruptible work (batch, synthetic data, evaluation, training) runs
    all on spot at spot price x (1 + interruption rate) (the redone work); serving keeps an
    on-demand floor (the quietest hour's nodes) and puts only the nodes above it on spot. None
    for serving without an on-demand price (no floor to keep). Serving whose floor is its peak
    puts nothing on spot and costs what on-demand does: still a spot design, and the cheapest one
    when the options above the floor cost more (the row picks the cheapest option by its own
    pricing, so a flat fleet must not drop out of it)."""
    if not interruptible and on_demand is None:
        return None
    months = growth.size
    flat = not interruptible and all(float(np.ptp(fleet.nodes_for(profile.rates * g))) == 0 for g in growth)
    monthly, nodes, kwh, tokens = (np.zeros(months) for _ in range(4))
    over = 1.0 + a.spot_interruption_rate
    for m, g in enumerate(growth):
        day = profile.scaled(g)
        rate = day.rates
        reps = fleet.replicas(rate)
        n = fleet.nodes_for(rate)
        if interruptible:
            monthly[m] = (
                float(node_hours_per_month(day, lambda r: float(fleet.nodes_for(np.array(r))))) * spot_price * over
            )
        else:
            floor = float(n.min())
            monthly[m] = (
                floor * day.hours_per_month * (on_demand or 0.0)
                + float(np.sum((n - floor) * day.hours)) * spot_price * over
            )
        nodes[m] = n.max()
        util = _busy(fleet, rate, reps, n)
        kwh[m] = _energy(fleet, pm, n * (over if interruptible else 1.0), util, day.hours)
        tokens[m] = _tokens(fleet, day)
    priced = Priced(monthly, np.zeros(months), nodes, kwh, tokens, float(monthly[0]))
    if flat:
        priced.notes.append("every hour needs the on-demand floor's nodes: nothing above it runs on spot")
    return priced


def dedicated_nodes(fleet: Fleet, profile: MonthProfile, growth: np.ndarray) -> np.ndarray:
    """Nodes held each month for dedicated models: the busiest hour's, never fewer than before."""
    return _ratchet(np.array([float(fleet.nodes_for(profile.rates * g).max()) for g in growth]))


def _dedicated_energy(
    fleet: Fleet,
    pm: PowerModel | None,
    profile: MonthProfile,
    growth: np.ndarray,
    held: np.ndarray,
) -> np.ndarray:
    """kWh each month of `held` nodes powered every hour of the month (idle hours included): each
    hour the replicas its rate needs busy their share of it (`serving_replicas`, `_busy`), the rest idle."""
    out = np.zeros(growth.size)
    for m, g in enumerate(growth):
        rate = profile.rates * g
        util = _busy(fleet, rate, serving_replicas(fleet, rate, held[m]), np.full(rate.shape, held[m]))
        out[m] = _energy(fleet, pm, np.full(rate.shape, held[m]), util, profile.hours)
    return out


def lease(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None
) -> Priced | None:
    """Bare-metal lease: nodes held x monthly lease (or hourly price x hours_per_month), the
    remaining months of each node's minimum term owed at the end of a shorter horizon."""
    inst = fleet.instance
    per_month = inst.price_lease_usd_per_month or (
        inst.price_on_demand_usd_per_hour * a.hours_per_month if inst.price_on_demand_usd_per_hour else None
    )
    if per_month is None:
        return None
    held = dedicated_nodes(fleet, profile, growth)
    monthly = held * per_month
    term = inst.lease_term_months or 1
    starts = np.diff(np.concatenate([[0.0], held]))
    left = sum(max(m + term - growth.size, 0) * n for m, n in enumerate(starts) if n > 0)
    tokens = np.array([_tokens(fleet, profile.scaled(g)) for g in growth])
    kwh = _dedicated_energy(fleet, pm, profile, growth, held)
    return Priced(monthly, np.zeros(growth.size), held, kwh, tokens, float(monthly[0]), left * per_month)


def on_prem(
    fleet: Fleet, profile: MonthProfile, growth: np.ndarray, a: Assumptions, pm: PowerModel | None
) -> Priced | None:
    """On-prem / colocation: each node bought when first needed (capex x (1 + install_share) up
    front), then each month: operations capex x operations_share / 12, energy kWh x electricity
    price, colocation power_w / 1000 x colo_usd_per_kw_month. No resale value counted. The month-1
    figure amortises capex over amortisation_years."""
    inst = fleet.instance
    if inst.capex_usd is None:
        return None
    capex = inst.capex_usd * (1.0 + a.install_share)
    held = dedicated_nodes(fleet, profile, growth)
    bought = np.diff(np.concatenate([[0.0], held]))
    kwh = _dedicated_energy(fleet, pm, profile, growth, held)
    power_kw = (inst.power_w or 0.0) / 1000.0
    energy_usd = np.nan_to_num(kwh) * a.electricity_usd_per_kwh
    if pm is None and inst.power_w:  # no TDP to model: the node's stated power at load, all hours
        energy_usd = held * power_kw * a.pue * a.hours_per_month * a.electricity_usd_per_kwh
    monthly = held * inst.capex_usd * a.operations_share / 12.0 + energy_usd + held * power_kw * a.colo_usd_per_kw_month
    upfront = bought * capex
    amortised = float(held[0] * capex / (a.amortisation_years * 12.0) + monthly[0])
    tokens = np.array([_tokens(fleet, profile.scaled(g)) for g in growth])
    return Priced(monthly, upfront, held, kwh, tokens, amortised)


@dataclass
class HybridSplit:
    """What a hybrid does with the profile at month 1."""

    base_rate: float  # [req/s] the percentile the owned base is sized to
    base_capacity: float  # [req/s] what the base's serving nodes sustain (>= base_rate, whole replicas)
    burst_hours_per_day: int  # profile hours whose rate is above the base's capacity
    base_nodes: float  # owned nodes, spares included
    burst_node_hours_per_day: float  # cloud node-hours over the 24 profile hours, the burst's spares included
    burst_nodes_max: float  # cloud nodes in the busiest burst hour
    burst_node_hours_per_month: float = 0.0  # [node-h] sum_h burst nodes_h x hours_h


def base_capacity(base: Fleet, held: float) -> float:
    """What `held` owned nodes serve [req/s]: their serving replicas (nodes less the spare nodes,
    times replicas per node, whole replicas) x the rate one replica sustains."""
    serving = max(held - base.spare_nodes, 0.0) * base.replicas_per_node
    return float(np.floor(serving + 1e-9)) * base.rate_per_replica


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
    price, with the burst option's own spare nodes (the cloud share keeps the availability plan of
    the cloud row). So P0 costs what the burst option's cloud on-demand row costs, and P100 (no hour
    above the busiest) what the base option's on-prem row costs. Growth scales the whole profile,
    so base and burst grow together; owned nodes are never given back. The percentile is over the
    hours of the month (`MonthProfile.hours`), and each burst hour is paid for the hours it holds."""
    if base.instance.capex_usd is None:
        return None
    months = growth.size
    rate0 = base_rate(profile.rates, percentile, profile.hours)
    if rate0 > 0:
        held = _ratchet(np.array([float(base.nodes_for(np.array([rate0 * g]))[0]) for g in growth]))
    else:
        held = np.zeros(months)
    bought = np.diff(np.concatenate([[0.0], held]))
    capex = base.instance.capex_usd * (1.0 + a.install_share)
    monthly, kwh, tokens = np.zeros(months), np.zeros(months), np.zeros(months)
    power_kw = (base.instance.power_w or 0.0) / 1000.0
    first: HybridSplit | None = None
    for m, g in enumerate(growth):
        day = profile.scaled(g)
        rate = day.rates
        cap = base_capacity(base, held[m])
        over = np.maximum(rate - cap, 0.0)
        bursting = burst_mask(rate, cap)
        # nothing owned: the cloud runs the whole day as the all-cloud plan does, its floor included
        b_nodes = burst.nodes_for(over) if held[m] <= 0 else np.where(bursting, burst.nodes_for(over), 0.0)
        base_kwh = 0.0
        if held[m] > 0:
            served = np.minimum(rate, cap)
            base_kwh = _energy(
                base,
                pm_base,
                np.full(rate.shape, held[m]),
                _busy(base, served, serving_replicas(base, served, held[m]), np.full(rate.shape, held[m])),
                day.hours,
            )
        b_reps = burst.replicas(over)
        burst_kwh = _energy(burst, pm_burst, b_nodes, _busy(burst, over, b_reps, b_nodes), day.hours)
        kwh[m] = base_kwh + burst_kwh
        energy_usd = (0.0 if np.isnan(base_kwh) else base_kwh) * a.electricity_usd_per_kwh
        monthly[m] = (
            held[m] * base.instance.capex_usd * a.operations_share / 12.0
            + energy_usd
            + held[m] * power_kw * a.colo_usd_per_kw_month
            + float(np.sum(b_nodes * day.hours)) * burst_price
        )
        tokens[m] = _tokens(base, day)
        if first is None:
            first = HybridSplit(
                rate0,
                cap,
                int(bursting.sum()),
                float(held[0]),
                float(np.sum(b_nodes)),
                float(b_nodes.max()),
                float(np.sum(b_nodes * day.hours)),
            )
    upfront = bought * capex
    amortised = float(held[0] * capex / (a.amortisation_years * 12.0) + monthly[0])
    assert first is not None  # growth has at least one month
    return Priced(monthly, upfront, held, kwh, tokens, amortised), first


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

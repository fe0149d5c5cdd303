"""Node pools as numbers: GPUs per node, price per node-hour, power per node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.domain import Assumptions, Catalog, Deployment, Instance
from app.domain.portfolio import FleetSpec
from app.engine.billing import billing_words
from app.engine.cost import on_prem_month_usd
from app.engine.power import PowerModel, node_power_model


@dataclass(frozen=True)
class PoolTable:
    """Arrays over pools (P,), in `FleetSpec.pools` order."""

    names: list[str]
    instances: list[Instance]
    accelerators: list[str]
    gpus: np.ndarray  # GPUs per node
    nodes: np.ndarray  # given node counts; -1 where "auto"
    max_nodes: np.ndarray  # inf where unlimited
    burst: np.ndarray  # bool
    price: np.ndarray  # USD per node-hour
    price_basis: list[str]
    power_kw: np.ndarray  # per node at load [kW] (IT power, before PUE)
    power_basis: list[str]
    domains: np.ndarray  # failure domains
    idle_power_kw: np.ndarray | None = None  # per node idle [kW] (IT, before PUE); None: as at load
    # USD per facility kWh the plan's modelled energy above idle is billed at (on-prem TCO pools:
    # `price` holds the node idling, the work's electricity comes from the plan's kWh); None: 0
    electricity_usd_per_kwh: np.ndarray | None = None
    # bool (P,): the catalog gives the node a power model (an accelerator TDP or a node power);
    # False: its energy is unknown (n/a, never 0). None: all known
    power_known: np.ndarray | None = None
    # bool (P,): the node's host power is known; False: its energy counts the accelerators only, a
    # lower bound (">= ... (no host)", as `size` marks it). None: all known
    host_known: np.ndarray | None = None

    @property
    def auto(self) -> np.ndarray:
        return self.nodes < 0


def node_price(
    inst: Instance, given: float | None, a: Assumptions, power: PowerModel | None = None
) -> tuple[float, str, float]:
    """(USD per node-hour, basis, USD per kWh above idle). A price written on the pool wins; an
    on-prem node with capex costs its amortised month idling (`engine.cost.on_prem_month_usd` with
    no hours at load: capex x (1 + install_share) / (years x 12) + capex x operations / 12 + power_w /
    1000 x colo_usd_per_kw_month + idle power x PUE x electricity, `engine.on_prem`) / hours_per_month,
    and the electricity of its work above idle is billed from the
    plan's modelled kWh at the third figure (electricity x on_prem_share), so that cost, chargeback
    and the energy KPI carry one electricity figure; a cloud node its catalog price under
    `assumptions.pricing` (on-demand when that one is not published; spot x (1 + spot_interruption_rate),
    the work redone after interruptions, as `archwise size` prices it), no separate electricity."""
    if given is not None:
        return given, "price written on the pool", 0.0
    if inst.deployment is Deployment.ON_PREM and inst.capex_usd:
        month = float(on_prem_month_usd(inst, a, 0.0, power))
        watts = float(power.node_w(inst.accelerator_count, 0.0)) if power else 0.0
        rate = a.electricity_usd_per_kwh * (a.on_prem_share if a.on_prem_share is not None else 1.0)
        return (
            month / a.hours_per_month,
            (
                f"on-prem TCO: capex ${inst.capex_usd:,.0f} x (1 + {a.install_share:.0%} installation) over "
                f"{a.amortisation_years:g} y + {a.operations_share:.0%}/y operations + colocation "
                f"{(inst.power_w or 0.0) / 1000:,.1f} kW x ${a.colo_usd_per_kw_month:g}/kW-month + "
                f"{watts:,.0f} W idle (engine.power) x PUE {a.pue:g} x "
                f"${a.electricity_usd_per_kwh:g}/kWh, / {a.hours_per_month:g} h; the work's electricity above "
                f"idle is billed from the plan's modelled kWh ({inst.source})"
            ),
            rate if power is not None else 0.0,
        )
    price = inst.best_price_usd_per_hour(a.pricing)
    label = a.pricing.replace("_", "-")
    if price is not None and a.pricing == "spot":
        # as `archwise size` prices spot hours: the work interruptions make it redo is paid for too
        price *= 1.0 + a.spot_interruption_rate
        label = f"spot x (1 + {a.spot_interruption_rate:.0%} of the work redone after interruptions)"
    if price is None:
        price, label = inst.price_on_demand_usd_per_hour, f"on-demand (no {label} price published)"
    if price is None:
        price = inst.price_reserved_usd_per_hour or inst.price_spot_usd_per_hour or 0.0
        label = "the only published price"
    return float(price), f"{inst.provider} {label} ({inst.source}, {inst.as_of})", 0.0


def billing_rule(inst: Instance) -> str:
    """How a burst pool's rented node is billed, in words: the catalog's step and minimum
    (`engine.billing.billing_words`, with the record's source), else per second of use."""
    words = billing_words(inst)
    if not words:
        return f"billed per second of use (the catalog states no billing step for {inst.provider})"
    return f"{words} ({inst.provider}'s published billing, {inst.source})"


def node_power_kw(inst: Instance, catalog: Catalog, a: Assumptions) -> tuple[float, float, str]:
    """(kW per node at load, kW per node idle, basis), IT power before PUE, from the one power model
    (`engine.power`: accelerators between idle and busy_power_fraction x TDP, plus host power)."""
    power = node_power_model(inst, catalog.accelerator(inst.accelerator), a, catalog)
    if power is None:
        return 0.0, 0.0, "no power figure in the catalog"
    n = inst.accelerator_count
    return (
        float(power.node_w(n, 1.0)) / 1000.0,
        float(power.node_w(n, 0.0)) / 1000.0,
        power.describe(f"{n} x {inst.accelerator}"),
    )


def pool_table(fleet: FleetSpec, catalog: Catalog) -> PoolTable:
    """The pools' numbers; DomainError naming an unknown instance."""
    a = fleet.assumptions
    insts = [catalog.instance(p.instance) for p in fleet.pools]
    models = [node_power_model(i, catalog.accelerator(i.accelerator), a, catalog) for i in insts]
    prices = [node_price(i, p.price_usd_per_hour, a, m) for p, i, m in zip(fleet.pools, insts, models, strict=True)]
    powers = [node_power_kw(i, catalog, a) for i in insts]
    return PoolTable(
        names=[p.name for p in fleet.pools],
        instances=insts,
        accelerators=[i.accelerator for i in insts],
        gpus=np.array([i.accelerator_count for i in insts], dtype=np.float64),
        nodes=np.array([-1 if p.nodes == "auto" else p.nodes for p in fleet.pools], dtype=np.float64),
        max_nodes=np.array(
            [
                (p.max_nodes if p.max_nodes is not None else (i.max_nodes or np.inf))
                if p.nodes == "auto"
                else float(p.nodes)
                for p, i in zip(fleet.pools, insts, strict=True)
            ],
            dtype=np.float64,
        ),
        burst=np.array([p.burst for p in fleet.pools]),
        price=np.array([x[0] for x in prices]),
        # a burst pool's basis says how its rented time is billed (`kpis.billed_node_hours`)
        price_basis=[
            f"{x[1]}; {billing_rule(i)}" if p.burst else x[1]
            for x, i, p in zip(prices, insts, fleet.pools, strict=True)
        ],
        power_kw=np.array([x[0] for x in powers]),
        idle_power_kw=np.array([x[1] for x in powers]),
        power_basis=[x[2] for x in powers],
        electricity_usd_per_kwh=np.array([x[2] for x in prices]),
        power_known=np.array([m is not None for m in models], dtype=bool),
        host_known=np.array([m is None or m.host_known for m in models], dtype=bool),
        domains=np.array([p.failure_domains for p in fleet.pools], dtype=np.float64),
    )

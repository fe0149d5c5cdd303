"""Replicas and money: replicas for peak with redundancy and autoscaling bounds, cloud and
on-prem monthly cost, per request and per 1M tokens, hosted API prices and break-even."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.domain import Assumptions, HostedApi, Workload
from app.engine.space import Space

SECONDS_PER_HOUR = 3600.0


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


def replicas_for(rate: float, per_replica: np.ndarray, utilisation: float = 1.0) -> np.ndarray:
    """ceil(rate / (max sustainable rate x utilisation)) serving replicas, at least one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.ceil(rate / (per_replica * utilisation) - 1e-9)
    return np.where(per_replica > 0, np.maximum(need, 1.0), np.inf)


def hourly_price(space: Space, a: Assumptions) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(USD per node-hour, autoscalable?, basis) per hardware index. On-prem: amortised capex +
    operations share + power x PUE x electricity, as an hourly figure; NaN when unpriced."""
    price, scalable, basis = [], [], []
    for hw in space.hardware:
        inst = hw.instance
        if inst is None:
            price.append(np.nan), scalable.append(False), basis.append("no price: a bare accelerator")
        elif hw.on_prem and inst.capex_usd:
            hours_per_year = a.hours_per_month * 12
            capex = inst.capex_usd / (a.amortisation_years * hours_per_year)
            ops = inst.capex_usd * a.operations_share / hours_per_year
            power = (inst.power_w or 0.0) / 1000 * a.pue * a.electricity_usd_per_kwh
            price.append(capex + ops + power), scalable.append(False)
            basis.append(
                f"on-prem TCO: capex ${inst.capex_usd:,.0f} over {a.amortisation_years:g} y + "
                f"{a.operations_share:.0%}/y operations + {inst.power_w or 0:,.0f} W x PUE {a.pue:g} x "
                f"${a.electricity_usd_per_kwh:g}/kWh"
            )
        else:
            chosen = inst.best_price_usd_per_hour(a.pricing)
            label = a.pricing.replace("_", "-")
            if chosen is None:
                chosen, label = inst.price_on_demand_usd_per_hour, "on-demand (no " + label + " price published)"
            if chosen is None:
                chosen = inst.price_reserved_usd_per_hour or inst.price_spot_usd_per_hour
                label = "the only published price"
            price.append(chosen if chosen is not None else np.nan)
            scalable.append(a.pricing != "reserved" and not hw.on_prem)
            basis.append(f"{inst.provider} {label}")
    return np.array(price, dtype=np.float64), np.array(scalable), basis


def plan(
    space: Space,
    hw_index: np.ndarray,
    gpus: np.ndarray,
    max_rate: np.ndarray,
    w: Workload,
    a: Assumptions,
    mean_rate: float,
    peak_rate: float,
    active_hours: float | None = None,
    redundancy: int | None = None,
) -> Plan:
    """Replicas and cost for each point. `active_hours` replaces the month for batch jobs."""
    red = a.redundancy_replicas if redundancy is None else redundancy
    # The max rate already meets the SLA under the peak's burstiness, so peak is provisioned at
    # 100% of it; the autoscaler's floor keeps mean traffic at the utilisation target, and its
    # ceiling adds the headroom over peak.
    serve_peak = replicas_for(peak_rate, max_rate)
    serve_mean = np.minimum(replicas_for(mean_rate, max_rate, a.utilisation_target), serve_peak)
    serve_max = replicas_for(peak_rate * (1 + a.headroom), max_rate)
    replicas, rmin, rmax = serve_peak + red, serve_mean + red, serve_max + red
    node = np.array([h.node_gpus for h in space.hardware], dtype=np.float64)[hw_index]
    per_node = np.maximum(np.floor(node / gpus), 1.0)  # replicas packed on one node
    nodes_for = lambda r: np.where(gpus >= node, r * np.ceil(gpus / node), np.ceil(r / per_node))
    nodes, nodes_min = nodes_for(replicas), nodes_for(rmin)
    price, scalable, basis = hourly_price(space, a)
    hours = a.hours_per_month if active_hours is None else active_hours
    peak_share = w.traffic.peak_hours_per_day / 24.0
    p, s = price[hw_index], scalable[hw_index]
    requests = mean_rate * SECONDS_PER_HOUR * hours
    tokens = requests * (w.tokens.input_tokens + w.tokens.output_tokens)
    # where a point serves nothing its replicas are inf, and inf x a zero share or a NaN price
    # is NaN (its cost is unknown, shown as such), not an error worth a RuntimeWarning
    with np.errstate(invalid="ignore"):
        autoscaled = (nodes * peak_share + nodes_min * (1 - peak_share)) * hours * p
        month = np.where(s, autoscaled, nodes * hours * p)
        per_request = month / requests
        per_mtok = month / (tokens / 1e6)
    return Plan(
        replicas=replicas,
        replicas_min=rmin,
        replicas_max=rmax,
        total_gpus=replicas * gpus,
        nodes=nodes,
        operating_rate=peak_rate / np.maximum(serve_peak, 1.0),
        cost_per_month=month,
        cost_per_request=per_request,
        cost_per_mtok=per_mtok,
        price_basis=basis,
    )


def hosted_cost(
    api: HostedApi, w: Workload, a: Assumptions, mean_rate: float, hours: float | None = None
) -> tuple[float, float, float]:
    """(USD per month, per 1M tokens, per request) for a hosted API at the workload's mix.

    Shared-prefix tokens that hit the provider's prompt cache are billed at the cached price."""
    t = w.tokens
    cached = (
        t.shared_prefix_tokens * t.prefix_cache_hit_ratio if api.price_cached_input_usd_per_mtok is not None else 0.0
    )
    per_request = (
        (t.input_tokens - cached) * api.price_input_usd_per_mtok
        + cached * (api.price_cached_input_usd_per_mtok or 0.0)
        + t.output_tokens * api.price_output_usd_per_mtok
    ) / 1e6
    requests = mean_rate * SECONDS_PER_HOUR * (a.hours_per_month if hours is None else hours)
    month = per_request * requests
    return month, per_request / (t.input_tokens + t.output_tokens) * 1e6, per_request

"""Month 1 of many fleets' own plans at once: their facility energy and tokens, as one numpy pass.

A what-if preview reads only month 1 of each option's own plan (`compare.attach_options` with
`horizon=False`): its kWh and tokens, for the energy and CO2e figures. Pricing each option through
`pricing.autoscaled` / `reserved_mix` / `spot` / `lease` / `on_prem` one by one cost ~0.4 ms an
option; here the N fleets are the rows of (N, 24) arrays over the profile's hours and every rule is
the same element-wise arithmetic as in `pricing`, in the same order, so each figure is bit for bit
the one the per-fleet functions give (tests/engine/test_preview_fast_path.py holds them equal).

How each plan holds its nodes in month 1 (growth x1), with n_h = the nodes the hour's rate needs
(`Fleet.nodes_for`):

    FOLLOW    cloud on-demand, spot: n_h nodes each hour, its replicas busy (spot for interruptible
              work draws on n_h x (1 + interruption rate) nodes: the redone work)
    FLOOR     cloud reserved + on-demand peak: max(n_h, min_h n_h) nodes powered
    PEAK      cloud reserved without an on-demand price, bare-metal lease, on-prem: max_h n_h nodes
              powered every hour, as many of their slots serving as the rate needs

    kWh    = sum_h nodes_h x P_fac(busy share_h) x hours_h / 1000        (pricing._energy)
    tokens = sum_h rate_h x hours_h x 3600 x tokens per request          (pricing._tokens)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.engine.deployment.pricing import Fleet
from app.engine.deployment.profile import MonthProfile
from app.engine.power import PowerModel, node_busy_share

FOLLOW, FLOOR, PEAK = 0, 1, 2


@dataclass(frozen=True)
class PlanShape:
    """How one fleet's own plan holds its nodes in month 1 (module docstring)."""

    hold: int  # FOLLOW, FLOOR or PEAK
    node_factor: float = 1.0  # energy drawn by nodes x this (spot's redone work: 1 + interruption rate)


def _column(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).reshape(-1, 1)


@dataclass(frozen=True)
class Hours:
    """Month 1 of N fleets hour by hour, each array (N, 24) over the profile's hours."""

    powered: np.ndarray  # nodes powered [nodes]
    serving: np.ndarray  # replicas serving the hour's rate [replicas]
    busy: np.ndarray  # the nodes' busy share (`node_busy_share`) [1]
    facility_w: np.ndarray  # what all the powered nodes draw at the meter [W] (node factor included)


def hourly(
    fleets: Sequence[Fleet], shapes: Sequence[PlanShape], powers: Sequence[PowerModel | None], profile: MonthProfile
) -> Hours:
    """Each fleet's nodes, serving replicas, busy share and facility power [W] in each profile hour of
    month 1 (module docstring); power NaN where the fleet has no power model. `shapes[i]` and
    `powers[i]` belong to `fleets[i]`; `fleets` not empty."""
    rates = np.asarray(profile.rates, dtype=np.float64).reshape(1, -1)
    per_replica = _column([f.rate_per_replica for f in fleets])
    gpus = _column([f.gpus for f in fleets])
    node = _column([f.node_gpus for f in fleets])
    idle_only = _column([1.0 if f.min_replicas == 0 else 0.0 for f in fleets]) > 0
    known_t = [f.request_s for f in fleets]
    request_s = None if all(t is None for t in known_t) else _column([np.nan if t is None else t for t in known_t])
    with np.errstate(divide="ignore", invalid="ignore"):
        # Fleet.replicas: ceil(rate / rate_per_replica), at least 1 (0 for a job with no traffic)
        need = np.maximum(np.ceil(rates / per_replica - 1e-9), 1.0)
        need = np.where(idle_only, np.where(rates > 0, need, 0.0), need)
        replicas = np.where(per_replica <= 0, np.inf, need)
        # Fleet.spare_nodes_at: the spares the hour's own N needs (the peak's at most)
        spare = np.vstack([f.spare_nodes_at(replicas[i]) for i, f in enumerate(fleets)])
        # Fleet.nodes: whole nodes per replica when a replica spans nodes, else replicas packed
        spans = gpus >= node
        nodes = np.where(
            spans, replicas * np.ceil(gpus / node), np.ceil(replicas / np.maximum(np.floor(node / gpus), 1.0))
        )
        nodes = nodes + spare
        hold = np.array([s.hold for s in shapes]).reshape(-1, 1)
        level = np.where(hold == FLOOR, nodes.min(axis=1, keepdims=True), nodes.max(axis=1, keepdims=True))
        powered = np.where(hold == FOLLOW, nodes, np.maximum(nodes, level))
        # pricing.serving_replicas: what the rate needs, at most the slots of the nodes without spares
        per_node = np.where(spans, 1.0 / np.ceil(gpus / node), np.maximum(np.floor(node / gpus), 1.0))
        slots = np.maximum((powered - spare) * per_node, 1.0)
        serving = np.where(hold == FOLLOW, replicas, np.minimum(replicas, np.floor(slots + 1e-9)))
    shares = _column([f.kernel_share for f in fleets])
    peak = _column([np.nan if f.peak_rate is None else f.peak_rate for f in fleets])  # NaN: no floor
    busy = node_busy_share(rates, serving, gpus, powered, node, request_s, shares, peak)
    drawn = powered * _column([s.node_factor for s in shapes])
    # PowerModel.facility_w row by row: (GPUs x (P_idle + (max(P_busy, P_idle) - P_idle) x a) + host) x PUE
    idle = _column([np.nan if p is None else p.idle_w for p in powers])
    top = _column([np.nan if p is None else max(p.busy_w, p.idle_w) for p in powers])
    host = _column([np.nan if p is None else p.host_w for p in powers])
    pue = _column([np.nan if p is None else p.pue for p in powers])
    facility = (node * (idle + (top - idle) * np.clip(busy, 0.0, 1.0)) + host) * pue
    return Hours(powered, serving, busy, drawn * facility)


def month_one(
    fleets: Sequence[Fleet], shapes: Sequence[PlanShape], powers: Sequence[PowerModel | None], profile: MonthProfile
) -> tuple[np.ndarray, np.ndarray]:
    """(kWh [kWh], tokens [tokens]) of month 1 of each fleet's plan, shape (N,); kWh NaN where the
    fleet has no power model. `shapes[i]` and `powers[i]` belong to `fleets[i]`."""
    if len(fleets) == 0:
        return np.zeros(0), np.zeros(0)
    hours = np.asarray(profile.hours, dtype=np.float64)
    kwh = np.sum(hourly(fleets, shapes, powers, profile).facility_w * hours, axis=1) / 1000.0
    served = np.sum(profile.rates * profile.hours) * 3600.0
    tokens = np.array([float(served * f.tokens_per_request) for f in fleets])
    return kwh, tokens

"""The one power model: what a node draws at a utilisation, for every place that needs it (the
deployment comparison's kWh, on-prem electricity in `engine.cost`, the fleet's node power).

    P_busy     = TDP x busy_power_fraction                                   [W] per accelerator
    P_idle     = the catalog's measured idle power, else TDP x idle_power_fraction,
                 never above P_busy                                          [W] per accelerator
    P_accel(u) = P_idle + (P_busy - P_idle) x u,  u in [0, 1]                [W]
    P_node(u)  = n_accel x P_accel(u) + P_host                               [W] (IT power)
    P_fac(u)   = P_node(u) x PUE                                             [W] (at the meter)

Linear between idle and busy is the usual first-order server power model (Barroso, Hoelzle and
Ranganathan, The Datacenter as a Computer, 3rd ed., 2018, ch. 5); its error against measured LLM
serving is scored by bench/energy_accuracy.py over bench/validation/energy.yaml. Host power
(CPUs, memory, NICs, fans) is held constant: the catalog's figure is the node maximum minus the
accelerators' TDP, an upper bound. A node without an accelerator TDP but with a stated node power
(`Instance.power_w`) draws that power at load, spread over its accelerators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.domain import Accelerator, Assumptions, Catalog, Instance
from app.domain.hardware import Deployment


def accelerator_power_w(idle_w: float, busy_w: float, utilisation: np.ndarray | float) -> np.ndarray:
    """Power of one accelerator [W] at utilisation `u` (clipped to [0, 1]), linear from idle to busy."""
    u = np.clip(np.asarray(utilisation, dtype=np.float64), 0.0, 1.0)
    return idle_w + (max(busy_w, idle_w) - idle_w) * u


@dataclass(frozen=True)
class PowerModel:
    """How one node's power follows utilisation. Watts per accelerator (idle, busy) and per node (host)."""

    idle_w: float
    busy_w: float
    host_w: float
    pue: float
    idle_from_catalog: bool
    host_known: bool
    from_node_power: bool = False  # no accelerator TDP: the node's stated power_w at load

    @classmethod
    def of(
        cls, acc: Accelerator, a: Assumptions, host_w: float | None, inst: Instance | None = None
    ) -> PowerModel | None:
        """The model for `acc` under the assumptions; None when neither a TDP nor a node power is known."""
        tdp = acc.tdp_w
        if tdp is None:
            if inst is None or not inst.power_w:
                return None
            busy = inst.power_w / max(inst.accelerator_count, 1)
            return cls(busy * a.idle_power_fraction, busy, 0.0, a.pue, False, False, from_node_power=True)
        busy = tdp * a.busy_power_fraction
        measured = acc.idle_power_w
        idle = min(measured if measured is not None else tdp * a.idle_power_fraction, busy)
        return cls(idle, busy, host_w or 0.0, a.pue, measured is not None, host_w is not None)

    def node_w(self, node_gpus: int | float | np.ndarray, utilisation: np.ndarray | float) -> np.ndarray:
        """IT power of one node [W] at each utilisation: GPUs x P_accel(u) + host."""
        return np.asarray(node_gpus * accelerator_power_w(self.idle_w, self.busy_w, utilisation) + self.host_w)

    def facility_w(self, node_gpus: int | float | np.ndarray, utilisation: np.ndarray | float) -> np.ndarray:
        """Facility power of one node [W] at each utilisation: (GPUs x P_accel(u) + host) x PUE."""
        return self.node_w(node_gpus, utilisation) * self.pue

    def describe(self, acc_name: str) -> str:
        """One line saying where the figures come from (for tooltips, bases and the report)."""
        if self.from_node_power:
            return f"{acc_name}: node power {self.busy_w:,.0f} W per accelerator at load (no TDP catalogued)"
        idle = "catalogued idle" if self.idle_from_catalog else "idle share of TDP assumed"
        host = f"host {self.host_w:,.0f} W" if self.host_known else "host power unknown"
        return f"{acc_name}: busy {self.busy_w:,.0f} W, idle {self.idle_w:,.0f} W ({idle}); {host}; PUE {self.pue:g}"


def host_power_w(inst: Instance, catalog: Catalog) -> float | None:
    """The node's host power [W]: its own figure; else, for a rented node (cloud, bare metal), the
    per-accelerator host share of an on-prem node with the same accelerator (a physical estimate);
    else None. An on-prem node without a figure borrows none: its own spec is what is bought."""
    if inst.host_power_w is not None:
        return inst.host_power_w
    if inst.deployment is Deployment.ON_PREM:
        return None
    for other in catalog.instances:
        if other.accelerator == inst.accelerator and other.host_power_w is not None:
            return other.host_power_w / other.accelerator_count * inst.accelerator_count
    return None


def node_power_model(
    inst: Instance, acc: Accelerator, a: Assumptions, catalog: Catalog | None = None
) -> PowerModel | None:
    """The power model of one node of `inst`. Host power [W]: `host_power_w` when a catalog is given,
    else the instance's own figure; without either, a stated node power_w minus the accelerators' TDP."""
    host = host_power_w(inst, catalog) if catalog is not None else inst.host_power_w
    if host is None and inst.power_w and acc.tdp_w is not None:
        # a node power stated without a host figure: the host is what the accelerators' TDP leaves
        # (the catalog's own derivation), so the node at full load at TDP draws its stated power
        # (nothing left: the stated power is the accelerators' alone, the host stays unknown)
        host = inst.power_w - inst.accelerator_count * acc.tdp_w
        host = host if host > 0 else None
    return PowerModel.of(acc, a, host, inst)


def dedicated_kwh(
    power: PowerModel,
    node_gpus: float,
    nodes: np.ndarray | float,
    serving_slots: np.ndarray | float,
    rate_per_replica: np.ndarray | float,
    day_rates: np.ndarray,
    hours_per_month: float,
) -> np.ndarray:
    """Facility energy a month [kWh] of `nodes` held all month, each profile hour at utilisation

        u_h = rate_h / (serving_slots x rate_per_replica), clipped to [0, 1]
        kWh = sum_h nodes x P_fac(u_h) x (hours_per_month / 24) / 1000

    `serving_slots` [replicas]: the replicas the non-spare nodes hold (the load spreads over them);
    `day_rates` [req/s]: the 24 hourly rates. Broadcasts over points (arrays of the same shape)."""
    nodes = np.asarray(nodes, dtype=np.float64)
    cap = np.asarray(serving_slots, dtype=np.float64) * np.asarray(rate_per_replica, dtype=np.float64)
    rates = np.asarray(day_rates, dtype=np.float64).reshape((-1,) + (1,) * cap.ndim)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.nan_to_num(np.clip(rates / cap, 0.0, 1.0))
    hours_each = hours_per_month / rates.shape[0]
    return np.asarray(np.sum(nodes * power.facility_w(node_gpus, u), axis=0) * hours_each / 1000.0)

"""The traffic levels an option's month of energy is made of, for the Explain panel: the profile hours
that share a rate grouped into one level, with the nodes, replicas, busy share and power of each, so
that a reader with a calculator gets the month's kWh back:

    W_level = f x (nodes x (GPUs a node x P_idle + P_host)
                   + replicas x GPUs a replica x (P_busy - P_idle) x a x s) x PUE
    kWh     = share x sum over levels of W_level x hours_level / 1000

f the plan's node factor (spot's redone work; else 1), share the scenario's share of on-prem nodes
(else 1). The figures are `month_one.hourly`'s, the arithmetic the options' kWh is summed from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine.deployment.month_one import PlanShape, hourly
from app.engine.deployment.pricing import Fleet
from app.engine.deployment.profile import MonthProfile
from app.engine.power import PowerModel

# The columns of `EnergyLevel` as the Explain panel, the report and the JSON name them (short: six
# columns fit the side panel at 1366x768); `LEVELS_CAPTION` says what each is.
LEVELS_CAPTION = (
    "h = hours a month at the rate, req/s = the workload's rate, nodes = nodes powered, "
    "replicas = replicas serving, a = a serving replica's busy share, W = all the nodes at the meter"
)
LEVEL_COLUMNS = ["h", "req/s", "nodes", "replicas", "a", "W"]


@dataclass(frozen=True)
class EnergyLevel:
    """One traffic level of a month: the profile hours at one rate taken together."""

    hours: float  # [h a month] the level holds
    rate: float  # [req/s] the workload's rate in those hours
    nodes: float  # nodes powered
    replicas: float  # replicas serving the rate
    busy: float  # [1] a: the share of the hour a serving replica is busy
    facility_w: float  # [W] all the nodes at the meter

    def row(self) -> list[float]:
        """The level as a row of `LEVEL_COLUMNS`."""
        return [self.hours, self.rate, self.nodes, self.replicas, self.busy, self.facility_w]


def energy_levels(fleet: Fleet, shape: PlanShape, power: PowerModel, profile: MonthProfile) -> list[EnergyLevel]:
    """The levels of month 1 of `fleet`'s plan, busiest rate first. a is the serving replicas' busy
    share recovered from the nodes' (`node_busy_share` = replicas x GPUs a replica x a x s / (nodes x
    GPUs a node)), so it is the one the energy used whatever rule gives it; 0 where nothing serves.
    Example: 8 h a day at 3.36 req/s and 16 h at 0.42 req/s on one 1-GPU node: two levels, 243.3 h and
    486.7 h a month (730 h)."""
    h = hourly([fleet], [shape], [power], profile)
    rates = np.asarray(profile.rates, dtype=np.float64)
    hours = np.asarray(profile.hours, dtype=np.float64)
    powered, serving, busy, watts = h.powered[0], h.serving[0], h.busy[0], h.facility_w[0]
    k = fleet.kernel_share
    groups: dict[tuple[float, float, float], list[int]] = {}
    for i in range(len(rates)):
        groups.setdefault((float(rates[i]), float(powered[i]), float(serving[i])), []).append(i)
    out = []
    for (rate, nodes, replicas), idx in groups.items():
        i = idx[0]
        held = nodes * fleet.node_gpus
        working = replicas * fleet.gpus * k
        a = float(busy[i] * held / working) if working > 0 and np.isfinite(working) else 0.0
        out.append(EnergyLevel(float(np.sum(hours[idx])), rate, nodes, replicas, a, float(watts[i])))
    return sorted(out, key=lambda x: -x.rate)

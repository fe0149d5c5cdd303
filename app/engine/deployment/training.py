"""Energy, CO2e and horizon cost of a training run's option (a fine-tuning job without serving
traffic), from the one power model (`engine.power`) at the run's utilisation (tcli5 N23).

    P_run     = nodes x P_fac(u), u = min(1, train GPUs / (nodes x GPUs a node))       [W] at the meter
    kWh/run   = P_run x run hours / 1000
    kWh/month = runs a month x kWh/run                      rented per run (cloud on demand, spot)
              = nodes x (P_fac(u) x load + P_fac(0) x (H - load)) / 1000, load = min(runs x run hours, H)
                                                            dedicated nodes (on-prem, bare metal, reserved)
    Wh/1M tokens = kWh/month x 1000 / (runs x dataset tokens x epochs / 1e6)
    CO2e      = kWh x grid intensity
    horizon   = cost a month x months                       (runs a month x cost a run x months when rented per run)

P_fac(u) = (GPUs a node x (P_idle + (P_busy - P_idle) x u) + P_host) x PUE (`PowerModel.facility_w`).
The utilisation taken: a = 1 and s = 1, every training GPU at P_busy (TDP) for the whole run. a = 1
because a run has no gaps between requests: its GPUs work from start to end. s = 1 because a training
step is forward and backward GEMMs over whole sequences, compute-bound as a prefill is, and the engine
takes a prefill-bound step at s = 1 (`evaluate`: an embedding model's compute share 1) and already
charges the on-prem electricity of the same run at full load (`cost.job_cost`, busy share 1), so the
option's kWh and its electricity agree. The step model on the run's MFU alone (u_comp = 0.5 on an
H100, u_mem not computed for training and taken 0) would give s = min(1, 0.945 x 0.5) = 0.47: a floor
the run's memory traffic only raises, not used. Dedicated nodes idle the rest of the month, as
`cost.on_prem_month_usd` counts them; on-prem figures are x `on_prem_share` where set, as the serving
rows. Growth and lead-time bridges describe serving traffic and are not applied to a run."""

from __future__ import annotations

import math

from app.domain import Assumptions, Explanation, Option
from app.engine.power import PowerModel

TRAINING_ENERGY_QUANTITY = "Energy a month (facility, training runs)"
TRAINING_ENERGY_FORMULA = (
    "kWh/run = nodes x (GPUs a node x (P_idle + (P_busy - P_idle) x u) + P_host) x PUE x run hours / 1000, "
    "u = training GPUs / GPUs the nodes hold (a = 1, s = 1: a training step is compute-bound GEMMs, at TDP); "
    "rented per run: kWh/month = runs a month x kWh/run; dedicated nodes: + their idle power the rest of the month"
)


def run_nodes(o: Option) -> tuple[int, float]:
    """(nodes a run holds, share u [1] of their accelerators that train) of a training option:
    max(the nodes it is priced on, ceil(train GPUs / GPUs a node)), u = train GPUs / their GPUs."""
    node = max(int(o.node_gpus or 1), 1)
    gpus = max(int(o.train_gpus or 1), 1)
    nodes = max(int(o.nodes or 0), math.ceil(gpus / node))
    return nodes, min(1.0, gpus / (nodes * node))


def run_kwh(pm: PowerModel, o: Option) -> float:
    """Facility energy of one run [kWh] = nodes x P_fac(u) x run hours / 1000 (module docstring)."""
    nodes, u = run_nodes(o)
    return float(nodes * pm.facility_w(max(int(o.node_gpus or 1), 1), u)) * float(o.train_hours or 0.0) / 1000.0


def month_kwh(pm: PowerModel, o: Option, a: Assumptions, dedicated: bool, on_prem: bool) -> float:
    """Facility energy a month [kWh] of the option's runs (`runs_per_month`, 1 where unset): rented per
    run, the runs' energy; on `dedicated` nodes, also their idle power the rest of the month (x the
    on-prem share where `on_prem` and set)."""
    runs = o.runs_per_month if o.runs_per_month is not None else 1.0
    if not dedicated:
        return runs * run_kwh(pm, o)
    nodes, u = run_nodes(o)
    node = max(int(o.node_gpus or 1), 1)
    load = min(runs * float(o.train_hours or 0.0), a.hours_per_month)
    watt_hours = float(pm.facility_w(node, u)) * load + float(pm.facility_w(node, 0.0)) * (a.hours_per_month - load)
    share = a.on_prem_share if on_prem and a.on_prem_share is not None else 1.0
    return nodes * watt_hours / 1000.0 * share


def run_tokens(o: Option, dataset_tokens: float, epochs: float) -> float:
    """Tokens a month the runs train on [tokens] = runs x dataset tokens x epochs."""
    runs = o.runs_per_month if o.runs_per_month is not None else 1.0
    return runs * dataset_tokens * epochs


def horizon_usd(o: Option, months: int) -> float | None:
    """Cost over the horizon [USD] = cost a month x months (the month is runs a month x cost a run
    where rented per run, the nodes' month where dedicated); None where the month is not priced."""
    month = o.cost_per_month_usd
    return month * months if o.priced and math.isfinite(month) else None


def training_energy_explanation(kwh: float, pm: PowerModel, o: Option, dedicated: bool) -> Explanation:
    """How the training option's kWh a month was computed, for the Explain panel."""
    nodes, u = run_nodes(o)
    return Explanation(
        quantity=TRAINING_ENERGY_QUANTITY,
        value=kwh,
        unit="kWh/month",
        formula=TRAINING_ENERGY_FORMULA,
        inputs={
            "P_idle per accelerator [W]": pm.idle_w,
            "P_busy per accelerator [W]": pm.busy_w,
            "P_host per node [W]": pm.host_w,
            "PUE": pm.pue,
            "nodes a run holds": float(nodes),
            "GPUs per node": float(max(int(o.node_gpus or 1), 1)),
            "u, share of the nodes' accelerators training": u,
            "run hours [h]": float(o.train_hours or 0.0),
            "runs a month": o.runs_per_month if o.runs_per_month is not None else 1.0,
            "kWh a run": run_kwh(pm, o),
            "nodes": "dedicated: idle the rest of the month" if dedicated else "rented for each run's hours",
        },
        source="engine.power (linear idle-to-busy power, Barroso et al. 2018) with every training GPU busy the "
        "whole run at TDP (a = 1, s = 1: compute-bound steps, as the engine takes a prefill-bound step)",
    )

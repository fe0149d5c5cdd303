"""The one spot rule, for the options' month (`engine.cost.plan`) and the deployment comparison's
spot row (`engine.deployment.pricing.spot`) alike (tcli5 N12):

- interruptible work (batch, synthetic data, evaluation, training) runs all on spot and pays the
  work redone after interruptions: node-hours x spot price x (1 + spot_interruption_rate);
  a fine-tuning workload that also serves traffic (`traffic` set) is serving, not training
  (`interruptible`, tcli6 N14);
- serving keeps an on-demand floor, the quietest hour's nodes all month, and puts only the nodes
  above it on spot, at spot x (1 + spot_interruption_rate):

      month = floor nodes x hours x on-demand + (node-hours - floor nodes x hours) x spot x (1 + rate)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.domain import Assumptions, Category, Workload

# Work that survives interruption: spot may carry all of it.
INTERRUPTIBLE = frozenset({Category.BATCH, Category.SYNTHETIC_DATA, Category.EVALUATION, Category.FINE_TUNING})


def interruptible(w: Workload) -> bool:
    """True when spot may carry all of `w`'s work: an interruptible category, and not a fine-tuning
    workload that serves traffic (its requests have a TTFT SLA: serving keeps the on-demand floor)."""
    if w.category is Category.FINE_TUNING and w.traffic is not None:
        return False
    return w.category in INTERRUPTIBLE


def surcharge(a: Assumptions) -> float:
    """[1] what a spot node-hour really costs per node-hour of work: 1 + spot_interruption_rate."""
    return 1.0 + a.spot_interruption_rate


def serving_month_usd(
    floor_node_hours: Any, node_hours: Any, spot_price: Any, on_demand: Any, a: Assumptions
) -> np.ndarray:
    """A serving fleet's month on spot [USD]: `floor_node_hours` [node-h] (the quietest hour's nodes
    x the month's hours) at `on_demand` [USD/node-h], the rest of its `node_hours` at `spot_price`
    x (1 + spot_interruption_rate)."""
    floor = np.asarray(floor_node_hours, dtype=np.float64)
    above = np.maximum(np.asarray(node_hours, dtype=np.float64) - floor, 0.0)
    return np.asarray(floor * on_demand + above * np.asarray(spot_price) * surcharge(a))


def interruptible_month_usd(node_hours: Any, spot_price: Any, a: Assumptions) -> np.ndarray:
    """Interruptible work's month on spot [USD]: `node_hours` x `spot_price` x (1 + spot_interruption_rate)."""
    return np.asarray(np.asarray(node_hours, dtype=np.float64) * spot_price * surcharge(a))

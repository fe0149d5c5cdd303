"""Chargeback: how a pool's cost is split among the workloads that use it (`CHARGEBACK_RULE`).

Each pool-hour's cost buys its powered GPUs at one rate, cost / GPUs [USD per GPU-hour]:

    own_u      = used_u x rate                         the GPUs workload u runs on
    idle       = GPUs - sum_u used_u                   powered, unused
    alone_u    = whole_u - used_u                      the idle GPUs u would leave on its own:
                                                        whole_u the GPUs of the whole nodes its replicas
                                                        fill alone (an owned pool: at its peak hour,
                                                        held all week; a burst pool: that hour's)
    covered    = min(idle, sum_u alone_u)
    idle_u     = covered x alone_u / sum_v alone_v x rate  the idle split by whose whole nodes leave it
    extra_u    = (idle - covered) x rate, summed over the week and split by the week's used GPU-hours
                 (capacity beyond what any workload's own whole nodes need: nodes the pool holds anyway)
    charge_u   = sum over hours (own_u + idle_u) + extra_u

So a workload never pays more than its stand-alone cost (its GPUs at the pool's rate plus the idle
of the whole nodes it would hold alone) wherever the pool powers no more nodes than the workloads'
stand-alone whole nodes together: adding another workload cannot push the idle of that workload's
nodes onto it (tgui5 D19: a 1 req/s newcomer needing 2 GPUs of a new 8-GPU burst node raised the
unchanged chat's bill by $5,992/month, since GPU-hour shares spread the 6 idle GPUs over the chat)."""

from __future__ import annotations

import numpy as np

from app.domain.fleet_results import CHARGEBACK_RULE, CHARGEBACK_SHORT

__all__ = ["CHARGEBACK_RULE", "CHARGEBACK_SHORT", "split_pool_cost", "whole_node_gpus"]


def whole_node_gpus(replicas: np.ndarray, footprint: np.ndarray, node_gpus: np.ndarray) -> np.ndarray:
    """(U, P, H) GPUs of the whole nodes each unit's `replicas` (U, P, H) fill on their own:
    footprint [GPUs a replica] (U, P) at least a node: replicas x ceil(footprint / node) nodes;
    else ceil(replicas / floor(node / footprint)) nodes (the replicas one node packs); x node_gpus
    (P,) [GPUs a node]."""
    f = np.asarray(footprint, dtype=np.float64)[:, :, None]
    n = np.asarray(node_gpus, dtype=np.float64)[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_node = np.maximum(np.floor(np.where(f > 0, n / f, 1.0)), 1.0)
        # a job's gangs may run a fraction of an hour: 1e-9 keeps 2.0000000001 at 2 nodes
        nodes = np.where(
            f >= n, np.ceil(replicas - 1e-9) * np.ceil(f / n), np.ceil(np.maximum(replicas, 0.0) / per_node - 1e-9)
        )
    return np.asarray(np.maximum(nodes, 0.0) * n)


def split_pool_cost(cost: np.ndarray, gpus: np.ndarray, used: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """(U, P) USD each unit pays of each pool (the module's rule). `cost` (P, H) USD each pool-hour,
    `gpus` (P, H) GPUs powered, `used` (U, P, H) GPUs each unit runs on, `whole` (U, P, H) the GPUs
    of the whole nodes each would hold on its own (`whole_node_gpus`, at least `used`). A pool-hour
    with a cost but no GPU powered (none) is left out; so is a pool nobody used all week."""
    cost = np.asarray(cost, dtype=np.float64)
    gpus = np.asarray(gpus, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(gpus > 0, cost / np.where(gpus > 0, gpus, 1.0), 0.0)
    total = used.sum(axis=0)
    idle = np.maximum(gpus - total, 0.0)
    alone = np.maximum(whole - used, 0.0)
    alone_sum = alone.sum(axis=0)
    covered = np.minimum(idle, alone_sum)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_alone = np.where(alone_sum > 0, alone / np.where(alone_sum > 0, alone_sum, 1.0), 0.0)
    hourly = (used + by_alone * covered[None]) * rate[None]
    extra = ((idle - covered) * rate).sum(axis=1)  # (P,)
    week_used = used.sum(axis=2)  # (U, P)
    pool_used = week_used.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pool_used > 0, week_used / np.where(pool_used > 0, pool_used, 1.0), 0.0)
    return np.asarray(hourly.sum(axis=2) + share * extra[None])

"""Replicas onto nodes at one hour: largest first, each onto the node with the most free GPUs that
holds it whole (worst-fit decreasing: whole TP groups inside one node, replicas spread over nodes
and so over failure domains), most important first among equal sizes, a workload's spare replicas
(N + k, `Allocation.spare`) after the serving ones and marked as spares. Footprints are node GPUs / replicas per node
(see units._footprint), so the pool totals the planner keeps are exactly what nodes can hold
when footprints divide the node (1, 2, 4, 8 GPUs on 8-GPU nodes); anything that does not fit a
node is reported, never dropped silently."""

from __future__ import annotations

import numpy as np

from app.domain.fleet_results import NodeLoad, PlacedReplica
from app.engine.fleet.greedy import EPS, Allocation
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

MAX_NODES_DRAWN = 512  # per pool: a placement view of more nodes helps no one and costs seconds


def place(a: Allocation, units: list[Unit], pools: PoolTable, hour: int) -> tuple[list[NodeLoad], list[str]]:
    """(nodes with their replicas at `hour`, notes on replicas that found no node)."""
    loads: list[NodeLoad] = []
    notes: list[str] = []
    for p, name in enumerate(pools.names):
        n = int(a.rented[p, hour]) if pools.burst[p] else int(a.nodes[p])
        if n > MAX_NODES_DRAWN:
            notes.append(f"pool {name}: {n:,} nodes at this hour; the placement is drawn up to {MAX_NODES_DRAWN} nodes")
            continue
        G = float(pools.gpus[p])
        # domains beyond the node count hold no node (as failures.failure_cases counts them): 2 nodes in
        # 5 domains are in 2 (CLI reviewer tcli4 finding 4: "domain 3" beside "domain 1 of 2")
        D = max(min(int(pools.domains[p]), n), 1)
        if int(pools.domains[p]) > n > 0 and not pools.burst[p]:
            notes.append(
                f"pool {name}: {int(pools.domains[p])} failure domains for {n} node(s): {D} hold a node "
                "(numbered 1 to " + f"{D} in the placement and the failure table)"
            )
        free = np.full(n, G)
        items = []
        for i, u in enumerate(units):
            k = int(a.x[i, p, hour])
            spares = int(a.spare[i, p, hour]) if a.spare is not None else 0
            items += [(u.footprint[p], 0, u.priority.rank, i)] * (k - spares) + [
                (u.footprint[p], 1, u.priority.rank, i)
            ] * spares
        items.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
        lost: dict[str, int] = {}
        placed: list[dict[tuple[str, bool], list[float]]] = [{} for _ in range(n)]
        for foot, is_spare, _, i in items:
            key = (units[i].name, bool(is_spare))
            fits = [j for j in range(n) if free[j] + EPS >= foot]
            node = max(fits, key=lambda j: (free[j], -j)) if fits else None
            if node is None and foot > G:  # a multi-node replica takes whole free nodes
                whole = [j for j in range(n) if free[j] >= G - EPS][: int(np.ceil(foot / G))]
                if len(whole) * G + EPS >= foot:
                    for j in whole:
                        free[j] = 0.0
                        placed[j].setdefault(key, [G, 0])[1] += 1
                    continue
            if node is None:
                lost[units[i].name] = lost.get(units[i].name, 0) + 1
                continue
            free[node] -= foot
            placed[node].setdefault(key, [foot, 0])[1] += 1
        for j in range(n):
            loads.append(
                NodeLoad(
                    pool=name,
                    node=j,
                    domain=j * D // max(n, 1),
                    gpus=int(G),
                    gpus_used=G - float(free[j]),
                    replicas=[
                        PlacedReplica(unit=k[0], gpus=v[0], count=int(v[1]), spare=k[1]) for k, v in placed[j].items()
                    ],
                )
            )
        for unit, k in lost.items():
            notes.append(f"{k} replica(s) of {unit} on pool {name} find no node with room at this hour (fragmentation)")
    return loads, notes

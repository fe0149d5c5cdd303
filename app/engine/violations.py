"""Which limits each point breaks, quantified, as boolean masks plus the numbers to explain them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from app.domain import Model, Scenario, Sensitivity, Workload, unfit_reason
from app.engine.cost import Plan
from app.engine.evaluate import Evaluation, e2e_target_ms
from app.engine.space import Hardware

# A sanity bound on one option's GPUs when the scenario sets no max_total_gpus [GPUs]: a stated
# bound, not a catalog figure. The largest single clusters announced by 2024 hold about 100,000
# GPUs (xAI's Colossus, 100,000 H100), so a plan needing more is not a plan anyone can buy.
SANITY_MAX_TOTAL_GPUS = 100_000

# Checked in this order; the first names the headline reason an option is out.
KINDS = (
    "sensitivity",
    "runtime",
    "modality",
    "context",
    "memory",
    "host_memory",
    "ttft",
    "tpot",
    "e2e",
    "deadline",
    "throughput",
    "gpus",
    "nodes",
    "availability",
    "budget",
)


@dataclass
class Masks:
    broken: dict[str, np.ndarray]  # kind -> (N,) True where the point breaks it

    @cached_property
    def feasible(self) -> np.ndarray:
        """(N,) True where the point breaks no limit. Worked out once (read per option and per
        chart): read-only, and `broken` is not changed after `masks` returns it."""
        out = np.ones_like(next(iter(self.broken.values())), dtype=bool)
        for m in self.broken.values():
            out &= ~m
        out.setflags(write=False)
        return out

    def count(self) -> np.ndarray:
        return sum(m.astype(int) for m in self.broken.values())


def modality_broken(models: list[Model], w: Workload) -> np.ndarray:
    """Per model: True where it cannot serve the workload. Images in (any category) need a model
    that reads images; an embedding model generates nothing, so it serves no generation.
    (Decided per record in Python: comparing an object array of enums with a str-Enum is
    elementwise-unreliable in numpy, which once marked every model as wrong.)"""
    return np.array([bool(unfit_reason(x, w)) for x in models], dtype=bool)


def sensitivity_broken(hardware: list[Hardware], w: Workload) -> np.ndarray:
    """Per hardware: True where the workload's data may not go to the node's tenancy
    (Instance.max_sensitivity: a marketplace host holds public data only). A bare accelerator
    names no tenancy and is not gated."""
    level = w.sensitivity.level
    return np.array(
        [h.instance is not None and Sensitivity(h.instance.max_sensitivity).level < level for h in hardware],
        dtype=bool,
    )


def max_total_gpus(s: Scenario) -> int:
    """The most GPUs one option may use [GPUs]: the scenario's cap, else SANITY_MAX_TOTAL_GPUS."""
    return s.constraints.max_total_gpus or SANITY_MAX_TOTAL_GPUS


def masks(ev: Evaluation, pl: Plan, s: Scenario) -> Masks:
    w, sla = s.workload, s.workload.sla
    n = len(ev.points)
    models = ev.space.models
    m = ev.points.model
    max_ctx = np.array([x.max_context_tokens for x in models], dtype=np.float64)[m]
    none = np.zeros(n, dtype=bool)
    broken = {key: none.copy() for key in KINDS}
    broken["sensitivity"] = sensitivity_broken(ev.space.hardware, w)[ev.points.hardware]
    broken["runtime"] = ~ev.points.runtime_ok
    broken["modality"] = modality_broken(models, w)[m]
    broken["context"] = max_ctx < ev.tokens.max_context
    broken["memory"] = ~ev.fits
    if ev.retrieval is not None:  # RAG: the vector index and host-side models must fit the node's RAM
        broken["host_memory"] = ev.retrieval.host_need_bytes > ev.retrieval.host_have_bytes
    if sla.ttft_p95_ms:
        broken["ttft"] = ev.ttft_floor * 1e3 > sla.ttft_p95_ms
    if sla.tpot_p95_ms:
        broken["tpot"] = ev.tpot_floor * 1e3 > sla.tpot_p95_ms
    if sla.e2e_p95_ms:
        e2e_floor = ev.ttft_floor + (ev.tokens.output_p95 - 1) * ev.tpot_floor
        broken["e2e"] = e2e_floor * 1e3 > e2e_target_ms(w)
    if w.is_batch_job and w.batch is not None:  # no run ends before its first request can
        one_request_s = ev.ttft_floor + (ev.tokens.output_p95 - 1) * ev.tpot_floor
        broken["deadline"] = one_request_s > w.batch.hours_per_run * 3600.0
    # fits and each floor is fine, yet no batch size meets every target at once
    broken["throughput"] = ev.fits & (ev.max_rate <= 0) & ~broken["ttft"] & ~broken["tpot"] & ~broken["e2e"]
    serves = ev.max_rate > 0  # replicas and cost mean something only where a replica serves
    broken["gpus"] = serves & (pl.total_gpus > max_total_gpus(s))
    cap = np.array([h.max_nodes or np.inf for h in ev.space.hardware], dtype=np.float64)[ev.points.hardware]
    broken["nodes"] = serves & (pl.nodes > cap)
    if pl.redundancy is not None:  # no spread over the zones allowed reaches the availability target
        broken["availability"] = serves & ~pl.redundancy.met
    if w.budget_usd_per_month:
        broken["budget"] = serves & (np.nan_to_num(pl.cost_per_month, nan=0.0) > w.budget_usd_per_month)
    return Masks(broken)

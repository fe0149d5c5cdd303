"""The inference strategy and what to avoid, derived from the computed numbers (never canned)."""

from __future__ import annotations

import numpy as np

from app.domain import Scenario, Sizing
from app.engine.cost import Plan
from app.engine.evaluate import Evaluation
from app.engine.options import fmt_ms
from app.engine.tables import PRECISIONS
from app.engine.violations import Masks

GIB = 1024.0**3


def derive(sz: Sizing, ev: Evaluation, pl: Plan, mk: Masks, chosen: np.ndarray, s: Scenario) -> tuple[list[str], list[str]]:
    if not sz.feasible or sz.recommended is None:
        return [], avoid_infeasible(sz)
    o = sz.recommended
    i = int(chosen[0])
    f, w, a = ev.features, s.workload, s.assumptions
    do: list[str] = []
    j = int(np.argmin(np.abs(ev.batch - o.batch_size)))
    comm_share = float(ev.step_comm[i, j] / ev.step[i, j]) if ev.step[i, j] > 0 else 0.0
    if o.tensor_parallel > 1:
        link = ev.space.hardware[ev.points.hardware[i]].accelerator.scale_up_link or "PCIe"
        do.append(f"Tensor parallelism TP{o.tensor_parallel} inside one node over {link} "
                  f"({f.link[i] / 1e9:,.0f} GB/s per direction): the two all-reduces per layer cost "
                  f"{comm_share:.0%} of a decode step at batch {o.batch_size}.")
    else:
        do.append(f"One GPU per replica (no tensor parallelism): {o.model} fits with "
                  f"{o.memory.kv_cache_gib:,.1f} GiB left for the KV cache.")
    if o.pipeline_parallel > 1:
        do.append(f"Pipeline parallelism PP{o.pipeline_parallel} across nodes: only activations cross the "
                  f"network, but each token waits for {o.pipeline_parallel} stages.")
    bound = "memory bandwidth" if ev.step_mem[i, j] >= ev.step_comp[i, j] else "compute"
    do.append(f"Decode at batch {o.batch_size} is {bound}-bound ({ev.step_mem[i, j] * 1e3:,.1f} ms of memory traffic vs "
              f"{ev.step_comp[i, j] * 1e3:,.1f} ms of math per step): "
              + ("faster HBM or fewer bytes (FP8 weights or KV) help most." if bound == "memory bandwidth"
                 else "more FLOP/s (FP8 tensor cores, more TP) help most."))
    do.append(f"Precision {o.precision.value.upper()} weights, {o.kv_precision.value.upper()} KV cache: "
              f"{o.memory.weights_gib:,.1f} GiB of weights per GPU, {o.memory.kv_bytes_per_token:,.0f} B of KV per "
              f"token per GPU, room for {o.memory.max_concurrent_sequences:,} sequences of "
              f"{ev.tokens.max_context:,.0f} tokens.")
    do.append(f"Serve with {o.runtime}: max_num_seqs ≈ {o.batch_size} per replica (the SLA holds up to "
              f"{int(ev.batch[ev.best_batch_index[i]])}), gpu_memory_utilization {a.gpu_memory_fraction:g}, "
              f"max_num_batched_tokens {a.max_batched_tokens:,} (chunked prefill).")
    t = w.tokens
    if t.shared_prefix_tokens >= 0.2 * t.input_tokens:
        do.append(f"Enable prefix caching: {t.shared_prefix_tokens:,} of {t.input_tokens:,} prompt tokens are shared"
                  + (f"; at a {t.prefix_cache_hit_ratio:.0%} hit ratio each request prefills "
                     f"{ev.tokens.new_prefill:,.0f} tokens instead of {ev.tokens.input:,.0f}." if t.prefix_cache_hit_ratio
                     else "; set the expected hit ratio to see the saving."))
    do.append(f"Run {o.replicas} replica(s) for peak ({o.replicas - a.redundancy_replicas} serving + "
              f"{a.redundancy_replicas} redundant); autoscale between {o.replicas_min} and {o.replicas_max} on queue "
              f"depth > {max(o.batch_size // 4, 1)} waiting requests per replica or KV-cache use above 85%, "
              f"scale in below 50% for 10 minutes.")
    return do, avoid_feasible(sz, ev, pl, mk, chosen, s)


def avoid_feasible(sz: Sizing, ev, pl, mk, chosen, s: Scenario) -> list[str]:
    out: list[str] = []
    o = sz.recommended
    seen = set()
    for opt in sz.options:
        if opt.feasible or not opt.violations:
            continue
        v = opt.violations[0]
        key = (opt.hardware, v.constraint)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"{opt.label}: {v.detail}.")
        if len(out) >= 4:
            break
    for opt in sz.options:
        flags = [fl for fl in opt.flags if "dequantised" in fl]
        if flags and opt.precision.value not in {x for x in seen if isinstance(x, str)}:
            seen.add(opt.precision.value)
            out.append(f"{opt.precision.value.upper()} on {opt.accelerator}: {flags[0]}.")
    i = int(chosen[0])
    limit = int(ev.batch[ev.best_batch_index[i]])
    reach = ev.reachable[i]
    beyond = np.nonzero(reach & ~ev.within_sla[i] & (ev.batch > limit))[0]
    if beyond.size:
        j = int(beyond[0])
        out.append(f"More than {limit} concurrent sequences per replica on {o.label}: at {int(ev.batch[j])} the "
                   f"p95 TTFT reaches {fmt_ms(ev.curve_ttft_p95[i, j] * 1e3)} / TPOT {fmt_ms(ev.curve_tpot[i, j] * 1e3)}.")
    if o.tensor_parallel > 1:
        out.append("Tensor parallelism across nodes: the all-reduce would leave NVLink for the network; keep TP "
                   "inside a node and use pipeline stages between nodes.")
    for h in sz.hosted:
        if not h.allowed:
            out.append(f"Hosted API {h.name}: {h.reason}.")
    return out


def avoid_infeasible(sz: Sizing) -> list[str]:
    return [f"Do not build this design: {b.detail}. {b.fix[:1].upper() + b.fix[1:]}." for b in sz.binding_constraints]


__all__ = ["derive", "PRECISIONS", "GIB"]

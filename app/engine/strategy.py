"""The inference strategy and what to avoid, derived from the computed numbers (never canned)."""

from __future__ import annotations

import numpy as np

from app.domain import Precision, Scenario, Sizing
from app.domain.formats import GGUF_INTEGER_FORMATS
from app.domain.units import GIB
from app.domain.wording import with_article
from app.engine.availability import percent
from app.engine.cost import Plan, run_work_hours
from app.engine.evaluate import Evaluation
from app.engine.options import fmt_ms
from app.engine.tables import (
    FALLBACK_MAX_SEQUENCES,
    PRECISIONS,
    runtime_allows_kv,
    runtime_allows_precision,
    runtime_supports,
)
from app.engine.violations import Masks


def derive(
    sz: Sizing, ev: Evaluation, pl: Plan, mk: Masks, chosen: np.ndarray, s: Scenario, lead: int = 0
) -> tuple[list[str], list[str]]:
    """(strategy, what to avoid) for option `lead` (index into sz.options; 0: the engine's pick),
    when it is feasible; else for the engine's pick."""
    if not sz.feasible or sz.recommended is None:
        return [], avoid_infeasible(sz)
    if not (0 <= lead < len(sz.options) and sz.options[lead].feasible):
        lead = 0
    o = sz.options[lead]
    if o.train_gpu_hours is not None:
        return training_strategy(sz, s), training_avoid(sz, mk)
    i = int(chosen[lead])
    f, w, a = ev.features, s.workload, s.assumptions
    do: list[str] = []
    j = int(np.argmin(np.abs(ev.batch - o.batch_size)))
    comm_share = float(ev.step_comm[i, j] / ev.step[i, j]) if ev.step[i, j] > 0 else 0.0
    hw = ev.space.hardware[ev.points.hardware[i]]
    link = hw.accelerator.scale_up_link or "PCIe"
    do.extend(layout_lines(o, hw.node_gpus, link, f.link[i], comm_share))
    bound = "memory bandwidth" if ev.step_mem[i, j] >= ev.step_comp[i, j] else "compute"
    native = ev.space.hardware[ev.points.hardware[i]].accelerator.native
    # FP8 only where the device has FP8 units; elsewhere the faster native format, else more devices
    faster = next(
        (f"{p.value.upper()} tensor units" for p in (Precision.FP8, Precision.INT8) if p in native),
        "a faster accelerator",
    )
    if not o.generates:  # an embedding model: one prefill per request, no decode to be bound by
        do.append(
            f"Each request is one prefill of {ev.tokens.at(i).input:,.0f} tokens that returns one vector "
            f"(no decode): more FLOP/s ({faster}, more replicas) raise the vectors per second."
        )
    else:
        do.append(
            f"Decode at batch {o.batch_size} is {bound}-bound ({ev.step_mem[i, j] * 1e3:,.1f} ms of memory traffic vs "
            f"{ev.step_comp[i, j] * 1e3:,.1f} ms of math per step): "
            + (
                "faster HBM or fewer bytes (FP8 weights or KV) help most."
                if bound == "memory bandwidth"
                else f"more FLOP/s ({faster}, more TP) help most."
            )
        )
    do.append(
        f"Precision {o.precision.value.upper()} weights, {o.kv_precision.value.upper()} KV cache: "
        f"{o.memory.weights_gib:,.1f} GiB of weights per GPU, {o.memory.kv_bytes_per_token:,.0f} B of KV per "
        f"token per GPU, room for {o.memory.max_concurrent_sequences:,} sequences of "
        f"{ev.tokens.at(i).max_context:,.0f} tokens."
    )
    has_sla = any(x is not None for x in (w.sla.ttft_p95_ms, w.sla.tpot_p95_ms, w.sla.e2e_p95_ms))
    do.append(serving_settings(o, int(ev.batch[ev.best_batch_index[i]]), ev, i, has_sla, flat_out_words(o, w)))
    do.extend(runtime_advice(sz, ev, pl, mk, i))
    do.extend(retrieval_advice(ev, i, s))
    t = w.tokens
    if t.shared_prefix_tokens >= 0.2 * t.input_tokens:
        do.append(
            f"Enable prefix caching: {t.shared_prefix_tokens:,} of {t.input_tokens:,} prompt tokens are shared"
            + (
                f"; at {with_article(f'{t.prefix_cache_hit_ratio:.0%}')} hit ratio each request prefills "
                f"{ev.tokens.at(i).new_prefill:,.0f} tokens instead of {ev.tokens.at(i).input:,.0f}."
                if t.prefix_cache_hit_ratio
                else "; set the expected hit ratio to see the saving."
            )
        )
    red = o.spare_replicas
    zone = "site" if ev.space.hardware[ev.points.hardware[i]].on_prem else "zone"  # on-prem: own power and network
    spread = (
        f", spread over {o.zones} {zone}s: one {zone}, up {percent(a.zone_availability)} of the time, cannot give "
        f"the {percent(w.sla.availability)} availability target"
        if o.zones > 1
        else ""
    )
    met = f"; the peak is served {percent(o.availability)} of the time" if o.availability is not None else ""
    do.append(
        f"Run {o.replicas} replica(s) for peak ({o.replicas - red} serving + "
        f"{red} spare{spread}{met}); autoscale between {o.replicas_min} and {o.replicas_max} on queue "
        f"depth > {max(o.batch_size // 4, 1)} waiting requests per replica or KV-cache use above 85%, "
        f"scale in below 50% for 10 minutes."
    )
    return do, avoid_feasible(sz, ev, pl, mk, chosen, s, lead)


def layout_lines(o, node_gpus: int, link: str, link_bps: float, comm_share: float) -> list[str]:
    """How one replica is laid out, from its TP x PP and the GPUs a node holds: GPUs per replica,
    the KV room per GPU, and whether the pipeline stages cross the network or stay in one node.
    `link_bps`: the scale-up link's bytes/s per direction; `comm_share`: TP all-reduce share of a step."""
    tp, pp = o.tensor_parallel, o.pipeline_parallel
    gpus = tp * pp
    kv = f"{o.memory.kv_cache_gib:,.1f} GiB"
    lines: list[str] = []
    if tp > 1:
        lines.append(
            f"Tensor parallelism TP{tp} inside one node over {link} "
            f"({link_bps / 1e9:,.0f} GB/s per direction): the two all-reduces per layer cost "
            f"{comm_share:.0%} of a decode step at batch {o.batch_size}."
        )
    elif pp == 1:
        lines.append(f"One GPU per replica (no tensor parallelism): {o.model} fits with {kv} left for the KV cache.")
    else:
        lines.append(
            f"{gpus} GPUs per replica (TP1xPP{pp}, no tensor parallelism): each GPU holds 1/{pp} of "
            f"{o.model}'s layers, leaving {kv} per GPU for the KV cache."
        )
    if pp > 1:
        nodes = -(-gpus // max(node_gpus, 1))
        per_node = f"{node_gpus} GPU{'s' if node_gpus != 1 else ''} a node"
        if nodes > 1:
            lines.append(
                f"Pipeline parallelism PP{pp} across {nodes} nodes ({per_node}): only activations "
                f"cross the network, but each token waits for {pp} stages."
            )
        else:
            lines.append(
                f"Pipeline parallelism PP{pp} inside one node ({gpus} of its {node_gpus} GPUs): the stages pass "
                f"activations over {link}, nothing crosses the network, but each token waits for {pp} stages."
            )
    return lines


def avoid_feasible(sz: Sizing, ev, pl, mk, chosen, s: Scenario, lead: int = 0) -> list[str]:
    """What to avoid, from the whole evaluated space: the limits that rule out most
    configurations (with the worst example), dequantised precisions, over-batching on option
    `lead` (the recommended one), and hosted APIs the data may not go to."""
    out: list[str] = []
    o = sz.options[lead]
    n = len(ev.points)
    sla = s.workload.sla
    labels = {
        "memory": "do not fit in memory",
        "ttft": f"miss the {fmt_ms(sla.ttft_p95_ms or 0)} p95 TTFT even unloaded",
        "tpot": f"miss the {fmt_ms(sla.tpot_p95_ms or 0)} TPOT even at batch 1",
        "e2e": "miss the end-to-end target even unloaded",
        "deadline": "take longer for one request than the batch deadline allows",
        "context": "have too short a context window",
        "budget": "exceed the budget",
        "gpus": "need more GPUs than allowed",
        "nodes": "need more nodes than exist",
        "runtime": "have no runtime for the device",
        "modality": "are the wrong kind of model",
        "host_memory": "cannot hold the RAG index in host RAM",
        "availability": "cannot reach the availability target",
        "sensitivity": f"may not hold {s.workload.sensitivity.value} data (marketplace hosts)",
    }
    ranked = sorted(((int(m.sum()), k) for k, m in mk.broken.items() if m.any() and k in labels), reverse=True)
    for count, kind in ranked[:3]:
        idx = np.nonzero(mk.broken[kind])[0]
        groups: dict[tuple[int, int], int] = {}
        for i in idx:
            key = (int(ev.points.model[i]), int(ev.points.hardware[i]))
            groups[key] = groups.get(key, 0) + 1
        (mi, hi), _ = max(groups.items(), key=lambda kv: kv[1])
        model = ev.space.models[mi].name
        hw = ev.space.hardware[hi].name
        out.append(f"{count:,} of {n:,} configurations {labels[kind]}; most often {model} on {hw}.")
    # FP8/INT8 held weight-only (INT4 and the GGUF integer types are weight-only everywhere: no surprise)
    dequant = {
        (opt.precision.value, opt.accelerator)
        for opt in sz.options
        if opt.precision_emulated and opt.precision is not Precision.INT4 and opt.precision not in GGUF_INTEGER_FORMATS
    }
    for prec, accel in sorted(dequant)[:2]:
        out.append(
            f"{prec.upper()} weights on {accel} are weight-only (no {prec.upper()} tensor units): they save "
            f"memory and decode bandwidth, but prefill computes at the 16-bit rate, so they buy nothing where "
            f"TTFT binds."
        )
    i = int(chosen[lead])
    limit = int(ev.batch[ev.best_batch_index[i]])
    beyond = np.nonzero(ev.reachable[i] & ~ev.within_sla[i] & (ev.batch > limit))[0]
    if beyond.size:
        j = int(beyond[0])
        out.append(
            f"More than {limit} concurrent sequences per replica on the recommended option: at {int(ev.batch[j])} "
            f"the p95 TTFT reaches {fmt_ms(ev.curve_ttft_p95[i, j] * 1e3)} and TPOT "
            f"{fmt_ms(ev.curve_tpot[i, j] * 1e3)}."
        )
    if o.tensor_parallel > 1:
        out.append(
            "Tensor parallelism across nodes: the all-reduce would leave NVLink for the network; keep TP "
            "inside a node and use pipeline stages between nodes."
        )
    for h in sz.hosted:
        if not h.allowed:
            out.append(f"Hosted API {h.name}: {h.reason}.")
    return out


def training_strategy(sz: Sizing, s: Scenario) -> list[str]:
    """A training job's plan, in terms of the run: memory per GPU for the method, GPU-hours, time
    to train and cost per run (engine.kinds.fine_tuning's figures on the options)."""
    o = sz.recommended
    assert o is not None and o.train_gpu_hours is not None
    ft = s.workload.fine_tuning
    kind = sz.workload_kind
    do = list(kind.notes[:1]) if kind else []
    do.append(
        f"Train on {o.train_gpus} GPU(s) of {o.hardware} ({o.accelerator}, {o.memory.capacity_gib:,.0f} GiB each): "
        f"{o.train_memory_gib_per_gpu or 0:,.1f} GiB per GPU for the method's weights, gradients, optimiser state "
        f"and activations (gradient checkpointing"
        + (f", micro-batch {ft.micro_batch_size} x {ft.sequence_length:,} tokens" if ft else "")
        + ")."
    )
    do.append(
        f"One run: {o.train_gpu_hours:,.1f} GPU-hours, about {o.train_hours or 0:,.1f} h to train on "
        f"{o.train_gpus} GPU(s); ${o.cost_per_run_usd or 0:,.0f} per run ({o.cost_basis})."
    )
    others = [x for x in sz.options if x.feasible and x.train_hours is not None and x.hardware != o.hardware]
    faster = min(others, key=lambda x: x.train_hours or 0.0, default=None)
    if faster is not None and (faster.train_hours or 0.0) < (o.train_hours or 0.0):
        do.append(
            f"Faster, at a higher cost: {faster.model} on {faster.hardware}, about {faster.train_hours or 0:,.1f} h "
            f"({faster.train_gpu_hours or 0:,.1f} GPU-hours), ${faster.cost_per_run_usd or 0:,.0f} per run."
        )
    return do


def training_avoid(sz: Sizing, mk) -> list[str]:
    """What to avoid for a training run: the options that break the budget for a run, the
    costliest run in scope, and hosted APIs the data may not go to."""
    out: list[str] = []
    over = [x for x in sz.options if any(v.constraint == "budget" for v in x.violations)]
    if over:
        worst = max(over, key=lambda x: x.cost_per_month_usd)
        out.append(
            f"{len(over)} of the {len(sz.options)} options shown exceed the budget; the costliest is {worst.model} on "
            f"{worst.hardware}: ${worst.cost_per_run_usd or 0:,.0f} per run ({worst.cost_basis})."
        )
    runs = [x for x in sz.options if x.cost_per_run_usd is not None and x.train_gpu_hours is not None]
    o = sz.recommended
    if runs and o is not None:
        worst = max(runs, key=lambda x: x.cost_per_run_usd or 0.0)
        if worst.hardware != o.hardware and (worst.cost_per_run_usd or 0) > 1.5 * (o.cost_per_run_usd or 0):
            out.append(
                f"{worst.model} on {worst.hardware}: ${worst.cost_per_run_usd or 0:,.0f} per run for "
                f"{worst.train_gpu_hours or 0:,.1f} GPU-hours ({worst.cost_basis}), against "
                f"${o.cost_per_run_usd or 0:,.0f} recommended."
            )
    for h in sz.hosted:
        if not h.allowed:
            out.append(f"Hosted API {h.name}: {h.reason}.")
    return out


def avoid_infeasible(sz: Sizing) -> list[str]:
    return [f"Do not build this design: {b.detail}. {b.fix[:1].upper() + b.fix[1:]}." for b in sz.binding_constraints]


__all__ = ["derive", "PRECISIONS", "GIB"]


def flat_out_words(o, w) -> str:
    """Why a batch job's replicas run at their throughput peak, in words ("" when not a batch job):
    the run is priced flat out (`cost.run_work_hours`), finishing its work early and releasing the
    nodes, so the batch advised is the one its cost and energy are worked out at (tcli5 N9).

        work [h] = total requests / (serving replicas x max rate [req/s] x 3600), at most the window"""
    if not w.is_batch_job or w.batch is None or not o.requests_per_s_per_replica:
        return ""
    window = w.batch.hours_per_run
    serving = max(o.replicas - o.spare_replicas, 1)
    work = float(run_work_hours(window, w.peak_requests_per_s, serving, o.requests_per_s_per_replica))
    return (
        f"the batch each run is priced at: its replicas run flat out at {o.requests_per_s_per_replica:,.3g} req/s "
        f"each, so the work takes {work:,.3g} h of the {window:,.3g} h window and the nodes are released "
        "early, rather than trickling at the deadline's rate"
    )


def serving_settings(o, sla_batch: int, ev: Evaluation, i: int, has_sla: bool = True, flat_out: str = "") -> str:
    """The operating point in the chosen runtime's own setting names, with the memory share and
    caps the figures used (the scenario's, else the runtime's defaults). `sla_batch` is the batch
    of the highest rate within the latency SLA; with no latency SLA (`has_sla` False) simply the
    batch of the highest rate, and the text does not speak of an SLA. `flat_out`: a batch job's
    reason to run at that batch (`flat_out_words`), said after it."""
    f = ev.features
    frac, chunk, cap = float(f.memory_fraction[i]), int(f.max_batched_tokens[i]), int(f.max_sequences[i])
    allows = f"the scheduler allows {cap:,}" if cap < FALLBACK_MAX_SEQUENCES else "no fixed scheduler cap"
    peak = f"the SLA holds up to {sla_batch}" if has_sla else f"no latency SLA; throughput peaks at {sla_batch}"
    if flat_out:
        peak = f"{peak}, {flat_out}"
    seqs = f"≈ {o.batch_size} per replica ({peak}; {allows})"
    if o.runtime == "SGLang":
        return (
            f"Serve with SGLang: --max-running-requests {seqs}, --mem-fraction-static {frac:g}, "
            f"--chunked-prefill-size {chunk:,}."
        )
    if o.runtime in ("TensorRT-LLM", "Triton"):
        # TensorRT-LLM sizes the KV cache as a share of the memory left once the weights are loaded.
        free = o.memory.capacity_gib - o.memory.weights_gib
        share = o.memory.kv_cache_gib / free if free > 0 else 0.0
        where = "TensorRT-LLM" if o.runtime == "TensorRT-LLM" else "Triton (TensorRT-LLM backend)"
        return (
            f"Serve with {where}: max_batch_size {seqs}, kv_cache_free_gpu_memory_fraction "
            f"{share:.2f} ({o.memory.kv_cache_gib:,.1f} of {free:,.1f} GiB left after weights), "
            f"max_num_tokens {chunk:,} (chunked prefill)."
        )
    if o.runtime == "vLLM":
        return (
            f"Serve with vLLM: max_num_seqs {seqs}, gpu_memory_utilization {frac:g}, "
            f"max_num_batched_tokens {chunk:,} (chunked prefill)."
        )
    if o.runtime == "TGI":
        return (
            f"Serve with TGI: --max-concurrent-requests {seqs}, --cuda-memory-fraction {frac:g}, "
            f"--max-batch-prefill-tokens {chunk:,}."
        )
    if o.runtime == "llama.cpp":
        return (
            f"Serve with llama-server: --parallel {cap} slots ({seqs}); -c = slots x context, "
            f"-b {chunk:,} (prompt batch)."
        )
    return (
        f"Serve with {o.runtime}: {seqs} concurrent sequences, {frac:.0%} of GPU memory "
        f"for weights and KV cache, prefill chunks of {chunk:,} tokens."
    )


def runtime_advice(sz: Sizing, ev: Evaluation, pl: Plan, mk: Masks, i: int) -> list[str]:
    """Runtime choice from the computed numbers: the same model, hardware, GPUs and precision
    under each candidate runtime. Where the figures match, say that no evidence separates them."""
    pts = ev.points
    if len(ev.space.runtimes) < 2:
        return []
    same = (
        (pts.model == pts.model[i])
        & (pts.hardware == pts.hardware[i])
        & (pts.gpus == pts.gpus[i])
        & (pts.tp == pts.tp[i])
        & (pts.precision == pts.precision[i])
        & (pts.kv_precision == pts.kv_precision[i])
    )
    rows = []
    for r, rt in enumerate(ev.space.runtimes):
        idx = np.nonzero(same & (pts.runtime == r))[0]
        if idx.size == 0:
            rows.append((rt.name, None, None, None))
            continue
        k = int(idx[0])
        replicas = float(pl.replicas[k]) if np.isfinite(pl.replicas[k]) and mk.feasible[k] else None
        rows.append((rt.name, float(ev.max_rate[k]), replicas, k))
    chosen = ev.space.runtimes[pts.runtime[i]].name
    best = ev.max_rate[i]
    parts, equal = [], []
    grouped: dict[str, list[str]] = {}  # runtimes with the same figures and reasons, said once
    for name, rate, replicas, k in rows:
        if name == chosen:
            continue
        if rate is None:
            parts.append(f"{name} {why_unsupported(ev, i, name)}")
        elif abs(rate - best) <= 1e-9 * max(best, 1e-12):
            equal.append(name)
        else:
            why = runtime_difference(ev, i, k)
            tail = (
                f" {rate:,.2f} req/s per replica"
                + (f" ({int(replicas)} replicas)" if replicas else " (infeasible)")
                + (f": {why}" if why else "")
            )
            grouped.setdefault(tail, []).append(name)
    parts += [
        ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] + tail
        for tail, names in grouped.items()
    ]
    out = []
    if parts:
        out.append(
            f"Runtime: {chosen} serves {best:,.2f} req/s per replica with this configuration; " + "; ".join(parts) + "."
        )
    if equal:
        out.append(
            f"{chosen} and {', '.join(equal)} give the same figures here: no published comparison found separates "
            f"their efficiency for this configuration (catalog/runtimes.yaml, efficiency_evidence); choose on "
            f"features and operations, or calibrate with your own benchmark."
        )
    return out


def why_unsupported(ev: Evaluation, i: int, name: str) -> str:
    """Why runtime `name` has no point with point i's device and formats (its sourced lists)."""
    rt = next(r for r in ev.space.runtimes if r.name == name)
    accel = ev.space.hardware[ev.points.hardware[i]].accelerator
    prec, kvp = PRECISIONS[ev.points.precision[i]], PRECISIONS[ev.points.kv_precision[i]]
    if not runtime_supports(rt, accel):
        return f"does not run on {accel.name} ({accel.vendor} {accel.kind.value})"
    if not runtime_allows_precision(rt, prec):
        return f"does not serve {prec.value.upper()} weights"
    if not runtime_allows_kv(rt, kvp):
        return f"has no {kvp.value.upper()} KV cache"
    return "has no point with this GPU count and parallelism"


def runtime_difference(ev: Evaluation, i: int, k: int) -> str:
    """Which sourced runtime property makes point k differ from point i (only those that bind)."""
    f = ev.features
    why = []
    if ev.prefix_cached[k] != ev.prefix_cached[i]:
        more, less = (i, k) if ev.prefix_cached[i] > ev.prefix_cached[k] else (k, i)
        name = ev.space.runtimes[ev.points.runtime[less]].name
        why.append(f"{name} reuses no prefix by default ({ev.prefix_cached[more]:,.0f} cached tokens lost)")
    caps = (float(f.max_sequences[i]), float(f.max_sequences[k]))
    best = max(float(ev.batch[ev.best_batch_index[i]]), float(ev.batch[ev.best_batch_index[k]]))
    if caps[0] != caps[1] and min(caps) < best:  # the lower cap stops a batch the other one uses
        why.append(f"scheduler cap {cap_text(caps[1])} vs {cap_text(caps[0])}")
    if ev.max_seqs[k] != ev.max_seqs[i]:
        why.append(
            f"KV room {ev.max_seqs[k]:,.0f} vs {ev.max_seqs[i]:,.0f} sequences (memory share "
            f"{f.memory_fraction[k]:.2f} vs {f.memory_fraction[i]:.2f}, prefill chunk "
            f"{int(f.max_batched_tokens[k]):,} vs {int(f.max_batched_tokens[i]):,} tokens)"
        )
    if ev.efficiency[k].name != ev.efficiency[i].name or ev.efficiency[k].multiplier != ev.efficiency[i].multiplier:
        why.append(f"efficiency profile {ev.efficiency[k].name} vs {ev.efficiency[i].name}")
    return ", ".join(why)


def cap_text(cap: float) -> str:
    return "none (KV-bound)" if cap >= FALLBACK_MAX_SEQUENCES else f"{int(cap):,} sequences"


def retrieval_advice(ev: Evaluation, i: int, s: Scenario) -> list[str]:
    """The RAG path's share of the TTFT and where its index lives."""
    rag, r = ev.retrieval, s.workload.rag
    if rag is None or r is None:
        return []
    p = rag.by_hardware[int(ev.points.hardware[i])]
    steps = (
        f"embed {p.embed.seconds * 1e3:,.1f} ms on {p.embed.device}, "
        f"search {p.search.seconds * 1e3:,.1f} ms on {p.search.device}"
    )
    if p.rerank is not None:
        steps += f", re-rank {p.rerank.seconds * 1e3:,.1f} ms on {p.rerank.device}"
    ram = rag.host_have_bytes[i]
    room = f" of {ram / GIB:,.0f} GiB" if np.isfinite(ram) else " (the host's RAM is not in the record: check it)"
    return [
        f"Retrieval before every prefill: {steps} = {p.seconds * 1e3:,.1f} ms of the TTFT. The "
        f"{r.index_type.value.upper()} index ({rag.index_bytes / GIB:,.1f} GiB) lives in {r.index_in.value} memory; "
        f"host RAM needed {rag.host_need_bytes[i] / GIB:,.1f} GiB{room}."
    ]

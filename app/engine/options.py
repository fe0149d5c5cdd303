"""Typed Option records for the points worth showing, with their explanations and flags."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.domain import (
    Band,
    BindingConstraint,
    Deployment,
    Explanation,
    Instance,
    MemoryBreakdown,
    Option,
    Precision,
    Scenario,
    Sensitivity,
)
from app.domain.formats import GGUF_INTEGER_FORMATS
from app.domain.results import CALIBRATED_FLAG, HOST_RAM_FLAG
from app.domain.units import GIB
from app.engine import serving as sv
from app.engine.availability import percent
from app.engine.cost import Plan
from app.engine.evaluate import ASSUMED_NETWORK_GBPS, Evaluation, e2e_target_ms, generates, loaded_prefill_s
from app.engine.spot import interruptible
from app.engine.tables import FALLBACK_MAX_SEQUENCES, PRECISIONS, math_format, scheduler_limits
from app.engine.violations import Masks, max_total_gpus


def operating_index(ev: Evaluation, pl: Plan, idx: np.ndarray) -> np.ndarray:
    """Grid index of the batch a replica runs at its peak share of traffic, for each point of
    `idx`: the smallest reachable batch whose closed-loop rate covers the operating rate (else
    the best one)."""
    ok = ev.reachable[idx] & (ev.curve_rate[idx] >= pl.operating_rate[idx][:, None])
    return np.where(ok.any(axis=1), np.argmax(ok, axis=1), ev.best_batch_index[idx]).astype(np.int64)


def ttft_p95_at(ev: Evaluation, idx: np.ndarray, j: np.ndarray, rate: np.ndarray, s: Scenario) -> np.ndarray:
    """p95 TTFT [s] of each point of `idx` at an open arrival `rate` [req/s] per replica with batch
    grid index `j` in flight: the larger of the step-level queue's p95 (`serving.ttft_p95`) and the
    p95 prompt's prefill + one step, plus retrieval."""
    busy = loaded_prefill_s(ev, idx)
    w = s.workload
    step = ev.step[idx, j]
    queued = sv.ttft_p95(ev.prefill[idx], step, busy, rate, sv.ARRIVAL_CV2[w.arrival_pattern], sv.service_cv2(w))
    long_prompt = ev.prefill_p95[idx] + step
    retrieval = ev.retrieval.seconds[idx] if ev.retrieval is not None else 0.0
    # the first of the two unless the second is larger (NaN keeps the first, as max() does)
    return np.where(long_prompt > queued, long_prompt, queued) + retrieval


def sensitivity_constraint(inst: Instance, level: str) -> BindingConstraint:
    """The data may not go to `inst`'s tenancy (`Instance.max_sensitivity`), in words."""
    return BindingConstraint(
        constraint="sensitivity",
        required=float(Sensitivity(level).level),
        available=float(Sensitivity(inst.max_sensitivity).level),
        unit="sensitivity level (0 public .. 3 regulated)",
        detail=f"data is {level}; {inst.name} runs on {inst.trust.value} hosts ({inst.provider}), cleared up to "
        f"{inst.max_sensitivity} data: third parties hold the machines, with no data-processing agreement with us",
        fix="a provider cloud with a data-processing agreement, leased bare metal or on-prem hardware",
    )


def load_words(w) -> str:
    """The load a count of replicas is for: 'peak 12 req/s', or a batch job's 'the 6.94 req/s its
    deadline needs' (a job has no peak, only work over hours)."""
    rate = w.peak_requests_per_s
    text = f"{rate:,.0f}" if rate >= 1000 else f"{rate:,.3g}"
    return f"the {text} req/s its deadline needs" if w.is_batch_job else f"peak {text} req/s"


def violations_of(ev: Evaluation, pl: Plan, mk: Masks, i: int, s: Scenario) -> list[BindingConstraint]:
    """Every limit point i breaks, with the numbers (required vs available)."""
    out = []
    sla, k, w = s.workload.sla, s.constraints, s.workload
    b = {key: bool(v[i]) for key, v in mk.broken.items()}
    model = ev.space.models[ev.points.model[i]]
    hw = ev.space.hardware[ev.points.hardware[i]]
    gpus = int(ev.points.gpus[i])
    if b["sensitivity"] and hw.instance is not None:
        out.append(sensitivity_constraint(hw.instance, w.sensitivity.value))
    if b["runtime"]:
        rt = ev.space.runtimes[ev.points.runtime[i]]
        out.append(
            BindingConstraint(
                constraint="runtime",
                required=1,
                available=0,
                unit="",
                detail=f"{rt.name} does not run on {hw.accelerator.kind.value} devices ({hw.accelerator.name})",
                fix="pick a runtime that supports this device (llama.cpp for CPUs and SoCs)",
            )
        )
    if b["modality"]:
        embeds = model.modality.value == "embedding"
        images = w.tokens.images_per_request
        out.append(
            BindingConstraint(
                constraint="modality",
                required=1,
                available=0,
                unit="",
                detail=f"{model.name} is an embedding model: it encodes and generates no text"
                if embeds
                else f"{model.name} reads text only; the workload sends {images:g} image(s) per request",
                fix="choose a generative model" if embeds else "choose a vision-language model",
            )
        )
    if b["context"]:
        out.append(
            BindingConstraint(
                constraint="context",
                required=ev.tokens.at(i).max_context,
                available=model.max_context_tokens,
                unit="tokens",
                detail=f"sequences reach {ev.tokens.at(i).max_context:,.0f} tokens; {model.name} "
                f"takes {model.max_context_tokens:,}",
                fix="cap prompts or choose a long-context model",
            )
        )
    if b["memory"]:
        need = (
            ev.weights[i]
            + ev.features.reserve_bytes[i]
            + ev.activations[i]
            + ev.kv_per_token[i] * ev.tokens.at(i).max_context
        ) / GIB
        have = ev.features.capacity_bytes[i] * ev.features.memory_fraction[i] / GIB
        out.append(
            BindingConstraint(
                constraint="memory",
                required=round(need, 2),
                available=round(have, 2),
                unit="GiB per device",
                detail=f"{model.name} in {PRECISIONS[ev.points.precision[i]].value} needs "
                f"{need:,.1f} GiB per device at {gpus}x (weights {ev.weights[i] / GIB:,.1f} "
                f"GiB + one {ev.tokens.at(i).max_context:,.0f}-token sequence); "
                f"{hw.accelerator.name} offers {have:,.1f} GiB usable",
                fix=memory_fix(ev, i),
            )
        )
    if b.get("host_memory"):
        rag = ev.retrieval
        assert rag is not None
        need, have = rag.host_need_bytes[i] / GIB, rag.host_have_bytes[i] / GIB
        out.append(
            BindingConstraint(
                constraint="host_memory",
                required=round(float(need), 2),
                available=round(float(have), 2),
                unit="GiB host RAM",
                detail=f"the vector index ({rag.index_bytes / GIB:,.1f} GiB) and host-side RAG models need "
                f"{need:,.1f} GiB of host RAM with the OS reserve; {hw.name} has {have:,.0f} GiB",
                fix="an instance with more RAM, int8 or binary vectors, a flat/IVF-PQ index, the index on "
                "the GPUs (index_in: gpu), or a separate vector-database tier",
            )
        )
    if b["ttft"]:
        floor = ev.ttft_floor[i] * 1e3
        out.append(
            BindingConstraint(
                constraint="ttft",
                required=sla.ttft_p95_ms,
                available=round(floor, 3),
                unit="ms",
                detail=f"TTFT floor {fmt_ms(floor)} with no queue (prefill of "
                f"{ev.tokens.at(i).new_prefill_p95:,.0f} tokens) > SLA {fmt_ms(sla.ttft_p95_ms)}",
                fix=speed_fix(floor, sla.ttft_p95_ms, "prefill compute"),
            )
        )
    if b["tpot"]:
        floor = ev.tpot_floor[i] * 1e3
        out.append(
            BindingConstraint(
                constraint="tpot",
                required=sla.tpot_p95_ms,
                available=round(floor, 3),
                unit="ms",
                detail=f"TPOT floor {fmt_ms(floor)} at batch 1 > SLA {fmt_ms(sla.tpot_p95_ms)}",
                fix=speed_fix(floor, sla.tpot_p95_ms, "memory bandwidth"),
            )
        )
    if b["e2e"]:
        floor = (ev.ttft_floor[i] + (ev.tokens.output_p95 - 1) * ev.tpot_floor[i]) * 1e3
        target = e2e_target_ms(w)
        out.append(
            BindingConstraint(
                constraint="e2e",
                required=target,
                available=round(floor, 3),
                unit="ms",
                detail=f"end-to-end floor {fmt_ms(floor)} per call > target {fmt_ms(target)}",
                fix="shorter outputs, a faster accelerator or more tensor parallelism",
            )
        )
    if b.get("deadline") and w.batch is not None:
        one = (ev.ttft_floor[i] + (ev.tokens.output_p95 - 1) * ev.tpot_floor[i]) * 1e3
        deadline_ms = w.batch.hours_per_run * 3.6e6
        out.append(
            BindingConstraint(
                constraint="deadline",
                required=round(deadline_ms, 3),
                available=round(float(one), 3),
                unit="ms",
                detail=f"one request alone takes {fmt_ms(one)} end to end (no queue) but the whole run must end "
                f"within {fmt_ms(deadline_ms)} ({w.batch.hours_per_run:g} h): no number of replicas finishes in time",
                fix="a deadline longer than one request's latency, shorter outputs, or a faster accelerator",
            )
        )
    if b["throughput"]:
        out.append(
            BindingConstraint(
                constraint="throughput",
                required=1,
                available=0,
                unit="",
                detail="no batch size meets TTFT, TPOT and end-to-end targets at once",
                fix="relax the tightest target or add tensor parallelism",
            )
        )
    if b["gpus"]:
        cap = max_total_gpus(s)
        allowed = (
            f"{cap:,} allowed" if k.max_total_gpus else f"more than the {cap:,} GPUs of the largest clusters built"
        )
        out.append(
            BindingConstraint(
                constraint="gpus",
                required=float(pl.total_gpus[i]),
                available=cap,
                unit="GPUs",
                detail=f"{int(pl.replicas[i]):,} replicas x {gpus} GPUs = {int(pl.total_gpus[i]):,} "
                f"GPUs for {load_words(s.workload)} "
                f"(+{spares_of(pl, i):,} spare); "
                f"{allowed}",
                fix=f"allow {int(pl.total_gpus[i]):,} GPUs, or a faster option per GPU"
                if k.max_total_gpus
                else (
                    "less work per run, a longer deadline, or a faster option per GPU"
                    if w.is_batch_job
                    else "a lower request rate, or a faster option per GPU"
                ),
            )
        )
    if b["nodes"]:
        out.append(
            BindingConstraint(
                constraint="nodes",
                required=float(pl.nodes[i]),
                available=float(hw.max_nodes or 0),
                unit="nodes",
                detail=f"needs {int(pl.nodes[i])} nodes of {hw.name}; {hw.max_nodes} exist",
                fix="buy more nodes or burst to a cloud",
            )
        )
    if b.get("availability") and pl.redundancy is not None:
        r = pl.redundancy
        out.append(
            BindingConstraint(
                constraint="availability",
                required=r.target,
                available=round(r.at(i).availability, 9),
                unit="fraction of time",
                detail=f"availability target {percent(r.target)}: spread over {r.at(i).zones} zone(s) of "
                f"{percent(s.assumptions.zone_availability)} each, {int(pl.replicas[i])} replicas reach "
                f"{percent(r.at(i).availability)} at best",
                fix="allow more zones (assumptions.max_zones), a shorter repair time, or a lower target",
            )
        )
    if b["budget"]:
        out.append(
            BindingConstraint(
                constraint="budget",
                required=round(float(pl.cost_per_month[i]), 2),
                available=w.budget_usd_per_month,
                unit="USD/month",
                detail=f"${pl.cost_per_month[i]:,.0f}/month > budget ${w.budget_usd_per_month:,.0f}",
                fix=budget_fix(s, ev, "cheaper hardware"),
            )
        )
    return out


def budget_fix(s: Scenario, ev: Evaluation, first: str = "") -> str:
    """What could bring the month under the budget, only among the changes the scenario's own
    constraints allow (GUI tester D18: an on-prem-only scenario was told "spot or reserved pricing",
    cloud prices it excludes): spot or reserved pricing only where a cloud node is a candidate (not
    `on_prem_only`); a lower `on_prem_share` where an owned node is; weights the candidate
    precisions do not hold yet; fewer spares where the availability target holds some; a smaller model.
    `first` leads (e.g. "cheaper hardware")."""
    hw = ev.space.hardware
    cloud = not s.constraints.on_prem_only and any(
        h.instance is not None and h.instance.deployment is Deployment.CLOUD for h in hw
    )
    owned = any(h.on_prem for h in hw)
    out = [first] if first else []
    if cloud:
        out.append("spot or reserved pricing")
    if owned:
        out.append("owned nodes shared with other work (assumptions.on_prem_share)")
    smaller = [p.value.upper() for p in (Precision.FP8, Precision.INT4) if p not in s.candidates.precisions]
    if smaller:
        out.append(f"{'/'.join(smaller)} weights")
    if not s.workload.is_batch_job and s.assumptions.redundancy_replicas != 0:
        out.append("fewer spares (a lower availability target)")
    out.append("a smaller model")
    return ", ".join(out[:-1]) + f", or {out[-1]}" if len(out) > 1 else out[0]


def memory_fix(ev: Evaluation, i: int) -> str:
    """How many of this device would hold the model, and what lower precision would save."""
    f = ev.features
    per_device = f.capacity_bytes[i] * f.memory_fraction[i] - f.reserve_bytes[i] - ev.activations[i] * f.tp[i]
    total_weights = ev.weights[i] * f.tp[i] * f.pp[i]
    kv = ev.kv_per_token[i] * ev.tokens.at(i).max_context
    if per_device <= 0:
        return "this device cannot hold the runtime's own reserve; choose a larger accelerator"
    n = math.ceil((total_weights + kv) / (per_device * 0.8))  # keep 20% for the KV cache of a real batch
    n = 2 ** math.ceil(math.log2(max(n, 1)))
    name = ev.space.hardware[ev.points.hardware[i]].accelerator.name
    int4 = total_weights / f.weight_bytes[i] * (0.5 + 2 / 128)
    return (
        f"needs about {n}x {name} (weights {total_weights / GIB:,.0f} GiB in total); "
        f"INT4 weights would take {int4 / GIB:,.0f} GiB"
    )


def speed_fix(floor_ms: float, sla_ms: float, what: str) -> str:
    factor = floor_ms / sla_ms
    return (
        f"needs {factor:,.{2 if factor < 10 else 1}f}x the {what} this option has: more tensor parallelism, a faster "
        f"accelerator, or a looser SLA"
        if factor < 1e3
        else f"is {factor:,.0f}x away from the SLA: no tuning closes that; change the hardware class or the SLA"
    )


def fmt_ms(ms: float) -> str:
    if ms >= 10_000:
        return f"{ms / 1000:,.0f} s"
    if ms >= 1000:
        return f"{ms / 1000:,.1f} s"
    if ms >= 10:
        return f"{ms:,.0f} ms"
    return f"{ms:,.2f} ms"


@dataclass(frozen=True)
class Headline:
    """A point's figures at its operating batch (seconds and tokens/s), shared by the Option and
    by the uncertainty bands, which need only these."""

    j: int  # operating batch index
    serves: bool
    ttft95: float
    tpot: float
    batch: int
    tokens_per_s: float
    # Point vectors read here once for all the options, not once an option: each is built over
    # every grid point on access (Evaluation's properties), which an Option needs one element of.
    request_s: float  # Evaluation.request_s [s]
    kernel_share: float  # Plan.kernel_share: k at the option's own load (evaluate.load_kernel_share) [1]
    tokens_per_request: float  # Evaluation.tokens_per_request [tokens]
    generates: bool  # evaluate.generates: False for an embedding model


def headlines(ev: Evaluation, pl: Plan, idx: np.ndarray, s: Scenario) -> list[Headline]:
    """The headline of each point of `idx`, worked out for all of them at once. A point that
    serves nothing (max rate 0) shows its no-queue TTFT floor and one sequence's tokens/s."""
    idx = np.asarray(idx, dtype=np.int64).reshape(-1)
    j = operating_index(ev, pl, idx)
    serves = ev.max_rate[idx] > 0
    op_rate = np.where(serves, pl.operating_rate[idx], 0.0)
    # an embedding model generates no tokens (one vector per request): its output rate is 0
    gen = generates(ev.space, ev.points)[idx]
    out_tokens = np.where(gen, ev.tokens.output, 0.0)
    # a point that serves nothing may hold inf/NaN figures: where() discards what they give
    with np.errstate(all="ignore"):
        # a batch run keeps batch j in flight (a closed loop, not open arrivals): its TTFT p95 is that
        # batch's curve value, the one its SLA was judged on; an open queue at the max rate it is
        # priced at would read utilisation ~1 (1.9 s on 1.3 ms embedding prefills)
        at_load = ev.curve_ttft_p95[idx, j] if s.workload.is_batch_job else ttft_p95_at(ev, idx, j, op_rate, s)
        ttft95 = np.where(serves, at_load, ev.ttft_floor[idx])
        alone = out_tokens / ev.curve_latency[idx, 0]
    tokens_per_s = np.where(serves, ev.curve_rate[idx, j] * out_tokens, alone)
    tpot = ev.curve_tpot[idx, j]
    batch = np.where(serves, ev.batch[j], 1).astype(np.int64)
    return [
        Headline(
            j=jj,
            serves=ss,
            ttft95=tt,
            tpot=tp,
            batch=bb,
            tokens_per_s=tk,
            request_s=rs,
            kernel_share=ks,
            tokens_per_request=tr,
            generates=gg,
        )
        for jj, ss, tt, tp, bb, tk, rs, ks, tr, gg in zip(
            j.tolist(),
            serves.tolist(),
            ttft95.tolist(),
            tpot.tolist(),
            batch.tolist(),
            tokens_per_s.tolist(),
            ev.request_s[idx].tolist(),
            (ev.operating_kernel_share if pl.kernel_share is None else pl.kernel_share)[idx].tolist(),
            ev.tokens_per_request[idx].tolist(),
            gen.tolist(),
            strict=True,
        )
    ]


def headline(ev: Evaluation, pl: Plan, i: int, s: Scenario) -> Headline:
    """Point i's headline (see `headlines`)."""
    return headlines(ev, pl, np.array([i]), s)[0]


def band_values(ev: Evaluation, pl: Plan, i: int, s: Scenario, h: Headline | None = None) -> dict[str, float]:
    """The figures that carry low / expected / high bands, without building a whole Option.
    Costs are NaN where the point serves nothing at this efficiency level (no replica count meets
    the SLA, so there is no cost to show) or its hardware has no price. `h`: point i's headline,
    when the caller has it."""
    h = headline(ev, pl, i, s) if h is None else h
    known = lambda x: float(x) if np.isfinite(x) else math.nan
    return {
        "ttft_p95_ms": h.ttft95 * 1e3,
        "tpot_ms": h.tpot * 1e3,
        "tokens_per_s": h.tokens_per_s,
        "cost_per_month_usd": known(pl.cost_per_month[i]),
        "cost_per_million_tokens_usd": known(pl.cost_per_mtok[i]),
    }


def build(
    ev: Evaluation,
    pl: Plan,
    mk: Masks,
    i: int,
    s: Scenario,
    bands: dict[str, Band] | None = None,
    explained: bool = True,
    h: Headline | None = None,
) -> Option:
    """The Option of point i. `h`: its headline, when the caller worked it out with the others'
    (`headlines`)."""
    sp, pts, f = ev.space, ev.points, ev.features
    model = sp.models[pts.model[i]]
    hw = sp.hardware[pts.hardware[i]]
    rt = sp.runtimes[pts.runtime[i]]
    prec, kvp = PRECISIONS[pts.precision[i]], PRECISIONS[pts.kv_precision[i]]
    h = headline(ev, pl, i, s) if h is None else h
    j, serves, ttft95, tpot, batch, tokens_per_s = h.j, h.serves, h.ttft95, h.tpot, h.batch, h.tokens_per_s
    e2e95 = ttft95 + (ev.tokens.output_p95 - 1) * tpot
    kv_used = batch * ev.kv_per_token[i] * ev.tokens.at(i).max_context
    mem = MemoryBreakdown(
        capacity_gib=f.capacity_bytes[i] / GIB,
        usable_gib=f.capacity_bytes[i] * f.memory_fraction[i] / GIB,
        weights_gib=ev.weights[i] / GIB,
        kv_cache_gib=max(ev.kv_budget[i], 0.0) / GIB,
        reserve_gib=f.reserve_bytes[i] / GIB,
        activation_gib=ev.activations[i] / GIB,
        free_gib=(ev.kv_budget[i] - kv_used) / GIB,
        kv_bytes_per_token=float(ev.kv_per_token[i]),
        max_concurrent_sequences=int(min(ev.max_seqs[i], 1e9)),
        fits=bool(ev.fits[i]),
    )
    finite = lambda x: float(x) if np.isfinite(x) else 0.0
    flags = flags_of(ev, i)
    fmt, emulated, math_peak = precision_path(ev, i)
    flags += image_flags(ev, model, s)
    if not np.isfinite(pl.cost_per_month[i]) and serves:
        basis = pl.price_basis[pts.hardware[i]].removeprefix("no price: ")
        # the options table and JSON show these as n/a (null), not 0; the throughput at the SLA stands
        flags.append(f"no price: {basis}; replicas and costs show as n/a (the throughput per replica stands)")
    elif bands and serves and "cost_per_month_usd" not in bands:
        flags.append(
            "no cost band: at the low end of the efficiency range no replica count meets the SLA, "
            "so the cost has no upper bound there"
        )
    flags += host_ram_flags(ev, i, hw.name)
    if int(pts.gpus[i]) > hw.node_gpus and (hw.instance is None or hw.instance.network_gbps is None):
        # CLI review finding 5: PP across separately rented 1-GPU pods ran on a silent 100 Gb/s
        flags.append(
            f"spans {math.ceil(int(pts.gpus[i]) / hw.node_gpus)} nodes of {hw.name}, whose network between nodes "
            f"is not published: {ASSUMED_NETWORK_GBPS:g} Gb/s assumed; nodes rented one by one may not be sold "
            "as one interconnected cluster"
        )
    r = pl.redundancy
    if serves and r is not None and r.basis == "assumption" and r.at(i).availability < r.target:
        flags.append(
            f"below the availability target: {spares_of(pl, i)} spare replica(s) as set in the assumptions give "
            f"{percent(r.at(i).availability)} against {percent(r.target)}; clear redundancy_replicas to size "
            "for the target"
        )
    return Option(
        model=model.name,
        hardware=hw.name,
        accelerator=hw.accelerator.name,
        runtime=rt.name,
        gpus=int(pts.gpus[i]),
        tensor_parallel=int(pts.tp[i]),
        pipeline_parallel=int(pts.pp[i]),
        precision=prec,
        kv_precision=kvp,
        batch_size=batch,
        memory=mem,
        ttft_ms=float(ev.ttft_floor[i] * 1e3),
        ttft_p95_ms=ttft95 * 1e3,
        tpot_ms=tpot * 1e3,
        tpot_p95_ms=float(ev.curve_tpot_p95[i, j]) * 1e3,
        e2e_p95_ms=e2e95 * 1e3,
        request_s=h.request_s if math.isfinite(h.request_s) and serves else None,
        kernel_share=h.kernel_share,
        tokens_per_s=tokens_per_s,
        requests_per_s_per_replica=float(ev.max_rate[i]),
        peak_requests_per_s_per_replica=float(ev.peak_rate[i]) if serves else None,
        replicas=int(finite(pl.replicas[i])),
        replicas_min=int(finite(pl.replicas_min[i])),
        replicas_max=int(finite(pl.replicas_max[i])),
        total_gpus=int(finite(pl.total_gpus[i])),
        nodes=int(pl.nodes[i]) if serves and np.isfinite(pl.nodes[i]) else None,
        node_gpus=int(hw.node_gpus),
        spare_replicas=spares_of(pl, i),
        zones=pl.redundancy.at(i).zones if pl.redundancy is not None else 1,
        availability=pl.redundancy.at(i).availability if pl.redundancy is not None and serves else None,
        cost_per_month_usd=finite(pl.cost_per_month[i]),
        priced=bool(np.isfinite(pl.cost_per_month[i])),  # NaN: no operating point, nothing planned
        cost_per_million_tokens_usd=finite(pl.cost_per_mtok[i]),
        tokens_per_request=h.tokens_per_request,
        generates=h.generates,
        cost_per_request_usd=finite(pl.cost_per_request[i]),
        cost_per_run_usd=None if pl.cost_per_run is None else finite(pl.cost_per_run[i]),
        runs_per_month=pl.runs_per_month,
        cost_basis=pl.period_basis[pts.hardware[i]] if pl.period_basis else "per month of serving",
        bands=bands or {},
        feasible=bool(mk.feasible[i]),
        violations=violations_of(ev, pl, mk, i, s),
        explanations=explain(ev, pl, i, j, s, ttft95, tpot) if explained else [],
        flags=flags,
        math_format=fmt,
        precision_emulated=emulated,
        math_tflops_per_device=math_peak,
        retrieval_ms=retrieval_ms(ev, i),
    )


def host_ram_flags(ev: Evaluation, i: int, node: str) -> list[str]:
    """The host-RAM check that could not run: a RAG option whose node record gives no RAM figure
    (an accelerator kit without its server) passes the check by omission, so it is flagged with the
    RAM it needs [GiB] (index + host-side encoders + the OS reserve)."""
    rag = ev.retrieval
    if rag is None or np.isfinite(rag.host_have_bytes[i]):
        return []
    need = float(rag.host_need_bytes[i] / GIB)
    return [
        f"{HOST_RAM_FLAG}: the record of {node} gives no RAM figure; the vector index and host-side RAG "
        f"models need {need:,.1f} GiB of host RAM with the OS reserve, so this option is feasible only if "
        "the server holds that"
    ]


def image_flags(ev: Evaluation, model, s: Scenario) -> list[str]:
    """What the image arithmetic of a vision-language option rests on, where it is not exact."""
    images = s.workload.tokens.images_per_request
    if images <= 0 or not model.reads_images:
        return []
    out = []
    if not model.vision_params_b:
        out.append(
            f"{model.name} does not state vision_params_b: its vision encoder's compute is not counted in the prefill"
        )
    return out


def precision_path(ev: Evaluation, i: int) -> tuple[str, bool, float]:
    """(format the matmuls run in, weights dequantised for them?, the peak [TFLOP/s per device] they
    run at) for point i: what an emulated (weight-only) precision really computes at."""
    accel = ev.space.hardware[ev.points.hardware[i]].accelerator
    prec = PRECISIONS[ev.points.precision[i]]
    emulated = math_format(accel, prec) is not prec
    return ev.math_format[i], emulated, float(ev.features.peak_flops[i] / 1e12)


def flags_of(ev: Evaluation, i: int) -> list[str]:
    sp, pts = ev.space, ev.points
    accel = sp.hardware[pts.hardware[i]].accelerator
    prec = PRECISIONS[pts.precision[i]]
    eff = ev.efficiency[i]
    out = []
    if eff.profile is not None and eff.profile.calibration_note:
        elsewhere = eff.profile.fitted_elsewhere(accel.name)
        if elsewhere:  # the fit applies to the class, but this device was not measured: not "calibrated"
            out.append(
                f"{elsewhere}: efficiency profile '{eff.name}' is applied to {accel.name} by its class "
                f"({accel.efficiency_class}), not measured on it ({eff.profile.calibration_note})"
            )
        else:
            out.append(f"{CALIBRATED_FLAG}{eff.name}': {eff.profile.calibration_note}")
    if not eff.calibrated:
        out.append(
            f"uncalibrated: efficiency profile '{eff.name}' is an extrapolation, not fitted to measurements "
            f"on {accel.efficiency_class}"
        )
    fmt, emulated, peak = precision_path(ev, i)
    intended = math_format(accel, prec)
    p, f = prec.value.upper(), fmt.upper()
    if emulated:
        if prec is Precision.INT4:
            why = "INT4 is weight-only (W4A16) in every runtime"
        elif prec in GGUF_INTEGER_FORMATS:
            why = f"{p} is a GGUF block format, weight-only in llama.cpp's kernels"
        else:
            why = f"it has no {p} math units"
        out.append(
            f"weight-only {p} (emulated): weights are stored in {p} and dequantised to {intended.value.upper()} "
            f"on {accel.name} ({why}): memory and bandwidth saved, matmuls at the {f} peak of {peak:,.4g} "
            f"TFLOP/s per device"
        )
    for asked, served in ((Precision.BF16, Precision.FP16), (Precision.FP16, Precision.BF16)):
        if prec is served and served not in sp.precisions and asked in sp.precisions:
            out.append(
                f"{asked.value.upper()} asked; {accel.name} has no {asked.value.upper()} units, so the weights "
                f"are served as {served.value.upper()} (same memory; vLLM --dtype "
                f"{'half' if served is Precision.FP16 else 'bfloat16'})"
            )
    if fmt != intended.value:
        optimistic = "" if fmt in ("fp32", "tf32") else " (optimistic)"
        out.append(
            f"{accel.name} has no {intended.value.upper()} figure in the catalog; compute uses its {f} peak{optimistic}"
        )
    return out


def retrieval_ms(ev: Evaluation, i: int) -> dict[str, float]:
    """The RAG steps before prefill for point i [ms] (empty for other workloads)."""
    rag = ev.retrieval
    if rag is None:
        return {}
    p = rag.by_hardware[int(ev.points.hardware[i])]
    out = {"embed_query": p.embed.seconds * 1e3, "search": p.search.seconds * 1e3}
    if p.rerank is not None:
        out["rerank"] = p.rerank.seconds * 1e3
    return out


def explain_runtime(ev: Evaluation, i: int, s: Scenario) -> Explanation:
    """The runtime's own properties this figure used, and where the evidence stops."""
    rt = ev.space.runtimes[ev.points.runtime[i]]
    f = ev.features
    feats = rt.features
    origin = scheduler_limits(rt, ev.space.hardware[ev.points.hardware[i]].accelerator, s.assumptions).origin
    capped = float(f.max_sequences[i]) < FALLBACK_MAX_SEQUENCES
    return Explanation(
        quantity=f"Runtime {rt.name}",
        value=float(f.max_sequences[i]) if capped else float(ev.max_seqs[i]),
        unit="max running sequences" + ("" if capped else " (no scheduler cap: the KV cache's room)"),
        formula="scheduler caps and memory share: the scenario's assumption where set, else the runtime's "
        "default; prefix caching and speculative decoding only where the runtime has them",
        inputs={
            "memory fraction": float(f.memory_fraction[i]),
            "max running sequences": float(f.max_sequences[i]) if capped else "no fixed cap (KV-bound)",
            "values from": ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in origin.items()),
            "prefill chunk tokens": float(f.max_batched_tokens[i]),
            "prefix caching": "yes" if feats.prefix_caching else "no (shared prefix prefilled every request)",
            "prefix-cached tokens per request": float(ev.prefix_cached[i]),
            "speculative decoding": "yes" if feats.speculative_decoding else "no",
            "efficiency multiplier": rt.efficiency_multiplier,
            "efficiency evidence": rt.efficiency_evidence or "none published; same factors as vLLM",
        },
        source=rt.source,
    )


def explain_retrieval(ev: Evaluation, i: int, s: Scenario) -> list[Explanation]:
    """Embed -> search -> re-rank, each with its latency and device, before the TTFT."""
    rag = ev.retrieval
    r = s.workload.rag
    if rag is None or r is None:
        return []
    p = rag.by_hardware[int(ev.points.hardware[i])]
    out = [
        Explanation(
            quantity="RAG step 1: embed the query",
            value=p.embed.seconds * 1e3,
            unit="ms",
            formula="max(2 x matmul params x query tokens / (peak x MFU), params x 2 B / (BW x MBU)) + step overhead",
            inputs={
                "embedder": rag.embedder.name,
                "params": rag.embedder.params,
                "matmul params (no embedding table)": rag.embedder.matmul_params,
                "query tokens": r.query_tokens,
                "device": p.embed.device,
            },
        ),
        Explanation(
            quantity="RAG step 2: vector search",
            value=p.search.seconds * 1e3,
            unit="ms",
            formula=(
                "vectors x bytes / (BW x MBU) (flat scan)"
                if r.index_type.value == "flat"
                else "ef x 2M vector reads x (100 ns DRAM latency + vector bytes / 10 GB/s per core)"
                if r.index_in.value == "host"
                else "ef x 2M vector reads x bytes / (BW x MBU) + kernel overhead"
            ),
            inputs={
                "index": r.index_type.value,
                "in": r.index_in.value,
                "vectors read": rag.search_reads,
                "index GiB": rag.index_bytes / GIB,
                "device": p.search.device,
            },
        ),
    ]
    if p.rerank is not None and rag.reranker is not None:
        out.append(
            Explanation(
                quantity="RAG step 3: re-rank",
                value=p.rerank.seconds * 1e3,
                unit="ms",
                formula="cross-encoder over candidates x (query + chunk tokens): roofline as step 1",
                inputs={
                    "re-ranker": rag.reranker.name,
                    "params": rag.reranker.params,
                    "matmul params (no embedding table)": rag.reranker.matmul_params,
                    "candidates": r.rerank_candidates,
                    "chunk tokens": r.chunk_tokens,
                    "device": p.rerank.device,
                },
            )
        )
    out.append(
        Explanation(
            quantity="RAG retrieval before prefill",
            value=p.seconds * 1e3,
            unit="ms",
            formula="embed + search + re-rank, added to every TTFT (unloaded and p95)",
            inputs={
                "host RAM needed GiB": float(rag.host_need_bytes[i] / GIB),
                "host RAM GiB": float(rag.host_have_bytes[i] / GIB)
                if np.isfinite(rag.host_have_bytes[i])
                else "not in the record",
                "on the accelerators GiB per device": float(rag.gpu_bytes_per_device[i] / GIB),
            },
        )
    )
    return out


def explain(ev: Evaluation, pl: Plan, i: int, j: int, s: Scenario, ttft95: float, tpot: float) -> list[Explanation]:
    return explain_serving(ev, pl, i, j, s, ttft95, tpot) + [explain_runtime(ev, i, s)] + explain_retrieval(ev, i, s)


def decode_explanations(ev: Evaluation, i: int, j: int, tpot: float, src: str) -> list[Explanation]:
    """The decode step and TPOT of point i at batch index j; none for an embedding model, whose
    request is one prefill returning one vector (no decode step, `evaluate.generates`)."""
    if not generates(ev.space, ev.points)[i]:
        return []
    f = ev.features
    return [
        Explanation(
            quantity="Decode step at the operating batch",
            value=ev.step[i, j] * 1e3,
            unit="ms",
            formula="max(bytes / (BW x MBU), FLOPs / (peak x MFU_decode)) + 2 x layers x all-reduce "
            "+ overhead; x PP stages",
            inputs={
                "batch": float(ev.batch[j]),
                "memory time ms": ev.step_mem[i, j] * 1e3,
                "compute time ms": ev.step_comp[i, j] * 1e3,
                "all-reduce ms": ev.step_comm[i, j] * 1e3,
                "bandwidth GB/s": f.bandwidth[i] / 1e9,
                "MBU": f.mbu[i],
                "MFU_decode": f.mfu_decode[i],
                "overhead ms": f.step_overhead_s[i] * 1e3,
                "scale-up link GB/s": f.link[i] / 1e9,
            },
            source=src,
        ),
        Explanation(
            quantity="TPOT under load",
            value=tpot * 1e3,
            unit="ms",
            formula="decode step / (1 - request rate x prefill time) (chunked prefill shares the GPU)",
            inputs={
                "decode step ms": ev.step[i, j] * 1e3,
                "prefill ms": ev.prefill[i] * 1e3,
                "rate req/s": float(ev.curve_rate[i, j]),
            },
        ),
    ]


def explain_serving(
    ev: Evaluation, pl: Plan, i: int, j: int, s: Scenario, ttft95: float, tpot: float
) -> list[Explanation]:
    f, eff = ev.features, ev.efficiency[i]
    note = eff.profile.calibration_note if eff.profile is not None else ""
    elsewhere = eff.profile.fitted_elsewhere(ev.space.hardware[ev.points.hardware[i]].accelerator.name) if note else ""
    note = f"{elsewhere}, not measured on this device: {note}" if elsewhere else note
    src = f"{eff.name} ({note})" if note else f"{eff.name} (catalog/efficiency.yaml)"
    src += "" if eff.calibrated else "; uncalibrated"
    prec = PRECISIONS[ev.points.precision[i]].value
    kvp = PRECISIONS[ev.points.kv_precision[i]].value
    tp, pp = int(f.tp[i]), int(f.pp[i])
    model = ev.space.models[ev.points.model[i]]
    encoder = s.workload.tokens.images_per_request * model.vision_flops_per_image
    out = [
        Explanation(
            quantity="Weights per GPU",
            value=ev.weights[i] / GIB,
            unit="GiB",
            formula="params x bytes per param / (TP x PP)",
            inputs={
                "params": f.params_total[i],
                "bytes per param": f.weight_bytes[i],
                "precision": prec,
                "TP": tp,
                "PP": pp,
            },
        ),
        Explanation(
            quantity="KV cache per token per GPU",
            value=ev.kv_per_token[i],
            unit="B",
            formula=(
                "layers/PP x (kv_lora_rank + rope dims) x bytes"
                if f.mla_latent[i]
                else "2 x layers/PP x ceil(kv_heads / TP) x head_dim x bytes"
            ),
            inputs={
                "layers": f.layers[i],
                "kv_heads": f.kv_heads[i],
                "head_dim": f.head_dim[i],
                "latent": f.mla_latent[i],
                "kv precision": kvp,
                "TP": tp,
                "PP": pp,
            },
        ),
        Explanation(
            quantity="Max concurrent sequences",
            value=float(ev.max_seqs[i]),
            unit="sequences",
            formula="floor((capacity x memory fraction - weights - reserve - activations) / "
            "(context rounded to KV pages x KV per token))",
            inputs={
                "capacity GiB": f.capacity_bytes[i] / GIB,
                "memory fraction": f.memory_fraction[i],
                "reserve GiB": f.reserve_bytes[i] / GIB,
                "activations GiB": ev.activations[i] / GIB,
                "context tokens": ev.tokens.at(i).max_context,
                "KV block": s.assumptions.kv_block_size,
            },
        ),
        Explanation(
            quantity="Prefill (unloaded TTFT)",
            value=ev.ttft_floor[i] * 1e3,
            unit="ms",
            formula="(2 x active params x tokens + 4 x layers x heads x head_dim x tokens^2/2"
            + (" + images x 2 x vision params x patches" if encoder else "")
            + ") / (TP x peak x MFU_prefill) + 2 x layers x all-reduce + PP hops + step overhead"
            + (" + RAG retrieval" if ev.retrieval is not None else ""),
            inputs={
                "tokens (p95, after prefix cache)": ev.tokens.at(i).new_prefill_p95
                + ev.tokens.cached_prefill
                - float(ev.prefix_cached[i]),
                "active params": f.params_active[i],
                **(
                    {
                        "images": s.workload.tokens.images_per_request,
                        "vision params": (model.vision_params_b or 0.0) * 1e9,
                        "patches per image": float(model.vision_patches_per_image or model.tokens_per_image or 0),
                        "vision encoder TFLOP per request": encoder / 1e12,
                    }
                    if encoder
                    else {}
                ),
                "peak TFLOP/s": f.peak_flops[i] / 1e12,
                "math format": ev.math_format[i],
                "MFU_prefill": f.mfu_prefill[i],
                "TP": tp,
            },
            source=src,
        ),
        *decode_explanations(ev, i, j, tpot, src),
        Explanation(
            quantity="TTFT p95 under load",
            value=ttft95 * 1e3,
            unit="ms",
            formula=(
                "a run keeps the batch in flight (closed loop, the max rate it is priced at): that batch's p95 "
                "(step-level queue of the prompts it holds, never below prefill of a p95 prompt + one step)"
                if s.workload.is_batch_job
                else "max(prefill + one decode step + Kingman p95 queue wait at the peak rate per replica, "
                "prefill of a p95 prompt + one step)"
            )
            + (" + RAG retrieval (embed + search + re-rank)" if ev.retrieval is not None else ""),
            inputs={
                **({"retrieval ms": float(ev.retrieval.seconds[i] * 1e3)} if ev.retrieval is not None else {}),
                "rate per replica req/s": float(pl.operating_rate[i]),
                "arrival c_a^2": sv.ARRIVAL_CV2[s.workload.arrival_pattern],
                "pattern": s.workload.arrival_pattern.value,
            },
        ),
        Explanation(
            quantity="Max sustainable rate per replica",
            value=float(ev.max_rate[i]),
            unit="req/s",
            formula="max over batch sizes that fit and meet every SLA target of batch / latency (Little's law)",
            inputs={"best batch": float(ev.batch[ev.best_batch_index[i]])},
        ),
        Explanation(
            quantity="Replicas",
            value=float(pl.replicas[i]) if np.isfinite(pl.replicas[i]) else 0.0,
            unit="replicas",
            formula="ceil(peak rate / max rate at the SLA) + spares (see Availability); autoscaling floor "
            "ceil(quietest hour's rate / max rate), the floor the month is priced with (a batch or training "
            "job: ceil(mean / (max rate x utilisation target))), ceiling ceil(peak x (1 + headroom) / max rate), "
            "each + the spares",
            inputs={
                "peak req/s": s.workload.peak_requests_per_s,
                "utilisation target": s.assumptions.utilisation_target,
                "spare replicas": float(spares_of(pl, i)),
            },
        ),
        *availability_explanation(pl, i, s, int(ev.points.gpus[i])),
        cost_explanation(pl, i, int(ev.points.hardware[i]), s),
    ]
    if not np.isfinite(pl.cost_per_month[i]):
        # no operating point meets the SLA: no replicas are planned and nothing is priced; the
        # rate explanation above says why (0 req/s), rather than a 0 replica count or an inf cost
        return [e for e in out if e.quantity not in ("Replicas", "Cost per month")]
    if pl.cost_per_run is not None:
        out.append(
            Explanation(
                quantity="Cost per run",
                value=float(np.nan_to_num(pl.cost_per_run[i])),
                unit="USD/run",
                formula="rented: nodes x price per node-hour x hours a run holds them (training: GPU-hours x "
                "price per GPU-hour); dedicated: cost per month / runs per month",
                inputs={
                    "runs/month": float(pl.runs_per_month or 1.0),
                    "cost per month USD": float(np.nan_to_num(pl.cost_per_month[i])),
                },
            )
        )
    return out


def spares_of(pl: Plan, i: int) -> int:
    """Replicas of point i beyond those serving peak."""
    if pl.redundancy is None or not np.isfinite(pl.replicas[i]):
        return 0
    return int(pl.redundancy.spares[i])


def availability_explanation(pl: Plan, i: int, s: Scenario, gpus: int) -> list[Explanation]:
    """The arithmetic behind the spares: per-unit availability, the binomial N + k, the zones."""
    r, a = pl.redundancy, s.assumptions
    if r is None or not np.isfinite(pl.replicas[i]):
        return []
    p = r.at(i)
    g, ua, z = p.unit_gpus, p.unit_availability, a.zone_availability
    need, spare, zones = int(p.units_needed), int(p.spare_units), p.zones
    unit = (
        f"a node of {g:g} GPUs (its replicas share it)" if g > gpus else f"a replica ({g:g} GPU{'' if g == 1 else 's'})"
    )
    # probabilities as text with the digits their nines need (four significant figures read 1)
    inputs: dict[str, float | str] = {
        "target": percent(r.target),
        "achieved P": percent(p.availability),
        "failure unit": unit,
        "GPU MTBF h": a.gpu_mtbf_hours,
        "unit MTBF h (GPU MTBF / GPUs)": a.gpu_mtbf_hours / max(g, 1.0),
        "repair h": a.repair_hours,
        "unit availability a": f"{ua:.8f}",
        "units for peak N": float(need),
        "zone availability z (one zone gives at most this)": percent(z),
        "one unit in one zone gives (a x z)": percent(ua * z),
    }
    if r.basis == "target":
        total = need + spare
        per_zone = total // max(zones, 1)
        inputs |= {"spare units k": float(spare), "zones D": float(zones), "units per zone m": float(per_zone)}
        why = (
            f"one zone cannot give the target {percent(r.target)} (it is up {percent(z)} of the time at best): "
            f"the units are spread over {zones} zones, and the plan costs every unit"
            if zones > 1
            else f"one zone suffices (the target {percent(r.target)} is below its {percent(z)})"
        )
        formula = (
            "a = MTBF/(MTBF + repair); P = sum_{j=1..D} C(D,j) z^j (1-z)^(D-j) x "
            "sum_{i=N..j m} C(j m, i) a^i (1-a)^(j m - i); smallest D x m = N + k with P >= target "
            f"(D <= {a.max_zones}); {why}; planned maintenance is assumed rolling with surge (a new replica "
            "starts before an old one drains), so only failures count"
        )
        if not r.met[i]:
            formula += f"; no spread over {a.max_zones} zones reaches the target"
    else:
        inputs |= {"spare replicas (fixed)": float(r.spares[i]), "units in all": float(need + spare)}
        said = (
            "redundancy_replicas set in the assumptions: the user's figure wins over the target"
            if r.basis == "assumption"
            else "a job to a deadline runs without spares: a failed node's share is run again"
        )
        formula = f"P = z x sum_{{i=N..n}} C(n,i) a^i (1-a)^(n-i) over the n units deployed in one zone; {said}"
    return [
        Explanation(
            quantity="Availability: time the peak is not served",
            value=(1.0 - p.availability) * a.hours_per_month * 60,
            unit="min/month",
            formula=formula,
            inputs=inputs,
            source="GPU MTBF: Meta, The Llama 3 Herd of Models (arXiv:2407.21783, 2024), 419 unexpected "
            "interruptions in 54 days on 16,384 H100; zone: Microsoft SLA for Virtual Machines, 99.95% for an "
            "Availability Set in one datacenter; repair time: a stated assumption",
        )
    ]


def cost_explanation(pl: Plan, i: int, hw: int, s: Scenario) -> Explanation:
    """How the month's cost was made: serving hours, or a job's runs (rented) or its dedicated month."""
    inputs: dict[str, float | str] = {
        "price basis": pl.price_basis[hw],
        "nodes": float(pl.nodes[i]) if np.isfinite(pl.nodes[i]) else 0.0,
        "hours/month": s.assumptions.hours_per_month,
    }
    if (
        pl.cost_per_run is None
        and pl.node_hours is not None
        and bool(np.isfinite(pl.cost_per_month[i]))
        and (abs(float(pl.node_hours[i]) - float(pl.nodes[i]) * s.assumptions.hours_per_month) > 1e-6)
    ):
        # autoscaled: the month's node-hours from the hourly profile, not nodes x hours
        formula = (
            "node-hours x price per node-hour; node-hours = sum over the 24 profile hours of the nodes "
            "serving that hour's rate x hours/month / 24 (peak nodes in the peak hours, floor nodes otherwise)"
        )
        if s.assumptions.pricing == "spot" and not interruptible(s.workload):
            formula = (
                "floor nodes x hours/month x on-demand price + (node-hours - floor nodes x hours/month) x spot "
                "price x (1 + spot_interruption_rate) (engine.spot: serving keeps its quietest hour's nodes on "
                "on-demand); node-hours = sum over the 24 profile hours of the nodes serving that hour's rate"
            )
        inputs = {
            "price basis": pl.price_basis[hw],
            "peak nodes": float(pl.nodes[i]),
            "peak hours/day": float(pl.peak_hours_per_day or 0.0),
            "floor nodes": float(np.asarray(pl.floor_nodes)[i]) if pl.floor_nodes is not None else 0.0,
            "node-hours/month": float(pl.node_hours[i]),
            "hours/month": s.assumptions.hours_per_month,
        }
        return Explanation(
            quantity="Cost per month",
            value=float(np.nan_to_num(pl.cost_per_month[i])),
            unit="USD/month",
            formula=formula,
            inputs=inputs,
            source="hourly profile: app.engine.deployment.profile.hourly_profile (the deployment comparison's day)",
        )
    if pl.cost_per_run is None:
        formula = "nodes x price per node-hour x hours (dedicated: reserved, bare-metal or on-prem nodes all month)"
    else:
        formula = "rented nodes: cost per run x runs per month; dedicated nodes (on-prem, reserved): their whole month"
        inputs["runs/month"] = float(pl.runs_per_month or 1.0)
        inputs["period basis"] = (pl.period_basis or [""] * (hw + 1))[hw]
    return Explanation(
        quantity="Cost per month",
        value=float(np.nan_to_num(pl.cost_per_month[i])),
        unit="USD/month",
        formula=formula,
        inputs=inputs,
    )

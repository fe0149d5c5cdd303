"""The verdict when nothing in scope works: what binds, in its own words (the hardware, or only the
budget), and each binding constraint named and quantified, with what would fix it, from the best
any candidate reached on that constraint."""

from __future__ import annotations

import math

import numpy as np

from app.domain import (
    INSUFFICIENT_HARDWARE,
    NO_OPTION_WITHIN_BUDGET,
    NO_SUITABLE_MODEL,
    BindingConstraint,
    Scenario,
    Workload,
)
from app.domain.units import GIB
from app.engine.availability import percent
from app.engine.cost import Plan
from app.engine.evaluate import Evaluation, generates
from app.engine.options import budget_fix, fmt_ms, load_words, memory_fix, sensitivity_constraint, speed_fix
from app.engine.violations import KINDS, Masks, max_total_gpus


def verdict(binding: list[BindingConstraint], w: Workload) -> tuple[str, str]:
    """(verdict, kind) when no option is feasible. Kind "budget" when options meet the SLA and
    only the budget rules them out: the verdict then says so with the cheapest such option's cost
    against the budget; "model" when no candidate model reads the workload's inputs (no hardware
    would help); else "hardware": what the hardware in scope cannot do."""
    if binding and all(b.constraint == "modality" for b in binding):
        return f"{NO_SUITABLE_MODEL}: {binding[0].detail}", "model"
    if binding and all(b.constraint == "sensitivity" for b in binding):
        return (
            f"No hardware in scope may hold {w.sensitivity.value} data: {binding[0].detail}",
            "policy",
        )
    if binding and all(b.constraint == "budget" for b in binding):
        cheapest = min(b.required for b in binding)
        return (
            f"{NO_OPTION_WITHIN_BUDGET}: cheapest feasible is ${cheapest:,.0f}/month "
            f"against ${w.budget_usd_per_month or 0:,.0f}",
            "budget",
        )
    if binding and all(b.constraint == "gpus" for b in binding):  # the traffic needs more GPUs than allowed
        return f"{INSUFFICIENT_HARDWARE}: the GPU count binds, {binding[0].detail}", "hardware"
    if w.fine_tuning is not None and binding and binding[0].constraint in ("context", "memory"):
        # a training run refused by its own limits (`kinds.training_limits`), in their words
        return f"No candidate can run this training: {binding[0].line}", "hardware"
    return INSUFFICIENT_HARDWARE, "hardware"


def binding_constraints(ev: Evaluation, pl: Plan, mk: Masks, s: Scenario) -> list[BindingConstraint]:
    """Constraints every candidate breaks, each at the best value any candidate reached.

    When no single constraint rules everything out (it is the combination that does), the
    closest candidate's violations are returned instead."""
    w, sla = s.workload, s.workload.sla
    out: list[BindingConstraint] = []
    b = mk.broken
    if b["sensitivity"].all():
        inst = next(h.instance for h in ev.space.hardware if h.instance is not None)
        return [sensitivity_constraint(inst, w.sensitivity.value)]  # policy, not hardware, binds
    if b["runtime"].all():
        out.append(
            BindingConstraint(
                constraint="runtime",
                required=1,
                available=0,
                unit="",
                detail="no candidate runtime runs on the candidate hardware",
                fix="add llama.cpp for CPUs and SoCs, or vLLM/TensorRT-LLM for GPUs",
            )
        )
    if b["modality"].all():
        images = w.tokens.images_per_request
        out.append(
            BindingConstraint(
                constraint="modality",
                required=1,
                available=0,
                unit="models",
                detail=(
                    f"no candidate model reads images; the workload sends {images:g} image(s) per request"
                    if images > 0
                    else "every candidate is an embedding model, which generates no text"
                ),
                fix="add a vision-language model to the candidates (or leave the model list empty to consider all)"
                if images > 0
                else "add a generative model to the candidates",
            )
        )
        return out  # no hardware, latency or budget figure means anything without a model that can serve
    if b["context"].all():
        need = float(np.max(ev.tokens.max_context))  # [tokens] the longest sequence: prompt + output
        longest = max(ev.space.models, key=lambda m: m.max_context_tokens)
        out.append(
            BindingConstraint(
                constraint="context",
                required=need,
                available=float(longest.max_context_tokens),
                unit="tokens",
                # quantified, as DESIGN asks of each binding constraint (tgui4 D29)
                detail=f"the workload's sequences need {need:,.0f} tokens; the longest candidate context "
                f"window is {longest.max_context_tokens:,.0f} tokens ({longest.name})",
                fix="cap prompts or add a long-context model",
            )
        )
    if b["memory"].all():
        need = ev.weights * ev.features.tp * ev.features.pp + ev.kv_per_token * ev.features.tp * ev.tokens.max_context
        have = (
            ev.features.capacity_bytes * ev.features.memory_fraction * ev.points.gpus
            - (ev.features.reserve_bytes + ev.activations) * ev.points.gpus
        )
        i = int(np.argmax(have - need))  # the candidate that came closest
        out.append(
            BindingConstraint(
                constraint="memory",
                required=round(float(need[i] / GIB), 2),
                available=round(float(max(have[i], 0) / GIB), 2),
                unit="GiB",
                detail=f"{ev.space.models[ev.points.model[i]].name} needs {need[i] / GIB:,.1f} GiB "
                f"(weights + one {ev.tokens.at(i).max_context:,.0f}-token sequence); the largest candidate, "
                f"{ev.points.gpus[i]}x {ev.space.hardware[ev.points.hardware[i]].accelerator.name}, "
                f"has {max(have[i], 0) / GIB:,.1f} GiB left after the runtime reserve",
                fix=memory_fix(ev, i),
            )
        )
    if b["host_memory"].all() and ev.retrieval is not None:
        rag = ev.retrieval
        i = int(np.argmax(rag.host_have_bytes - rag.host_need_bytes))  # the roomiest host
        out.append(
            BindingConstraint(
                constraint="host_memory",
                required=round(float(rag.host_need_bytes[i] / GIB), 2),
                available=round(float(rag.host_have_bytes[i] / GIB), 2),
                unit="GiB host RAM",
                detail=f"the RAG vector index takes {rag.index_bytes / GIB:,.1f} GiB; with the host-side models and "
                f"the OS reserve it needs {rag.host_need_bytes[i] / GIB:,.1f} GiB of host RAM, and the largest "
                f"candidate host ({ev.space.hardware[ev.points.hardware[i]].name}) has "
                f"{rag.host_have_bytes[i] / GIB:,.0f} GiB",
                fix="an instance with more RAM, int8 or binary vectors, a flat/IVF-PQ index, the index on the "
                "GPUs (rag.index_in: gpu), or a separate vector-database tier",
            )
        )
    for key, floor, target, what in (
        ("ttft", ev.ttft_floor, sla.ttft_p95_ms, "prefill compute"),
        ("tpot", ev.tpot_floor, sla.tpot_p95_ms, "memory bandwidth"),
    ):
        if target and b[key].all():
            best = float(floor.min() * 1e3)
            i = int(np.argmin(floor))
            label = "time to first token" if key == "ttft" else "time per output token"
            if key == "ttft" and not generates(ev.space, ev.points)[i]:  # one prefill, one vector back
                label = "latency per request"
            out.append(
                BindingConstraint(
                    constraint=key,
                    required=target,
                    available=round(best, 3),
                    unit="ms",
                    detail=f"{label}: the fastest candidate ({ev.space.hardware[ev.points.hardware[i]].name}, "
                    f"{ev.points.gpus[i]} device(s)) needs {fmt_ms(best)} with no queue, even if memory "
                    f"were no object; SLA {fmt_ms(target)}",
                    fix=speed_fix(best, target, what),
                )
            )
    out += throughput_constraint(ev, pl, mk, s)
    if b["availability"].all() and pl.redundancy is not None:
        r = pl.redundancy
        i = int(np.argmax(r.availability))
        top = r.at(i)
        out.append(
            BindingConstraint(
                constraint="availability",
                required=r.target,
                available=round(top.availability, 9),
                unit="fraction of time",
                detail=f"no candidate reaches the availability target {percent(r.target)}: the best, spread "
                f"over {top.zones} zone(s) of {percent(s.assumptions.zone_availability)} each, gives "
                f"{percent(top.availability)}",
                fix="allow more zones (assumptions.max_zones), a shorter repair time, or a lower target",
            )
        )
    if w.budget_usd_per_month:
        others_ok = np.ones(len(ev.points), dtype=bool)
        for key, m in b.items():
            if key != "budget":
                others_ok &= ~m
        if others_ok.any() and not (others_ok & ~b["budget"]).any():
            cheapest = float(np.nanmin(np.where(others_ok, pl.cost_per_month, np.nan)))
            out.append(
                BindingConstraint(
                    constraint="budget",
                    required=round(cheapest, 2),
                    available=w.budget_usd_per_month,
                    unit="USD/month",
                    detail=f"the cheapest option that meets the SLA costs ${cheapest:,.0f}/month; "
                    f"budget ${w.budget_usd_per_month:,.0f}",
                    fix=budget_fix(s, ev),
                )
            )
    if out:
        return out
    scale = scale_constraint(ev, pl, mk, s)
    if scale:
        return scale
    closest = int(np.lexsort((np.nan_to_num(pl.cost_per_month, nan=np.inf), mk.count()))[0])
    from app.engine.options import violations_of

    return violations_of(ev, pl, mk, closest, s)


# A candidate that breaks none of these could serve the workload if it were allowed enough replicas
# (data policy, runtime, model and memory), and whose one replica meets the latency targets: the
# kinds checked before the scale limits (GPUs, nodes, availability, budget)
FITS = KINDS[: KINDS.index("gpus")]


def scale_constraint(ev: Evaluation, pl: Plan, mk: Masks, s: Scenario) -> list[BindingConstraint]:
    """The GPU count, when it is what rules every candidate out (tgui3 D7: at 1e9 req/s every option
    that fits needs more GPUs than can be planned, and the verdict named a TTFT floor of a candidate
    that does not even fit). [] unless some candidate fits (`FITS`) and every one that fits needs
    more GPUs (or nodes) than allowed. The one that needs the fewest is named with its count."""
    b = mk.broken
    fits = np.ones(len(ev.points), dtype=bool)
    for key in FITS:
        fits &= ~b[key]
    if not fits.any() or not (b["gpus"] | b["nodes"])[fits].all():
        return []
    need = np.where(fits, np.nan_to_num(np.asarray(pl.total_gpus, dtype=np.float64), nan=np.inf), np.inf)
    i = int(np.argmin(need))
    cap = max_total_gpus(s)
    allowed = f"the {cap:,} allowed" if s.constraints.max_total_gpus else f"the {cap:,} of the largest clusters built"
    hw = ev.space.hardware[ev.points.hardware[i]]
    who = f"{ev.space.models[ev.points.model[i]].name} on {hw.name}"
    fewest = (
        f"the fewest, {who}, needs {need[i]:,.0f} GPUs"
        if math.isfinite(need[i])
        else f"even {who} needs more replicas than can be counted"
    )
    return [
        BindingConstraint(
            constraint="gpus",
            required=float(need[i]) if math.isfinite(need[i]) else float(cap) * 10,
            available=cap,
            unit="GPUs",
            detail=f"{load_words(s.workload)}: every candidate that fits needs more GPUs than {allowed}; {fewest} "
            "(latency and memory per replica are met: the GPU count binds)",
            fix=(
                f"allow {need[i]:,.0f} GPUs, a faster option per GPU, or less traffic"
                if s.constraints.max_total_gpus and math.isfinite(need[i])
                else "less traffic (check the traffic figure: no cluster built serves it), or split it "
                "across separate deployments"
            ),
        )
    ]


def throughput_constraint(ev: Evaluation, pl: Plan, mk: Masks, s: Scenario) -> list[BindingConstraint]:
    """Peak traffic versus what the allowed GPUs could serve, when the GPU count is capped."""
    k, w = s.constraints, s.workload
    cap = k.max_total_gpus
    if not cap:
        caps = [h.max_nodes * h.node_gpus for h in ev.space.hardware if h.max_nodes]
        if len(caps) != len(ev.space.hardware):
            return []
        cap = max(caps)
    if not (mk.broken["gpus"] | mk.broken["nodes"] | (ev.max_rate <= 0)).all():
        return []
    # what each candidate could serve with every allowed GPU busy, memory aside
    # (batch-1 closed loop if it serves nothing)
    per_replica = np.where(ev.max_rate > 0, ev.max_rate, ev.curve_rate[:, 0])
    replicas = np.floor(cap / ev.points.gpus)
    capacity = per_replica * replicas
    i = int(np.argmax(capacity))
    peak = w.peak_requests_per_s
    if capacity[i] >= peak:
        return []
    return [
        BindingConstraint(
            constraint="throughput",
            required=peak,
            available=round(float(capacity[i]), 6),
            unit="req/s",
            detail=f"{load_words(w)}; {cap} device(s) of the best candidate serve at most "
            f"{capacity[i]:,.3g} req/s within the SLA",
            fix=f"about {math.ceil(peak / max(capacity[i], 1e-12)):,}x more capacity than allowed: more GPUs, "
            f"a faster accelerator, or less traffic",
        )
    ]

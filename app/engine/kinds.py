"""Figures particular to batch, fine-tuning, RAG, agent and multimodal workloads, computed for
the recommended (else the first) option's model and accelerator."""

from __future__ import annotations

import contextlib
import math

import numpy as np

from app.domain import (
    BindingConstraint,
    Catalog,
    Category,
    DomainError,
    Explanation,
    FineTuneMethod,
    Option,
    Precision,
    Scenario,
    Sizing,
    WorkloadKindResult,
)
from app.domain.units import GIB
from app.engine.tables import FALLBACK_MEMORY_FRACTION, find_efficiency, math_tflops

ADAM_BYTES_PER_PARAM = 16.0  # BF16 weights 2 + BF16 grads 2 + FP32 master 4 + Adam m 4 + v 4
NF4_BYTES_PER_PARAM = 0.5 + 0.127 / 4  # QLoRA NF4 with double-quantised scales (Dettmers et al. 2023)
LORA_TARGET_MATRICES = 7  # q, k, v, o, gate, up, down per layer


def figures(s: Scenario, catalog: Catalog, sz: Sizing) -> WorkloadKindResult | None:
    """The workload kind's figures for the engine's pick (else its first option); None when there is none."""
    o = sz.recommended or (sz.options[0] if sz.options else None)
    if o is None:
        return None
    return figures_for(s, catalog, o)


def figures_for(s: Scenario, catalog: Catalog, o: Option) -> WorkloadKindResult | None:
    """The workload kind's figures for option `o` (a package's recommendation may not be the
    engine's pick: its figures must be this option's); None for a kind without own figures."""
    w = s.workload
    cat = w.category
    if cat in (Category.BATCH, Category.SYNTHETIC_DATA, Category.EVALUATION) and w.batch:
        result = batch(s, o)
        with contextlib.suppress(DomainError):
            if catalog.model(o.model).modality.value == "embedding":
                embedding_job(s, o, result)
        if w.tokens.images_per_request > 0:  # a batch job over pages or photos: its images' story too
            images = multimodal(s, catalog, o)
            result.figures.update(images.figures)
            result.notes.extend(images.notes)
        return result
    if cat is Category.FINE_TUNING and w.fine_tuning:
        return fine_tuning(s, catalog, o)
    if cat is Category.RAG and w.rag:
        return rag(s, catalog, o)
    if cat is Category.AGENT and w.agent:
        return agent(s, o)
    if cat is Category.MULTIMODAL:
        return multimodal(s, catalog, o)
    return None


def batch(s: Scenario, o) -> WorkloadKindResult:
    """A batch job's figures per run and per month: the rate its deadline asks for (derived once,
    `BatchSpec.requests_per_s`), replicas, completion time, GPU-hours and cost with their periods."""
    b = s.workload.batch
    need = b.requests_per_s
    rate = o.requests_per_s_per_replica  # the replica's max rate (no latency SLA: its max throughput)
    serving = max(o.replicas, 1)
    hours = b.total_requests / (rate * serving) / 3600 if rate > 0 else math.inf
    gpu_hours = hours * o.gpus * serving
    out_tokens = b.total_requests * s.workload.tokens.output_tokens
    runs = o.runs_per_month or b.runs_per_month(s.assumptions.hours_per_month)
    per_run = o.cost_per_run_usd if o.cost_per_run_usd is not None else o.cost_per_month_usd / runs
    when = b.recurrence.value.replace("_", " ") + (f", {b.start_window}" if b.start_window else "")
    return WorkloadKindResult(
        kind="batch",
        figures={
            "requests per run": b.total_requests,
            "deadline per run [h]": b.hours_per_run,
            "rate the deadline needs [req/s]": need,
            "runs per month": runs,
            "replicas to meet the deadline": serving,
            "completion time per run [h]": hours,
            "GPU-hours per run": gpu_hours,
            "cost per run [USD]": per_run,
            "cost per month [USD]": o.cost_per_month_usd,
            "output tokens per run": out_tokens,
        },
        notes=[
            f"Each run ({when}) asks {b.total_requests:,} requests in {b.hours_per_run:g} h = {need:,.3g} req/s. "
            f"{serving} replica(s) of {o.label} at {rate:,.3g} req/s each finish it in {hours:,.1f} h.",
            f"Cost ${per_run:,.0f} per run, ${o.cost_per_month_usd:,.0f} per month for {runs:,.3g} run(s) a month "
            f"({o.cost_basis}).",
        ],
        explanations=[
            Explanation(
                quantity="Rate the deadline needs",
                value=need,
                unit="req/s",
                formula="requests per run / (deadline hours x 3600)",
                inputs={"requests": b.total_requests, "deadline h": b.hours_per_run},
            ),
            Explanation(
                quantity="Completion time",
                value=hours,
                unit="h",
                formula="requests / (replicas x max rate) / 3600",
                inputs={
                    "requests": b.total_requests,
                    "replicas": serving,
                    "max rate req/s": o.requests_per_s_per_replica,
                },
            ),
        ],
    )


def embedding_job(s: Scenario, o, result: WorkloadKindResult) -> None:
    """An embedding model's batch run in its own words: each request is one prefill returning one
    vector, so a replica's rate is prefill-bound; tokens embedded per second per replica [tokens/s]
    = max rate [req/s] x input tokens."""
    tokens = s.workload.tokens.input_tokens
    tok_s = o.requests_per_s_per_replica * tokens
    # one vector per request, no generated tokens: the run counts vectors, not output tokens
    if s.workload.batch is not None and result.figures.pop("output tokens per run", None) is not None:
        result.figures["vectors per run"] = s.workload.batch.total_requests
    result.figures["tokens embedded per second per replica"] = tok_s
    result.notes.append(
        f"{o.model} is an embedding model: each request is one prefill of {tokens:,} tokens that returns one "
        f"vector (no text is generated), so a replica's rate is bound by prefill compute: "
        f"{o.requests_per_s_per_replica:,.3g} req/s = {tok_s:,.0f} tokens/s."
    )


def training_flops_per_token(method: FineTuneMethod, active_params: float) -> float:
    """Training FLOPs per token [FLOP]: 6 x active params for full fine-tuning (forward 2 +
    backward 4), 4 x for LoRA/QLoRA (no weight gradients for the frozen base)."""
    return (6.0 if method is FineTuneMethod.FULL else 4.0) * active_params


def training_gpu_hours(space, pts, w) -> np.ndarray:
    """GPU-hours of one training run at each point [GPU-h] = FLOPs per token x dataset tokens x
    epochs / (BF16 peak x prefill MFU) / 3600, the same arithmetic as `fine_tuning` (N,)."""
    ft = w.fine_tuning
    per_model = np.array(
        [training_flops_per_token(ft.method, m.active_params_b * 1e9) for m in space.models], dtype=np.float64
    )
    per_hw = np.empty(len(space.hardware))
    for h, hw in enumerate(space.hardware):
        mfu = find_efficiency(space.efficiency_profiles, None, hw.accelerator.efficiency_class).band(
            "mfu_prefill", "expected"
        )
        per_hw[h] = math_tflops(hw.accelerator, Precision.BF16)[0] * 1e12 * mfu
    with np.errstate(divide="ignore"):
        return per_model[pts.model] * ft.dataset_tokens * ft.epochs / per_hw[pts.hardware] / 3600.0


def attach_training(s: Scenario, catalog: Catalog, o) -> None:
    """Fill a training job's option with its run (`fine_tuning`'s figures): GPUs to hold the
    state, memory per GPU [GiB], GPU-hours and wall-clock hours [h] of one run."""
    figs = fine_tuning(s, catalog, o).figures
    o.train_gpus = int(figs["GPUs the run is priced on"])
    o.train_state_gpus = int(figs["GPUs to hold the state"])
    o.train_memory_gib_per_gpu = figs["memory per GPU [GiB]"]
    o.train_gpu_hours = figs["GPU-hours"]
    o.train_hours = figs["wall-clock hours on those GPUs"]


def fine_tuning(s: Scenario, catalog: Catalog, o) -> WorkloadKindResult:
    ft = s.workload.fine_tuning
    model = catalog.model(o.model)
    accel = catalog.accelerator(o.accelerator)
    params = model.params_total_b * 1e9
    active = model.active_params_b * 1e9
    adapter = (
        model.layers
        * LORA_TARGET_MATRICES
        * ft.lora_rank
        * (model.hidden_size + (model.intermediate_size or 4 * model.hidden_size))
        / 2
        * 2
    )
    if ft.method is FineTuneMethod.FULL:
        state, flops_per_token, label = (
            params * ADAM_BYTES_PER_PARAM,
            6 * active,
            "full fine-tuning (AdamW, BF16 mixed)",
        )
    elif ft.method is FineTuneMethod.LORA:
        state, flops_per_token, label = (
            params * 2 + adapter * ADAM_BYTES_PER_PARAM,
            4 * active,
            f"LoRA r={ft.lora_rank}",
        )
    else:
        state = params * NF4_BYTES_PER_PARAM + adapter * ADAM_BYTES_PER_PARAM
        flops_per_token, label = 4 * active, f"QLoRA r={ft.lora_rank} (NF4 base)"
    # activations with gradient checkpointing: one BF16 hidden state per layer kept, plus one
    # layer recomputed in full (~34 x seq x hidden bytes per sequence, Korthikanti et al. 2022)
    tokens = ft.sequence_length * ft.micro_batch_size
    act = tokens * model.hidden_size * (2 * model.layers + 34)
    usable = accel.memory_gib * GIB * (s.assumptions.gpu_memory_fraction or FALLBACK_MEMORY_FRACTION) - 1.5 * GIB
    # sharding splits the state, never one micro-batch's activations: a GPU they fill holds no share of
    # the state at any GPU count (`training_limits` refuses it), so the count is the one GPU it was
    gpus = max(1, 2 ** math.ceil(math.log2(max(state / (usable - act), 1.0)))) if act < usable else 1
    eff = find_efficiency(catalog.efficiency, None, accel.efficiency_class)
    mfu = eff.band("mfu_prefill", "expected")
    peak, fmt = math_tflops(accel, Precision.BF16)
    total_flops = flops_per_token * ft.dataset_tokens * ft.epochs
    gpu_hours = total_flops / (peak * 1e12 * mfu) / 3600
    # The run trains on every GPU of the nodes it is priced for (cost.job_cost: the GPU-hours spread
    # over nodes x GPUs a node), so its GPUs and wall-clock hours are those, not only the fewest GPUs
    # that hold the state: one 8-GPU node trains 13.3 GPU-h in 1.66 h, priced as 8 GPUs x 1.66 h.
    run_gpus = max(gpus, int(getattr(o, "nodes", None) or 0) * int(getattr(o, "node_gpus", None) or 0))
    price = o.cost_per_run_usd  # a training job's options are priced per run (GPU-hours x price)
    if price is None:
        try:
            inst = catalog.instance(o.hardware)
            hourly = inst.best_price_usd_per_hour(s.assumptions.pricing) or inst.price_on_demand_usd_per_hour
            price = hourly / inst.accelerator_count * gpu_hours if hourly else None
        except DomainError:
            pass
    figs = {
        "usable memory per GPU [GiB]": usable / GIB,
        "trainable state per replica [GiB]": state / GIB,
        "activations per GPU [GiB]": act / GIB,
        "GPUs to hold the state": gpus,
        "memory per GPU [GiB]": (state / gpus + act) / GIB,
        "training FLOPs [PFLOP]": total_flops / 1e15,
        "GPUs the run is priced on": run_gpus,
        "GPU-hours": gpu_hours,
        "wall-clock hours on those GPUs": gpu_hours / run_gpus,
    }
    if price is not None:
        figs["training cost per run [USD]"] = price
    return WorkloadKindResult(
        kind="fine_tuning",
        figures=figs,
        notes=[
            f"{label} of {model.name} on {accel.name}: {state / GIB:,.0f} GiB of weights, gradients and optimiser "
            f"state, sharded over {gpus} GPU(s) (FSDP/ZeRO-3); {total_flops / 1e15:,.0f} PFLOP at "
            f"{mfu:.0%} MFU of {peak:,.0f} {fmt.upper()} TFLOP/s = {gpu_hours:,.1f} GPU-hours"
            + (
                f", trained on the {run_gpus} GPUs of the nodes priced: about {gpu_hours / run_gpus:,.2f} h"
                if run_gpus != gpus
                else ""
            )
            + (f", ${price:,.0f} per run." if price is not None else " (no price for this hardware).")
        ],
        explanations=[
            Explanation(
                quantity="GPU-hours",
                value=gpu_hours,
                unit="GPU-h",
                formula=f"{int(flops_per_token / active)} x active params x tokens x epochs / (peak x MFU) / 3600",
                inputs={
                    "active params": active,
                    "tokens": ft.dataset_tokens,
                    "epochs": ft.epochs,
                    "peak TFLOP/s": peak,
                    "MFU": mfu,
                },
                source=eff.name,
            )
        ],
    )


def training_limits(s: Scenario, catalog: Catalog, o) -> list[BindingConstraint]:
    """What makes a training run of option `o` impossible, quantified: a sequence longer than the
    model's context, or one micro-batch's activations (`fine_tuning`'s figure) above a GPU's usable
    memory, which no sharding of the state over more GPUs relieves. Empty when it can run."""
    ft = s.workload.fine_tuning
    model = catalog.model(o.model)
    out = []
    if ft.sequence_length > model.max_context_tokens:
        out.append(
            BindingConstraint(
                constraint="context",
                required=float(ft.sequence_length),
                available=float(model.max_context_tokens),
                unit="tokens",
                detail=f"a training sequence of {ft.sequence_length:,} tokens is longer than {model.name}'s context "
                f"of {model.max_context_tokens:,} tokens",
                fix="split the documents into sequences the model's context holds, or a long-context model",
            )
        )
    figs = fine_tuning(s, catalog, o).figures
    act, usable = figs["activations per GPU [GiB]"], figs["usable memory per GPU [GiB]"]
    if act >= usable:
        out.append(
            BindingConstraint(
                constraint="memory",
                required=act,
                available=usable,
                unit="GiB per GPU",
                detail=f"one micro-batch's activations ({ft.micro_batch_size} x {ft.sequence_length:,} tokens, "
                f"gradient checkpointing) need {act:,.1f} GiB on each GPU of {o.accelerator}, which has "
                f"{usable:,.1f} GiB usable; sharding the state over more GPUs does not shrink them",
                fix="a smaller micro-batch or shorter sequences, or sequence/context parallelism (not modelled)",
            )
        )
    return out


def rag(s: Scenario, catalog: Catalog, o) -> WorkloadKindResult:
    """The RAG request path of option `o` (embed -> search -> re-rank -> generate), the index's
    memory against the host's RAM, and the corpus embedding job."""
    from app.engine import retrieval as rv

    r = s.workload.rag
    chunks = r.chunks
    emb = catalog.model(r.embedding_model) if r.embedding_model else None
    dim = (emb.embedding_dim if emb is not None else None) or r.embedding_dim
    index = rv.index_bytes(r, dim)
    accel = catalog.accelerator(o.accelerator)
    ram = None
    with contextlib.suppress(DomainError):
        ram = catalog.instance(o.hardware).ram_gib
    host = (
        accel if accel.kind.value == "cpu" else next((x for x in catalog.accelerators if x.kind.value == "cpu"), None)
    )
    models = {n.casefold(): catalog.model(n) for n in (r.embedding_model, r.rerank_model) if n}
    embedder = rv.encoder_of(r.embedding_model, rv.DEFAULT_EMBEDDER, models)
    reranker = rv.encoder_of(r.rerank_model, rv.DEFAULT_RERANKER, models) if r.rerank else None
    p = rv.path_on(r, dim, accel, host, ram, catalog.efficiency, embedder, reranker)
    host_need = p.host_bytes + rv.HOST_RESERVE_GIB * GIB
    generate_ms = o.ttft_p95_ms - p.seconds * 1e3
    figs: dict[str, float] = {
        "chunks": chunks,
        "vector index memory [GiB]": index / GIB,
        "host RAM needed [GiB]": host_need / GIB,
    }
    if ram:
        figs["host RAM [GiB]"] = ram
    figs["embed query [ms]"] = p.embed.seconds * 1e3
    figs["vector search [ms]"] = p.search.seconds * 1e3
    if p.rerank is not None:
        figs["re-rank [ms]"] = p.rerank.seconds * 1e3
    figs["retrieval before prefill [ms]"] = p.seconds * 1e3
    figs["generation TTFT p95 [ms]"] = generate_ms
    figs["TTFT p95 as users see it [ms]"] = o.ttft_p95_ms
    layout = (
        f"{r.index_overhead:g} x the raw vectors (scenario)"
        if r.index_overhead is not None
        else f"+ {r.hnsw_m} x 2 x 4 B of HNSW links per vector (FAISS: (d x 4 + M x 2 x 4) B per vector)"
        if r.index_type.value == "hnsw"
        else "flat: vectors only"
    )
    steps = [
        f"1. embed the {r.query_tokens}-token query with {embedder.name} on {p.embed.device}: "
        f"{p.embed.seconds * 1e3:,.2f} ms",
        f"2. {r.index_type.value.upper()} search in {r.index_in.value} memory on {p.search.device}: "
        f"{p.search.seconds * 1e3:,.2f} ms ({rv.vectors_read(r):,.0f} vectors read)",
    ]
    if p.rerank is not None and reranker is not None:
        steps.append(
            f"3. re-rank {r.rerank_candidates} candidates with {reranker.name} on {p.rerank.device}: "
            f"{p.rerank.seconds * 1e3:,.2f} ms"
        )
    steps.append(f"{len(steps) + 1}. generate: {generate_ms:,.0f} ms p95 to the first token ({o.label})")
    notes = [
        "Request path: " + "; ".join(steps) + f". TTFT as users see it: {o.ttft_p95_ms:,.0f} ms p95 "
        f"(retrieval {p.seconds * 1e3:,.1f} ms included).",
        f"{chunks:,.0f} chunks x {dim} dims x {r.vector_bytes_per_dim:g} B {layout} = {index / GIB:,.2f} GiB of "
        f"vector index in {r.index_in.value} memory; host RAM needed {host_need / GIB:,.1f} GiB with "
        f"{rv.HOST_RESERVE_GIB:g} GiB for the OS and services"
        + (f", the host has {ram:,.0f} GiB." if ram else "; the host's RAM is not in the record."),
    ]
    if r.top_k * r.chunk_tokens > s.workload.tokens.input_tokens:
        notes.append(
            f"top_k {r.top_k} x {r.chunk_tokens} tokens = {r.top_k * r.chunk_tokens:,} retrieved tokens exceed "
            f"the mean prompt of {s.workload.tokens.input_tokens:,}: raise input_tokens to include them."
        )
    explanations = [
        Explanation(
            quantity="Vector index memory",
            value=index / GIB,
            unit="GiB",
            formula="chunks x (dims x bytes per dim + M x 2 x 4 B links) (HNSW; flat: no links)",
            inputs={"chunks": chunks, "dims": dim, "bytes per dim": r.vector_bytes_per_dim, "M": r.hnsw_m},
            source="FAISS wiki, Guidelines to choose an index (IndexHNSWFlat memory per vector)",
        )
    ]
    if emb is not None or r.embedding_model is None:
        params = embedder.matmul_params  # the embedding-table lookup costs no FLOPs
        peak, _ = math_tflops(accel, Precision.BF16)
        mfu = find_efficiency(catalog.efficiency, None, accel.efficiency_class).band("mfu_prefill", "expected")
        tok_s = peak * 1e12 * mfu / (2 * params)
        corpus_tokens = chunks * r.chunk_tokens
        hours = corpus_tokens / tok_s / 3600
        figs.update(
            {
                "embedding throughput per GPU [tokens/s]": tok_s,
                "corpus tokens": corpus_tokens,
                "GPU-hours to embed the corpus": hours,
                "GPUs to re-index within the deadline": math.ceil(hours / r.reindex_hours),
            }
        )
        notes.append(
            f"Embedding the corpus with {embedder.name} on one {accel.name}: {tok_s:,.0f} tokens/s "
            f"(2 x {params / 1e9:.3g}B matmul params per token at {mfu:.0%} MFU); the corpus takes "
            f"{hours:,.1f} GPU-hours, so {math.ceil(hours / r.reindex_hours)} GPU(s) re-index it within "
            f"{r.reindex_hours:g} h."
        )
    return WorkloadKindResult(kind="rag", figures=figs, notes=notes, explanations=explanations)


def agent(s: Scenario, o) -> WorkloadKindResult:
    ag = s.workload.agent
    per_call = o.e2e_p95_ms
    task = ag.calls_per_task * (per_call + ag.tool_latency_ms)
    figs = {
        "calls per task": ag.calls_per_task,
        "model time per call p95 [ms]": per_call,
        "task latency p95 [s]": task / 1000,
    }
    if s.workload.sla.e2e_p95_ms:
        figs["per-call budget [ms]"] = per_call_budget_ms(s.workload)
    return WorkloadKindResult(
        kind="agent",
        figures=figs,
        notes=[
            f"A task chains {ag.calls_per_task:g} calls of {per_call:,.0f} ms (p95, TTFT + generation) plus "
            f"{ag.tool_latency_ms:,.0f} ms of tools each: {task / 1000:,.1f} s per task (sum of p95s: pessimistic)."
        ],
    )


def per_call_budget_ms(w) -> float:
    """An agent's end-to-end SLA is per task: each of its calls gets (SLA - tool time) / calls."""
    ag = w.agent
    return max((w.sla.e2e_p95_ms - ag.calls_per_task * ag.tool_latency_ms) / ag.calls_per_task, 0.0)


def multimodal(s: Scenario, catalog: Catalog, o) -> WorkloadKindResult:
    model = catalog.model(o.model)
    per_image = model.tokens_per_image or 0
    images = s.workload.tokens.images_per_request
    encoder = model.vision_flops_per_image
    notes = [
        f"{images:g} image(s) x {per_image} tokens add {images * per_image:,.0f} tokens to each prefill ({model.name})."
    ]
    if encoder:
        notes.append(
            f"The vision encoder ({model.vision_params_b:g}B parameters, resident in GPU memory) runs once per "
            f"image over {model.vision_patches_per_image or per_image:,} patches: 2 x params x patches = "
            f"{encoder / 1e9:,.0f} GFLOP per image, {images * encoder / 1e12:,.2f} TFLOP per request, counted in "
            f"the prefill (its self-attention is not counted)."
        )
    else:
        notes.append(f"{model.name} does not state its vision encoder's size: the encoder's compute is not counted.")
    return WorkloadKindResult(
        kind="multimodal",
        figures={
            "images per request": images,
            "tokens per image": per_image,
            "image tokens per request": images * per_image,
            "vision encoder GFLOP per image": encoder / 1e9,
        },
        notes=notes,
    )

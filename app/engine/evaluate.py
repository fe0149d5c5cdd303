"""Evaluate every candidate point of a space for a workload: memory, latency over the batch
grid, the best operating point at the SLA, replicas and cost. All vectorised; one call."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.domain import Accelerator, AcceleratorKind, Assumptions, Category, Constraints, Modality, Workload
from app.domain.units import GIB
from app.engine import roofline as rf
from app.engine import serving as sv
from app.engine.power import decode_kernel_share, step_activity, step_power_share
from app.engine.retrieval import RetrievalArrays, retrieval_arrays
from app.engine.space import Points, Space
from app.engine.tables import (
    KV_BYTES,
    PCIE4_X16_GB_S,
    PRECISIONS,
    WEIGHT_BYTES,
    Efficiency,
    ModelTable,
    SchedulerLimits,
    find_efficiency,
    math_tflops,
    scheduler_limits,
)

# Memory the runtime keeps for itself per device (CUDA/ROCm context, CUDA graphs, allocator
# slack): ~1.5 GiB on datacenter GPUs (vLLM logs "CUDA graphs take 0.5-1.5 GiB" plus ~0.5 GiB
# context). On unified-memory SoCs and CPUs the operating system and the runtime share the
# memory: 1 GiB on a SoC (Raspberry Pi OS Lite idles near 0.3 GiB, a desktop near 1 GiB).
RESERVE_GIB = {
    AcceleratorKind.GPU: 1.5,
    AcceleratorKind.NPU: 1.5,
    AcceleratorKind.TPU: 1.0,
    AcceleratorKind.SOC: 1.0,
    AcceleratorKind.CPU: 4.0,
}
LEVELS = ("low", "expected", "high")


# Between nodes whose instance states no scale-out network: an assumption, flagged on each option that
# spans nodes (options.network_flag)
ASSUMED_NETWORK_GBPS = 100.0


def device_reserve_gib(accel: Accelerator) -> float:
    """Memory a model can never use on one device [GiB]: the runtime's own reserve for the kind
    (RESERVE_GIB) plus, on a unified-memory system, what the record says the operating system
    keeps (Accelerator.host_reserved_gib: e.g. the quarter of an Apple Mac's memory outside
    Metal's recommendedMaxWorkingSetSize)."""
    return RESERVE_GIB[accel.kind] + (accel.host_reserved_gib or 0.0)


@dataclass
class Evaluation:
    """Arrays over points (N,) and over points x batch grid (N, B), plus what they came from."""

    space: Space
    points: Points
    features: rf.Features
    efficiency: list[Efficiency]  # per point
    math_format: list[str]  # per point, the format the matmuls run in
    batch: np.ndarray  # (B,)
    tokens: sv.TokenShape
    # memory, per GPU [B]
    weights: np.ndarray
    kv_per_token: np.ndarray
    activations: np.ndarray
    kv_budget: np.ndarray
    max_seqs: np.ndarray
    fits: np.ndarray
    # latency over the grid [s]
    prefill: np.ndarray  # (N,) mean prompt
    prefill_p95: np.ndarray  # (N,) p95 prompt
    step: np.ndarray  # (N, B) time between tokens without prefill interference
    step_mem: np.ndarray
    step_comp: np.ndarray
    step_comm: np.ndarray
    curve_latency: np.ndarray  # (N, B) request latency, closed loop
    curve_rate: np.ndarray  # (N, B) requests/s per replica
    curve_tpot: np.ndarray
    curve_tpot_p95: np.ndarray  # [s] serving.tpot_p95: what the TPOT SLA is judged on
    curve_ttft_p95: np.ndarray
    reachable: np.ndarray  # (N, B) batch fits in KV and the scheduler
    within_sla: np.ndarray  # (N, B)
    # operating point
    max_rate: np.ndarray  # (N,) max sustainable requests/s per replica at the SLA (0 = none)
    best_batch_index: np.ndarray  # (N,) grid index giving max_rate
    ttft_floor: np.ndarray  # (N,) unloaded TTFT at the p95 prompt [s], retrieval included
    tpot_floor: np.ndarray  # (N,) batch-1 TPOT [s]
    prefix_cached: np.ndarray  # (N,) prompt tokens each request reads from the prefix cache
    # (N,) GPU time one mean prompt's prefill takes from a loaded replica [s] (retrieval's share included)
    prefill_busy: np.ndarray | None = None
    retrieval: RetrievalArrays | None = None  # RAG: embed -> search -> re-rank, before prefill
    # (N, B) the share of (P_busy - P_idle) a serving GPU draws over a decode step [1], what every
    # energy figure scales by (the name is the model's before): by default the step's activity
    # (engine.power.step_power_share of mem_share and comp_share, P_busy = TDP); with
    # busy_power_fraction set, the share of the step a GPU runs kernels, not waiting on all-reduce or
    # the runtime's per-step work (engine.power.decode_kernel_share). None: not computed (taken as 1)
    kernel_share: np.ndarray | None = None
    # (N, B) the shares of the step the memory system and the tensor cores would be busy at their
    # peaks with the step's bytes and FLOPs [1] (engine.power.step_activity); None: not computed
    mem_share: np.ndarray | None = None
    comp_share: np.ndarray | None = None

    @property
    def request_s(self) -> np.ndarray:
        """(N,) one request's time in service alone [s]: the closed-loop request latency at the
        smallest batch of the grid (1), what `engine.power.active_share` reads as T."""
        return np.asarray(self.curve_latency[:, 0], dtype=np.float64)

    @property
    def peak_rate(self) -> np.ndarray:
        """(N,) the most one replica serves at any batch it can hold, the SLA aside [req/s]: the
        highest closed-loop rate of the reachable grid (0 where none), what `engine.power.active_share`
        reads as lambda_max (a replica serving lambda is busy at least lambda / lambda_max of the time).
        For a batch job (no SLA) it is `max_rate`."""
        rate = np.where(self.reachable, np.nan_to_num(self.curve_rate, nan=0.0, posinf=0.0), 0.0)
        return np.asarray(np.max(rate, axis=1, initial=0.0), dtype=np.float64)

    @property
    def tokens_per_request(self) -> np.ndarray:
        """(N,) tokens one request is counted for in "per 1M tokens" figures [tokens]: every
        token the model processes, i.e. the prompt's text tokens, its image tokens (each point's
        model's tokens_per_image x images per request) and the generated output tokens. An
        embedding model generates none (it returns one vector), so only its prompt counts."""
        out = np.where(generates(self.space, self.points), self.tokens.output, 0.0)
        return np.asarray(np.broadcast_to(self.tokens.input, out.shape) + out, dtype=np.float64)

    @property
    def operating_kernel_share(self) -> np.ndarray:
        """(N,) the share of a decode step each GPU runs kernels [1] at the operating point (the
        batch of `best_batch_index`), what `engine.power` scales the busy power by; 1 where unknown."""
        if self.kernel_share is None:
            return np.ones(len(self.best_batch_index))
        return np.asarray(self.kernel_share[np.arange(len(self.best_batch_index)), self.best_batch_index])


def loaded_prefill_s(ev: Evaluation, idx: np.ndarray) -> np.ndarray:
    """GPU time one mean prompt's prefill takes from a loaded replica [s] for each point of `idx`
    (`Evaluation.prefill_busy`; the prefill over the pipeline stages where an evaluation has none)."""
    if ev.prefill_busy is not None:
        return np.asarray(ev.prefill_busy[idx], dtype=np.float64)
    return np.asarray(ev.prefill[idx] / ev.features.pp[idx], dtype=np.float64)


def kernel_share_at_rate(ev: Evaluation, rate: np.ndarray | float) -> np.ndarray:
    """(N,) the share of a decode step each GPU runs kernels [1] when one replica serves `rate`
    [req/s] (N,) or one rate for all: k along the point's closed-loop curve at the batch that
    serves that rate, linear in rate between the two grid batches around it (the grid is coarse:
    1.3x a step), no further than the operating batch (`best_batch_index`, the SLA's max rate).
    At or above the max rate, or where nothing serves, the operating point's k. 1 where unknown.

    The batch a load runs at is set by the load (Little's law: batch = rate x latency), and k with
    it: the per-step overhead and the all-reduces weigh more in a small batch's short step. So an
    option carrying 2 req/s reads k where 2 req/s runs, as `archwise estimate` at 2 req/s does."""
    return share_at_rate(ev, ev.kernel_share, rate)


def share_at_rate(ev: Evaluation, table: np.ndarray | None, rate: np.ndarray | float) -> np.ndarray:
    """(N,) a per-batch share [1] (`table`, (N, B): `kernel_share`, `mem_share`, `comp_share`) read
    where one replica serves `rate` [req/s], as `kernel_share_at_rate` reads k; 1 where `table` is None."""
    if table is None:
        return np.ones(len(ev.best_batch_index))
    n = len(ev.best_batch_index)
    rows = np.arange(n)
    best = ev.best_batch_index
    want = np.broadcast_to(np.asarray(rate, dtype=np.float64), (n,))
    cols = np.arange(ev.curve_rate.shape[1])[None, :]
    curve = np.where(cols <= best[:, None], np.nan_to_num(ev.curve_rate, nan=0.0), -np.inf)
    above = curve >= want[:, None]
    j = np.where(above.any(axis=1), np.argmax(above, axis=1), best)
    j = np.minimum(j, best)
    lo = np.maximum(j - 1, 0)
    r0, r1 = curve[rows, lo], curve[rows, j]
    k0, k1 = table[rows, lo], table[rows, j]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where((j > 0) & (r1 > r0), (want - r0) / (r1 - r0), 1.0)
    k = k0 + np.clip(t, 0.0, 1.0) * (k1 - k0)
    return np.asarray(np.where(ev.max_rate > 0, k, table[rows, best]))


def load_kernel_share(ev: Evaluation, mean_rate: float, batch_job: bool, table: np.ndarray | None = None) -> np.ndarray:
    """(N,) k [1] at each point's own operating load (`kernel_share_at_rate`): serving carries the
    workload's mean rate [req/s] on the replicas it needs, mean / ceil(mean / max rate) each (the
    autoscaled hour's share, and what a dedicated node's serving slots carry); a batch job's replicas
    run at the max rate while a run lasts (the rate its replicas are sized for): the operating k.
    `table` (N, B): another per-batch share read at the same load (the step's u_mem or u_comp:
    `ev.mem_share`, `ev.comp_share`); None: k itself."""
    table = ev.kernel_share if table is None else table
    if batch_job or mean_rate <= 0:
        if table is None:
            return np.ones(len(ev.best_batch_index))
        return np.asarray(table[np.arange(len(ev.best_batch_index)), ev.best_batch_index])
    serving = ev.max_rate > 0
    per = np.where(serving, ev.max_rate, 1.0)
    replicas = np.maximum(np.ceil(mean_rate / per - 1e-9), 1.0)
    return share_at_rate(ev, table, np.where(serving, np.minimum(mean_rate / replicas, per), 0.0))


def e2e_target_ms(w: Workload) -> float | None:
    """The end-to-end target one model call must meet: the SLA, or for an agent (whose SLA is per
    task) the task's budget after tool time, shared by its sequential calls."""
    if not w.sla.e2e_p95_ms:
        return None
    if w.category is Category.AGENT and w.agent:
        from app.engine.kinds import per_call_budget_ms

        return per_call_budget_ms(w)
    return w.sla.e2e_p95_ms


def generates(space: Space, pts: Points) -> np.ndarray:
    """(N,) whether each point's model generates tokens: False for an embedding model, whose
    request is one prefill returning one vector (no decode step, no output tokens)."""
    embeds = np.array([m.modality is Modality.EMBEDDING for m in space.models], dtype=bool)
    return ~embeds[pts.model] if len(space.models) else np.ones(len(pts), dtype=bool)


def image_tokens_per_image(space: Space, pts: Points, images: float) -> float | np.ndarray:
    """Tokens one image adds to each point's prompt: its own model's tokens_per_image (the largest
    among the image readers for a model that does not read images). A scalar where every point's model agrees (text-only
    workloads always), so their arithmetic stays scalar; 0 without images."""
    if images <= 0:
        return 0.0
    most = float(max([m.tokens_per_image or 0 for m in space.models if m.reads_images] + [0]))
    # a model that does not read images is refused by name; it keeps the largest figure
    per_model = np.array([float(m.tokens_per_image or 0) if m.reads_images else most for m in space.models])
    per_point = per_model[pts.model]
    if len(per_point) == 0 or np.all(per_point == per_point[0]):
        return float(per_point[0]) if len(per_point) else 0.0
    return per_point


def prompt_shape(space: Space, pts: Points, workload: Workload) -> tuple[sv.TokenShape, float | np.ndarray]:
    """Each point's token shape (prompt text + images x its model's tokens per image, after prefix
    caching) and its vision encoder's work on one request's images [FLOP] (0 for text models or
    without images): what every prefill counts, the analytic model's and the simulation's."""
    images = workload.tokens.images_per_request
    tok = sv.TokenShape.of(workload, image_tokens_per_image(space, pts, images))
    encoder = images * np.array([m.vision_flops_per_image for m in space.models])[pts.model] if images > 0 else 0.0
    return tok, encoder


def gather(space: Space, pts: Points, a: Assumptions, level: str = "expected") -> tuple[rf.Features, list, list]:
    mt = ModelTable.of(space.models)
    m, h, r = pts.model, pts.hardware, pts.runtime
    accels = [hw.accelerator for hw in space.hardware]
    # per (hardware, runtime, precision) lookups, cached because there are few distinct triples
    # (a profile may be keyed to a weight precision, so efficiency is per (hardware, runtime, precision))
    eff_cache: dict[tuple[int, int, int], Efficiency] = {}
    peak_cache = space.math_peaks
    n = len(pts)
    mfu_p, mbu, mfu_d, over, arl, are, peak = (np.empty(n) for _ in range(7))
    keys_hr, at_hr = np.unique((h * 1000 + r) * 100 + pts.precision, return_inverse=True)
    for key in keys_hr:
        pair, pi = divmod(int(key), 100)
        hi, ri = divmod(pair, 1000)
        known = space.runtime_factors.get((hi, ri, pi))
        if known is None:
            known = space.runtime_factors[(hi, ri, pi)] = find_efficiency_for(space, hi, ri, pi)
        eff_cache[(hi, ri, pi)] = known
    keys_hp, at_hp = np.unique(h * 100 + pts.precision, return_inverse=True)
    for key in keys_hp:
        hi, pi = divmod(int(key), 100)
        if (hi, pi) not in peak_cache:
            peak_cache[(hi, pi)] = math_tflops(accels[hi], PRECISIONS[pi])
    # per point through the index of its distinct pair: work per pair, then one gather per array
    # (a loop over pairs with a mask each costs pairs x points, which grows with the catalog squared)
    ihr, ihp = at_hr.reshape(-1), at_hp.reshape(-1)
    eff_of = list(eff_cache.values())  # in keys_hr order (inserted so)
    effs = [eff_of[i] for i in ihr.tolist()]
    peaks = [peak_cache[divmod(int(key), 100)] for key in keys_hp]  # the space's cache holds more
    fmt_of = [f for _, f in peaks]
    fmts = [fmt_of[i] for i in ihp.tolist()]
    peak[:] = np.array([p for p, _ in peaks] or [0.0], dtype=np.float64)[ihp]
    knobs = (a.gpu_memory_fraction, a.max_concurrent_sequences, a.max_batched_tokens)
    limits = []
    for hi, ri, _ in eff_cache:  # memory share and scheduler caps do not depend on the precision
        lim = space.scheduler_limits.get((hi, ri, *knobs))
        if lim is None:
            lim = space.scheduler_limits[(hi, ri, *knobs)] = limits_for(space, hi, ri, a)
        limits.append(lim)

    def per_pair(values: list[float]) -> np.ndarray:
        return np.array(values or [0.0], dtype=np.float64)[ihr]

    mem_frac = per_pair([lim.memory_fraction for lim in limits])
    max_bt = per_pair([lim.max_batched_tokens for lim in limits])
    max_sq = per_pair([lim.max_sequences for lim in limits])
    mfu_p[:] = per_pair([e.band("mfu_prefill", level) for e in eff_of])
    mbu[:] = per_pair([e.band("mbu_decode", level) for e in eff_of])
    mfu_d[:] = per_pair([e.band("mfu_decode", level) for e in eff_of])
    over[:] = per_pair([(e.profile.step_overhead_ms if e.profile else 2.0) * 1e-3 for e in eff_of])
    arl[:] = per_pair([(e.profile.allreduce_latency_us if e.profile else 20.0) * 1e-6 for e in eff_of])
    are[:] = per_pair([e.profile.allreduce_bus_efficiency if e.profile else 0.6 for e in eff_of])
    if level != "expected":  # the overhead band: pessimistic end +50%, optimistic end -30%
        over = over * (1.5 if level == "low" else 0.7)
    cap = np.array([x.memory_gib for x in accels])[h] * GIB
    bw = np.array([x.memory_bandwidth_gb_s for x in accels])[h] * 1e9
    link = np.array([x.scale_up_bandwidth_gb_s or PCIE4_X16_GB_S for x in accels])[h] * 1e9
    net = (
        np.array(
            [
                (hw.instance.network_gbps if hw.instance and hw.instance.network_gbps else ASSUMED_NETWORK_GBPS)
                / 8
                / hw.node_gpus
                for hw in space.hardware
            ]
        )[h]
        * 1e9
    )
    node = np.array([hw.node_gpus for hw in space.hardware])[h]
    hop = np.where(pts.gpus > node, net, link)
    reserve = np.array([device_reserve_gib(x) for x in accels])[h] * GIB
    f = rf.Features(
        params_total=mt.params_total[m],
        params_active=mt.params_active[m],
        dense_params=mt.dense_params[m],
        routed_params=mt.routed_params[m],
        experts=mt.experts[m],
        experts_per_token=mt.experts_per_token[m],
        layers=mt.layers[m],
        hidden=mt.hidden[m],
        intermediate=mt.intermediate[m],
        heads=mt.heads[m],
        kv_heads=mt.kv_heads[m],
        head_dim=mt.head_dim[m],
        mla_latent=mt.mla_latent[m],
        tp=pts.tp.astype(np.float64),
        pp=pts.pp.astype(np.float64),
        weight_bytes=WEIGHT_BYTES[pts.precision],
        kv_bytes=KV_BYTES[pts.kv_precision],
        capacity_bytes=cap,
        bandwidth=bw,
        peak_flops=peak * 1e12,
        link=link,
        hop_link=hop,
        reserve_bytes=reserve,
        mfu_prefill=mfu_p,
        mbu=mbu,
        mfu_decode=mfu_d,
        step_overhead_s=over,
        allreduce_latency_s=arl,
        allreduce_bus_eff=are,
        memory_fraction=mem_frac,
        max_batched_tokens=max_bt,
        max_sequences=max_sq,
    )
    return f, effs, fmts


def limits_for(space: Space, hw_index: int, rt_index: int, a: Assumptions) -> SchedulerLimits:
    """Memory share and scheduler caps of runtime `rt_index` on hardware `hw_index`."""
    rt = space.runtimes[rt_index] if space.runtimes else None
    return scheduler_limits(rt, space.hardware[hw_index].accelerator, a)


def find_efficiency_for(space: Space, hw_index: int, rt_index: int, precision_code: int | None = None) -> Efficiency:
    return find_efficiency(
        space.efficiency_profiles,
        space.runtimes[rt_index],
        space.hardware[hw_index].accelerator.efficiency_class,
        None if precision_code is None else PRECISIONS[precision_code],
    )


def evaluate(
    space: Space,
    pts: Points,
    workload: Workload,
    a: Assumptions,
    constraints: Constraints | None = None,
    level: str = "expected",
    batch: np.ndarray | None = None,
) -> Evaluation:
    f, effs, fmts = gather(space, pts, a, level)
    rag = retrieval_arrays(space, pts, workload.rag) if workload.rag is not None else None
    if rag is not None:  # an index or encoder on the replica's accelerators takes from the KV cache
        f = replace(f, reserve_bytes=f.reserve_bytes + rag.gpu_bytes_per_device)
    tok, encoder = prompt_shape(space, pts, workload)
    batch = sv.BATCH_GRID if batch is None else np.asarray(batch, dtype=np.float64)
    # memory
    weights = rf.weights_per_gpu(f)
    kvpt = rf.kv_per_token_per_gpu(f)
    act = rf.activation_bytes(f)
    budget = rf.kv_budget_bytes(f)
    # an embedding model's sequence is its prompt: it generates nothing, so holds no output tokens
    gen = generates(space, pts)
    held = tok.max_context if gen.all() else np.where(gen, tok.max_context, tok.max_context - tok.output_p95)
    max_seqs = rf.max_sequences(f, held, a.kv_block_size)
    fits = max_seqs >= 1
    # latency
    # a runtime without prefix caching prefills the shared prefix with every request
    caches = np.array([rt.features.prefix_caching for rt in space.runtimes], dtype=bool)[pts.runtime]
    cached = np.where(caches, tok.cached_prefill, 0.0)
    prefill = rf.prefill_s(f, tok.new_prefill + tok.cached_prefill - cached, cached, encoder)
    prefill95 = rf.prefill_s(f, tok.new_prefill_p95 + tok.cached_prefill - cached, cached, encoder)
    # GPU time a prefill takes from a loaded replica: packed into shared chunked-prefill steps, it
    # pays no per-step latency; pipelined, each stage is busy 1/PP of it
    busy = (prefill - rf.prefill_fixed_latency_s(f)) / f.pp  # = rf.prefill_busy_s(...) / PP
    if rag is not None:  # query embedding and re-ranking on the accelerator share it with prefill
        busy = busy + rag.gpu_busy_s
    spec = sv.speculative_tokens_per_step(a.speculative_draft_tokens, a.speculative_acceptance_rate)
    speculates = np.array([rt.features.speculative_decoding for rt in space.runtimes], dtype=bool)[pts.runtime]
    draft_k = a.speculative_draft_tokens
    per_seq = np.where(speculates, draft_k + 1.0, 1.0)[:, None] if draft_k else 1.0
    context = tok.decode_context[:, None] if isinstance(tok.decode_context, np.ndarray) else tok.decode_context
    step, parts = rf.decode_token_s(f, np.broadcast_to(batch, (len(pts), batch.size)), context, per_seq)
    # one GPU (of one stage) runs its kernels once per micro-batch of the step: min(PP, batch) x the
    # stage step less its all-reduces and overhead; the rest of the token step it waits (all-reduce,
    # per-step overhead, the other stages, the hops): engine.power.decode_kernel_share
    micro = np.minimum(f.pp[:, None], np.maximum(batch, 1.0))
    kernel_s = micro * (parts["t"] - parts["t_comm"] - f.step_overhead_s[:, None])
    # the time one GPU's memory system and tensor cores are busy in one token step, at the rates the
    # roofline attains (bandwidth x MBU, peak x MFU) [s]: engine.power.step_activity
    mem_s, comp_s = micro * parts["t_mem"], micro * parts["t_comp"]
    if spec > 1.0:  # runtimes without speculative decoding decode one token per step
        draft = a.speculative_draft_tokens * sv.DRAFT_COST_SHARE * parts["t_mem"] * f.pp[:, None]
        whole = np.where(speculates[:, None], step + draft, step)  # the draft runs on the same GPUs
        kernels = decode_kernel_share(whole, whole - kernel_s - np.where(speculates[:, None], draft, 0.0), 0.0)
        # the draft reads its weights: memory-bound time (draft is t_mem's share already)
        mem_s = mem_s + np.where(speculates[:, None], draft, 0.0)
        mem_share, comp_share = step_activity(mem_s, comp_s, whole)
        step = np.where(speculates[:, None], (step + draft) / spec, step)
    else:
        kernels = decode_kernel_share(step, step - kernel_s, 0.0)
        mem_share, comp_share = step_activity(mem_s, comp_s, step)
    # an embedding model's request ends with its prefill (one vector back): no decode step to wait for
    gen = generates(space, pts)
    step = np.where(gen[:, None], step, 0.0)
    kernels = np.where(gen[:, None], kernels, 1.0)  # a prefill-only request runs kernels throughout
    # the share of (P_busy - P_idle) a serving GPU draws [1]: the step's activity by default, the
    # share of the step in kernels when the user states a busy power (busy_power_fraction x TDP)
    power = kernels if a.busy_power_fraction is not None else step_power_share(mem_share, comp_share)
    power = np.where(gen[:, None], power, 1.0)  # a prefill-only request: compute-bound throughout
    loop = sv.closed_loop(prefill, busy, step, batch[None, :], tok.output)
    cv2, cs2 = sv.ARRIVAL_CV2[workload.arrival_pattern], sv.service_cv2(workload)
    # p95 TTFT: step-level queueing on mean prompts (prompt variability is in c_s^2), never below one
    # p95 prompt alone
    ttft95 = np.maximum(
        sv.ttft_p95(prefill[:, None], step, busy[:, None], loop["rate"], cv2, cs2), prefill95[:, None] + step
    )
    # an embedding request is all prefill: with k in flight the GPU never idles, and Kingman's queue
    # at utilisation ~1 would read ~1,500 x prefill; each request waits for the k prefills it shares
    # the GPU with (closed_loop's latency, k x prefill), never less than one p95 prompt alone
    ttft95 = np.where(gen[:, None], ttft95, np.maximum(loop["latency"], prefill95[:, None]))
    retrieval_s = rag.seconds if rag is not None else np.zeros(len(pts))
    ttft95 = ttft95 + retrieval_s[:, None]  # TTFT as users see it: retrieval comes first
    tpot = loop["tpot"]
    # the SLA is a p95: a request that overlaps more prefills than the mean decodes slower
    tpot95 = sv.tpot_p95(tpot, step, batch, loop["rate"], busy, tok.output, cv2, cs2, sv.output_sigma(workload))
    reachable = (batch[None, :] <= max_seqs[:, None]) & (batch[None, :] <= f.max_sequences[:, None])
    ev = Evaluation(
        space=space,
        points=pts,
        features=f,
        efficiency=effs,
        math_format=fmts,
        batch=batch,
        tokens=tok,
        weights=weights,
        kv_per_token=kvpt,
        activations=act,
        kv_budget=budget,
        max_seqs=max_seqs,
        fits=fits,
        prefill=prefill,
        prefill_p95=prefill95,
        step=step,
        step_mem=parts["t_mem"] * f.pp[:, None],
        step_comp=parts["t_comp"] * f.pp[:, None],
        step_comm=parts["t_comm"] * f.pp[:, None],
        curve_latency=loop["latency"],
        curve_rate=loop["rate"],
        curve_tpot=tpot,
        curve_tpot_p95=tpot95,
        curve_ttft_p95=ttft95,
        reachable=reachable,
        within_sla=reachable,
        max_rate=np.zeros(len(pts)),
        best_batch_index=np.zeros(len(pts), int),
        ttft_floor=prefill95 + np.where(gen, f.step_overhead_s, 0.0) + retrieval_s,
        tpot_floor=step[:, 0],
        prefix_cached=cached,
        prefill_busy=busy,
        retrieval=rag,
        kernel_share=power,
        mem_share=np.where(gen[:, None], mem_share, 0.0),
        comp_share=np.where(gen[:, None], comp_share, 1.0),
    )
    return with_sla(ev, workload)


def with_sla(ev: Evaluation, workload: Workload) -> Evaluation:
    """`ev` judged against `workload`'s SLA: which grid points meet it, and each point's best
    sustainable rate. The only part of an evaluation the SLA changes (so an SLA what-if can
    reuse the rest)."""
    sla = workload.sla
    ok = ev.reachable.copy()
    if sla.ttft_p95_ms:
        ok &= ev.curve_ttft_p95 * 1e3 <= sla.ttft_p95_ms
    if sla.tpot_p95_ms:
        ok &= ev.curve_tpot_p95 * 1e3 <= sla.tpot_p95_ms
    if sla.e2e_p95_ms:
        e2e95 = ev.curve_ttft_p95 + (ev.tokens.output_p95 - 1) * ev.curve_tpot
        ok &= e2e95 * 1e3 <= e2e_target_ms(workload)
    rate_ok = np.where(ok, ev.curve_rate, 0.0)
    best = np.argmax(rate_ok, axis=1)
    return replace(ev, within_sla=ok, max_rate=rate_ok[np.arange(len(best)), best], best_batch_index=best)

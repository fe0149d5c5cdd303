"""Memory, prefill and decode-step time for many candidate points at once (roofline with
efficiency factors). Arrays of shape (N,) hold one value per point; decode functions take a
batch grid and return (N, B). Formulas: the README's "How the numbers are computed" and
docs/architecture.md (the evaluate step); symbols in comments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALLREDUCE_BYTES_PER_ELEMENT = 2.0  # activations travel in BF16/FP16
HOP_LATENCY_S = 20e-6  # one pipeline-stage send/recv, small message (NCCL p2p)
# Rows per expert that sets how much less efficient a decode step's grouped expert GEMM is than a
# full-size GEMM (see expert_gemm_fill). Chosen on the validation set's MoE train rows only.
EXPERT_GEMM_ROWS = 48.0


@dataclass
class Features:
    """Everything the formulas read, gathered per point (all arrays of shape (N,))."""

    # model
    params_total: np.ndarray
    params_active: np.ndarray
    dense_params: np.ndarray
    routed_params: np.ndarray
    experts: np.ndarray
    experts_per_token: np.ndarray
    layers: np.ndarray
    hidden: np.ndarray
    intermediate: np.ndarray
    heads: np.ndarray
    kv_heads: np.ndarray
    head_dim: np.ndarray
    mla_latent: np.ndarray
    # deployment
    tp: np.ndarray
    pp: np.ndarray
    weight_bytes: np.ndarray  # per parameter
    kv_bytes: np.ndarray  # per element
    # device
    capacity_bytes: np.ndarray
    bandwidth: np.ndarray  # B/s
    peak_flops: np.ndarray  # FLOP/s for the math format
    link: np.ndarray  # B/s per direction, scale-up
    hop_link: np.ndarray  # B/s for pipeline hops (scale-out when stages span nodes)
    reserve_bytes: np.ndarray
    # efficiency
    mfu_prefill: np.ndarray
    mbu: np.ndarray
    mfu_decode: np.ndarray
    step_overhead_s: np.ndarray
    allreduce_latency_s: np.ndarray
    allreduce_bus_eff: np.ndarray
    # serving knobs, per point: the scenario's assumption or the runtime's default
    memory_fraction: np.ndarray
    max_batched_tokens: np.ndarray
    max_sequences: np.ndarray  # the scheduler's cap on running requests

    def subset(self, idx: np.ndarray) -> Features:
        out = {}
        for name, value in self.__dict__.items():
            out[name] = value[idx] if isinstance(value, np.ndarray) else value
        return Features(**out)


# --------------------------------------------------------------------------- memory


def weights_per_gpu(f: Features) -> np.ndarray:
    """W = params x bytes/param / (TP x PP)  [B]."""
    return f.params_total * f.weight_bytes / (f.tp * f.pp)


def kv_per_token_per_gpu(f: Features) -> np.ndarray:
    """Bytes one token adds to the KV cache on one GPU [B].

    GQA/MHA/MQA: 2 (K and V) x layers/PP x ceil(kv_heads / TP) x head_dim x bytes; KV heads
    replicate when TP > kv_heads, hence the ceiling. MLA caches one latent (kv_lora_rank +
    rope dims) per layer, replicated on every TP rank.
    """
    layers = f.layers / f.pp
    gqa = 2 * layers * np.ceil(f.kv_heads / f.tp) * f.head_dim * f.kv_bytes
    mla = layers * f.mla_latent * f.kv_bytes
    return np.where(f.mla_latent > 0, mla, gqa)


def activation_bytes(f: Features) -> np.ndarray:
    """Peak activation workspace for one chunk of max_batched_tokens [B].

    Per token: the MLP's gate+up output (2 x intermediate / TP) and ~4 hidden-size buffers
    (residual, norm, attention in/out), in 2-byte activations. This is what vLLM's profiling
    run measures before it hands the rest of memory to the KV cache.
    """
    per_token = (2 * f.intermediate / f.tp + 4 * f.hidden) * 2.0
    return f.max_batched_tokens * per_token


def kv_budget_bytes(f: Features) -> np.ndarray:
    """What the KV cache may use per GPU: usable - weights - reserve - activations [B] (may be < 0)."""
    usable = f.capacity_bytes * f.memory_fraction
    return usable - weights_per_gpu(f) - f.reserve_bytes - activation_bytes(f)


def max_sequences(f: Features, context_tokens: float, block_tokens: int) -> np.ndarray:
    """Sequences whose KV (context rounded up to whole KV pages) fits in the budget."""
    pages = np.ceil(context_tokens / block_tokens) * block_tokens
    per_seq = pages * kv_per_token_per_gpu(f)
    return np.maximum(np.floor(kv_budget_bytes(f) / per_seq), 0.0)


# --------------------------------------------------------------------------- compute


def allreduce_s(f: Features, nbytes: np.ndarray) -> np.ndarray:
    """One ring all-reduce across the TP group: latency + 2 (n-1)/n x bytes / (link x bus eff) [s]."""
    n = f.tp
    if nbytes.ndim == 2:
        n, lat, link, eff = n[:, None], f.allreduce_latency_s[:, None], f.link[:, None], f.allreduce_bus_eff[:, None]
    else:
        lat, link, eff = f.allreduce_latency_s, f.link, f.allreduce_bus_eff
    wire = 2 * (n - 1) / n * nbytes / (link * eff)
    return np.where(n > 1, lat + wire, 0.0)


def prefill_flops(f: Features, new_tokens: np.ndarray | float, cached_tokens: np.ndarray | float = 0.0) -> np.ndarray:
    """2 x active params x new tokens + causal attention 4 x layers x heads x head_dim x new x (cached + new/2)."""
    linear = 2 * f.params_active * new_tokens
    attention = 4 * f.layers * f.heads * f.head_dim * new_tokens * (cached_tokens + new_tokens / 2)
    return linear + attention


def prefill_s(f: Features, new_tokens, cached_tokens=0.0, encoder_flops=0.0) -> np.ndarray:
    """Latency to prefill one request [s]: its FLOPs over TP GPUs at peak x MFU, plus two
    all-reduces per layer of the prompt's activations, plus PP-1 stage hops. Stages run one
    after the other for a single request, so PP does not shorten it.

    `encoder_flops` [FLOP] is a vision encoder's work on the request's images (images x 2 x
    vision params x patches), run before the language model's prefill on the same GPUs."""
    new = np.asarray(new_tokens, dtype=np.float64)
    flops = prefill_flops(f, new, cached_tokens) + encoder_flops
    compute = flops / (f.tp * f.peak_flops * f.mfu_prefill)
    comm = 2 * f.layers * allreduce_s(f, new * f.hidden * ALLREDUCE_BYTES_PER_ELEMENT)
    hops = (f.pp - 1) * (HOP_LATENCY_S + new * f.hidden * 2 / f.hop_link)
    return compute + comm + hops


def prefill_busy_s(f: Features, new_tokens, cached_tokens=0.0, encoder_flops=0.0) -> np.ndarray:
    """GPU time one request's prefill takes from a loaded replica [s]: its FLOPs over TP GPUs at
    peak x MFU, plus the wire time of its two all-reduces per layer and of its PP-1 stage hops.

    Under load a runtime with chunked prefill packs many prompts (and the running decodes) into
    one step of up to max_batched_tokens tokens, so the per-step fixed costs (all-reduce and hop
    latency, the step overhead) are paid once per step, not once per prompt: prefill_s minus
    2 x layers x all-reduce latency (TP > 1) minus (PP-1) x hop latency. The unloaded TTFT
    (prefill_s) still pays them. Example: TP 8, 80 layers, 20 us all-reduce latency: 3.2 ms
    less per request than prefill_s.
    """
    new = np.asarray(new_tokens, dtype=np.float64)
    return prefill_s(f, new, cached_tokens, encoder_flops) - prefill_fixed_latency_s(f)


def prefill_fixed_latency_s(f: Features) -> np.ndarray:
    """The per-step latencies in prefill_s [s]: 2 x layers x all-reduce latency (TP > 1) plus
    (PP-1) x hop latency; prefill_busy_s = prefill_s - this."""
    return np.where(f.tp > 1, 2 * f.layers * f.allreduce_latency_s, 0.0) + (f.pp - 1) * HOP_LATENCY_S


def experts_touched_fraction(f: Features, tokens: np.ndarray) -> np.ndarray:
    """Share of routed experts a step reads with `tokens` tokens in it: 1 - (1 - k/E)^tokens
    (uniform routing). Dense models: 0 (they have no routed part)."""
    e = np.where(f.experts > 0, f.experts, 1.0)[:, None]
    k = f.experts_per_token[:, None]
    return np.where(f.experts[:, None] > 0, 1 - (1 - k / e) ** np.maximum(tokens, 1.0), 0.0)


def expert_gemm_fill(
    f: Features, tokens: np.ndarray, touched: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows each touched expert's GEMM gets in a step, and that GEMM's efficiency relative to a
    full-size one [-] (N, B). Dense models: rows = tokens, efficiency 1.

    rows r = tokens x k / (E x touched fraction) (the step's k x tokens picks spread over the
    experts it touches); efficiency = (r + R) / (r + 2R), R = EXPERT_GEMM_ROWS. A grouped expert
    GEMM of a few dozen rows fills a fraction of its tensor-core tiles, so the routed FLOPs of a
    compute-bound MoE step take longer than the same FLOPs in one dense GEMM; the loss is bounded
    (1/2 at one row, where kernels stream the expert's weights and memory binds anyway) and fades
    as r grows. Example: Mixtral (E 8, k 2), 727 tokens: all 8 experts touched, r = 181.75,
    (181.75 + 48) / (181.75 + 96) = 0.827.
    """
    moe = f.experts[:, None] > 0
    e = np.where(f.experts > 0, f.experts, 1.0)[:, None]
    k = f.experts_per_token[:, None]
    frac = experts_touched_fraction(f, tokens) if touched is None else touched  # `touched`: already computed
    rows = np.where(moe, tokens * k / (e * np.maximum(frac, 1e-12)), tokens)
    pad = EXPERT_GEMM_ROWS
    return rows, np.where(moe, (rows + pad) / (rows + 2 * pad), 1.0)


def decode_stage_s(
    f: Features, batch: np.ndarray, context: float, tokens_per_seq: float = 1.0
) -> dict[str, np.ndarray]:
    """One decode step of one pipeline stage for `batch` (N, B) sequences at mean `context` [s].

    The linear layers (weight GEMMs) and attention (KV reads) are separate kernels that run one
    after the other in every layer, so their times add; each is bound by memory or by compute:
        t = max(W / (BW x MBU), 2 x active x tokens / (peak x MFU))         linear layers
            (MoE: the routed part of "active" counts / expert_gemm_fill's efficiency)
          + max(KV / (BW x MBU), attention FLOPs / (peak x MFU))            attention
          + 2 x layers x all-reduce + step overhead.
    W counts the weights the step touches (MoE: only experts some token routes to).
    `tokens_per_seq` > 1 is a speculative verify step (k+1 tokens per sequence, same weights).
    """
    tp, pp = f.tp[:, None], f.pp[:, None]
    tokens = batch * tokens_per_seq
    frac = experts_touched_fraction(f, tokens)
    touched = f.dense_params[:, None] + f.routed_params[:, None] * frac
    weight_bytes = touched * f.weight_bytes[:, None] / (tp * pp)
    kv_bytes = batch * context * kv_per_token_per_gpu(f)[:, None]
    bw = f.bandwidth[:, None] * f.mbu[:, None]
    compute = f.peak_flops[:, None] * f.mfu_decode[:, None]
    linear_flops = 2 * f.params_active[:, None] * tokens / (tp * pp)
    # the routed experts' share of the active FLOPs runs in grouped GEMMs of fewer rows, at
    # (r + R) / (r + 2R) of the dense efficiency (expert_gemm_fill): time x (1 + share x R / (r + R))
    k_over_e = np.where(f.experts > 0, f.experts_per_token / np.where(f.experts > 0, f.experts, 1.0), 0.0)
    share = f.routed_params * k_over_e / np.maximum(f.params_active, 1.0)
    rows = tokens * k_over_e[:, None] / np.maximum(frac, 1e-12)
    t_gemm = linear_flops / compute * (1 + share[:, None] * EXPERT_GEMM_ROWS / (rows + EXPERT_GEMM_ROWS))
    attn_flops = 4 * (f.layers[:, None] / pp) * (f.heads[:, None] / tp) * f.head_dim[:, None] * context * tokens
    t_linear = np.maximum(weight_bytes / bw, t_gemm)
    t_attn = np.maximum(kv_bytes / bw, attn_flops / compute)
    t_comm = 2 * (f.layers[:, None] / pp) * allreduce_s(f, tokens * f.hidden[:, None] * ALLREDUCE_BYTES_PER_ELEMENT)
    t = t_linear + t_attn + t_comm + f.step_overhead_s[:, None]
    return {
        "t": t,
        "t_mem": (weight_bytes + kv_bytes) / bw,
        "t_comp": t_gemm + attn_flops / compute,
        "t_comm": t_comm,
        "weight_bytes": weight_bytes,
        "kv_bytes": kv_bytes,
    }


def decode_token_s(
    f: Features, batch: np.ndarray, context: float, tokens_per_seq: float = 1.0
) -> tuple[np.ndarray, dict]:
    """Time between two tokens of one sequence with `batch` in flight, across PP stages [s].

    The batch is split into min(PP, batch) micro-batches that flow through the stages back to
    back, so a sequence waits PP stage-steps of batch/PP sequences each, plus PP-1 hops. The
    per-step overhead (scheduling, sampling, launch) is paid once per micro-batch, not once per
    stage: t = PP x (stage step - overhead) + min(PP, batch) x overhead + hops. At batch >= PP
    that is PP x stage step; one sequence on PP 2 with 1 ms overhead pays 1 ms, not 2.
    """
    pp = f.pp[:, None]
    parts = decode_stage_s(f, np.maximum(batch / pp, 1.0), context, tokens_per_seq)
    hop = (pp - 1) * (HOP_LATENCY_S + batch / pp * f.hidden[:, None] * 2 / f.hop_link[:, None])
    overhead = f.step_overhead_s[:, None]
    micro = np.minimum(pp, np.maximum(batch, 1.0))
    return pp * (parts["t"] - overhead) + micro * overhead + hop, parts

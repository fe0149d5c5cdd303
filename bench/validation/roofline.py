"""An independent reference roofline, written from the README's formulas, to check the engine.

Not the product: `app.engine` is. This small model exists so that bench/accuracy.py can say
*which* term of the engine is off when a validation row disagrees (compare the engine's
number and this one's term by term) and so that catalog/efficiency.yaml can be fitted to
published measurements under stated formulas. Pure Python over the domain records.

Formulas (per replica of `tp` GPUs, `B` sequences in flight, bytes b(.) per element):

    weights per GPU          W = params x b(weights) / tp            (MoE: only experts touched)
    KV per token per GPU     K = 2 x layers x ceil(kv_heads / tp) x head_dim x b(kv)
    decode step              t = max(W + B x c x K) / (BW x MBU),
                                     2 x active x B / tp / (peak x MFU_decode))
                                 + 2 x layers x t_allreduce(B x hidden x 2 B) + overhead
    all-reduce               t_ar(n bytes) = latency + 2 (tp-1)/tp x n / (link x bus_eff)
    prefill of L tokens      t_p = (2 x active x L + 2 x layers x L^2 x heads x head_dim)
                                   / (tp x peak x MFU_prefill) + 2 x layers x t_ar(L x hidden x 2)
    experts touched          E x (1 - (1 - k/E)^B) per layer (uniform routing)

where c is the mean context of a sequence during decode (input + output / 2). Serving under
load, with chunked prefill sharing the GPU with decode (Orca / vLLM continuous batching):
the fraction of time spent on prefill is X x t_p for a request rate X, so

    TPOT = t / (1 - X x t_p),   TTFT = t_p + t (one decode step to wait for, on average),
    latency = TTFT + (output - 1) x TPOT,   X = B / latency  (closed loop, Little's law).

Offline (all requests queued): output tokens/s = output / (t_p + output x t / B).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.domain import BYTES_PER_ELEMENT, Accelerator, EfficiencyProfile, Model, Precision

# INT4 weights carry one FP16 scale per group of 128 (AWQ/GPTQ/Q4_K-like layouts): 0.5 + 2/128.
INT4_BYTES_WITH_SCALES = 0.5 + 2.0 / 128.0


def weight_bytes_per_param(precision: Precision) -> float:
    """Storage bytes per parameter for weights in `precision` [B]."""
    if precision is Precision.INT4:
        return INT4_BYTES_WITH_SCALES
    return BYTES_PER_ELEMENT[precision]


def kv_bytes_per_token_per_gpu(model: Model, kv_precision: Precision, tp: int) -> float:
    """KV cache bytes one token adds on one GPU [B]. MLA caches the latent (not split by TP)."""
    b = BYTES_PER_ELEMENT[kv_precision]
    if model.kv_lora_rank:
        return model.layers * (model.kv_lora_rank + (model.qk_rope_head_dim or 0)) * b
    heads_per_gpu = math.ceil(model.kv_heads / tp)  # KV heads replicate when kv_heads < tp
    return 2 * model.layers * heads_per_gpu * model.head_dim * b


def expert_params_b(model: Model) -> tuple[float, float]:
    """(dense part, all routed experts) in billions of parameters, from the record's counts."""
    if not model.is_moe:
        return model.params_total_b, 0.0
    # active = dense + k/E x experts; total = dense + experts  ->  solve for experts
    k, e = model.experts_per_token, model.experts
    routed = (model.params_total_b - model.active_params_b) / (1 - k / e)
    return model.params_total_b - routed, routed


def touched_params_b(model: Model, batch: float) -> float:
    """Parameters a decode step reads with `batch` sequences [1e9]: experts touched grow with batch."""
    dense, routed = expert_params_b(model)
    if routed == 0:
        return dense
    k, e = model.experts_per_token, model.experts
    fraction = 1 - (1 - k / e) ** max(batch, 1.0)
    return dense + routed * fraction


@dataclass(frozen=True)
class Setup:
    model: Model
    accel: Accelerator
    tp: int
    precision: Precision
    kv_precision: Precision
    eff: EfficiencyProfile

    @property
    def peak_flops(self) -> float:
        """Dense peak for the math precision [FLOP/s]; INT4 weights compute in FP16/BF16."""
        math_precision = Precision.BF16 if self.precision in (Precision.INT4, Precision.FP32) else self.precision
        tflops = self.accel.peak_tflops(math_precision) or self.accel.tflops_bf16 or self.accel.tflops_fp32
        return tflops * 1e12

    @property
    def bandwidth(self) -> float:
        return self.accel.memory_bandwidth_gb_s * 1e9

    def allreduce_s(self, nbytes: float) -> float:
        """One ring all-reduce of `nbytes` across the TP group [s]; zero without TP."""
        if self.tp <= 1:
            return 0.0
        link = (self.accel.scale_up_bandwidth_gb_s or 32.0) * 1e9  # PCIe 4.0 x16 when unknown
        wire = 2 * (self.tp - 1) / self.tp * nbytes / (link * self.eff.allreduce_bus_efficiency)
        return self.eff.allreduce_latency_us * 1e-6 + wire

    def decode_step_s(self, batch: float, context: float) -> float:
        """Time of one decode step for `batch` sequences at mean context `context` [s]."""
        m = self.model
        w = touched_params_b(m, batch) * 1e9 * weight_bytes_per_param(self.precision) / self.tp
        kv = batch * context * kv_bytes_per_token_per_gpu(m, self.kv_precision, self.tp)
        t_mem = (w + kv) / (self.bandwidth * self.eff.mbu_decode.expected)
        attn_flops = 4 * m.layers * m.attention_heads * m.head_dim * context * batch / self.tp
        flops = 2 * m.active_params_b * 1e9 * batch / self.tp + attn_flops
        mfu_decode = (self.eff.mfu_decode or self.eff.mfu_prefill).expected
        t_comp = flops / (self.peak_flops * mfu_decode)
        t_comm = 2 * m.layers * self.allreduce_s(batch * m.hidden_size * 2)
        return max(t_mem, t_comp) + t_comm + self.eff.step_overhead_ms * 1e-3

    def prefill_s(self, tokens: float) -> float:
        """Compute time to prefill one request of `tokens` tokens [s] (batched, so no overhead)."""
        m = self.model
        flops = 2 * m.active_params_b * 1e9 * tokens + 2 * m.layers * tokens**2 * m.attention_heads * m.head_dim
        t = flops / (self.tp * self.peak_flops * self.eff.mfu_prefill.expected)
        return t + 2 * m.layers * self.allreduce_s(tokens * m.hidden_size * 2)


@dataclass(frozen=True)
class Estimate:
    ttft_ms: float
    tpot_ms: float
    output_tokens_per_s: float
    requests_per_s: float
    concurrency: float


def at_concurrency(s: Setup, input_tokens: int, output_tokens: int, concurrency: float) -> Estimate:
    """Closed loop with `concurrency` requests in flight, chunked prefill sharing the GPU."""
    context = input_tokens + output_tokens / 2
    t = s.decode_step_s(concurrency, context)
    t_p = s.prefill_s(input_tokens)
    x = 0.0
    for _ in range(100):  # fixed point on the request rate; converges in a few rounds
        busy = min(x * t_p, 0.95)  # keep decode alive: chunked prefill never starves it fully
        tpot = t / (1 - busy)
        ttft = t_p + (t if concurrency > 1 else 0.0) + s.eff.step_overhead_ms * 1e-3
        latency = ttft + (output_tokens - 1) * tpot
        x_new = concurrency / latency
        if abs(x_new - x) < 1e-9 * max(x_new, 1.0):
            break
        x = 0.5 * (x + x_new)
    return Estimate(ttft * 1e3, tpot * 1e3, x_new * output_tokens, x_new, concurrency)


def offline(s: Setup, input_tokens: int, output_tokens: int, batch: float) -> Estimate:
    """Everything queued: prefill work plus decode steps shared by `batch` sequences."""
    context = input_tokens + output_tokens / 2
    t = s.decode_step_s(batch, context)
    per_request = s.prefill_s(input_tokens) + output_tokens * t / batch
    x = 1.0 / per_request
    return Estimate(math.nan, t * 1e3, x * output_tokens, x, batch)


def at_rate(s: Setup, input_tokens: int, output_tokens: int, rate: float) -> Estimate:
    """Poisson arrivals at `rate`: concurrency from Little's law, C = rate x latency."""
    c = max(rate * 0.1, 1.0)
    est = at_concurrency(s, input_tokens, output_tokens, c)
    for _ in range(100):
        latency = (est.ttft_ms + (output_tokens - 1) * est.tpot_ms) / 1e3
        c_new = max(rate * latency, 1.0)
        if abs(c_new - c) < 1e-6 * c:
            break
        c = 0.5 * (c + c_new)
        est = at_concurrency(s, input_tokens, output_tokens, c)
    return Estimate(
        est.ttft_ms, est.tpot_ms, min(rate, est.requests_per_s) * output_tokens, min(rate, est.requests_per_s), c
    )


def max_sequences(s: Setup, context_tokens: int, memory_fraction: float = 0.9, reserve_gib: float = 2.0) -> int:
    """Sequences whose KV fits beside the weights on each GPU at `context_tokens` each."""
    gib = 1024**3
    usable = s.accel.memory_gib * gib * memory_fraction - reserve_gib * gib
    weights = s.model.params_total_b * 1e9 * weight_bytes_per_param(s.precision) / s.tp
    free = usable - weights
    per_seq = context_tokens * kv_bytes_per_token_per_gpu(s.model, s.kv_precision, s.tp)
    return max(int(free // per_seq), 0)

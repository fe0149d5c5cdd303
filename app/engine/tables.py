"""Catalog records turned into numpy columns, one row per record, so the engine can gather
features for thousands of candidate points at once instead of looping over objects."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.domain import Accelerator, AcceleratorKind, Assumptions, EfficiencyProfile, Model, Precision, Runtime
from app.domain.formats import bits_per_weight, is_block_quantised

PRECISIONS: list[Precision] = list(Precision)
PRECISION_CODE = {p: i for i, p in enumerate(PRECISIONS)}

# INT4 group-quantised weights carry one FP16 scale per group of 128 weights (AWQ, GPTQ layouts).
INT4_GROUP = 128
_PLAIN_BYTES = {
    Precision.FP32: 4.0,
    Precision.BF16: 2.0,
    Precision.FP16: 2.0,
    Precision.FP8: 1.0,
    Precision.INT8: 1.0,
    Precision.INT4: 0.5,
}


def weight_bytes_per_param(p: Precision) -> float:
    """Bytes one weight takes in `p` [B/param], scales included: INT4 with one FP16 scale per
    group of 128; a block format (GGUF type, MXFP4, NVFP4) at its bits per weight / 8
    (app.domain.formats: Q4_K_M 4.8944 / 8 = 0.6118)."""
    if p is Precision.INT4:
        return 0.5 + 2.0 / INT4_GROUP
    if is_block_quantised(p):
        return bits_per_weight(p) / 8
    return _PLAIN_BYTES[p]


def kv_bytes_per_element(p: Precision) -> float:
    """Bytes one KV-cache element takes in `p` [B]: a block format with its scales (llama.cpp's
    --cache-type-k q8_0: 34 B per 32 values), the plain formats at their width."""
    if is_block_quantised(p):
        return bits_per_weight(p) / 8
    return _PLAIN_BYTES[p]


WEIGHT_BYTES = np.array([weight_bytes_per_param(p) for p in PRECISIONS])
KV_BYTES = np.array([kv_bytes_per_element(p) for p in PRECISIONS])

# When a link speed is not in the catalog the devices talk over PCIe 4.0 x16: 32 GB/s per direction.
PCIE4_X16_GB_S = 32.0


def expert_split_b(m: Model) -> tuple[float, float]:
    """(dense part, all routed experts) of the language model in billions of parameters, solved
    from its total and active counts (a vision encoder is neither: it runs per image).

    active = dense + k/E x routed and total = dense + routed, so routed = (total - active) / (1 - k/E).
    """
    if not m.is_moe or m.params_active_b is None or m.experts_per_token >= m.experts:
        return m.language_params_b, 0.0
    k, e = m.experts_per_token, m.experts
    routed = (m.language_params_b - m.active_params_b) / (1 - k / e)
    return m.language_params_b - routed, routed


@dataclass(frozen=True)
class ModelTable:
    records: list[Model]
    params_total: np.ndarray  # parameters (not billions)
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
    mla_latent: np.ndarray  # kv_lora_rank + rope dims; 0 when not MLA
    max_context: np.ndarray
    vocab: np.ndarray
    vision_flops_per_image: np.ndarray  # FLOP; 0 for text models

    @classmethod
    def of(cls, models: list[Model]) -> ModelTable:
        def col(f):
            return np.array([float(f(m)) for m in models], dtype=np.float64)

        split = [expert_split_b(m) for m in models]
        return cls(
            records=list(models),
            params_total=col(lambda m: m.params_total_b * 1e9),
            params_active=col(lambda m: m.active_params_b * 1e9),
            dense_params=np.array([s[0] * 1e9 for s in split]),
            routed_params=np.array([s[1] * 1e9 for s in split]),
            experts=col(lambda m: m.experts),
            experts_per_token=col(lambda m: m.experts_per_token),
            layers=col(lambda m: m.layers),
            hidden=col(lambda m: m.hidden_size),
            intermediate=col(lambda m: m.intermediate_size or 4 * m.hidden_size),
            heads=col(lambda m: m.attention_heads),
            kv_heads=col(lambda m: m.kv_heads),
            head_dim=col(lambda m: m.head_dim),
            mla_latent=col(lambda m: (m.kv_lora_rank or 0) + (m.qk_rope_head_dim or 0) if m.kv_lora_rank else 0),
            max_context=col(lambda m: m.max_context_tokens),
            vocab=col(lambda m: m.vocab_size),
            vision_flops_per_image=col(lambda m: m.vision_flops_per_image),
        )


def math_format(a: Accelerator, weights: Precision) -> Precision:
    """The format the matmuls run in when `weights` (as the device serves them, see
    Accelerator.serves_as) are loaded on `a`.

    FP32/BF16/FP16 and FP8/INT8 that the device runs natively compute in that format (W8A8 for
    the 8-bit ones). INT4 is weight-only in vLLM, TensorRT-LLM and llama.cpp (W4A16), and so is any
    format the device holds only as weight-only (FP8 on Ampere/Turing through Marlin, INT8 on
    Volta through GPTQ): the weights are dequantised and the math runs in the device's 16-bit
    float (FP32 where it has none)."""
    if weights is not Precision.INT4 and (weights in a.native or weights is Precision.FP32):
        return weights
    return a.half_format or Precision.FP32


def math_tflops(a: Accelerator, weights: Precision) -> tuple[float, str]:
    """Dense peak TFLOP/s the matmuls run at for `weights`, and the format they run in.

    The format is `math_format`; where the catalog has no figure for it (e.g. the A10G, whose
    tensor-core rate NVIDIA does not publish) the device's FP32, then TF32 figure stands in,
    which the option's flags say."""
    fmt = math_format(a, a.serves_as(weights) or weights)
    value = a.peak_tflops(fmt)
    if value:
        return value, fmt.value
    if a.tflops_fp32:
        return a.tflops_fp32, "fp32"
    if a.tflops_tf32:
        return a.tflops_tf32, "tf32"
    # no figure for that format and no FP32 one: the device's fastest listed one, stated by the flag
    for p in (Precision.BF16, Precision.FP16, Precision.FP8, Precision.INT8):
        value = a.peak_tflops(p)
        if value:
            return value, p.value
    return 0.0, "none"


@dataclass(frozen=True)
class Efficiency:
    """The factors that apply to one (accelerator class, runtime) pair, with their provenance."""

    profile: EfficiencyProfile | None
    multiplier: float

    def band(self, which: str, level: str) -> float:
        p = self.profile
        if p is None:  # no profile at all: a deliberately modest, stated default
            return {"mfu_prefill": 0.3, "mbu_decode": 0.5, "mfu_decode": 0.2}[which] * (
                {"low": 0.6, "expected": 1.0, "high": 1.3}[level]
            )
        band = getattr(p, which) or p.mfu_prefill
        return min(getattr(band, level) * self.multiplier, 0.95)

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else "default (no profile)"

    @property
    def calibrated(self) -> bool:
        return bool(self.profile and self.profile.calibrated)


def profile_name(efficiency_class: str, runtime: str | None = None, precision: Precision | None = None) -> str:
    """ "<class>", "<class>/<runtime>" or "<class>/<runtime>/<precision>": the name that keys a profile
    to an accelerator class, a runtime on it and a weight precision (issue 21's calibration key)."""
    name = efficiency_class if not runtime else f"{efficiency_class}/{runtime}"
    return f"{name}/{precision.value}" if runtime and precision is not None else name


def find_efficiency(
    profiles: list[EfficiencyProfile],
    runtime: Runtime | None,
    efficiency_class: str,
    precision: Precision | None = None,
) -> Efficiency:
    """The most specific profile that exists: "<class>/<runtime>/<precision>" (a fit to runs in that
    weight precision), else "<class>/<runtime>", else the class profile x the runtime multiplier."""
    by_name = {p.name.casefold(): p for p in profiles}
    rname = runtime.name if runtime else ""
    specific = by_name.get(profile_name(efficiency_class, rname, precision).casefold()) if rname else None
    if specific is None:
        specific = by_name.get(f"{efficiency_class}/{rname}".casefold())
    if specific is not None:
        return Efficiency(specific, 1.0)
    mult = runtime.efficiency_multiplier if runtime else 1.0
    return Efficiency(by_name.get(efficiency_class.casefold()), mult)


def runtime_supports(runtime: Runtime, accel: Accelerator) -> bool:
    """The runtime runs on this kind of device (and, where it names them, this vendor's)."""
    kinds = [k.casefold() for k in runtime.accelerator_kinds]
    if kinds and accel.kind.value not in kinds:
        return False
    vendors = [v.casefold() for v in runtime.accelerator_vendors]
    return not vendors or accel.vendor.casefold() in vendors


def runtime_allows_precision(runtime: Runtime, precision: Precision) -> bool:
    """The runtime serves weights in this format: its list when the record gives one, else its
    FP8 / INT4 feature flags (other formats are assumed)."""
    if runtime.weight_precisions:
        return precision in runtime.weight_precisions
    f = runtime.features
    if precision is Precision.FP8:
        return f.fp8
    if precision is Precision.INT4:
        return f.int4
    return True


def runtime_allows_weight_only(runtime: Runtime, accel: Accelerator, served: Precision) -> bool:
    """The runtime serves `served` weights on `accel`: always where the device computes in that
    format; where it would be weight-only (math_format differs: FP8 on an A100 or T4, INT4
    anywhere) only when the runtime has a weight-only path for it (runtimes.yaml
    weight_only_precisions; None = any)."""
    if math_format(accel, served) is served or runtime.weight_only_precisions is None:
        return True
    return served in runtime.weight_only_precisions


def runtime_allows_kv(runtime: Runtime, precision: Precision) -> bool:
    """The runtime stores the KV cache in this format (its list when the record gives one)."""
    return not runtime.kv_precisions or precision in runtime.kv_precisions


# When neither the scenario nor the runtime record gives a figure, these apply: vLLM's
# gpu_memory_utilization 0.9 and an 8192-token prefill chunk; no scheduler cap on running
# sequences (runtimes without a fixed default, e.g. SGLang, derive it from the KV pool, which
# the engine's KV arithmetic already bounds).
FALLBACK_MEMORY_FRACTION = 0.9
FALLBACK_MAX_SEQUENCES = 1_000_000_000
FALLBACK_MAX_BATCHED_TOKENS = 8192


@dataclass(frozen=True)
class SchedulerLimits:
    """The memory share and scheduler caps one runtime runs with on one device, and where each
    value comes from ("scenario", "<runtime> default", or "engine fallback")."""

    memory_fraction: float
    max_sequences: int
    max_batched_tokens: int
    origin: dict[str, str]


def scheduler_limits(runtime: Runtime | None, accel: Accelerator, a: Assumptions) -> SchedulerLimits:
    """The scenario's assumption where it sets one, else the runtime's default for this device
    (large-device defaults where the runtime has them), else the stated fallback."""
    d = runtime.defaults if runtime is not None else None
    name = runtime.name if runtime is not None else ""
    rt_values: dict[str, float | int | None] = {
        "memory_fraction": d.memory_fraction if d else None,
        "max_sequences": d.max_sequences if d else None,
        "max_batched_tokens": d.max_batched_tokens if d else None,
    }
    big = d.large_device if d else None
    if (
        big is not None
        and accel.memory_gib >= big.min_memory_gib
        and not any(x.casefold() in accel.name.casefold() for x in big.excluded_names)
    ):
        rt_values["max_sequences"] = big.max_sequences or rt_values["max_sequences"]
        rt_values["max_batched_tokens"] = big.max_batched_tokens or rt_values["max_batched_tokens"]
    scenario = {
        "memory_fraction": a.gpu_memory_fraction,
        "max_sequences": a.max_concurrent_sequences,
        "max_batched_tokens": a.max_batched_tokens,
    }
    fallback = {
        "memory_fraction": FALLBACK_MEMORY_FRACTION,
        "max_sequences": FALLBACK_MAX_SEQUENCES,
        "max_batched_tokens": FALLBACK_MAX_BATCHED_TOKENS,
    }
    values: dict[str, float] = {}
    origin: dict[str, str] = {}
    for key in fallback:
        if scenario[key] is not None:
            values[key], origin[key] = float(scenario[key]), "scenario"  # type: ignore[arg-type]
        elif rt_values[key] is not None:
            values[key], origin[key] = float(rt_values[key]), f"{name} default"  # type: ignore[arg-type]
        else:
            values[key] = float(fallback[key])
            origin[key] = "KV-bound (no fixed cap)" if key == "max_sequences" else "engine fallback"
    return SchedulerLimits(
        memory_fraction=values["memory_fraction"],
        max_sequences=int(values["max_sequences"]),
        max_batched_tokens=int(values["max_batched_tokens"]),
        origin=origin,
    )


def is_unified_memory(accel: Accelerator) -> bool:
    """SoCs and CPUs share memory with the operating system."""
    return accel.kind in (AcceleratorKind.SOC, AcceleratorKind.CPU)

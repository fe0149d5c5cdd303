"""Serving runtimes, hosted APIs and the efficiency factors that turn peaks into reality."""

from __future__ import annotations

from pydantic import Field, model_validator

from app.domain.common import (
    DomainModel,
    FiniteNonNegative,
    Fraction,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    Precision,
    Sourced,
)


class RuntimeFeatures(DomainModel):
    """What a runtime can do for LLM serving (its own documentation says so; see the record's
    source and notes). prefix_caching means a shared prompt prefix is reused *across requests*
    with the runtime's default settings."""

    continuous_batching: bool = False
    paged_kv: bool = False
    prefix_caching: bool = False
    chunked_prefill: bool = False
    speculative_decoding: bool = False
    fp8: bool = False
    int4: bool = False
    tensor_parallel: bool = False
    pipeline_parallel: bool = False
    multi_lora: bool = False  # several LoRA adapters served from one base model
    structured_output: bool = False  # grammar / JSON-schema constrained decoding


class LargeDeviceDefaults(DomainModel):
    """Scheduler defaults a runtime switches to on large devices (vLLM: >= 70 GiB, not A100)."""

    min_memory_gib: PositiveFloat
    excluded_names: list[str] = Field(default_factory=list)  # substrings of accelerator names
    max_sequences: PositiveInt | None = None
    max_batched_tokens: PositiveInt | None = None


class RuntimeDefaults(DomainModel):
    """The runtime's out-of-the-box limits, applied unless the scenario's assumptions set them.

    memory_fraction is the share of device memory for weights + KV cache (vLLM
    gpu_memory_utilization); None = the runtime publishes no fixed number (a heuristic), and the
    engine's stated 0.9 applies. max_sequences is the scheduler's cap on running requests
    (vLLM max_num_seqs); max_batched_tokens the prefill chunk (vLLM max_num_batched_tokens)."""

    memory_fraction: Fraction | None = None
    max_sequences: PositiveInt | None = None
    max_batched_tokens: PositiveInt | None = None
    large_device: LargeDeviceDefaults | None = None
    # the runtime's own setting names, for the strategy text
    memory_fraction_setting: str = ""
    max_sequences_setting: str = ""
    max_batched_tokens_setting: str = ""


class Runtime(Sourced):
    """A serving stack (vLLM, SGLang, TensorRT-LLM, ...) and what it can do."""

    vendor: str = ""
    hosted: bool = False
    license: str = ""
    features: RuntimeFeatures = Field(default_factory=RuntimeFeatures)
    accelerator_kinds: list[str] = Field(default_factory=list)  # AcceleratorKind values
    # Accelerator vendors it runs on (empty = any vendor of those kinds), e.g. [NVIDIA].
    accelerator_vendors: list[str] = Field(default_factory=list)
    # Weight and KV-cache formats it serves (empty = every format the feature flags allow).
    weight_precisions: list[Precision] = Field(default_factory=list)
    kv_precisions: list[Precision] = Field(default_factory=list)
    # Formats it can serve weight-only (stored narrow, dequantised to the device's 16-bit float in
    # its kernels) on a device without math units for them; None = any format it serves. vLLM
    # has FP8 Marlin (FP8 W8A16 on Turing/Ampere); TensorRT-LLM runs FP8 only on FP8 tensor cores.
    weight_only_precisions: list[Precision] | None = None
    defaults: RuntimeDefaults = Field(default_factory=RuntimeDefaults)
    # Multiplier on the class efficiency factors (1.0 = the reference runtime, vLLM).
    efficiency_multiplier: PositiveFloat = 1.0
    # What published comparisons say about its speed against vLLM, with where they come from;
    # shown next to the figures so a 1.0 reads as "no evidence of a difference", not a claim.
    efficiency_evidence: str = ""


class Band(DomainModel):
    """A low / expected / high range for an uncertain factor."""

    low: FiniteNonNegative
    expected: FiniteNonNegative
    high: FiniteNonNegative

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if not self.low <= self.expected <= self.high:
            raise ValueError(f"need low <= expected <= high, got {self.low}, {self.expected}, {self.high}")
        return self


class EfficiencyProfile(Sourced):
    """Measured-reality factors for one accelerator class (and optionally one runtime).

    name is "<efficiency_class>", "<efficiency_class>/<runtime>" or, for a fit to one weight
    precision, "<efficiency_class>/<runtime>/<precision>" (the engine takes the most specific that
    exists). MFU applies to prefill
    math, MBU to decode memory traffic; overheads are per decode step and per all-reduce.
    """

    efficiency_class: str
    runtime: str | None = None
    mfu_prefill: Band
    mbu_decode: Band
    mfu_decode: Band | None = None  # compute-bound large-batch decode; defaults to mfu_prefill
    step_overhead_ms: NonNegativeFloat = 0.0
    allreduce_latency_us: NonNegativeFloat = 0.0
    allreduce_bus_efficiency: Fraction = 0.7
    calibrated: bool = False  # backed by measurements on this class, not extrapolated
    # set when the profile was fitted to the user's own runs (Measurements page, `archwise
    # calibrate --apply`): "calibrated on 14 of your runs, residual 6 %", shown with every figure
    calibration_note: str = ""
    # the accelerators the user's runs behind that fit were measured on (catalog names); the fit
    # applies to the whole class, but only these devices were measured. Empty: not recorded (older fits)
    calibrated_on: list[str] = Field(default_factory=list)

    def measured_on(self, accelerator: str) -> bool:
        """True when the user's runs behind the fit were measured on `accelerator` (or the fit did
        not record its devices); False for another device of the class the fit is only applied to."""
        return not self.calibrated_on or accelerator.casefold() in {a.casefold() for a in self.calibrated_on}

    def fitted_elsewhere(self, accelerator: str) -> str:
        """ "profile fitted on NVIDIA GeForce RTX 4090 runs" when the fit was measured on other
        devices of the class than `accelerator`; "" when it was measured on it, or is no fit."""
        if not self.calibration_note or self.measured_on(accelerator):
            return ""
        return f"profile fitted on {', '.join(self.calibrated_on)} runs"


HOSTED_IMAGE_REFERENCE_PX = 1024  # side of the square image hosted image_tokens_per_image is stated for


class HostedApi(Sourced):
    """A model offered as a pay-per-token API."""

    provider: str
    model: str
    price_input_usd_per_mtok: NonNegativeFloat
    price_output_usd_per_mtok: NonNegativeFloat
    price_cached_input_usd_per_mtok: NonNegativeFloat | None = None
    context_tokens: PositiveInt | None = None
    data_residency: list[str] = Field(default_factory=list)  # "US", "EU", ...
    compliance: list[str] = Field(default_factory=list)  # "SOC 2", "HIPAA BAA", "ISO 27001"
    max_sensitivity: str = "confidential"  # highest Sensitivity it may receive
    typical_ttft_ms: PositiveFloat | None = None
    typical_output_tokens_per_s: PositiveFloat | None = None
    quality_model: str | None = None  # catalog Model whose quality scores apply
    # Input tokens the provider bills for one 1024 x 1024 px image (the reference image
    # `HOSTED_IMAGE_REFERENCE_PX`, the size catalog models' tokens_per_image assume), from its
    # published image-billing rule; None = no rule published (or found): images cannot be priced.
    image_tokens_per_image: PositiveInt | None = None


__all__ = [
    "Band",
    "EfficiencyProfile",
    "HOSTED_IMAGE_REFERENCE_PX",
    "HostedApi",
    "LargeDeviceDefaults",
    "Runtime",
    "RuntimeDefaults",
    "RuntimeFeatures",
    "Fraction",
]

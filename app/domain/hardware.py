"""Accelerators and the instances (cloud or on-prem nodes) that carry them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import model_validator

from app.domain.common import (
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    Precision,
    Sourced,
)
from app.domain.formats import GGUF_INTEGER_FORMATS
from app.domain.ranges import MAGNITUDE_CEILING, Within


class AcceleratorKind(StrEnum):
    GPU = "gpu"
    TPU = "tpu"
    NPU = "npu"  # Gaudi and other AI ASICs
    CPU = "cpu"
    SOC = "soc"  # unified-memory systems-on-chip: Apple M-series, Raspberry Pi


class Accelerator(Sourced):
    """One accelerator device. Peak TFLOP/s are dense (without structured sparsity).

    `efficiency_class` names the row of the efficiency table (MFU, MBU, overheads) that
    applies, e.g. "nvidia-hopper", "nvidia-ampere", "amd-cdna3", "cpu".
    """

    vendor: str
    kind: AcceleratorKind = AcceleratorKind.GPU
    efficiency_class: str
    memory_gib: PositiveFloat
    memory_bandwidth_gb_s: PositiveFloat
    tflops_fp32: PositiveFloat | None = None
    tflops_tf32: PositiveFloat | None = None
    tflops_bf16: PositiveFloat | None = None  # also FP16 unless tflops_fp16 is given
    tflops_fp16: PositiveFloat | None = None  # only where FP16 differs from BF16 or the device has no BF16
    tflops_fp8: PositiveFloat | None = None
    tflops_int8: PositiveFloat | None = None  # TOPS
    tflops_int4: PositiveFloat | None = None  # TOPS
    # Dense FP4 tensor rate (Blackwell: NVFP4 and MXFP4 run at it)
    tflops_fp4: PositiveFloat | None = None
    scale_up_link: str | None = None  # "NVLink 4", "Infinity Fabric", "PCIe 4.0 x16"
    scale_up_bandwidth_gb_s: PositiveFloat | None = None  # per direction, per device
    tdp_w: PositiveFloat | None = None
    # Power drawn with the device powered and idle [W] (nvidia-smi at P0, no process), where a
    # measurement is published; empty otherwise (the engine then uses Assumptions.idle_power_fraction
    # x TDP and says so).
    idle_power_w: PositiveFloat | None = None
    # True when tdp_w and idle_power_w are the whole machine at the wall (an Apple Mac's published
    # maximum and idle, a Raspberry Pi board on a USB meter): the host (CPU, memory, storage, power
    # supply) is already in them, so a node of this device adds no host power of its own (host 0 W,
    # known) unless the node states one. False (the default): device figures, the host comes from the node.
    whole_system_power: bool = False
    list_price_usd: PositiveFloat | None = None
    # Number formats the device's math units compute in natively (datasheet); None = the formats
    # whose tflops_* figure is given (tflops_bf16 standing for BF16 and FP16).
    native_formats: list[Precision] | None = None
    # Formats weights may be stored in and dequantised to a native 16-bit float inside the matmul
    # kernels (weight-only W8A16 / W4A16: memory and bandwidth saved, math at the 16-bit rate);
    # None = INT8 and INT4 (GPTQ, GGUF run on every GPU generation since Volta and on CPUs).
    weight_only_formats: list[Precision] | None = None
    # On a unified-memory system (SoC, CPU, DGX Spark) the part of memory_gib the operating system
    # and other programs keep, which a model can never use [GiB]; added to the runtime reserve.
    # None = not stated (the kind's default reserve only).
    host_reserved_gib: NonNegativeFloat | None = None

    @model_validator(mode="after")
    def _has_some_compute(self) -> Accelerator:
        if all(
            getattr(self, f) is None
            for f in (
                "tflops_fp32",
                "tflops_tf32",
                "tflops_bf16",
                "tflops_fp16",
                "tflops_fp8",
                "tflops_int8",
                "tflops_fp4",
            )
        ):
            raise ValueError("give at least one peak TFLOP/s figure (fp32, bf16, fp16, fp8, int8 or fp4)")
        if self.idle_power_w is not None and self.tdp_w is not None and self.idle_power_w > self.tdp_w:
            # an idle above the board's power limit is a typo (or a node's idle typed as one device's)
            raise ValueError(
                f"idle_power_w {self.idle_power_w:,.6g} W above tdp_w {self.tdp_w:,.6g} W: an accelerator "
                "at idle draws less than its power limit (give one device's idle, not the node's)"
            )
        if self.host_reserved_gib is not None and self.host_reserved_gib >= self.memory_gib:
            raise ValueError("host_reserved_gib must be less than memory_gib")
        if self.native_formats is not None and not self.native_formats:
            raise ValueError("native_formats lists at least one format (or leave it empty to derive it)")
        return self

    @property
    def native(self) -> frozenset[Precision]:
        """Formats the math units run natively (stated, else read off the figures given)."""
        if self.native_formats:
            return frozenset(self.native_formats)
        given = {
            Precision.FP32: self.tflops_fp32,
            Precision.BF16: self.tflops_bf16,
            Precision.FP16: self.tflops_fp16 or self.tflops_bf16,
            Precision.FP8: self.tflops_fp8,
            Precision.INT8: self.tflops_int8,
            Precision.INT4: self.tflops_int4,
            Precision.NVFP4: self.tflops_fp4,
            Precision.MXFP4: self.tflops_fp4,
        }
        return frozenset(p for p, v in given.items() if v)

    @property
    def weight_only(self) -> frozenset[Precision]:
        """Formats served weight-only (dequantised in the kernels) where they are not native: the
        record's list (INT8 and INT4 when it states none), plus the integer GGUF types on every
        device. Those are llama.cpp's own formats, weight-only on every backend by design (formats.py):
        no record needs to list them, and only runtimes that serve them (llama.cpp) offer them."""
        stated = self.weight_only_formats
        listed = frozenset(stated) if stated is not None else frozenset({Precision.INT8, Precision.INT4})
        return (listed | GGUF_INTEGER_FORMATS) - self.native

    @property
    def half_format(self) -> Precision | None:
        """The 16-bit float the device computes in: BF16 where native, else FP16, else None."""
        for p in (Precision.BF16, Precision.FP16):
            if p in self.native:
                return p
        return None

    def peak_tflops(self, precision: Precision) -> float | None:
        """Dense peak for math in `precision`; None when the device has no such units (or the
        catalog no figure for them)."""
        if precision not in self.native and precision is not Precision.FP32:
            return None
        return {
            Precision.FP32: self.tflops_fp32,
            Precision.BF16: self.tflops_bf16,
            Precision.FP16: self.tflops_fp16 or self.tflops_bf16,
            Precision.FP8: self.tflops_fp8,
            Precision.INT8: self.tflops_int8,
            Precision.INT4: self.tflops_int4,
            Precision.NVFP4: self.tflops_fp4,
            Precision.MXFP4: self.tflops_fp4,
        }.get(precision)

    def serves_as(self, weights: Precision) -> Precision | None:
        """The weight format a runtime serves `weights` in on this device, or None when it cannot.

        Native formats and weight-only formats run as asked. BF16 on a device with FP16 but no
        BF16 units (Turing, Volta, Armv8.2 cores) runs as FP16: same bytes, and what vLLM asks
        for ("Bfloat16 is only supported on GPUs with compute capability of at least 8.0 ...
        use --dtype=half"). FP32 always runs (on the vector units where there is no FP32 matrix
        figure)."""
        native = self.native
        if weights in native or weights is Precision.FP32 or weights in self.weight_only:
            return weights
        if weights is Precision.BF16 and Precision.FP16 in native:
            return Precision.FP16
        if weights is Precision.FP16 and Precision.BF16 in native:
            return Precision.BF16
        return None


class Deployment(StrEnum):
    CLOUD = "cloud"
    BARE_METAL = "bare_metal"  # whole nodes leased by the month or year from a GPU cloud
    ON_PREM = "on_prem"


class Tenancy(StrEnum):
    """Who holds the machine a node runs on, the catalog's trust class for data sensitivity.

    - provider: the provider runs its own (or contracted) data centres and signs the customer
      agreement and data-processing terms itself (AWS, GCP, Azure, Lambda, RunPod Secure Cloud...).
    - marketplace: a broker matches the work to machines that independent third parties host and
      hold (Akash, RunPod Community Cloud, Vast.ai): no agreement with whoever has physical and root
      access to the GPU host.
    - dedicated: hardware no one else runs work on (on-prem, bare metal leased whole)."""

    PROVIDER = "provider"
    MARKETPLACE = "marketplace"
    DEDICATED = "dedicated"


# The most sensitive data each tenancy may hold (workload.Sensitivity values). A marketplace host is
# an unknown third party with the machine in hand and no data-processing agreement with us, so it
# may hold public data only (internal data goes only to vendors under such an agreement; see
# advice.layers.boundary_text). Provider clouds and dedicated hardware are not gated by tenancy.
TENANCY_MAX_SENSITIVITY: dict[Tenancy, str] = {
    Tenancy.PROVIDER: "regulated",
    Tenancy.MARKETPLACE: "public",
    Tenancy.DEDICATED: "regulated",
}


class Instance(Sourced):
    """A node type: a cloud instance with hourly prices, or an on-prem server with capex."""

    provider: str  # "AWS", "GCP", "Azure", "Lambda", "CoreWeave", "on-prem"
    deployment: Deployment = Deployment.CLOUD
    region: str | None = None
    accelerator: str  # Accelerator.name
    accelerator_count: PositiveInt
    vcpus: PositiveInt | None = None
    ram_gib: PositiveFloat | None = None
    network_gbps: PositiveFloat | None = None  # inter-node (scale-out) bandwidth
    price_on_demand_usd_per_hour: PositiveFloat | None = None
    price_spot_usd_per_hour: PositiveFloat | None = None
    price_reserved_usd_per_hour: PositiveFloat | None = None  # 1-year commitment, effective
    # False where the provider publishes no contract term for price_reserved_usd_per_hour (Hyperstack's
    # reserved "from" prices): the price sits in the 1-year slot, and the engine says the term is
    # assumed, not published. True (the default, as every record before this field) = 1 year as stated.
    reserved_term_published: bool = True
    price_reserved_3y_usd_per_hour: PositiveFloat | None = None  # 3-year commitment, effective
    # Bare metal: the lease of one whole node [USD/month] and its minimum term [months]
    price_lease_usd_per_month: PositiveFloat | None = None
    lease_term_months: PositiveInt | None = None
    capex_usd: PositiveFloat | None = None  # on-prem purchase price of the whole node
    power_w: PositiveFloat | None = None  # node power at load, for on-prem TCO
    # Power of the node beyond its accelerators (CPUs, memory, NICs, fans) [W]; empty where unknown
    host_power_w: Annotated[float, Within(0, MAGNITUDE_CEILING)] | None = None
    lead_time_days: Annotated[float, Within(0, 3650)] | None = None  # order to serving, where stated
    # How the provider bills a rented node's time: in steps of billing_increment_s [s] (1 = per
    # second, 60 = per minute, 3600 = per hour), at least billing_minimum_s [s] each time a node
    # is started; empty where not published (the engine then bills per second, no minimum)
    billing_increment_s: Annotated[int, Within(1, 2_678_400)] | None = None
    billing_minimum_s: Annotated[int, Within(0, 2_678_400)] | None = None
    max_nodes: PositiveInt | None = None  # e.g. the size of an on-prem cluster
    # Who holds the machine (see Tenancy); empty: dedicated for on-prem and bare metal, else provider
    tenancy: Tenancy | None = None

    @property
    def trust(self) -> Tenancy:
        """The tenancy the catalog states, else dedicated for on-prem and bare metal, else provider."""
        if self.tenancy is not None:
            return self.tenancy
        return Tenancy.PROVIDER if self.deployment is Deployment.CLOUD else Tenancy.DEDICATED

    @property
    def max_sensitivity(self) -> str:
        """The most sensitive data this node may hold (a workload.Sensitivity value)."""
        return TENANCY_MAX_SENSITIVITY[self.trust]

    @model_validator(mode="after")
    def _priced(self) -> Instance:
        if (
            self.deployment is Deployment.CLOUD
            and self.price_on_demand_usd_per_hour is None
            and self.price_reserved_usd_per_hour is None
            and self.price_spot_usd_per_hour is None
        ):
            raise ValueError("a cloud instance needs at least one hourly price")
        if (
            self.deployment is Deployment.BARE_METAL
            and self.price_lease_usd_per_month is None
            and self.price_on_demand_usd_per_hour is None
        ):
            raise ValueError("a bare-metal offer needs price_lease_usd_per_month (or an hourly price)")
        if (
            self.deployment is Deployment.ON_PREM
            and self.capex_usd is None
            and self.price_on_demand_usd_per_hour is None
        ):
            raise ValueError("an on-prem node needs capex_usd (or an internal hourly price)")
        if self.host_power_w is not None and self.power_w is not None and self.host_power_w >= self.power_w:
            # the host is the node's power beyond its accelerators: it cannot be all of it or more
            # (CLI review finding 15b: 5,000 W host on a 1,300 W node was accepted)
            raise ValueError(
                f"host_power_w {self.host_power_w:g} W is not below the node's power_w {self.power_w:g} W "
                "(the whole node at load, accelerators included)"
            )
        return self

    def best_price_usd_per_hour(self, pricing: Literal["on_demand", "spot", "reserved", "reserved_3y"]) -> float | None:
        return {
            "on_demand": self.price_on_demand_usd_per_hour,
            "spot": self.price_spot_usd_per_hour,
            "reserved": self.price_reserved_usd_per_hour,
            "reserved_3y": self.price_reserved_3y_usd_per_hour,
        }[pricing]

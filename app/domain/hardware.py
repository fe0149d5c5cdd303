"""Accelerators and the instances (cloud or on-prem nodes) that carry them."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import model_validator

from app.domain.common import (
    PositiveFloat,
    PositiveInt,
    Precision,
    Sourced,
)


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
    tflops_bf16: PositiveFloat | None = None  # also FP16
    tflops_fp8: PositiveFloat | None = None
    tflops_int8: PositiveFloat | None = None  # TOPS
    tflops_int4: PositiveFloat | None = None  # TOPS
    scale_up_link: str | None = None  # "NVLink 4", "Infinity Fabric", "PCIe 4.0 x16"
    scale_up_bandwidth_gb_s: PositiveFloat | None = None  # per direction, per device
    tdp_w: PositiveFloat | None = None
    list_price_usd: PositiveFloat | None = None

    @model_validator(mode="after")
    def _has_some_compute(self) -> Accelerator:
        if all(
            getattr(self, f) is None for f in ("tflops_fp32", "tflops_tf32", "tflops_bf16", "tflops_fp8", "tflops_int8")
        ):
            raise ValueError("give at least one peak TFLOP/s figure (fp32, bf16, fp8 or int8)")
        return self

    def peak_tflops(self, precision: Precision) -> float | None:
        """Dense peak for math in `precision`; None when the device has no such units."""
        return {
            Precision.FP32: self.tflops_fp32,
            Precision.BF16: self.tflops_bf16,
            Precision.FP16: self.tflops_bf16,
            Precision.FP8: self.tflops_fp8,
            Precision.INT8: self.tflops_int8,
            Precision.INT4: self.tflops_int4,
        }[precision]


class Deployment(StrEnum):
    CLOUD = "cloud"
    ON_PREM = "on_prem"


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
    capex_usd: PositiveFloat | None = None  # on-prem purchase price of the whole node
    power_w: PositiveFloat | None = None  # node power at load, for on-prem TCO
    max_nodes: PositiveInt | None = None  # e.g. the size of an on-prem cluster

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
            self.deployment is Deployment.ON_PREM
            and self.capex_usd is None
            and self.price_on_demand_usd_per_hour is None
        ):
            raise ValueError("an on-prem node needs capex_usd (or an internal hourly price)")
        return self

    def best_price_usd_per_hour(self, pricing: Literal["on_demand", "spot", "reserved"]) -> float | None:
        return {
            "on_demand": self.price_on_demand_usd_per_hour,
            "spot": self.price_spot_usd_per_hour,
            "reserved": self.price_reserved_usd_per_hour,
        }[pricing]

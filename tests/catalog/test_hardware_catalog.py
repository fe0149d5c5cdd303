"""The shipped hardware catalog: accelerators and the instances (cloud or on-prem) that carry them.

Both files must load with the shared `kind:` / `records:` layout, every record must validate
through `app.domain.parse`, carry a source and a date, and the canonical records other parts
rely on must be there with figures that were checked by hand against the vendor sheets.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from numpy.testing import assert_allclose

from app.domain import Accelerator, Deployment, Instance, Precision, parse
from app.paths import CATALOG_DIR

CANONICAL_ACCELERATORS = {
    "NVIDIA B200",
    "NVIDIA H200 SXM",
    "NVIDIA H100 SXM",
    "NVIDIA H100 PCIe",
    "NVIDIA A100 80GB SXM",
    "NVIDIA A100 40GB SXM",
    "NVIDIA L40S",
    "NVIDIA L4",
    "NVIDIA A10G",
    "NVIDIA T4",
    "NVIDIA V100 32GB SXM2",
    "AMD Instinct MI300X",
    "AMD Instinct MI325X",
    "Intel Gaudi 3",
    "Google TPU v5e",
    "Google TPU v6e",
    "Apple M3 Max",
    "Raspberry Pi 5 (4GB)",
    "Intel Xeon Platinum 8480+",
}
CANONICAL_INSTANCES = {
    "On-prem 8x A100 80GB (DGX A100)",
    "On-prem Raspberry Pi 5 4GB",
    "AWS p5.48xlarge",
    "AWS p4d.24xlarge",
    "GCP a3-highgpu-8g",
    "Azure Standard_ND96isr_H100_v5",
    "Lambda 8x H100 SXM",
}
EFFICIENCY_CLASSES = {
    "nvidia-blackwell",
    "nvidia-hopper",
    "nvidia-ada",
    "nvidia-ampere",
    "nvidia-turing",
    "nvidia-volta",
    "amd-cdna3",
    "intel-gaudi",
    "google-tpu",
    "apple-silicon",
    "cpu-server",
    "arm-sbc",
}
LATEST_AS_OF = dt.date(2026, 11, 30)


def _load(kind: str) -> list[dict]:
    path = CATALOG_DIR / f"{kind}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    assert data.get("kind") == kind, f"{path.name}: kind must be '{kind}', got {data.get('kind')!r}"
    records = data.get("records")
    assert isinstance(records, list) and records, f"{path.name}: needs a non-empty records list"
    return records


@pytest.fixture(scope="module")
def accelerators() -> dict[str, Accelerator]:
    return {a.name: a for a in (parse(Accelerator, r) for r in _load("accelerators"))}


@pytest.fixture(scope="module")
def instances() -> dict[str, Instance]:
    return {i.name: i for i in (parse(Instance, r) for r in _load("instances"))}


# ---------------------------------------------------------------------------- structure


@pytest.mark.parametrize("kind", ["accelerators", "instances"])
def test_names_are_unique_ignoring_case(kind):
    names = [r["name"].strip().casefold() for r in _load(kind)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"{kind}: duplicate names {duplicates}"


@pytest.mark.parametrize("kind, cls", [("accelerators", Accelerator), ("instances", Instance)])
def test_every_record_has_a_source_and_a_past_as_of(kind, cls):
    for raw in _load(kind):
        assert "source" in raw and "as_of" in raw, f"{kind}/{raw.get('name')}: source and as_of are required"
        rec = parse(cls, raw)
        assert len(rec.source.strip()) >= 3, f"{kind}/{rec.name}: empty source"
        assert dt.date(2019, 1, 1) <= rec.as_of <= LATEST_AS_OF, f"{kind}/{rec.name}: as_of {rec.as_of}"


def test_canonical_accelerators_are_present(accelerators):
    missing = CANONICAL_ACCELERATORS - accelerators.keys()
    assert not missing, f"missing accelerators: {sorted(missing)}"


def test_canonical_instances_are_present(instances):
    missing = CANONICAL_INSTANCES - instances.keys()
    assert not missing, f"missing instances: {sorted(missing)}"


def test_efficiency_classes_come_from_the_shared_list(accelerators):
    used = {a.efficiency_class for a in accelerators.values()}
    assert used <= EFFICIENCY_CLASSES, f"unknown classes: {sorted(used - EFFICIENCY_CLASSES)}"


def test_every_efficiency_class_has_a_profile(accelerators):
    profiles = {r["efficiency_class"] for r in _load("efficiency")}
    used = {a.efficiency_class for a in accelerators.values()}
    assert used <= profiles, f"no efficiency profile for: {sorted(used - profiles)}"


def test_every_instance_names_an_accelerator_in_the_catalog(accelerators, instances):
    dangling = {i.name: i.accelerator for i in instances.values() if i.accelerator not in accelerators}
    assert not dangling, f"instances naming unknown accelerators: {dangling}"


def test_counts(accelerators, instances):
    assert len(accelerators) >= 20
    cloud = [i for i in instances.values() if i.deployment is Deployment.CLOUD]
    assert len(cloud) >= 30
    assert len({i.provider for i in cloud}) >= 5
    on_prem = [i for i in instances.values() if i.deployment is Deployment.ON_PREM and i.capex_usd]
    assert len(on_prem) >= 2


# ---------------------------------------------------------------------------- sanity of figures


def test_scale_up_is_per_direction_and_below_memory_bandwidth(accelerators):
    linked = [a for a in accelerators.values() if a.scale_up_bandwidth_gb_s is not None]
    assert {"NVIDIA H100 SXM", "AMD Instinct MI300X"} <= {a.name for a in linked}  # the rule has cases
    for a in linked:
        assert a.scale_up_link, f"{a.name}: bandwidth without a link name"
        assert a.scale_up_bandwidth_gb_s < a.memory_bandwidth_gb_s, a.name


def test_precision_ladder_is_monotone(accelerators):
    """Dense peaks never fall as precision narrows (fp32 <= bf16 <= fp8); catches a sparse figure."""
    for a in accelerators.values():
        ladder = [v for v in (a.tflops_fp32, a.tflops_bf16, a.tflops_fp8) if v is not None]
        assert ladder == sorted(ladder), f"{a.name}: {ladder}"
        if a.tflops_tf32 is not None and a.tflops_bf16 is not None:
            assert_allclose(a.tflops_bf16 / a.tflops_tf32, 2.0, rtol=0.05, err_msg=a.name)


def test_cloud_prices_are_ordered(instances):
    pairs = [
        (i.name, other, i.price_on_demand_usd_per_hour)
        for i in instances.values()
        if i.deployment is Deployment.CLOUD and i.price_on_demand_usd_per_hour is not None
        for other in (i.price_spot_usd_per_hour, i.price_reserved_usd_per_hour)
        if other is not None
    ]
    assert len(pairs) >= 10  # enough spot and reserved prices for the rule to mean something
    for name, other, on_demand in pairs:
        assert other < on_demand, name


def test_on_prem_nodes_have_capex_and_power(instances):
    on_prem = [i for i in instances.values() if i.deployment is Deployment.ON_PREM]
    assert on_prem, "the catalog has on-prem nodes (the acceptance case runs on one)"
    for i in on_prem:
        assert i.capex_usd and i.power_w, i.name
        assert i.price_spot_usd_per_hour is None, i.name


# ---------------------------------------------------------------------------- hand-checked values


@pytest.mark.parametrize(
    "name, field, expected",
    [
        ("NVIDIA H100 SXM", "memory_bandwidth_gb_s", 3350),
        ("NVIDIA H100 SXM", "tflops_bf16", 989),
        ("NVIDIA H100 SXM", "tflops_fp8", 1979),
        ("NVIDIA H100 SXM", "scale_up_bandwidth_gb_s", 450),
        ("NVIDIA H100 SXM", "memory_gib", 80),
        ("NVIDIA H200 SXM", "memory_bandwidth_gb_s", 4800),
        ("NVIDIA H200 SXM", "memory_gib", 141),
        ("NVIDIA A100 80GB SXM", "memory_bandwidth_gb_s", 2039),
        ("NVIDIA A100 80GB SXM", "tflops_bf16", 312),
        ("NVIDIA A100 40GB SXM", "memory_bandwidth_gb_s", 1555),
        ("NVIDIA B200", "memory_bandwidth_gb_s", 8000),
        ("NVIDIA B200", "tflops_bf16", 2250),
        ("NVIDIA L40S", "tflops_bf16", 362),
        ("NVIDIA L4", "memory_bandwidth_gb_s", 300),
        ("NVIDIA T4", "memory_bandwidth_gb_s", 320),
        ("AMD Instinct MI300X", "memory_gib", 192),
        ("AMD Instinct MI300X", "memory_bandwidth_gb_s", 5300),
        ("AMD Instinct MI300X", "tflops_bf16", 1307),
        ("AMD Instinct MI325X", "memory_gib", 256),
        ("Intel Gaudi 3", "memory_bandwidth_gb_s", 3670),
        ("Google TPU v5e", "tflops_bf16", 197),
        ("Google TPU v6e", "tflops_bf16", 918),
        ("Apple M3 Max", "memory_bandwidth_gb_s", 400),
        ("Raspberry Pi 5 (4GB)", "memory_bandwidth_gb_s", 17.07),
    ],
)
def test_spot_values(accelerators, name, field, expected):
    assert_allclose(getattr(accelerators[name], field), expected, rtol=1e-3, err_msg=f"{name}.{field}")


def test_peak_tflops_lookup(accelerators):
    h100 = accelerators["NVIDIA H100 SXM"]
    assert h100.peak_tflops(Precision.FP16) == h100.tflops_bf16
    assert accelerators["NVIDIA A100 80GB SXM"].peak_tflops(Precision.FP8) is None  # no FP8 units


def test_instance_spot_values(instances):
    p5 = instances["AWS p5.48xlarge"]
    assert (p5.accelerator, p5.accelerator_count, p5.region) == ("NVIDIA H100 SXM", 8, "us-east-1")
    assert_allclose(p5.price_on_demand_usd_per_hour, 55.04, rtol=1e-3)
    dgx = instances["On-prem 8x A100 80GB (DGX A100)"]
    assert dgx.deployment is Deployment.ON_PREM
    assert (dgx.accelerator, dgx.accelerator_count) == ("NVIDIA A100 80GB SXM", 8)
    assert_allclose((dgx.capex_usd, dgx.power_w), (199_000, 6_500))
    pi = instances["On-prem Raspberry Pi 5 4GB"]
    assert pi.accelerator == "Raspberry Pi 5 (4GB)" and pi.capex_usd < 200 and pi.power_w <= 15

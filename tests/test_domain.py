import math

import pytest

from app.domain import Accelerator, DomainError, Model, parse


def test_accelerator_rejects_zero_memory():
    with pytest.raises(DomainError, match="memory_gib"):
        parse(
            Accelerator,
            dict(
                name="X",
                vendor="v",
                efficiency_class="c",
                memory_gib=0,
                memory_bandwidth_gb_s=1,
                tflops_bf16=1,
                source="test",
                as_of="2025-01-01",
            ),
        )


def test_model_rejects_kv_heads_above_heads():
    with pytest.raises(DomainError, match="kv_heads"):
        parse(
            Model,
            dict(
                name="m",
                params_total_b=1,
                layers=2,
                hidden_size=64,
                attention_heads=4,
                kv_heads=8,
                head_dim=16,
                attention_kind="gqa",
                vocab_size=10,
                max_context_tokens=128,
                source="test",
                as_of="2025-01-01",
            ),
        )


def test_nan_rejected():
    with pytest.raises(DomainError, match="must be a positive number"):
        parse(
            Accelerator,
            dict(
                name="X",
                vendor="v",
                efficiency_class="c",
                memory_gib=math.nan,
                memory_bandwidth_gb_s=1,
                tflops_bf16=1,
                source="test",
                as_of="2025-01-01",
            ),
        )


def test_figures_read_as_people_write_them():
    from app.domain.numbers import figure

    assert [figure(v) for v in (14860.3, 1_486_000.0, 1307.4, 123.456, 0.57373, 0.0012345, 0, -14860.0)] == [
        "14,860",
        "1,486,000",
        "1,307",
        "123.5",
        "0.5737",
        "0.001234",
        "0",
        "-14,860",
    ]
    assert figure(1.2e-5) == "1.200e-05" and figure(2.5e13) == "2.500e+13"  # out of range: an exponent
    assert figure(float("inf")) == "inf"


def test_typed_catalog_lookup_by_name_any_case_and_after_an_edit():
    from app.domain import Catalog

    def accel(name: str, memory: float) -> Accelerator:
        return parse(
            Accelerator,
            {
                "name": name,
                "source": "test",
                "as_of": "2026-11-30",
                "vendor": "X",
                "efficiency_class": "c",
                "memory_gib": memory,
                "memory_bandwidth_gb_s": 100,
                "tflops_bf16": 10,
            },
        )

    catalog = Catalog(accelerators=[accel("Lab GPU", 24)])
    found = catalog.accelerator("  lab gpu ")
    assert isinstance(found, Accelerator) and found.memory_gib == 24
    assert catalog.get(Accelerator, "LAB GPU") is found
    catalog.accelerators = [accel("Lab GPU", 48)]  # a replaced list is not served from the old index
    assert catalog.accelerator("Lab GPU").memory_gib == 48
    catalog.accelerators.append(accel("Other GPU", 8))  # nor a grown one
    assert catalog.accelerator("other gpu").memory_gib == 8
    with pytest.raises(DomainError, match="no accelerator named 'Lab GPX'; closest: Lab GPU"):
        catalog.accelerator("Lab GPX")

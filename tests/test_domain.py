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
    with pytest.raises(DomainError, match="finite"):
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

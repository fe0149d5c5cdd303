import math

import pytest

from app.domain import Accelerator, DomainError, Model, parse


def test_accelerator_rejects_zero_memory():
    with pytest.raises(DomainError, match="memory_gib"):
        parse(Accelerator, dict(name="X", vendor="v", efficiency_class="c", memory_gib=0,
                                memory_bandwidth_gb_s=1, tflops_bf16=1, source="test", as_of="2025-01-01"))


def test_model_rejects_kv_heads_above_heads():
    with pytest.raises(DomainError, match="kv_heads"):
        parse(Model, dict(name="m", params_total_b=1, layers=2, hidden_size=64, attention_heads=4,
                          kv_heads=8, head_dim=16, attention_kind="gqa", vocab_size=10,
                          max_context_tokens=128, source="test", as_of="2025-01-01"))


def test_nan_rejected():
    with pytest.raises(DomainError, match="finite"):
        parse(Accelerator, dict(name="X", vendor="v", efficiency_class="c", memory_gib=math.nan,
                                memory_bandwidth_gb_s=1, tflops_bf16=1, source="test", as_of="2025-01-01"))

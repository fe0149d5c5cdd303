"""Engine fixtures: the shipped catalog read straight from YAML (no store), plus hand-typed
model shapes from their config.json files so hand calculations do not depend on catalog edits."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import Catalog, Model, parse
from app.paths import EXAMPLES_DIR
from app.store.io_formats import catalog_from_dir

LLAMA3_8B = dict(  # huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/config.json
    name="Test Llama-3-8B",
    source="https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/config.json",
    as_of=dt.date(2026, 11, 24),
    params_total_b=8.03,
    layers=32,
    hidden_size=4096,
    intermediate_size=14336,
    attention_heads=32,
    kv_heads=8,
    head_dim=128,
    attention_kind="gqa",
    vocab_size=128256,
    max_context_tokens=8192,
)
DEEPSEEK_V3 = dict(  # huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json
    name="Test DeepSeek-V3",
    source="https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json",
    as_of=dt.date(2026, 11, 24),
    params_total_b=671,
    params_active_b=37,
    layers=61,
    hidden_size=7168,
    intermediate_size=18432,
    attention_heads=128,
    kv_heads=128,
    head_dim=128,
    attention_kind="mla",
    kv_lora_rank=512,
    qk_rope_head_dim=64,
    experts=256,
    experts_per_token=8,
    shared_experts=1,
    moe_intermediate_size=2048,
    vocab_size=129280,
    max_context_tokens=163840,
)


def load_shipped_catalog() -> Catalog:
    catalog = catalog_from_dir()
    test_models = [parse(Model, d) for d in (LLAMA3_8B, DEEPSEEK_V3)]
    return catalog.merged_with(models=test_models)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_shipped_catalog()


@pytest.fixture(scope="session")
def examples():
    return EXAMPLES_DIR

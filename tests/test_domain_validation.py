"""Every domain record accepts good values and refuses nonsense with a readable message."""

from __future__ import annotations

import math

import pytest

from app.domain import (
    Accelerator,
    Assumptions,
    Band,
    Category,
    DomainError,
    EfficiencyProfile,
    HostedApi,
    Instance,
    Model,
    Runtime,
    Scenario,
    Workload,
    parse,
)

SRC = dict(source="vendor datasheet", as_of="2026-01-01")
GPU = dict(
    name="G",
    vendor="v",
    efficiency_class="nvidia-hopper",
    memory_gib=80,
    memory_bandwidth_gb_s=3350,
    tflops_bf16=989,
    **SRC,
)
INSTANCE = dict(name="I", provider="AWS", accelerator="G", accelerator_count=8, price_on_demand_usd_per_hour=50, **SRC)
MODEL = dict(
    name="M",
    params_total_b=8,
    layers=32,
    hidden_size=4096,
    attention_heads=32,
    kv_heads=8,
    head_dim=128,
    attention_kind="gqa",
    vocab_size=128256,
    max_context_tokens=8192,
    **SRC,
)
WORKLOAD = dict(
    name="W", category="inference_api", traffic={"requests_per_s": 1}, tokens={"input_tokens": 100, "output_tokens": 50}
)


def ok(cls, data, **over):
    return parse(cls, {**data, **over})


def bad(cls, data, match, **over):
    with pytest.raises(DomainError, match=match) as err:
        parse(cls, {**data, **over})
    assert "\n" not in str(err.value)  # one readable line
    return str(err.value)


# --- Accelerator
def test_accelerator_good():
    a = ok(Accelerator, GPU)
    from app.domain import Precision

    assert a.peak_tflops(Precision.BF16) == 989 and a.peak_tflops(Precision.FP8) is None


@pytest.mark.parametrize(
    "field,value,match",
    [
        ("memory_gib", 0, "memory_gib"),
        ("memory_gib", -1, "memory_gib"),
        ("memory_gib", math.nan, "must be a positive number, got nan"),
        ("memory_bandwidth_gb_s", math.inf, "must be a positive number up to 1e.15 GB/s, got inf"),
        ("tflops_bf16", -5, "tflops_bf16"),
        ("as_of", "yesterday", "as_of"),
        ("source", "", "source"),
        ("unknown_field", 1, "unknown_field"),
    ],
)
def test_accelerator_bad(field, value, match):
    bad(Accelerator, GPU, match, **{field: value})


def test_accelerator_needs_some_compute_figure():
    data = {k: v for k, v in GPU.items() if k != "tflops_bf16"}
    bad(Accelerator, data, "peak TFLOP/s")


def test_catalog_figures_need_a_date():
    data = {k: v for k, v in GPU.items() if k != "as_of"}
    bad(Accelerator, data, "as_of")


# --- Instance
def test_instance_good_and_priced():
    i = ok(Instance, INSTANCE)
    assert i.best_price_usd_per_hour("on_demand") == 50 and i.best_price_usd_per_hour("spot") is None


def test_cloud_instance_needs_a_price():
    data = {k: v for k, v in INSTANCE.items() if k != "price_on_demand_usd_per_hour"}
    bad(Instance, data, "hourly price")


def test_on_prem_node_needs_capex():
    data = {k: v for k, v in INSTANCE.items() if k != "price_on_demand_usd_per_hour"}
    bad(Instance, data, "capex", deployment="on_prem")
    assert ok(Instance, data, deployment="on_prem", capex_usd=200000).capex_usd == 200000


@pytest.mark.parametrize(
    "field,value",
    [("accelerator_count", 0), ("price_on_demand_usd_per_hour", -1), ("price_spot_usd_per_hour", math.nan)],
)
def test_instance_bad_numbers(field, value):
    bad(Instance, INSTANCE, field, **{field: value})


# --- Model
def test_model_good_gqa_mha_mqa_mla_moe():
    assert ok(Model, MODEL).kv_heads == 8
    assert ok(Model, MODEL, attention_kind="mha", kv_heads=32).attention_kind.value == "mha"
    assert ok(Model, MODEL, attention_kind="mqa", kv_heads=1).kv_heads == 1
    mla = ok(Model, MODEL, attention_kind="mla", kv_heads=32, kv_lora_rank=512, qk_rope_head_dim=64)
    assert (mla.kv_lora_rank, mla.qk_rope_head_dim) == (512, 64)
    m = ok(Model, MODEL, params_total_b=46.7, params_active_b=12.9, experts=8, experts_per_token=2)
    assert m.is_moe and m.active_params_b == 12.9


@pytest.mark.parametrize(
    "over,match",
    [
        ({"kv_heads": 64}, "kv_heads"),
        ({"kv_heads": 5}, "multiple of kv_heads"),
        ({"attention_kind": "mha"}, "MHA"),
        ({"attention_kind": "mqa"}, "MQA"),
        ({"attention_kind": "mla"}, "kv_lora_rank"),
        ({"params_active_b": 9}, "params_active_b"),
        ({"experts": 8}, "experts_per_token"),
        ({"experts": 2, "experts_per_token": 4}, "experts_per_token"),
        ({"layers": 0}, "layers"),
        ({"params_total_b": -8}, "params_total_b"),
    ],
)
def test_model_bad(over, match):
    bad(Model, MODEL, match, **over)


# --- Runtime, efficiency, hosted API
def test_runtime_and_efficiency():
    assert ok(Runtime, dict(name="vLLM", **SRC)).efficiency_multiplier == 1.0
    bad(Runtime, dict(name="vLLM", **SRC), "efficiency_multiplier", efficiency_multiplier=0)
    band = {"low": 0.3, "expected": 0.5, "high": 0.6}
    profile = ok(EfficiencyProfile, dict(name="x", efficiency_class="x", mfu_prefill=band, mbu_decode=band, **SRC))
    assert (profile.mfu_prefill.expected, profile.mfu_decode) == (0.5, None)
    bad(
        EfficiencyProfile,
        dict(
            name="x",
            efficiency_class="x",
            mfu_prefill={"low": 0.6, "expected": 0.5, "high": 0.7},
            mbu_decode=band,
            **SRC,
        ),
        "low <= expected <= high",
    )
    with pytest.raises(ValueError):
        Band(low=0.1, expected=0.05, high=0.2)


def test_hosted_api():
    api = dict(name="A", provider="P", model="m", price_input_usd_per_mtok=1, price_output_usd_per_mtok=4, **SRC)
    assert ok(HostedApi, api).price_output_usd_per_mtok == 4
    bad(HostedApi, api, "price_output_usd_per_mtok", price_output_usd_per_mtok=-1)
    bad(HostedApi, api, "context_tokens", context_tokens=0)


# --- Workload and scenario
def test_workload_good_and_categories():
    w = ok(Workload, WORKLOAD)
    assert (w.category, w.traffic.requests_per_s, w.tokens.context_tokens) == (Category.INFERENCE_API, 1.0, 150)
    b = ok(Workload, WORKLOAD, category="batch", batch={"total_requests": 10, "deadline_hours": 1})
    assert b.category is Category.BATCH and (b.batch.total_requests, b.batch.deadline_hours) == (10, 1.0)
    f = ok(Workload, WORKLOAD, category="fine_tuning", fine_tuning={"dataset_tokens": 1e6})
    assert f.fine_tuning.dataset_tokens == 1e6 and f.fine_tuning.method.value == "lora"  # the default method


@pytest.mark.parametrize(
    "over,match",
    [
        ({"category": "batch"}, "needs its work per run: batch.total_requests"),
        ({"category": "synthetic_data"}, "needs its work per run: batch.total_requests"),
        ({"category": "fine_tuning"}, "fine_tuning"),
        ({"category": "multimodal"}, "images_per_request"),
        ({"category": "teleportation"}, "category"),
        ({"traffic": {"requests_per_s": 0}}, "requests_per_s"),
        ({"traffic": {"requests_per_s": 1, "peak_to_mean": 0.5}}, "peak_to_mean"),
        ({"tokens": {"input_tokens": 100, "output_tokens": 50, "shared_prefix_tokens": 200}}, "shared_prefix"),
        ({"tokens": {"input_tokens": 100, "output_tokens": 50, "input_tokens_p95": 50}}, "p95"),
        (
            {"tokens": {"input_tokens": 100, "output_tokens": 50, "prefix_cache_hit_ratio": 1.5}},
            "prefix_cache_hit_ratio",
        ),
        ({"sla": {"ttft_p95_ms": -1}}, "ttft_p95_ms"),
        ({"sla": {"availability": 1.0}}, "availability"),
        ({"sensitivity": "top secret"}, "sensitivity"),
    ],
)
def test_workload_bad(over, match):
    bad(Workload, WORKLOAD, match, **over)


def test_scenario_and_assumptions():
    s = ok(Scenario, {"name": "S", "workload": WORKLOAD})
    # None = the runtime's own default (catalog/runtimes.yaml), e.g. vLLM's 0.9
    assert s.assumptions.gpu_memory_fraction is None and s.candidates.runtimes == ["vLLM"]
    bad(
        Scenario,
        {"name": "S", "workload": WORKLOAD},
        "tensor_parallel",
        chosen={"model": "M", "hardware": "I", "gpus": 2, "tensor_parallel": 4},
    )
    bad(Assumptions, {}, "gpu_memory_fraction", gpu_memory_fraction=1.5)
    bad(Assumptions, {}, "pue", pue=0.5)
    bad(Assumptions, {}, "pricing", pricing="free")


def test_tp_that_does_not_divide_heads_is_refused(tmp_path):
    from app.domain import Catalog
    from app.engine import estimate

    cat = Catalog(
        models=[parse(Model, MODEL)],
        accelerators=[parse(Accelerator, GPU)],
        runtimes=[parse(Runtime, dict(name="vLLM", **SRC))],
    )
    with pytest.raises(DomainError, match="does not divide"):
        estimate(
            cat, model="M", hardware="G", gpus=3, precision="bf16", input_tokens=10, output_tokens=10, concurrency=1
        )

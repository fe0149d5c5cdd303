"""The user's two acceptance cases (catalog/examples), through the engine and the shipped catalog."""

from __future__ import annotations

from app.domain import INSUFFICIENT_HARDWARE
from app.engine import size
from app.services.sizing import load_scenario


def test_llama3_70b_on_8x_a100_is_feasible_with_tensor_parallelism(catalog, examples):
    sz = size(load_scenario(examples / "llama3-70b-on-8x-a100.yaml"), catalog)
    assert sz.feasible and sz.error is None
    o = sz.recommended
    assert o.tensor_parallel > 1, o.label
    assert o.precision.value == "fp16" and o.accelerator == "NVIDIA A100 80GB SXM"
    assert o.total_gpus <= 8
    assert o.ttft_p95_ms <= 500
    assert any("Tensor parallelism" in s for s in sz.strategy)
    assert o.cost_per_month_usd > 0  # on-prem TCO of the DGX


def test_llama3_70b_on_raspberry_pi_is_refused_naming_memory_and_latency(catalog, examples):
    sz = size(load_scenario(examples / "llama3-70b-on-raspberry-pi.yaml"), catalog)
    assert not sz.feasible and sz.recommended is None
    assert sz.error == INSUFFICIENT_HARDWARE
    by = {b.constraint: b for b in sz.binding_constraints}
    assert {"memory", "ttft"} <= set(by)
    # FP16 Llama-3 70B: 70.6e9 x 2 bytes = 131.5 GiB of weights against a 4 GB board
    assert by["memory"].required > 131 and by["memory"].available < 4
    assert by["ttft"].required == 10 and by["ttft"].available > 1000
    assert "throughput" in by and by["throughput"].required == 1_000_000


def test_strategy_speaks_the_recommended_runtime_and_labels_name_it(catalog, examples):
    sz = size(load_scenario(examples / "llama3-70b-on-8x-a100.yaml"), catalog)
    o = sz.recommended
    assert o.label.endswith(f", {o.runtime})")
    labels = [x.label for x in sz.options]
    assert len(labels) == len(set(labels)), "two options read the same"
    serve = next(s for s in sz.strategy if s.startswith("Serve with"))
    if o.runtime == "TensorRT-LLM":
        # KV share of the memory left after weights, as TensorRT-LLM's setting means it
        share = o.memory.kv_cache_gib / (o.memory.capacity_gib - o.memory.weights_gib)
        assert f"kv_cache_free_gpu_memory_fraction {share:.2f}" in serve and "max_batch_size" in serve
    else:
        assert "max_num_seqs" in serve or "--max-running-requests" in serve

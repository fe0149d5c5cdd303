"""L5 evaluation: golden set, failure taxonomy, regression gates, and the benchmark runs that
confirm the recommended option on real hardware before buying.

Golden-set size: the cases needed for a pass rate's 95 % confidence interval to be +/- 5 points
at worst (p = 0.5): n = z^2 p (1 - p) / e^2 = 1.96^2 x 0.25 / 0.05^2 = 385, rounded up to 400.
For confidential and regulated data the margin is +/- 3 points: 1,068, rounded up to 1,100.
"""

from __future__ import annotations

import math

from app.advice.basis import Basis, ms
from app.advice.layers import derived, either, stated
from app.advice.records import Entry, LayerAdvice
from app.domain.workload import Category, Sensitivity

Z_95 = 1.96  # two-sided 95 % normal quantile


def golden_set_size(margin: float) -> int:
    """Cases for a +/- `margin` (fraction) 95 % interval on a pass rate, rounded up to 100 [cases]."""
    n = Z_95**2 * 0.25 / margin**2
    return int(math.ceil(n / 100.0) * 100)


TAXONOMY = {
    Category.RAG: [
        "retrieval missed the passage",
        "answer not supported by the passages",
        "missing or wrong citation",
        "answerable question refused",
        "restricted document leaked",
    ],
    Category.AGENT: [
        "wrong tool or wrong arguments",
        "loop or call budget exceeded",
        "unsafe action attempted",
        "task left incomplete",
        "tool error not handled",
    ],
    Category.MULTIMODAL: ["image misread", "detail invented", "format wrong", "unsafe content"],
    Category.BATCH: ["output malformed", "output truncated", "instruction ignored", "item failed or skipped"],
    Category.SYNTHETIC_DATA: ["sample malformed", "near-duplicate", "off-distribution", "label wrong"],
    Category.FINE_TUNING: ["regression against the base model", "overfitting to the training set", "format drift"],
    Category.INFERENCE_API: ["factual error", "instruction ignored", "format wrong", "unsafe or off-policy answer"],
    Category.EVALUATION: ["grader disagreement", "contaminated test item", "format wrong"],
}

BENCH_COMMAND = {
    "vllm": "vllm bench serve",
    "sglang": "python -m sglang.bench_serving",
    "tensorrt-llm": "trtllm-bench",
    "llama.cpp": "llama-bench",
}


def evaluation_layer(b: Basis) -> LayerAdvice:
    l5, o = b.scenario.system_map.evaluation, b.option
    entries: list[Entry] = []
    if l5.notes:
        entries.append(stated("Plan", l5.notes))
    strict = b.sensitivity.level >= Sensitivity.CONFIDENTIAL.level
    margin = 0.03 if strict else 0.05
    if l5.golden_set_size is not None:
        entries.append(stated("Golden set", f"{l5.golden_set_size:,} cases with known good answers."))
    else:
        n = golden_set_size(margin)
        entries.append(
            derived(
                "Golden set",
                f"At least {n:,} cases drawn from real requests, with known good answers: enough for a pass rate "
                f"within ±{100 * margin:.0f} points at 95 % confidence. Refresh a tenth of them each quarter.",
            )
        )
    kinds = l5.failure_taxonomy or TAXONOMY[b.kind]
    entries.append(
        Entry(
            label="Failure taxonomy",
            text="; ".join(kinds).capitalize() + ". Each failure is counted by kind, not only as a pass rate.",
            derived=not l5.failure_taxonomy,
        )
    )
    gate = (
        "A new model, prompt or runtime version ships only if the golden-set pass rate drops by no more than "
        "2 points, no new failure of the severe kinds appears"
    )
    if o is not None and b.workload.sla.ttft_p95_ms:
        gate += f", p95 time to first token stays under {ms(b.workload.sla.ttft_p95_ms)} in a load test"
    gate += ", and cost per 1M tokens stays within 10 % of the estimate."
    entries.append(either("Regression gates", l5.regression_gate, gate))
    entries.append(derived("Confirm before buying", benchmark_runs(b)))
    comps = [f"Golden set ({l5.golden_set_size or golden_set_size(margin):,})", "Regression gates", "Load test"]
    return LayerAdvice(key="L5", title="Evaluation", entries=entries, components=comps)


def benchmark_runs(b: Basis) -> str:
    o, k = b.option, b.workload.tokens
    if o is None:
        if b.hosted is not None:
            return (
                f"Run the golden set through {b.hosted.name} and measure time to first token and output speed from "
                "our own network at the expected concurrency before signing."
            )
        return "No option is feasible; nothing to confirm until the scope changes."
    tool = BENCH_COMMAND.get(o.runtime.lower(), "the runtime's serving benchmark")
    m = o.memory
    return (
        f"On one {o.hardware} with {o.gpus}x {o.accelerator} and {o.runtime} ({tool}): "
        f"(1) load {o.model} at {o.precision.value.upper()} and read memory per GPU "
        f"(expect {m.weights_gib:,.1f} GiB of weights, {m.kv_cache_gib:,.1f} GiB left for the KV cache); "
        + (
            f"(2) {k.input_tokens:,} input and {k.output_tokens:,} output tokens at concurrency 1 and "
            f"{max(o.batch_size, 1):,} "
            f"(expect {ms(o.ttft_ms)} to first token unloaded, {ms(o.tpot_ms)} per output token); "
            if o.generates
            else f"(2) {k.input_tokens:,}-token inputs, one vector each, at concurrency 1 and "
            f"{max(o.batch_size, 1):,} (expect {ms(o.ttft_ms)} per request unloaded); "
        )
        + f"(3) a request-rate sweep to {1.5 * o.requests_per_s_per_replica:,.2f} req/s to find the highest rate that "
        f"meets the SLA (expect {o.requests_per_s_per_replica:,.2f} req/s per replica); "
        f"(4) one hour at the operating point to check that KV-cache use and latency are stable. "
        f"A result more than 15 % worse re-sizes the replica count before anything is bought."
    )


__all__ = ["evaluation_layer", "golden_set_size"]

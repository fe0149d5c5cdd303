"""Which number formats the space offers, per device and per runtime, and why it is empty when
no format in scope runs (issue 12: FP8 on a V100; TensorRT-LLM's FP8 on an A100 or T4)."""

from __future__ import annotations

import pytest

from app.domain import DomainError, Precision, Scenario, parse
from app.engine import size
from app.engine.space import build_space, enumerate_points
from app.engine.tables import PRECISIONS


def scenario(hardware: list[str], precisions: list[str], runtimes: list[str] | None = None) -> Scenario:
    candidates: dict = {"models": ["Test Llama-3-8B"], "hardware": hardware, "precisions": precisions}
    if runtimes:
        candidates["runtimes"] = runtimes
    return parse(
        Scenario,
        {
            "name": "formats",
            "workload": {
                "name": "chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 1.0},
                "tokens": {"input_tokens": 500, "output_tokens": 100},
            },
            "candidates": candidates,
        },
    )


def test_fp8_on_a_v100_names_the_format_not_the_attention_heads(catalog):
    # Volta: FP32/FP16 tensor math, INT8/INT4 weight-only (GPTQ); no FP8 in any form. Llama 8B has
    # 32 heads, which every TP of 1..8 divides, so heads are not the cause.
    with pytest.raises(DomainError) as err:
        size(scenario(["AWS p3dn.24xlarge"], ["fp8"]), catalog)
    msg = str(err.value)
    assert "FP8 is not available on NVIDIA V100" in msg
    assert "fp16" in msg and "int8" in msg  # what it does run
    assert "attention heads" not in msg


def test_tensorrt_llm_is_offered_fp8_only_on_fp8_tensor_cores(catalog):
    # A100 (Ampere, SM 8.0) and T4 (Turing, SM 7.5) hold FP8 weights only through vLLM's FP8
    # Marlin (W8A16); TensorRT-LLM runs FP8 on SM 8.9+ only. H100 (Hopper) runs FP8 natively.
    s = scenario(["AWS p4d.24xlarge", "AWS g4dn.xlarge", "AWS p5.48xlarge"], ["fp8"], ["vLLM", "TensorRT-LLM"])
    space = build_space(s, catalog)
    pts = enumerate_points(space)
    fp8 = PRECISIONS.index(Precision.FP8)
    pairs = {
        (space.hardware[h].accelerator.name.split()[1], space.runtimes[r].name)
        for h, r, p in zip(pts.hardware, pts.runtime, pts.precision, strict=True)
        if p == fp8
    }
    assert {a for a, rt in pairs if rt == "TensorRT-LLM"} == {"H100"}
    assert {a for a, rt in pairs if rt == "vLLM"} == {"A100", "T4", "H100"}


def test_tensorrt_llm_alone_with_fp8_on_a_t4_says_it_has_no_weight_only_fp8(catalog):
    with pytest.raises(DomainError) as err:
        size(scenario(["AWS g4dn.xlarge"], ["fp8"], ["TensorRT-LLM"]), catalog)
    msg = str(err.value)
    assert "TensorRT-LLM has no weight-only fp8 path" in msg and "T4" in msg
    assert "attention heads" not in msg

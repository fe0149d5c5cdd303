"""The simulation prefills the prompt the analytic model prefills: text + images x tokens per image.

Found by the CLI reviewer (N25): `size reader.yaml --simulate` (700 text tokens + 2 images, Qwen3-VL-8B
fp8 on one H100) simulated TTFT p95 30 ms against the analytic 165 ms: the simulated prompt was the
700 text tokens alone, while the same load sent as a 2,748-token text prompt agreed (108 vs 112 ms)."""

from __future__ import annotations

import pytest

from app.domain import Scenario
from app.engine import size
from app.engine.simulate import simulate
from app.engine.space import build_space
from app.store.io_formats import catalog_from_dir


def _reader(images: int) -> dict:
    return {
        "name": "claims reader",
        "workload": {
            "name": "Scanned claim forms reader",
            "category": "multimodal" if images else "inference_api",
            "traffic": {"requests_per_s": 3.0, "peak_to_mean": 2.0, "pattern": "diurnal", "peak_hours_per_day": 10},
            "tokens": {"input_tokens": 700, "output_tokens": 350, "images_per_request": images},
            "sla": {"ttft_p95_ms": 3000, "tpot_p95_ms": 70},
        },
        "candidates": {
            "models": ["Qwen3-VL-8B-Instruct"],
            "hardware": ["Hyperstack 1x H100 SXM"],
            "precisions": ["fp8"],
            "runtimes": ["vLLM"],
        },
    }


def _run(images: int):
    catalog = catalog_from_dir()
    s = Scenario.model_validate(_reader(images))
    o = size(s, catalog).recommended
    assert o is not None
    return o, simulate(build_space(s, catalog), o, s, requests=600)


def test_the_simulated_prompt_counts_the_images() -> None:
    o, sim = _run(2)
    # 700 text tokens + 2 images x 1,024 tokens per image (Qwen3-VL-8B's catalog figure), no prefix
    # cache and no p95 length given: every simulated request prefills 2,748 tokens
    assert sim.prefill_tokens_mean == pytest.approx(700 + 2 * 1024)
    # one 2,748-token prefill of the 8.64B-parameter model is 2 x 8.64e9 x 2,748 = 4.75e13 FLOP, at
    # least 24.0 ms at the H100's full dense FP8 peak (1,979 TFLOP/s) before any MFU or encoder: a
    # median TTFT below it (the old 20 ms) can only have prefilled the 700 text tokens
    assert sim.ttft_p50_ms > 2 * 8.64e9 * 2748 / 1979e12 * 1e3
    # and the check now agrees with the analytic p95 it checks (old: 30 ms against 165 ms)
    assert 0.7 * o.ttft_p95_ms < sim.ttft_p95_ms < 1.3 * o.ttft_p95_ms


def test_a_text_prompt_is_unchanged() -> None:
    _, sim = _run(0)
    assert sim.prefill_tokens_mean == pytest.approx(700)

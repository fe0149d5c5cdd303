"""The fleet counts the image tokens of a multimodal workload as `size` does (tcli3 finding 3, the
part still open, and hosted-mm): per 1M tokens over every processed token, and a hosted stage
billed for its images at the input price.

Hand calculation: "Invoices" sends 2 req/s flat, 300 text tokens + 2 images, 200 output tokens.
Self-hosted Qwen2.5-VL-7B-Instruct reads an image as 1,296 tokens (its catalog tokens_per_image):
300 + 2 x 1,296 + 200 = 3,092 tokens a request; a week is 2 x 604,800 = 1,209,600 requests,
3,740.0832 M tokens (the old figure counted 500 tokens: 604.8 M). Through a cascade whose last
stage is OpenAI GPT-4o (765 tokens an image, $2.50 / $10.00 per 1M in / out) a hosted request costs
((300 + 2 x 765) x 2.50 + 200 x 10.00) / 1e6 = $0.006575 (text only: $0.00275)."""

from __future__ import annotations

import pytest

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, plan, portfolio

WORKLOAD = {
    "name": "Invoice reader",
    "category": "multimodal",
    "traffic": {"requests_per_s": 2, "peak_to_mean": 1, "pattern": "steady"},
    "tokens": {"input_tokens": 300, "output_tokens": 200, "images_per_request": 2},
    "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 60, "availability": 0.99},
}


def entry(**extra) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {
        "name": "Invoices",
        "workload": WORKLOAD,
        "candidates": {"models": ["Qwen2.5-VL-7B-Instruct"], "precisions": ["bf16"]},
        "profile": {"pattern": "flat"},
        **extra,
    }


def test_self_hosted_per_mtok_counts_the_image_tokens(catalog: Catalog):
    assert catalog.model("Qwen2.5-VL-7B-Instruct").tokens_per_image == 1296
    fp = plan(portfolio([entry()], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}]), catalog)
    k = next(k for k in fp.kpis if k.name == "Invoices")
    assert k.requests_per_week == pytest.approx(2 * 604_800)
    assert k.mtok_per_week == pytest.approx(2 * 604_800 * 3_092 / 1e6)  # 3,740.0832
    assert k.cost_per_mtok_usd == pytest.approx(k.cost_usd_per_week / k.mtok_per_week)


def test_a_hosted_stage_is_billed_for_its_images(catalog: Catalog):
    cascade = {
        "routing": {
            "cascade": [
                {"model": "Qwen2.5-VL-7B-Instruct", "answers": 0.5},
                {"hosted": "OpenAI GPT-4o", "answers": 0.5},
            ]
        }
    }
    fp = plan(portfolio([entry(**cascade)], [{"name": "L", "instance": EIGHT_GPU, "nodes": 1}]), catalog)
    hosted = next(k for k in fp.kpis if k.name.endswith("OpenAI GPT-4o"))
    per_request = ((300 + 2 * 765) * 2.50 + 200 * 10.00) / 1e6  # 0.006575
    assert hosted.hosted_cost_usd_per_week == pytest.approx(hosted.requests_per_week * per_request)
    assert hosted.mtok_per_week == pytest.approx(hosted.requests_per_week * (300 + 2 * 765 + 200) / 1e6)

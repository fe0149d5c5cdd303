"""Images in, text out, as a user writes it; and the number formats each device really runs.

Rules (issue 12, items 1, 6 and 9), each with a test that failed before the fix:
- images in (any category) -> only models that read images; embedding models never generate;
- the vision encoder's work counts in prefill (2 x vision params x patches per image) and its
  weights in memory, but not in the per-token (decode) parameters;
- a device is offered only the number formats it runs natively, or weight-only (dequantised,
  flagged, at its real 16-bit speed); BF16 on a device without BF16 runs as FP16;
- an on-prem sizing raises no NumPy RuntimeWarning; a cost band never reads 0 at one end when
  the option does not serve there; "no price:" is said once.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scenario_builders import claim_photos, scenario, with_

from app.cli import main
from app.domain import Accelerator, DomainError, Precision
from app.engine import size
from app.engine.estimate import estimate
from app.engine.evaluate import evaluate
from app.engine.space import build_space, enumerate_points
from app.engine.tables import PRECISIONS, expert_split_b, math_tflops
from app.paths import EXAMPLES_DIR

# A user's own workload, typed from scratch: an insurer reads photos of damaged cars and drafts a
# claim note. Three photos and a short instruction per claim, a few hundred words back.
CLAIMS = claim_photos()  # tests/scenario_builders.py


# ------------------------------------------------------------------ the user's scenario


def test_a_vision_language_model_on_an_h100_serves_the_claims_workload(catalog):
    sz = size(scenario(CLAIMS), catalog)
    assert sz.feasible, [v.detail for v in sz.binding_constraints]
    rec = sz.recommended
    assert rec.model == "Qwen3-VL-8B-Instruct" and rec.accelerator == "NVIDIA H100 SXM"
    # sensible: one GPU holds the 8.6B model in BF16 (17.3 GB of weights) with room for KV
    assert rec.gpus == 1 and 15 < rec.memory.weights_gib < 17
    assert rec.memory.max_concurrent_sequences > 50
    # three 1,024-token images and a 450-token prompt prefill in well under the 2.5 s SLA
    assert 50 < rec.ttft_ms < 2500 and rec.ttft_p95_ms <= 2500
    assert rec.tpot_ms <= 50
    # 2 req/s at peak: a replica or two, plus the spares the 99.9% target needs, priced per month
    assert 1 <= rec.replicas - rec.spare_replicas <= 2 and rec.replicas <= 4 and rec.cost_per_month_usd > 0
    assert rec.availability >= 0.999
    prefill = next(e for e in rec.explanations if e.quantity.startswith("Prefill"))
    assert "vision params x patches" in prefill.formula
    assert prefill.inputs["vision encoder TFLOP per request"] == pytest.approx(3 * 2 * 0.453e9 * 4096 / 1e12)
    figs = sz.workload_kind.figures
    assert figs["image tokens per request"] == 3 * 1024
    assert figs["vision encoder GFLOP per image"] == pytest.approx(2 * 0.453e9 * 4096 / 1e9)


def test_the_claims_prefill_counts_the_vision_encoder_by_hand(catalog):
    """TTFT floor of TP1 BF16 Qwen3-VL-8B on one H100 SXM, by hand:
    tokens  = 450 + 3 x 1,024 = 3,522
    linear  = 2 x 8.1907e9 (language params; the 0.453e9 encoder excluded) x 3,522 = 5.7696e13 FLOP
    attn    = 4 x 36 layers x 32 heads x 128 x 3,522 x 3,522/2 = 3.6568e12 FLOP
    encoder = 3 images x 2 x 0.453e9 x 4,096 patches = 1.1133e13 FLOP
    prefill = (linear + attn + encoder) / (989.4e12 x MFU_prefill)."""
    s = scenario(CLAIMS)
    sp = build_space(s, catalog.merged_with())
    pts = enumerate_points(sp)
    i = int(np.nonzero(pts.tp == 1)[0][0])
    ev = evaluate(sp, pts, s.workload, s.assumptions)
    tokens = 450 + 3 * 1024
    linear = 2 * 8.1907e9 * tokens
    attn = 4 * 36 * 32 * 128 * tokens * tokens / 2
    encoder = 3 * 2 * 0.453e9 * 4096
    assert_allclose(encoder, 1.1133e13, rtol=1e-4)
    mfu = ev.features.mfu_prefill[i]
    assert ev.features.peak_flops[i] == 989.4e12
    assert_allclose(ev.prefill[i], (linear + attn + encoder) / (989.4e12 * mfu), rtol=1e-4)
    # the encoder is resident: its weights are in the memory, 8.644e9 x 2 B
    assert_allclose(ev.weights[i], 8.644e9 * 2, rtol=1e-9)


def test_decode_reads_the_language_model_only(catalog):
    """A dense VL model's per-token parameters exclude the encoder; a MoE VL model's expert split is
    solved on its language part (30.976 - 0.444 = 30.532B total, 3.353B active)."""
    vl8 = catalog.find("models", "Qwen3-VL-8B-Instruct")
    assert_allclose(vl8.active_params_b, 8.644 - 0.453, rtol=1e-12)
    moe = catalog.find("models", "Qwen3-VL-30B-A3B-Instruct")
    dense, routed = expert_split_b(moe)
    assert_allclose(dense + routed, 30.976 - 0.444, rtol=1e-12)
    # active = dense + 8/128 x routed
    assert_allclose(dense + routed * 8 / 128, 3.353, rtol=1e-9)


# ------------------------------------------------------------------ images in -> image readers only


def test_an_image_workload_of_any_category_refuses_a_text_only_model(catalog):
    """Qwen3-0.6B on a T4 was recommended for an image pipeline filed as an inference API."""
    data = with_(
        CLAIMS,
        **{
            "workload.category": "inference_api",
            "candidates.models": ["Qwen3-0.6B"],
            "candidates.hardware": ["AWS g4dn.xlarge"],
        },
    )
    sz = size(scenario(data), catalog)
    assert not sz.feasible
    assert all(not o.feasible and any(v.constraint == "modality" for v in o.violations) for o in sz.options)
    detail = next(v.detail for v in sz.options[0].violations if v.constraint == "modality")
    assert "reads text only" in detail and "3 image(s)" in detail


def test_without_named_models_an_image_workload_considers_only_image_readers(catalog):
    data = with_(CLAIMS, **{"candidates.models": [], "candidates.hardware": ["Lambda 1x H100 SXM"]})
    sz = size(scenario(data), catalog)
    readers = {m.name for m in catalog.models if m.reads_images}
    assert {o.model for o in sz.options} <= readers
    assert sz.feasible


def test_a_text_workload_still_takes_a_vision_language_model(catalog):
    data = with_(CLAIMS, **{"workload.category": "inference_api", "workload.tokens.images_per_request": 0})
    assert size(scenario(data), catalog).feasible


def test_an_embedding_model_never_serves_generation(catalog):
    data = with_(CLAIMS, **{"candidates.models": ["Qwen3-Embedding-8B"]})
    with pytest.raises(DomainError, match="embedding model"):
        size(scenario(data), catalog)


# ------------------------------------------------------------------ number formats per device

T4_CHAT = {
    "name": "Help-desk bot on T4s",
    "workload": {
        "name": "Help-desk bot",
        "category": "inference_api",
        "traffic": {"requests_per_s": 0.2, "peak_to_mean": 2},
        "tokens": {"input_tokens": 1000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 4000, "tpot_p95_ms": 120},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["AWS g4dn.xlarge"],
        "precisions": ["bf16", "fp8", "int4"],
    },
}


def test_catalog_devices_state_their_native_formats_and_t4_v100_have_no_bf16(catalog):
    for a in catalog.accelerators:
        assert a.native_formats, f"{a.name} states no native_formats"
        assert a.weight_only_formats is not None, f"{a.name} states no weight_only_formats"
        assert "Number formats" in a.notes, f"{a.name}: the formats carry no source"
    for name in ("NVIDIA T4", "NVIDIA V100 32GB SXM2"):
        a = catalog.find("accelerators", name)
        assert a.tflops_bf16 is None and Precision.BF16 not in a.native
        assert a.peak_tflops(Precision.BF16) is None
    assert catalog.find("accelerators", "NVIDIA T4").peak_tflops(Precision.FP16) == 65
    assert catalog.find("accelerators", "NVIDIA V100 32GB SXM2").peak_tflops(Precision.FP16) == 125


def test_a_t4_is_offered_fp16_for_bf16_and_flags_fp8_as_weight_only(catalog):
    sz = size(scenario(T4_CHAT), catalog)
    precisions = {o.precision for o in sz.options}
    assert Precision.BF16 not in precisions and Precision.FP16 in precisions
    fp16 = next(o for o in sz.options if o.precision is Precision.FP16)
    assert not fp16.precision_emulated and fp16.math_format == "fp16"
    assert any("BF16 asked" in f and "FP16" in f for f in fp16.flags)
    fp8 = next(o for o in sz.options if o.precision is Precision.FP8)
    # FP8 on Turing is weight-only (FP8 Marlin, W8A16): the matmuls run at the 65 TFLOP/s FP16 rate
    assert fp8.precision_emulated and fp8.math_format == "fp16" and fp8.math_tflops_per_device == 65
    assert fp8.kv_precision is Precision.FP16  # W8A16 keeps a 16-bit KV cache
    assert any(f.startswith("weight-only FP8 (emulated)") and "65 TFLOP/s" in f for f in fp8.flags)


def test_fp8_is_not_offered_where_no_runtime_path_exists(catalog):
    """V100 (no FP8 Marlin on Volta), TPU v5e, Gaudi 3 for INT4: the point is not enumerated."""
    for hw, prec in (("NVIDIA V100 32GB SXM2", "fp8"), ("Google TPU v5e", "fp8"), ("Intel Gaudi 3", "int4")):
        data = with_(T4_CHAT, **{"candidates.hardware": [hw], "candidates.precisions": [prec]})
        sp = build_space(scenario(data), catalog)
        assert len(enumerate_points(sp)) == 0, hw
    with pytest.raises(DomainError, match="does not run FP8"):
        estimate(
            catalog,
            model="Llama-3.1-8B-Instruct",
            hardware="NVIDIA V100 32GB SXM2",
            gpus=1,
            precision="fp8",
            input_tokens=1000,
            output_tokens=100,
            concurrency=1,
        )


def test_emulated_fp8_computes_at_the_16_bit_rate_and_native_fp8_at_its_own():
    """A100: FP8 weights dequantised to BF16, 312 TFLOP/s; H100: FP8 units, 1,978.9 TFLOP/s."""
    base = dict(source="datasheet", as_of="2026-11-30", vendor="NVIDIA", efficiency_class="x", memory_gib=80)
    a100 = Accelerator(
        name="A100",
        memory_bandwidth_gb_s=2039,
        tflops_bf16=312,
        tflops_int8=624,
        native_formats=["fp32", "bf16", "fp16", "int8", "int4"],
        weight_only_formats=["fp8"],
        **base,
    )
    h100 = Accelerator(
        name="H100",
        memory_bandwidth_gb_s=3350,
        tflops_bf16=989.4,
        tflops_fp8=1978.9,
        native_formats=["fp32", "bf16", "fp16", "fp8", "int8"],
        weight_only_formats=["int4"],
        **base,
    )
    assert math_tflops(a100, Precision.FP8) == (312, "bf16")
    assert math_tflops(h100, Precision.FP8) == (1978.9, "fp8")
    assert math_tflops(h100, Precision.INT4) == (989.4, "bf16")  # W4A16 everywhere
    assert a100.serves_as(Precision.FP8) is Precision.FP8
    assert Accelerator(name="T", memory_bandwidth_gb_s=320, tflops_fp16=65, **base).serves_as(Precision.BF16) is (
        Precision.FP16
    )


def test_bf16_and_fp16_asked_together_give_one_fp16_option_per_t4_configuration(catalog):
    data = with_(T4_CHAT, **{"candidates.precisions": ["bf16", "fp16"]})
    sp = build_space(scenario(data), catalog)
    pts = enumerate_points(sp)
    assert {PRECISIONS[c] for c in pts.precision} == {Precision.FP16}
    keys = set(zip(pts.model, pts.hardware, pts.runtime, pts.gpus, pts.tp, pts.pp, strict=True))
    assert len(keys) == len(pts)


def test_size_json_carries_the_math_format_and_the_emulation_flag(capsys, tmp_path):
    path = tmp_path / "t4.yaml"
    path.write_text(json.dumps(T4_CHAT))
    code = main(["size", str(path), "--json", "--project", str(tmp_path / "p.archwise")])
    out = capsys.readouterr().out
    assert code == 0
    options = json.loads(out)["options"]
    fp8 = next(o for o in options if o["precision"] == "fp8")
    assert fp8["precision_emulated"] is True and fp8["math_format"] == "fp16"
    assert fp8["math_tflops_per_device"] == 65


# ------------------------------------------------------------------ small defects


ON_PREM = {
    "name": "Lab chat on our own servers",
    "workload": {
        "name": "Lab chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 2, "peak_to_mean": 2, "pattern": "steady", "peak_hours_per_day": 24},
        "tokens": {"input_tokens": 2000, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 60},
    },
    "candidates": {"models": ["Llama-3.1-8B-Instruct", "Llama-3.1-70B-Instruct"]},
    "constraints": {"on_prem_only": True},
}


def test_an_on_prem_sizing_raises_no_runtime_warning(catalog):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        sz = size(scenario(ON_PREM), catalog)
    assert sz.options


def test_a_cost_band_never_reads_zero_where_the_option_serves_nothing(catalog):
    """The A100 example: some options serve at the expected efficiency but not at the low end;
    their cost band was '0 / 7,430 / 7,430'. Now such an option has no cost band, and says why."""
    sz = size(scenario(_yaml(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")), catalog)
    without = 0
    for o in sz.options:
        band = o.bands.get("cost_per_month_usd")
        if band is not None:
            assert band.low > 0 or band.high == 0, (o.label, band)
        elif o.requests_per_s_per_replica > 0:
            without += 1
            assert any(f.startswith("no cost band") for f in o.flags)
    assert without  # the case exists in this example


def test_no_price_is_said_once(catalog):
    e = estimate(
        catalog,
        model="Llama-3.1-8B-Instruct",
        hardware="NVIDIA L4",
        gpus=1,
        input_tokens=1000,
        output_tokens=100,
        concurrency=4,
    )
    assert any(f.startswith("no price: ") for f in e.flags)
    assert not any("no price: no price" in f for f in e.flags)


def _yaml(path):
    import yaml

    return yaml.safe_load(path.read_text())


def test_a_config_json_import_gives_the_vision_encoder_like_the_catalog_record(catalog):
    from pathlib import Path

    from app.store.hf_config import model_from_config

    config = json.loads((Path(__file__).parents[1] / "data" / "hf_configs" / "qwen3-vl-8b.json").read_text())
    imported = model_from_config(config, "Imported Qwen3-VL-8B", "tests/data/hf_configs/qwen3-vl-8b.json")
    shipped = catalog.find("models", "Qwen3-VL-8B-Instruct")
    assert imported.vision_params_b == shipped.vision_params_b == 0.453
    assert imported.vision_patches_per_image == shipped.vision_patches_per_image == (1024 // 16) ** 2
    assert imported.active_params_b == pytest.approx(shipped.active_params_b)


def test_a_model_with_fewer_tokens_per_image_is_not_sized_with_another(catalog):
    """Each model is sized with its own tokens per image now: no flag says otherwise."""
    data = with_(CLAIMS, **{"candidates.models": ["Qwen3-VL-8B-Instruct", "Qwen2.5-VL-7B-Instruct"]})
    sz = size(scenario(data), catalog)
    assert {o.model for o in sz.options} == {"Qwen3-VL-8B-Instruct", "Qwen2.5-VL-7B-Instruct"}
    assert not any(f.startswith("sized with") for o in sz.options for f in o.flags)


def test_the_avoid_list_warns_of_weight_only_fp8_but_not_of_int4(catalog):
    a100 = next(i.name for i in catalog.instances if i.accelerator.startswith("NVIDIA A100"))
    base = with_(T4_CHAT, **{"candidates.hardware": [a100]})
    fp8 = size(scenario(with_(base, **{"candidates.precisions": ["fp8"]})), catalog)
    assert any(line.startswith("FP8 weights on NVIDIA A100") for line in fp8.avoid)
    int4 = size(scenario(with_(base, **{"candidates.precisions": ["int4"]})), catalog)
    assert not any("INT4 weights on" in line for line in int4.avoid)


def test_a_format_without_a_catalog_figure_says_which_peak_stands_in(catalog):
    """Gaudi 3 has no FP32 matrix figure: FP32 weights compute at its BF16 figure, flagged optimistic;
    the A10G's BF16 rate is unpublished: its FP32 figure stands in."""
    gaudi = with_(T4_CHAT, **{"candidates.hardware": ["Intel Gaudi 3"], "candidates.precisions": ["fp32"]})
    o = size(scenario(gaudi), catalog).options[0]
    assert any("no FP32 figure" in f and f.endswith("(optimistic)") for f in o.flags)
    a10g = with_(T4_CHAT, **{"candidates.hardware": ["NVIDIA A10G"], "candidates.precisions": ["bf16"]})
    o = size(scenario(a10g), catalog).options[0]
    assert o.math_format == "fp32" and any("no BF16 figure" in f and "FP32 peak" in f for f in o.flags)


# ------------------------------------------------------------------ each model its own tokens per image

# Two vision-language candidates that cut images into different numbers of tokens (issue 12,
# item 1 follow-up): Qwen2.5-VL-7B 1,296 per image, Qwen3-VL-30B-A3B 1,024. Each used to be
# sized with the largest figure among the candidates; each is now sized with its own.
PAIR = with_(
    CLAIMS,
    **{
        "workload.traffic": {"requests_per_s": 3, "peak_to_mean": 1.0},
        "workload.tokens": {"input_tokens": 800, "output_tokens": 200, "images_per_request": 4},
        "workload.sla": {"ttft_p95_ms": 3000},
        "candidates": {
            "models": ["Qwen2.5-VL-7B-Instruct", "Qwen3-VL-30B-A3B-Instruct"],
            "hardware": ["Nebius 1x HGX H100"],
        },
    },
)


def option_key(o):
    return (o.model, o.hardware, o.runtime, o.gpus, o.tensor_parallel, o.pipeline_parallel, o.precision, o.kv_precision)


def test_each_candidate_model_is_sized_with_its_own_tokens_per_image(catalog):
    both = scenario(PAIR)
    assert [catalog.model(n).tokens_per_image for n in both.candidates.models] == [1296, 1024]
    # hand calculation: 800 prompt tokens + 4 images x 1,024 tokens = 4,896 prefill tokens for Qwen3-VL
    space = build_space(both, catalog)
    pts = enumerate_points(space)
    ev = evaluate(space, pts, both.workload, both.assumptions)
    names = [space.models[m].name for m in pts.model]
    for n, name in enumerate(names):
        assert ev.tokens.at(n).new_prefill == (4896 if name == "Qwen3-VL-30B-A3B-Instruct" else 800 + 4 * 1296)
    together = {option_key(o): o for o in size(both, catalog).options}
    for name in both.candidates.models:
        alone = size(scenario(with_(PAIR, **{"candidates.models": [name]})), catalog).options
        shared = [(o, together[option_key(o)]) for o in alone if option_key(o) in together]
        assert shared and all(o.model == name for o, _ in shared)
        for o, t in shared:
            for key in ("ttft_p95_ms", "tokens_per_s", "replicas", "cost_per_month_usd"):
                assert_allclose(getattr(t, key), getattr(o, key), rtol=1e-9, err_msg=f"{name} {key}")
            assert not any("tokens per image" in f for f in t.flags)

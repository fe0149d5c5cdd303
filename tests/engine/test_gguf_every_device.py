"""GGUF weight types run weight-only on every device with llama.cpp (fix-catalog2 item 2, CLI
reviewer finding 4). Before the fix only the accelerators whose record listed them took them:
an L40S/H100/A100 llama-bench file was refused ("NVIDIA L40S does not run Q4_K_M")."""

from __future__ import annotations

import json

import pytest
from numpy.testing import assert_allclose

from app.cli import main
from app.domain import AcceleratorKind, Precision
from app.domain.formats import GGUF_INTEGER_FORMATS
from app.engine.estimate import estimate


def test_every_gpu_holds_the_gguf_types(catalog):
    for a in catalog.accelerators:
        if a.kind is AcceleratorKind.GPU:
            assert (a.weight_only | a.native).issuperset(GGUF_INTEGER_FORMATS), a.name


@pytest.mark.parametrize("device", ["NVIDIA H100 SXM", "NVIDIA L40S", "NVIDIA A100 80GB SXM"])
def test_q4_k_m_estimates_on_a_data_centre_gpu(catalog, device):
    if device not in {a.name for a in catalog.accelerators}:
        pytest.skip(f"{device} not in the catalog")
    e = estimate(
        catalog,
        model="Llama-3.1-8B-Instruct",
        hardware=device,
        gpus=1,
        precision="q4_k_m",
        runtime="llama.cpp",
        input_tokens=512,
        output_tokens=128,
        concurrency=1,
    )
    assert e.precision is Precision.Q4_K_M
    # weights: parameters x 4.8944 bit (llama-quantize's measured Q4_K_M mixture) / 8 bit per byte
    params = next(m for m in catalog.models if m.name == "Llama-3.1-8B-Instruct").params_total_b
    assert_allclose(e.memory.weights_gib, params * 1e9 * 4.8944 / 8 / 2**30, rtol=0.05)


def test_an_l40s_llama_bench_file_calibrates(tmp_path, capsys):
    run = {
        "build_commit": "b4000",
        "gpu_info": "NVIDIA L40S",
        "backends": "CUDA",
        "model_filename": "models/Llama-3.1-8B-Instruct-Q4_K_M.gguf",
        "model_type": "llama 8B Q4_K - Medium",
        "model_size": 4920734720,
        "model_n_params": 8030261248,
        "n_batch": 2048,
        "n_ubatch": 512,
        "type_k": "f16",
        "type_v": "f16",
        "n_gpu_layers": 99,
        "flash_attn": True,
        "test_time": "2026-11-27T10:00:00Z",
    }
    pp = run | {"n_prompt": 512, "n_gen": 0, "avg_ns": 120000000, "avg_ts": 4266.7}
    tg = run | {"n_prompt": 0, "n_gen": 128, "avg_ns": 1280000000, "avg_ts": 100.0, "test_time": "2026-11-27T10:01:00Z"}
    path = tmp_path / "llb.json"
    path.write_text(json.dumps([pp, tg]), encoding="utf-8")
    rc = main(["calibrate", str(path), "--gpus", "1", "--project", str(tmp_path / "cal.archwise")])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "llama.cpp/q4_k_m: calibrated on 2 of your runs" in out.out

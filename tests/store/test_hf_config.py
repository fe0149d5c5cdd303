"""Hugging Face config.json import: each layout's shape, the parameter count against a hand
calculation and against the published figure, the project and CLI paths, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain import DomainError
from app.store.hf_config import count_parameters, model_from_config

CONFIGS = Path(__file__).resolve().parents[1] / "data" / "hf_configs"


def load(name: str) -> dict:
    return json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))


def test_tiny_llama_counts_every_tensor_by_hand():
    config = {
        "model_type": "llama",
        "hidden_size": 8,
        "intermediate_size": 16,
        "num_attention_heads": 2,
        "num_key_value_heads": 1,
        "num_hidden_layers": 1,
        "vocab_size": 10,
        "max_position_embeddings": 64,
    }
    # q 8x(2x4) + k,v 2x 8x(1x4) + o (2x4)x8 = 64 + 64 + 64; gated MLP 3x8x16 = 384; two norms 16
    # embeddings 10x8 = 80, untied lm_head 80, final norm 8
    assert count_parameters(config).total == 192 + 384 + 16 + 80 + 80 + 8
    tied = count_parameters({**config, "tie_word_embeddings": True}).total
    assert tied == 760 - 80


# (fixture, layout, published total B, published active B or None, tolerance). Published figures
# are the model cards' (Meta, Mistral AI, Qwen, DeepSeek, OpenAI).
PUBLISHED = [
    ("llama-3.1-8b", "gqa", 8.03, None, 0.005),
    ("mixtral-8x7b", "gqa", 46.7, 12.9, 0.01),
    ("qwen3-8b", "gqa", 8.2, None, 0.01),
    ("qwen3-30b-a3b", "gqa", 30.5, 3.3, 0.02),
    ("deepseek-v3", "mla", 671, 37, 0.02),
    ("gpt-oss-20b", "gqa", 20.9, None, 0.01),
    ("mistral-7b-v0.3", "gqa", 7.25, None, 0.01),
    ("qwen2.5-7b", "gqa", 7.61, None, 0.01),
    ("gemma-2-9b", "gqa", 9.24, None, 0.01),  # the model page: 9.24B
    ("phi-3-mini-128k", "mha", 3.821, None, 0.005),  # keras-hub phi3_presets: 3,821,079,552
    ("bge-large-en-v1.5", "mha", 0.335, None, 0.01),
    ("qwen2.5-72b", "gqa", 72.706203648, None, 1e-5),  # the safetensors files hold 72,706,203,648
]


@pytest.mark.parametrize("fixture, kind, total_b, active_b, tol", PUBLISHED)
def test_parameter_count_matches_the_published_figure(fixture, kind, total_b, active_b, tol):
    if not (CONFIGS / f"{fixture}.json").exists():
        pytest.fail(f"tests/data/hf_configs/{fixture}.json is missing")
    m = model_from_config(load(fixture), fixture, "test fixture")
    assert m.attention_kind.value == kind
    assert m.params_total_b == pytest.approx(total_b, rel=tol)
    if active_b is not None:
        assert m.is_moe and m.params_active_b == pytest.approx(active_b, rel=tol)


def test_deepseek_v3_reads_the_latent_and_experts():
    m = model_from_config(load("deepseek-v3"), "DeepSeek-V3", "test fixture")
    assert (m.kv_lora_rank, m.qk_rope_head_dim) == (512, 64)
    assert (m.experts, m.experts_per_token, m.shared_experts, m.moe_intermediate_size) == (256, 8, 1, 2048)
    assert m.max_context_tokens == 163840


def test_vision_language_model_counts_its_encoder_and_image_tokens():
    config = load("qwen3-vl-8b")
    m = model_from_config(config, "Qwen3-VL-8B-Instruct", "test fixture")
    text_only = count_parameters(config["text_config"]).total / 1e9
    assert m.modality.value == "vision-language"
    assert 0.3 < m.params_total_b - text_only < 1.0  # a 27-block, 1152-wide ViT is ~0.4-0.6B
    assert m.tokens_per_image == 1024  # (1024 px / (16 px patch x 2 merge))^2


def test_embedding_model_is_an_encoder_with_its_vector_size():
    m = model_from_config(load("bge-large-en-v1.5"), "bge-large-en-v1.5", "test fixture")
    assert m.modality.value == "embedding" and m.embedding_dim == 1024


def test_a_decoder_embedder_is_known_by_its_name():
    # Qwen3-Embedding ships as Qwen3ForCausalLM: only its name says it encodes
    m = model_from_config(load("qwen3-embedding-0.6b"), "Qwen3-Embedding-0.6B", "test fixture")
    assert m.modality.value == "embedding" and m.embedding_dim == 1024
    assert m.params_total_b == pytest.approx(0.6, rel=0.01)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"model_type": "llama"}, "hidden_size"),
        ({"model_type": "rwkv", "hidden_size": 8}, "not a layout"),
        (
            {
                "model_type": "llama",
                "hidden_size": -8,
                "num_hidden_layers": 1,
                "num_attention_heads": 2,
                "intermediate_size": 8,
                "vocab_size": 10,
            },
            "whole number from 1 to",
        ),
        (
            {
                "model_type": "llama",
                "hidden_size": 4096,
                "num_hidden_layers": 32,
                "num_attention_heads": 32,
                "num_key_value_heads": 12,
                "intermediate_size": 14336,
                "vocab_size": 32000,
                "max_position_embeddings": 8192,
            },
            "multiple of kv_heads",
        ),
        ([1, 2, 3], "JSON object"),
    ],
)
def test_bad_configs_are_refused_with_a_reason(config, message):
    with pytest.raises(DomainError, match=message):
        model_from_config(config, "bad", "test fixture")


@pytest.mark.parametrize("fixture", sorted(p.stem for p in CONFIGS.glob("*.json")))
def test_every_fixture_imports_into_a_project(project, fixture):
    model = project.import_hf_config(CONFIGS / f"{fixture}.json")
    stored = {m.name: m for m in project.records("models")}
    assert model.name in stored and stored[model.name].params_total_b == model.params_total_b
    assert model.hf_repo and "/" in model.hf_repo


def test_cli_imports_a_config_and_refuses_a_broken_one(tmp_path, capsys):
    project = str(tmp_path / "p.archwise")
    assert (
        main(
            ["model", "import-config", str(CONFIGS / "mixtral-8x7b.json"), "--name", "My Mixtral", "--project", project]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "My Mixtral" in out and "46.703B parameters, 12.88B active" in out
    broken = tmp_path / "config.json"
    broken.write_text('{"model_type": "llama", "hidden_size": ', encoding="utf-8")
    assert main(["model", "import-config", str(broken), "--project", project]) == 2
    err = capsys.readouterr().err
    assert "config.json" in err and "Traceback" not in err
    assert main(["catalog", "show", "models", "My Mixtral", "--project", project]) == 0

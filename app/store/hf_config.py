"""A catalog Model from a Hugging Face `config.json`.

config.json gives the shape (layers, widths, heads, experts) but not the parameter count, so
the count is computed from the shape, tensor by tensor, the way the layout's modeling file
builds its weights. Layouts covered: Llama, Mistral, Mixtral, Qwen2, Qwen3, Qwen3-MoE, Gemma,
Gemma 2, Phi-3, DeepSeek-V2/V3 (MLA + MoE), gpt-oss, BERT-style encoders (embedding models), and
vision-language wrappers whose language model sits under `text_config`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from app.domain import DomainError, Model, parse
from app.domain.ranges import INT_CEILING

# model_type -> (gated MLP, biases on q/k/v, tied embeddings when the file does not say)
LAYOUTS: dict[str, tuple[bool, bool, bool]] = {
    "llama": (True, False, False),
    "mistral": (True, False, False),
    "mixtral": (True, False, False),
    "qwen2": (True, True, False),
    "qwen3": (True, False, False),
    "qwen3_moe": (True, False, False),
    "gemma": (True, False, True),
    "gemma2": (True, False, True),
    "phi3": (True, False, False),
    "deepseek_v2": (True, False, False),
    "deepseek_v3": (True, False, False),
    "gpt_oss": (True, True, False),
    "bert": (False, True, True),
    "xlm-roberta": (False, True, True),
}
ENCODERS = {"bert", "xlm-roberta"}


@dataclass(frozen=True)
class ParamCount:
    total: int
    active: int  # parameters one token passes through (differs from total for MoE)


def _get(config: dict, *keys, default=None):
    for key in keys:
        if config.get(key) is not None:
            return config[key]
    return default


def _int(config: dict, *keys, default=None) -> int:
    value = _get(config, *keys, default=default)
    if value is None:
        raise DomainError(f"config.json has no {' / '.join(keys)}")
    whole = (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and (isinstance(value, int) or (math.isfinite(value) and value == int(value)))
    )
    if not whole or not 0 < value <= INT_CEILING:  # NaN, inf, 1e309, 2.5, -4, 10**30
        raise DomainError(
            f"config.json: {keys[0]} must be a whole number from 1 to {INT_CEILING:,}, not {_shown(value)}"
        )
    return int(value)


def _count(config: dict, *keys) -> int:
    """An optional count (0 when absent or null): a whole number from 0 to INT_CEILING."""
    key = next((k for k in keys if config.get(k) is not None), None)
    if key is None or (config[key] == 0 and not isinstance(config[key], bool)):
        return 0
    return _int(config, key)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def language_config(config: dict) -> tuple[dict, dict | None]:
    """The language model's part of the config, and the vision part if there is one."""
    text = config.get("text_config") or config.get("language_config") or config.get("llm_config")
    vision = config.get("vision_config")
    if isinstance(text, dict):
        if "tie_word_embeddings" not in text and "tie_word_embeddings" in config:  # VL wrappers keep it outside
            text = {**text, "tie_word_embeddings": config["tie_word_embeddings"]}
        return text, vision if isinstance(vision, dict) else None
    return config, vision if isinstance(vision, dict) else None


def layout_of(config: dict) -> str:
    model_type = str(config.get("model_type") or "").lower()
    if model_type.endswith("_text"):  # gemma3_text, qwen3_vl_text: the text part of a VL model
        model_type = model_type.removesuffix("_text")
    if model_type.startswith("qwen3_vl_moe"):
        model_type = "qwen3_moe"
    elif model_type.startswith("qwen3_vl") or model_type.startswith("qwen2_5_vl") or model_type.startswith("qwen2_vl"):
        model_type = "qwen3" if model_type.startswith("qwen3") else "qwen2"
    if model_type in LAYOUTS:
        return model_type
    archs = " ".join(config.get("architectures") or []).lower()
    for name in sorted(LAYOUTS, key=len, reverse=True):
        if name.replace("_", "") in archs.replace("_", ""):
            return name
    supported = ", ".join(sorted(LAYOUTS))
    raise DomainError(f"config.json: model_type '{model_type or '?'}' is not a layout Archwise reads ({supported})")


def count_parameters(config: dict) -> ParamCount:
    """Weights of the language model, from its shape. Norm weights are included; rotary tables
    and the DeepSeek multi-token-prediction module (not loaded for ordinary serving) are not."""
    layout = layout_of(config)
    gated, qkv_bias, tied_default = LAYOUTS[layout]
    hidden = _int(config, "hidden_size")
    layers = _int(config, "num_hidden_layers")
    heads = _int(config, "num_attention_heads")
    kv_heads = _int(config, "num_key_value_heads", default=heads)
    head_dim = head_dim_of(config)
    vocab = _int(config, "vocab_size")
    tied = bool(_get(config, "tie_word_embeddings", default=tied_default))
    qkv_bias = bool(_get(config, "attention_bias", "qkv_bias", default=qkv_bias)) or layout == "qwen2"

    if config.get("kv_lora_rank"):  # MLA: low-rank query and a compressed KV latent
        q_rank = _count(config, "q_lora_rank")
        nope, rope = _int(config, "qk_nope_head_dim"), _int(config, "qk_rope_head_dim")
        v_dim, kv_rank = _int(config, "v_head_dim"), _int(config, "kv_lora_rank")
        q = (hidden * q_rank + q_rank + q_rank * heads * (nope + rope)) if q_rank else hidden * heads * (nope + rope)
        attention = q + hidden * (kv_rank + rope) + kv_rank + kv_rank * heads * (nope + v_dim) + heads * v_dim * hidden
    else:
        attention = hidden * heads * head_dim + 2 * hidden * kv_heads * head_dim + heads * head_dim * hidden
        if qkv_bias:
            attention += heads * head_dim + 2 * kv_heads * head_dim
        if layout in ENCODERS:  # BERT: a bias on every projection, including the output
            attention += hidden
        if layout in ("qwen3", "qwen3_moe"):
            attention += 2 * head_dim  # per-head RMSNorm on q and k
        if layout == "gpt_oss":
            attention += hidden + heads  # output bias, one attention sink per head
    norms = (4 if layout == "gemma2" else 2) * hidden * (2 if layout in ENCODERS else 1)

    def mlp(width: int) -> int:
        if layout == "gpt_oss":  # gated experts with biases on both projections
            return 3 * hidden * width + 2 * width + hidden
        if gated:
            return 3 * hidden * width
        return 2 * hidden * width + width + hidden  # up and down with biases

    experts = _count(config, "num_local_experts", "num_experts", "n_routed_experts")
    if experts:
        per_token = _int(config, "num_experts_per_tok")
        expert_width = _int(config, "moe_intermediate_size", "intermediate_size")
        shared_width = _count(config, "n_shared_experts") * expert_width or _count(
            config, "shared_expert_intermediate_size"
        )
        dense_layers = _count(config, "first_k_dense_replace")
        mlp_only = config.get("mlp_only_layers") or []
        if not isinstance(mlp_only, list):
            raise DomainError(f"config.json: mlp_only_layers must be a list, not {_shown(mlp_only)}")
        dense_layers += len(mlp_only)
        moe_layers = layers - dense_layers
        dense_mlp = mlp(_int(config, "intermediate_size")) if dense_layers else 0
        router = hidden * experts + (experts if layout == "gpt_oss" else 0)
        moe_total = experts * mlp(expert_width) + (mlp(shared_width) if shared_width else 0) + router
        moe_active = per_token * mlp(expert_width) + (mlp(shared_width) if shared_width else 0) + router
        body_total = layers * (attention + norms) + dense_layers * dense_mlp + moe_layers * moe_total
        body_active = layers * (attention + norms) + dense_layers * dense_mlp + moe_layers * moe_active
    else:
        body_total = body_active = layers * (attention + norms + mlp(_int(config, "intermediate_size")))

    embeddings = vocab * hidden
    if layout in ENCODERS:  # position and token-type tables, embedding LayerNorm, pooler
        embeddings += _int(config, "max_position_embeddings") * hidden
        embeddings += _count(config, "type_vocab_size") * hidden + 2 * hidden + hidden * hidden + hidden
        head = 0
    else:
        head = 0 if tied else vocab * hidden
        embeddings += hidden  # final norm
    return ParamCount(total=embeddings + head + body_total, active=embeddings + head + body_active)


def count_vision_parameters(vision: dict) -> int:
    """A ViT encoder's weights: blocks of attention (4h^2 + biases) and a gated or plain MLP,
    plus the patch embedding. Merger/projector layers are small and counted where the config
    gives their width."""
    depth = _int(vision, "depth", "num_hidden_layers")
    width = _int(vision, "hidden_size", "embed_dim")
    inner = _int(vision, "intermediate_size", default=4 * width)
    patch = _int(vision, "patch_size", default=14)
    temporal = _count(vision, "temporal_patch_size") or 1
    channels = _count(vision, "in_channels", "num_channels") or 3
    gated = str(vision.get("hidden_act", "")).lower() == "silu"
    block = 4 * width * width + 4 * width + (3 if gated else 2) * width * inner + inner + width + 4 * width
    patch_embed = channels * temporal * patch * patch * width
    merge = _count(vision, "spatial_merge_size") or 1
    out = _count(vision, "out_hidden_size")
    merger = (width * merge * merge) ** 2 + width * merge * merge * out if out else 0
    return depth * block + patch_embed + merger


def tokens_per_image(vision: dict, side_px: int = 1024) -> int | None:
    """Tokens one `side_px` square image costs: (side / (patch * spatial merge))^2, the
    dynamic-resolution rule of Qwen-VL-style encoders. None when the config cannot say."""
    patch = _count(vision, "patch_size")
    if not patch:
        return None
    merge = _count(vision, "spatial_merge_size") or 1
    image = _count(vision, "image_size")
    if image and not vision.get("spatial_merge_size"):  # fixed-size ViT (CLIP/LLaVA style)
        return (image // patch) ** 2
    return (side_px // (patch * merge)) ** 2


def head_dim_of(config: dict) -> int:
    """`head_dim` as the config states it, or hidden_size / attention heads, which must then
    divide evenly (a config whose heads do not divide its width has no implied head_dim)."""
    if config.get("head_dim") is not None:
        return _int(config, "head_dim")
    hidden, heads = _int(config, "hidden_size"), _int(config, "num_attention_heads")
    if hidden % heads:
        raise DomainError(
            f"config.json: num_attention_heads ({heads}) does not divide hidden_size ({hidden}) and there is "
            "no head_dim; give head_dim explicitly"
        )
    return hidden // heads


def model_from_config(config: dict, name: str, source: str, as_of: dt.date | None = None, **overrides) -> Model:
    """Build a validated Model; `overrides` set fields config.json does not hold (family,
    modality, license, max_context_tokens, ...). Raises DomainError with a readable reason."""
    if not isinstance(config, dict):
        raise DomainError("a config.json holds a JSON object")
    text, vision = language_config(config)
    layout = layout_of(text)
    counts = count_parameters(text)
    hidden = _int(text, "hidden_size")
    heads = _int(text, "num_attention_heads")
    kv_heads = _int(text, "num_key_value_heads", default=heads)
    # The vision encoder is resident (total) but runs once per image, not per generated token
    # (active), so decode compute is the language model's alone.
    total = counts.total + (count_vision_parameters(vision) if vision else 0)
    active = counts.active
    experts = _count(text, "num_local_experts", "num_experts", "n_routed_experts")
    mla = bool(text.get("kv_lora_rank"))
    if mla:
        kind = "mla"
    elif kv_heads == heads:
        kind = "mha"
    elif kv_heads == 1:
        kind = "mqa"
    else:
        kind = "gqa"
    record: dict = dict(
        name=name,
        source=source,
        as_of=as_of or dt.date.today(),
        hf_repo=str(config.get("_name_or_path") or "") or None,
        family=layout,
        params_total_b=round(total / 1e9, 3),
        layers=_int(text, "num_hidden_layers"),
        hidden_size=hidden,
        intermediate_size=_get(text, "intermediate_size"),
        attention_heads=heads,
        kv_heads=kv_heads,
        head_dim=(_int(text, "qk_nope_head_dim") if mla else head_dim_of(text)),
        attention_kind=kind,
        vocab_size=_int(text, "vocab_size"),
        max_context_tokens=_int(text, "max_position_embeddings", default=_get(config, "max_position_embeddings")),
    )
    if experts:
        record.update(
            params_active_b=round(active / 1e9, 3),
            experts=experts,
            experts_per_token=_int(text, "num_experts_per_tok"),
            shared_experts=int(
                text.get("n_shared_experts") or (1 if text.get("shared_expert_intermediate_size") else 0)
            ),
            moe_intermediate_size=_get(text, "moe_intermediate_size", "intermediate_size"),
        )
    if mla:
        record.update(kv_lora_rank=_int(text, "kv_lora_rank"), qk_rope_head_dim=_count(text, "qk_rope_head_dim"))
    # Decoder-based embedders (Qwen3-Embedding, gte-Qwen2) ship a *ForCausalLM architecture:
    # only the name says they encode rather than generate.
    named = f"{name} {config.get('_name_or_path') or ''}".lower()
    if layout in ENCODERS or "embedding" in named:
        record.update(modality="embedding", embedding_dim=hidden)
    elif vision:
        tokens = tokens_per_image(vision)
        merge = int(vision.get("spatial_merge_size") or 1)
        record.update(
            modality="vision-language",
            tokens_per_image=tokens,
            vision_params_b=round(count_vision_parameters(vision) / 1e9, 3),
            vision_patches_per_image=tokens * merge * merge if tokens else None,
        )
    record.update({k: v for k, v in overrides.items() if v is not None})
    if record.get("hf_repo") is None:
        record.pop("hf_repo")
    return parse(Model, record, what=f"config.json for {name}")


__all__ = [
    "ParamCount",
    "count_parameters",
    "count_vision_parameters",
    "language_config",
    "layout_of",
    "head_dim_of",
    "model_from_config",
    "tokens_per_image",
]

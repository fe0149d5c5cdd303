"""Names in benchmark files mapped to Archwise's: runtimes, precisions, devices. Pure functions."""

from __future__ import annotations

import math
import re
from typing import Any

from app.domain import Precision

# benchmark clients' "backend" values -> runtime records (catalog/runtimes.yaml)
RUNTIMES: dict[str, str] = {
    "vllm": "vLLM",
    "vllm-chat": "vLLM",
    "sglang": "SGLang",
    "sglang-native": "SGLang",
    "sglang-oai": "SGLang",
    "lmdeploy": "",
    "tgi": "TGI",
    "tensorrt-llm": "TensorRT-LLM",
    "tensorrtllm": "TensorRT-LLM",  # GenAI-Perf's Triton backend name
    "trt": "TensorRT-LLM",
    "trtllm": "TensorRT-LLM",
    "llama.cpp": "llama.cpp",
    "llamacpp": "llama.cpp",
}

# precision names as tools write them -> Archwise's formats. GGUF k-quants are weight-only 4/5/8-bit
# formats; until the catalog has GGUF precisions (issue 21 part 3) they map to the nearest format
# and the run's notes say so.
_PRECISIONS: dict[str, Precision] = {
    "fp32": Precision.FP32,
    "float32": Precision.FP32,
    "f32": Precision.FP32,
    "bf16": Precision.BF16,
    "bfloat16": Precision.BF16,
    "fp16": Precision.FP16,
    "float16": Precision.FP16,
    "f16": Precision.FP16,
    "half": Precision.FP16,
    "fp8": Precision.FP8,
    "fp8_e4m3": Precision.FP8,
    "int8": Precision.INT8,
    "w8a8": Precision.INT8,
    "int4": Precision.INT4,
    "w4a16": Precision.INT4,
    "awq": Precision.INT4,
    "gptq": Precision.INT4,
}
_GGUF = re.compile(r"\b(q[2-8](?:_[0-9a-z]+)*|iq[1-4]_[a-z]+)\b", re.IGNORECASE)


def runtime_of(backend: Any) -> str | None:
    """The runtime a client's backend name stands for; None when it names no runtime (openai)."""
    name = RUNTIMES.get(str(backend or "").strip().casefold())
    return name or None


def precision_of(text: Any) -> tuple[Precision | None, str]:
    """(format, note) for a precision name; GGUF types map to the nearest format with a note."""
    t = str(text or "").strip().casefold()
    if not t or t in ("none", "auto", "null"):
        return None, ""
    if t in _PRECISIONS:
        return _PRECISIONS[t], ""
    m = _GGUF.search(t)
    if m:
        q = m.group(1).upper()
        bits = int(re.sub(r"\D", "", q)[:1] or 4)
        fmt = Precision.INT8 if bits >= 6 else Precision.INT4
        return fmt, f"GGUF {q} read as {fmt.value} (Archwise has no GGUF formats yet)"
    return None, ""


_COUNT_X = re.compile(r"^\s*(\d+)\s*[x×]\s*(.+)$", re.IGNORECASE)


def device_of(text: Any) -> tuple[str | None, int | None]:
    """("NVIDIA L40S", 4) from "4xNVIDIA_L40S"; (name, None) when no count is written."""
    t = str(text or "").strip()
    if not t:
        return None, None
    m = _COUNT_X.match(t)
    count = None
    if m:
        count, t = int(m.group(1)), m.group(2)
    return t.replace("_", " ").strip() or None, count


def model_of(text: Any) -> str | None:
    """The model's name without a Hugging Face organisation or a file path: "Llama-3.2-3B-Instruct"."""
    t = str(text or "").strip()
    if not t:
        return None
    t = t.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.gguf$", "", t, flags=re.IGNORECASE) or None


def number(value: Any) -> float | None:
    """A finite positive number, or None ("inf", null, "", 0 and text are not one)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None

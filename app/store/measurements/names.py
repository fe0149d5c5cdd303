"""Names in benchmark files mapped to Archwise's: runtimes, precisions, devices. Pure functions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import ValidationError

from app.domain import DomainError, Precision, readable_errors
from app.domain.measurement import RANGES, WHOLE, MeasuredRun, unread_note

T = TypeVar("T")

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

# precision names as tools write them -> Archwise's formats
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
    "nvfp4": Precision.NVFP4,
    "mxfp4": Precision.MXFP4,
}
# GGUF types: llama-bench writes "Q4_K - Medium", file names "-Q4_K_M.gguf"
_GGUF = re.compile(r"(?<![a-z0-9])(i?q\d_k_[sml]|i?q\d_\d|i?q\d_k|iq\d_[a-z]+|mxfp4)(?![a-z0-9])")
_GGUF_FORMATS = {p.value: p for p in Precision}


def runtime_of(backend: Any) -> str | None:
    """The runtime a client's backend name stands for; None when it names no runtime (openai)."""
    name = RUNTIMES.get(str(backend or "").strip().casefold())
    return name or None


def precision_of(text: Any) -> tuple[Precision | None, str]:
    """(format, note) for a precision name. A GGUF type Archwise has (Q4_0, Q4_K_M, Q5_K_M, Q8_0,
    MXFP4) maps to it; another one (Q6_K, IQ3_XS...) maps to nothing, with a note: the user picks."""
    t = str(text or "").strip().casefold()
    if not t or t in ("none", "auto", "null"):
        return None, ""
    if t in _PRECISIONS:
        return _PRECISIONS[t], ""
    t = re.sub(r"\s*-\s*(small|medium|large)\b", lambda m: "_" + m.group(1)[0], t)
    m = _GGUF.search(t)
    if m:
        name = m.group(1)
        if name in _GGUF_FORMATS:
            return _GGUF_FORMATS[name], ""
        return None, f"GGUF {name.upper()} is not an Archwise precision: choose the nearest"
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


def checked(value: Any, field: str, where: str, key: str | None = None) -> float | None:
    """The number a file gives for `field` (a RANGES key), None when absent (missing, null or "").
    A present value that is not a finite number in RANGES[field] raises DomainError with one line
    naming where and the file's own key: "line 2: tpot_ms -5 must be > 0"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    name = key or field
    shown = value.strip() if isinstance(value, str) else value
    if isinstance(value, bool):
        raise DomainError(f"{where}: {name} {shown!r} is not a number")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise DomainError(f"{where}: {name} {shown!r} is not a number") from None
    lo, hi = RANGES[field]
    if not math.isfinite(x):
        raise DomainError(f"{where}: {name} {shown} is not a finite number")
    if x <= lo:
        raise DomainError(f"{where}: {name} {shown} must be > {lo:g}")
    if x > hi:
        raise DomainError(f"{where}: {name} {shown} must be <= {hi:g}")
    if field in WHOLE and not x.is_integer():
        raise DomainError(f"{where}: {name} {shown} must be a whole number")
    return x


# A value a table gives for a RANGES field, read leniently: the context field (CONTEXT_FLAGS key)
# the run then lacks, or None for a measured figure (TTFT, TPOT, throughput).
_CONTEXT_OF: dict[str, str] = {
    "gpus": "gpus",
    "tensor_parallel": "gpus",
    "input_tokens": "input_tokens",
    "output_tokens": "output_tokens",
    "concurrency": "load",
    "rate_rps": "load",
}


class BadCells:
    """The values of one row (or one single-run file) that are present but cannot be used, read
    leniently: `read()` gives checked()'s number or, for a bad value, None and remembers why.
    `notes()` are the run's notes: an `unread_note` for a context field (the Measurements page and
    `calibrate` then say what is wrong with the value, not that it is missing) and "...: figure
    left out" for a measured one. `lost_every_figure()`: the row measured something, all of it bad."""

    def __init__(self) -> None:
        self.bad: list[tuple[str, str]] = []  # (RANGES field, checked()'s message)

    def read(self, value: Any, field: str, where: str, key: str | None = None) -> float | None:
        try:
            return checked(value, field, where, key)
        except DomainError as exc:
            self.bad.append((field, str(exc)))
            return None

    def notes(self) -> list[str]:
        out = []
        for field, why in self.bad:
            ctx = _CONTEXT_OF.get(field)
            out.append(unread_note(ctx, why) if ctx else f"{why}: figure left out")
        return out

    def lines(self, file: str) -> list[str]:
        """One line per bad value for the import message: "f.csv: line 3: ttft_ms 'x' is not a
        number (figure left out)" or "(... left empty)"."""
        return [
            f"{file}: {why} ({'left empty' if field in _CONTEXT_OF else 'figure left out'})" for field, why in self.bad
        ]

    def joined(self) -> str:
        """Every bad value's message, the row named once: "row 2: ttft_ms -1 must be > 0; tpot_ms ..."."""
        whys = [why for _, why in self.bad]
        where = whys[0].split(": ", 1)[0] + ": " if whys else ""
        return "; ".join([*whys[:1], *(w.removeprefix(where) for w in whys[1:])])

    def lost_every_figure(self, kept: list[float | None]) -> bool:
        """Whether bad values took every measured figure the row had (`kept`: the figures read)."""
        return all(v is None for v in kept) and any(f not in _CONTEXT_OF for f, _ in self.bad)

    def keep(self, file: str, left_out: list[str] | None, figures: list[float | None]) -> list[str]:
        """The end of a lenient read of one row: DomainError (every bad value named) when the bad
        values took every measured figure the row had, else the row's notes, its bad values said
        in `left_out` (the import message) as lines()."""
        if self.lost_every_figure(figures):
            raise DomainError(f"{self.joined()} (no usable figure)")
        if left_out is not None:
            left_out.extend(self.lines(file))
        return self.notes()


def good_rows(
    items: Sequence[T], read_one: Callable[[T, int], MeasuredRun], file: str, left_out: list[str] | None = None
) -> list[MeasuredRun]:
    """Each of a file's rows read by `read_one(item, row number from 1)`. A row it refuses (a bad
    value it cannot do without) is left out and said in `left_out` ("f.json: row 2: avg_ts -1 must
    be > 0 (row left out)"); the good rows are kept. A file of one row refused, or whose every row
    is refused, raises DomainError naming each reason: nothing is read from it."""
    if len(items) == 1:
        return [read_one(items[0], 1)]  # its own message, as the caller words it
    runs: list[MeasuredRun] = []
    refused: list[str] = []
    for i, item in enumerate(items, 1):
        try:
            runs.append(read_one(item, i))
        except ValidationError as exc:
            refused.append(f"row {i}: {readable_errors(exc)}")
        except DomainError as exc:
            why = str(exc).removeprefix(f"{file}: ")
            refused.append(why if why.startswith(("row ", "line ")) else f"row {i}: {why}")
    if refused and not runs:
        raise DomainError(f"{file}: {'; '.join(refused)} (no row can be read)")
    if left_out is not None:
        said = (
            w.replace(" (no usable figure)", "") + " (row left out: no usable figure)"
            if w.endswith(" (no usable figure)")
            else f"{w} (row left out)"
            for w in refused
        )
        left_out.extend(f"{file}: {w}" for w in said)
    return runs

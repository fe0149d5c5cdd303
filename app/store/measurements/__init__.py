"""Benchmark result files in, MeasuredRun records out (issue 21, "bring your own measurements").

`read_runs(path)` recognises the file by its content (not its name), parses it with the tool's own
keys and returns the runs; what the file does not say stays empty for the user to give. Bad input
raises DomainError with one line naming the file. Parsing is pure: no catalog, no database, no Qt.

Formats: vLLM `vllm bench serve --save-result` JSON and `vllm bench throughput --output-json`;
SGLang `bench_serving` JSONL; NVIDIA AIPerf /
GenAI-Perf `profile_export_*.json` and `.csv`; `trtllm-bench throughput` report; llama.cpp
`llama-bench -o json|jsonl|csv`; LLMPerf `*_summary.json`; Archwise's plain CSV (PLAIN_COLUMNS).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain import DomainError, readable_errors
from app.domain.measurement import MeasuredRun
from app.store.measurements import serving_json, tables
from app.store.measurements.names import good_rows
from app.store.measurements.tables import PLAIN_COLUMNS

MAX_BYTES = 64 * 1024 * 1024  # a result file is kilobytes; anything this large is not one

FORMATS = (
    "vllm",
    "vllm-throughput",
    "sglang",
    "aiperf",
    "aiperf-csv",
    "trtllm-bench",
    "llama-bench",
    "llmperf",
    "plain-csv",
)


def _json_object(data: dict[str, Any], file: str, row: int, left_out: list[str] | None = None) -> MeasuredRun:
    if "results_ttft_s_mean" in data or "results_mean_output_throughput_token_per_s" in data:
        return serving_json.llmperf(data, file, left_out)
    if (
        "time_to_first_token" in data
        or "output_token_throughput" in data
        or "request_throughput" in data
        and isinstance(data.get("request_throughput"), dict)
    ):
        return serving_json.aiperf(data, file, left_out)
    if "requests_per_second" in data and "total_num_tokens" in data and "output_throughput" not in data:
        return serving_json.vllm_throughput(data, file)  # vllm bench throughput --output-json
    if "avg_ts" in data or "n_prompt" in data or "n_gen" in data:  # keys only llama-bench writes
        return tables.llama_bench(data, file, row)
    if "output_throughput" in data or "mean_ttft_ms" in data:
        fmt = "sglang" if "total_output_tokens_retokenized" in data or "sglang" in str(data.get("backend")) else "vllm"
        return serving_json.vllm_or_sglang(data, file, row, fmt, left_out)
    raise DomainError(
        f"{file}: a JSON object none of the known benchmark tools writes (keys: {', '.join(list(data)[:6])}...)"
    )


def parse_text(text: str, file: str, left_out: list[str] | None = None) -> list[MeasuredRun]:
    """The runs in one result file's text (`file`: its name, for ids and messages). Every reader
    keeps the good rows and values of a file that also holds bad ones (a row of a JSON list or
    JSONL, llama-bench or CSV file it cannot read is left out: names.good_rows; a bad mean is left
    out: names.BadCells) and adds one line per value or row it could not use to `left_out`."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise DomainError(f"{file}: the file is empty")
    try:
        if stripped[0] in "[{":
            try:
                data = json.loads(stripped)
            except json.JSONDecodeError:
                lines = [ln for ln in stripped.splitlines() if ln.strip()]
                try:
                    data = [json.loads(ln) for ln in lines]  # JSONL: one object a line
                except json.JSONDecodeError as exc:
                    raise DomainError(f"{file}: not valid JSON or JSON lines ({exc.msg}, line {exc.lineno})") from None
            items = data if isinstance(data, list) else [data]
            if not items or not all(isinstance(x, dict) for x in items):
                raise DomainError(f"{file}: expected a JSON object or a list of objects")
            return good_rows(items, lambda x, i: _json_object(x, file, i, left_out), file, left_out)
        if "PERFORMANCE OVERVIEW" in stripped:
            return tables.trtllm_report(stripped, file)
        first = next(ln for ln in stripped.splitlines() if not ln.lstrip().startswith("#")).casefold()
        if first.startswith("metric,"):
            return tables.aiperf_csv(stripped, file, left_out)
        if any(c in first.split(",") for c in ("avg_ts", "n_prompt", "n_gen", '"avg_ts"', '"n_prompt"')):
            return tables.llama_bench_csv(stripped, file, left_out)
        if any(c in first.split(",") for c in PLAIN_COLUMNS):
            return tables.plain_csv(stripped, file, left_out)
    except ValidationError as exc:
        raise DomainError(f"{file}: {readable_errors(exc)}") from None
    except DomainError as exc:
        if str(exc).startswith(f"{file}:"):
            raise
        raise DomainError(f"{file}: {exc}") from None
    except StopIteration:
        pass
    raise DomainError(
        f"{file}: not a result file Archwise reads (vLLM or SGLang bench JSON, AIPerf/GenAI-Perf JSON or CSV, "
        "trtllm-bench report, llama-bench JSON/CSV, LLMPerf summary, or the plain CSV)"
    )


def read_runs(path: str | os.PathLike[str], left_out: list[str] | None = None) -> list[MeasuredRun]:
    """Every run in the result file at `path`; DomainError (one line) when it cannot be read.
    `left_out` collects the values a file holds that could not be used (parse_text)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise DomainError(f"{p.name}: {p.stat().st_size / 2**20:.0f} MiB is too large for a benchmark result")
        raw = p.read_bytes()
    except OSError as exc:
        raise DomainError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(f"{p.name}: not a text file (not UTF-8)") from None
    runs = parse_text(text, p.name, left_out)
    if not runs:
        raise DomainError(f"{p.name}: no runs in the file")
    return runs


__all__ = ["FORMATS", "PLAIN_COLUMNS", "parse_text", "read_runs"]

"""Result files of the serving benchmarks that write JSON: vLLM (`vllm bench serve --save-result`),
SGLang (`bench_serving` JSONL), NVIDIA AIPerf / GenAI-Perf (`profile_export_*.json`) and LLMPerf
(`*_summary.json`). Each function maps one parsed object to a MeasuredRun; fields the file does not
hold stay None. Key names are the tools' own (see tests/data/measurements/README.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain import DomainError, Precision
from app.domain.measurement import MeasuredRun, unread_note
from app.store.measurements.names import BadCells, checked, device_of, model_of, number, precision_of, runtime_of

# keys a user may pass with `vllm bench serve --metadata KEY=VALUE` (or SGLang's extra fields)
_DEVICE_KEYS = ("accelerator", "device", "gpu", "hardware", "gpu_type")
_TP_KEYS = ("tensor_parallel_size", "tensor_parallel", "tp_size", "tp")
_PRECISION_KEYS = ("precision", "dtype", "quantization")


def _date(text: Any) -> dt.date | None:
    for fmt in ("%Y%m%d-%H%M%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(text), fmt).date()
        except ValueError:
            continue
    return None


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((data[k] for k in keys if data.get(k) not in (None, "")), None)


def _load(
    concurrency: Any, rate: Any, where: str = "", keys: tuple[str, str] = ("", ""), cells: BadCells | None = None
) -> dict[str, Any]:
    """Closed loop when a concurrency cap was set, else a Poisson rate, else all at once (offline).
    With `where` (and the file's `keys` for the two), a value present but not a number in range
    (a rate other than "inf") refuses the file, or with `cells` is left out and remembered there:
    the load is then left empty (a bad cap is not read as an offline run)."""
    if where:
        before = len(cells.bad) if cells is not None else 0
        read = cells.read if cells is not None else checked
        c = read(concurrency, "concurrency", where, keys[0] or None)
        is_inf = str(rate).strip().casefold() in ("inf", "infinity")
        r = None if is_inf else read(rate, "rate_rps", where, keys[1] or None)
        if cells is not None and len(cells.bad) > before and r is None:
            return {}
    else:
        c, r = number(concurrency), number(rate)
    if r is not None:  # a finite rate paces the arrivals; a concurrency cap beside it only bounds them
        return {"load": "rate", "rate_rps": r}
    if c is not None:
        return {"load": "concurrency", "concurrency": c}
    if str(rate).strip().casefold() == "inf":
        return {"load": "offline"}
    return {}


def _context(data: dict[str, Any]) -> dict[str, Any]:
    """What the user's --metadata says about the device, parallelism and precision."""
    out: dict[str, Any] = {}
    notes: list[str] = []
    name, count = device_of(_first(data, _DEVICE_KEYS))
    out["accelerator"] = name
    raw_tp = _first(data, _TP_KEYS)
    tp = number(raw_tp)
    if tp is not None and tp.is_integer():
        out["tensor_parallel"] = int(tp)
        out["gpus"] = int(tp)
    elif raw_tp is not None:  # present but not a count: say so, not that it is missing
        key = next(k for k in _TP_KEYS if data.get(k) not in (None, ""))
        notes.append(unread_note("gpus", f"{key} {raw_tp!r} is not a GPU count (a whole number from 1)"))
    elif count is not None and name is not None:
        notes.append(f"the file says {count}x {name}: give --gpus (GPUs per replica) yourself")
    raw_prec = _first(data, _PRECISION_KEYS)
    prec, note = precision_of(raw_prec)
    out["precision"] = prec
    if note:
        notes.append(note)
    elif prec is None and str(raw_prec or "").strip().casefold() not in ("", "none", "auto", "null"):
        known = ", ".join(p.value for p in Precision)
        notes.append(unread_note("precision", f"precision {raw_prec!r} is not one Archwise knows ({known})"))
    if notes:
        out["notes"] = "; ".join(notes)
    return out


def vllm_or_sglang(
    data: dict[str, Any], file: str, row: int, fmt: str, left_out: list[str] | None = None
) -> MeasuredRun:
    """One vLLM `--save-result` object or one SGLang `bench_serving` line (same metric keys).

    A mean or load present but not a number in range (text, a negative latency, NaN) is left out
    and said (`left_out` and the run's notes); a bad concurrency or rate leaves the load empty.
    DomainError when no TTFT, TPOT or throughput is left."""
    done = number(data.get("completed"))
    where = f"row {row}"
    cells = BadCells()
    ctx = _context(data)
    if data.get("completed") is not None and done is None:  # present: 0, negative or not a number
        why = unread_note(
            "input_tokens, output_tokens",
            f"completed {data['completed']!r}: no request finished, so the file gives no tokens per request",
        )
        ctx["notes"] = f"{ctx['notes']}; {why}" if ctx.get("notes") else why
    ttft = cells.read(data.get("mean_ttft_ms"), "ttft_ms", where, "mean_ttft_ms")
    # vLLM writes a TPOT of 0 when every output was one token: no TPOT measured, not a bad one
    tpot = cells.read(data.get("mean_tpot_ms") or None, "tpot_ms", where, "mean_tpot_ms")
    thr = cells.read(data.get("output_throughput"), "output_tokens_per_s", where, "output_throughput")
    load = _load(
        data.get("max_concurrency"), data.get("request_rate"), where, ("max_concurrency", "request_rate"), cells
    )
    notes = [ctx.pop("notes", ""), *cells.keep(file, left_out, [ttft, tpot, thr])]
    return MeasuredRun(
        id=f"{file}#{row}",
        source_file=file,
        source_format=fmt,
        measured_on=_date(data.get("date")),
        model=model_of(data.get("archwise_model") or data.get("model_id") or data.get("model")),
        runtime=runtime_of(data.get("runtime")) or data.get("runtime") or runtime_of(data.get("backend")),
        input_tokens=(number(data.get("total_input_tokens")) or 0) / done if done else None,
        output_tokens=(number(data.get("total_output_tokens")) or 0) / done if done else None,
        ttft_ms=ttft,
        tpot_ms=tpot,
        output_tokens_per_s=thr,
        notes="; ".join(n for n in notes if n),
        **load,
        **{k: v for k, v in ctx.items() if v is not None},
    )


# GenAI-Perf before 24.08 wrote latencies in ns (and numbers as strings); later ones and AIPerf in ms
_TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3, "sec": 1e3}


def _avg(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    return number(value.get("avg")) if isinstance(value, dict) else number(value)


def _avg_ms(data: dict[str, Any], key: str, field: str, cells: BadCells | None = None) -> float | None:
    """A latency's mean in ms, whatever unit the file states (ms when it states none); a mean
    present but not a finite number in RANGES[field] (once in ms) refuses the file, or with
    `cells` is left out and remembered there."""
    value = data.get(key)
    raw = value.get("avg") if isinstance(value, dict) else value
    unit = str(value.get("unit", "ms")).strip().casefold() if isinstance(value, dict) else "ms"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if unit not in _TO_MS:
        raise DomainError(f"{key} is in '{unit}', a unit Archwise does not read")
    try:
        ms = float(raw) * _TO_MS[unit] if not isinstance(raw, bool) else raw
    except (TypeError, ValueError):
        ms = raw  # not a number: checked() says so
    return cells.read(ms, field, "row 1", key) if cells is not None else checked(ms, field, "row 1", key)


def _ratio(data: dict[str, Any], num: str, den: str) -> float | None:
    a, b = _avg(data, num), _avg(data, den)
    return a / b if a and b else None


def _avg_checked(data: dict[str, Any], key: str, field: str, cells: BadCells) -> float | None:
    """The mean the file gives under `key` (an object's "avg", or a bare number), read leniently."""
    value = data.get(key)
    raw = value.get("avg") if isinstance(value, dict) else value
    return cells.read(raw, field, "row 1", key)


def aiperf(data: dict[str, Any], file: str, left_out: list[str] | None = None) -> MeasuredRun:
    """An AIPerf `profile_export_aiperf.json` or GenAI-Perf `profile_export_genai_perf.json`
    (GenAI-Perf 24.x: `input_config.model` and `.concurrency`; older ones: ns latencies and
    `num_input_token` / `num_output_token`). Inter-token latency is (latency - TTFT) / (OSL - 1):
    the TPOT.

    A mean present but not a number in range (text, a negative latency, a zero length) is left
    out and said (`left_out` and the run's notes: a length the run then lacks names the value, not
    that it is missing); DomainError when no TTFT, TPOT or throughput is left."""
    cells = BadCells()
    cfg = data.get("input_config") or {}
    raw_endpoint = cfg.get("endpoint")
    endpoint: dict[str, Any] = raw_endpoint if isinstance(raw_endpoint, dict) else {}
    loadgen = cfg.get("loadgen") or {}
    names = endpoint.get("model_names") or cfg.get("model") or []
    model = names[0] if isinstance(names, list) and names else names
    count = _avg(data, "request_count")
    total_isl = _avg(data, "total_isl")
    isl = (
        _avg_checked(data, "input_sequence_length", "input_tokens", cells)
        or _avg_checked(data, "num_input_token", "input_tokens", cells)
        or (total_isl / count if total_isl and count else None)
    )
    osl = _avg_checked(data, "output_sequence_length", "output_tokens", cells) or _avg_checked(
        data, "num_output_token", "output_tokens", cells
    )
    conc = loadgen.get("concurrency", cfg.get("concurrency"))
    rate = loadgen.get("request_rate", cfg.get("request_rate"))
    gpus = ((data.get("telemetry_data") or {}).get("endpoints") or {}).values()
    device = next(
        (g.get("gpu_name") for e in gpus for g in (e.get("gpus") or {}).values() if g.get("gpu_name")),
        None,
    )
    start = data.get("start_time")
    ttft = _avg_ms(data, "time_to_first_token", "ttft_ms", cells)
    tpot = _avg_ms(data, "inter_token_latency", "tpot_ms", cells)
    thr = _avg_checked(data, "output_token_throughput", "output_tokens_per_s", cells) or _ratio(
        data, "total_osl", "benchmark_duration"
    )
    notes = ["device from the GPU telemetry; give --gpus yourself" if device else ""]
    notes += cells.keep(file, left_out, [ttft, tpot, thr])
    return MeasuredRun(
        id=f"{file}#1",
        source_file=file,
        source_format="aiperf",
        measured_on=_date(str(start)[:19]) if start else None,
        model=model_of(model),
        accelerator=device,
        runtime=runtime_of(cfg.get("backend")),
        input_tokens=isl,
        output_tokens=osl,
        ttft_ms=ttft,
        tpot_ms=tpot,
        output_tokens_per_s=thr,
        notes="; ".join(n for n in notes if n),
        **_load(conc, rate),
    )


def llmperf(data: dict[str, Any], file: str, left_out: list[str] | None = None) -> MeasuredRun:
    """An LLMPerf `*_summary.json`. Its inter-token latency is end-to-end / output tokens (TTFT
    included, token_benchmark_ray.py), so TPOT is taken as (e2e - TTFT) / (output tokens - 1).
    A mean present but not a number in range is left out and said (`left_out`, the run's notes);
    DomainError when neither the TTFT nor the throughput is left."""
    cells = BadCells()
    ttft_s = cells.read(data.get("results_ttft_s_mean"), "ttft_ms", "row 1", "results_ttft_s_mean")  # [s]
    e2e_s = number(data.get("results_end_to_end_latency_s_mean"))
    key_in = "results_number_input_tokens_mean" if "results_number_input_tokens_mean" in data else "mean_input_tokens"
    key_out = (
        "results_number_output_tokens_mean" if "results_number_output_tokens_mean" in data else "mean_output_tokens"
    )
    inp = cells.read(data.get(key_in), "input_tokens", "row 1", key_in)
    out = cells.read(data.get(key_out), "output_tokens", "row 1", key_out)
    tpot = (e2e_s - ttft_s) / (out - 1) * 1e3 if ttft_s and e2e_s and out and out > 1 and e2e_s > ttft_s else None
    key_thr = "results_mean_output_throughput_token_per_s"
    thr = cells.read(data.get(key_thr), "output_tokens_per_s", "row 1", key_thr)
    notes = cells.keep(file, left_out, [ttft_s, thr])
    stamp = number(data.get("timestamp"))
    return MeasuredRun(
        id=f"{file}#1",
        source_file=file,
        source_format="llmperf",
        measured_on=dt.datetime.fromtimestamp(stamp, dt.UTC).date() if stamp else None,
        model=model_of(data.get("model")),
        input_tokens=inp,
        output_tokens=out,
        ttft_ms=ttft_s * 1e3 if ttft_s else None,
        tpot_ms=tpot,
        output_tokens_per_s=thr,
        notes="; ".join(notes),
        **_load(data.get("num_concurrent_requests"), None),
    )


def vllm_throughput(data: dict[str, Any], file: str) -> MeasuredRun:
    """`vllm bench throughput --output-json` (vllm/benchmarks/throughput.py): elapsed_time,
    num_requests, total_num_tokens (prompt + output), requests_per_second, tokens_per_second. An
    offline run of vLLM (every request queued in one engine). The file names neither the model nor
    the lengths: the output length the user gives turns requests/s into output tokens/s
    (MeasuredRun.derived_throughput); the prompt length is the rest of total_num_tokens / num_requests."""
    rps = checked(data.get("requests_per_second"), "rate_rps", "row 1", "requests_per_second")
    if rps is None:
        raise DomainError("no requests_per_second (is it a vllm bench throughput --output-json file?)")
    n = number(data.get("num_requests"))
    total = number(data.get("total_num_tokens"))
    per_request = f"{total / n:,.0f} prompt + output tokens a request, " if n and total else ""
    return MeasuredRun(
        id=f"{file}#1",
        source_file=file,
        source_format="vllm-throughput",
        runtime="vLLM",
        load="offline",
        requests_per_s=rps,
        notes=f"vllm bench throughput: {rps:g} requests/s, {per_request}"
        "the output length gives output tokens/s (give --input-tokens and --output-tokens)",
    )

"""Result files that are tables or text: llama-bench (`-o json|jsonl|csv`), AIPerf / GenAI-Perf CSV
exports, the `trtllm-bench` report, and Archwise's plain CSV. Pure parsing, no I/O."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from typing import Any

from app.domain import DomainError
from app.domain.measurement import RANGES, MeasuredRun, unread_note
from app.store.measurements.names import BadCells, checked, good_rows, model_of, number, precision_of, runtime_of

# --------------------------------------------------------------------------- llama-bench


# llama-bench times one sequence (batch 1). The fastest published batch-1 figures are a few
# tens of thousands of prompt tokens/s (pp512 of small models on H100/B200-class GPUs) and a
# few thousand generated tokens/s; a file above this cap is a unit or editing error, not a run.
LLAMA_BENCH_MAX_TS = 1_000_000.0  # [tokens/s]


def _llama_count(row: dict[str, Any], key: str, where: str, file: str) -> int:
    """n_prompt / n_gen / n_depth [tokens]: a whole number >= 0 (0 or absent: the test has none)."""
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        x = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        raise DomainError(f"{file}: {where}: {key} {value!r} is not a number") from None
    if not math.isfinite(x) or x < 0 or not x.is_integer() or x > RANGES["input_tokens"][1]:
        raise DomainError(f"{file}: {where}: {key} {value} must be a whole number of tokens >= 0")
    return int(x)


def llama_bench(row: dict[str, Any], file: str, index: int) -> MeasuredRun:
    """One llama-bench result. A `pp N` test times prefill of N tokens at batch 1 (its time is the
    TTFT without serving overhead); a `tg N` test times decode at batch 1 (1000 / t/s = TPOT).
    A combined `pg` test (n_prompt and n_gen both set) gives end-to-end tokens/s only: refused.

    Checked at the boundary: avg_ts [tokens/s] must be a finite number in (0, LLAMA_BENCH_MAX_TS],
    n_prompt / n_gen / n_depth whole numbers >= 0, and the test must name a model. A bad value
    raises DomainError naming the file, the row and the file's own key; the caller leaves the row
    out and keeps the file's other tests (names.good_rows)."""
    where = f"row {index}"
    n_prompt, n_gen = _llama_count(row, "n_prompt", where, file), _llama_count(row, "n_gen", where, file)
    depth = _llama_count(row, "n_depth", where, file)
    if row.get("avg_ts") is None or (isinstance(row.get("avg_ts"), str) and not str(row["avg_ts"]).strip()):
        raise DomainError(f"{file}: {where}: no avg_ts (the test's mean tokens/s)")
    ts = checked(row.get("avg_ts"), "output_tokens_per_s", where, "avg_ts")
    assert ts is not None  # checked returns a number for a present value
    if ts > LLAMA_BENCH_MAX_TS:
        raise DomainError(
            f"{file}: {where}: avg_ts {ts:g} tokens/s is not a batch-1 llama-bench result "
            f"(must be <= {LLAMA_BENCH_MAX_TS:g})"
        )
    if not n_prompt and not n_gen:
        raise DomainError(f"{file}: {where}: neither n_prompt nor n_gen is set (which test is it?)")
    if not str(row.get("model_filename") or "").strip() and not str(row.get("model_type") or "").strip():
        raise DomainError(f"{file}: {where}: no model_filename or model_type (which model ran?)")
    model_type = str(row.get("model_type") or "")
    prec, note = precision_of(model_type.split(" ", 2)[-1] if model_type else row.get("model_filename"))
    if prec is None:
        prec, note = precision_of(row.get("model_filename"))
    device = str(row.get("gpu_info") or "").split(",")[0].strip() or None
    backend = str(row.get("backends") or row.get("backend") or "")
    if not device or backend.casefold() == "cpu":
        device = str(row.get("cpu_info") or "").strip() or None
    stamp = str(row.get("test_time") or "")[:10]
    base: dict[str, Any] = dict(
        id=f"{file}#{index}",
        source_file=file,
        source_format="llama-bench",
        measured_on=dt.date.fromisoformat(stamp) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp) else None,
        model=model_of(row.get("model_filename")) or model_of(model_type),
        accelerator=device,
        runtime="llama.cpp",
        precision=prec,
        load="concurrency",
        concurrency=1.0,
        notes="; ".join(x for x in (note, f"llama-bench {backend} test" if backend else "") if x),
    )
    if n_prompt and not n_gen:
        return MeasuredRun(**base, input_tokens=float(n_prompt + depth), output_tokens=1.0, ttft_ms=n_prompt / ts * 1e3)
    if n_gen and not n_prompt:
        return MeasuredRun(
            **base,
            input_tokens=float(max(depth, 1)),
            output_tokens=float(n_gen),
            tpot_ms=1e3 / ts,
        )
    raise DomainError(f"{file}: {where}: a combined prompt+generation test; import pp and tg tests")


def llama_bench_csv(text: str, file: str, left_out: list[str] | None = None) -> list[MeasuredRun]:
    """llama-bench `-o csv`: one test a row; a row it cannot read is left out and said (good_rows)."""
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    width = len(reader.fieldnames or [])

    def read_one(r: dict[str, Any], i: int) -> MeasuredRun:
        if None in r or any(v is None for v in r.values()):
            raise DomainError(f"row {i} has a different number of fields than the header ({width})")
        return llama_bench(r, file, i)

    return good_rows(rows, read_one, file, left_out)


# --------------------------------------------------------------------------- AIPerf / GenAI-Perf CSV

_CSV_METRICS = {
    "time to first token (ms)": "ttft_ms",
    "inter token latency (ms)": "tpot_ms",
    "output sequence length (tokens)": "output_tokens",
    "output sequence length": "output_tokens",
    "input sequence length (tokens)": "input_tokens",
    "input sequence length": "input_tokens",
    "output token throughput (tokens/sec)": "output_tokens_per_s",
    "output token throughput (per sec)": "output_tokens_per_s",
}


def aiperf_csv(text: str, file: str, left_out: list[str] | None = None) -> list[MeasuredRun]:
    """The sections of `profile_export_aiperf.csv` / `profile_export_genai_perf.csv`: the first
    has per-request statistics (`Metric,avg,...`), the second single values (`Metric,Value`). The
    CSV names neither the model nor the load: those come from the user.

    A value present but not a number in range (text, a negative latency, a zero length) is left
    out and said, line and metric named (`left_out`, and the run's notes); the good ones are kept.
    DomainError only when no TTFT, inter-token latency or throughput can be read at all."""
    found: dict[str, float] = {}
    cells = BadCells()
    header: list[str] = []
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        if not row or not any(c.strip() for c in row):
            header = []
            continue
        if row[0].strip().casefold() == "metric":
            header = [c.strip().casefold() for c in row]
            continue
        if not header:
            continue
        key = _CSV_METRICS.get(row[0].strip().casefold())
        col = "avg" if "avg" in header else "value" if "value" in header else ""
        if key and col and header.index(col) < len(row):
            value = cells.read(row[header.index(col)], key, f"line {reader.line_num}", row[0].strip())
            if value is not None:
                found[key] = value
    figures = [found.get(k) for k in ("ttft_ms", "tpot_ms", "output_tokens_per_s")]
    if cells.lost_every_figure(figures):
        raise DomainError(f"{file}: {'; '.join(why for _, why in cells.bad)} (no usable figure)")
    if not found and not cells.bad:
        raise DomainError(f"{file}: no TTFT, inter-token latency or throughput rows (is it an AIPerf CSV export?)")
    if left_out is not None:
        left_out.extend(cells.lines(file))
    return [
        MeasuredRun(
            id=f"{file}#1", source_file=file, source_format="aiperf-csv", notes="; ".join(cells.notes()), **found
        )
    ]


# --------------------------------------------------------------------------- trtllm-bench report

_TRT_KEYS = {
    "model": "model",
    "dtype": "dtype",
    "quantization": "quantization",
    "number of concurrent requests": "concurrency",  # trtllm-bench >= 0.21: the run's measured mean
    "tp size": "tp",
    "pp size": "pp",
    "max runtime batch size": "max_batch",
    "average input length (tokens)": "input_tokens",
    "average output length (tokens)": "output_tokens",
    "token throughput (tokens/sec)": "output_tokens_per_s",  # trtllm-bench <= 0.17: output tokens/s
    "total output throughput (tokens/sec)": "output_tokens_per_s",
    "average time-to-first-token [ttft] (ms)": "ttft_ms",
    "average time-per-output-token [tpot] (ms)": "tpot_ms",
}


def trtllm_report(text: str, file: str) -> list[MeasuredRun]:
    """The summary `trtllm-bench throughput` prints (ENGINE DETAILS or PYTORCH BACKEND, REQUEST
    DETAILS, WORLD + RUNTIME INFORMATION, PERFORMANCE OVERVIEW). Without REQUEST DETAILS' "Number of
    concurrent requests" (trtllm-bench before 0.21) the run issued every request at once: an
    offline run whose batch the runtime caps at Max Runtime Batch Size. With it (0.21 and later,
    also for `--concurrency C` runs), that measured mean of requests in flight is the run's load."""
    got: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        name = _TRT_KEYS.get(re.sub(r"\s+", " ", key.strip().casefold()))
        if sep and name and name not in got:
            got[name] = value.strip()
    if "output_tokens_per_s" not in got:
        raise DomainError(f"{file}: no 'PERFORMANCE OVERVIEW' throughput line (is it a trtllm-bench report?)")
    quant = got.get("quantization", "")
    prec, note = precision_of(quant if quant.casefold() not in ("", "none") else got.get("dtype"))
    tp, pp = int(number(got.get("tp")) or 1), int(number(got.get("pp")) or 1)
    in_flight = checked(got.get("concurrency"), "concurrency", "REQUEST DETAILS", "Number of concurrent requests")
    load: dict[str, Any] = (
        {"load": "offline"} if in_flight is None else {"load": "concurrency", "concurrency": in_flight}
    )
    return [
        MeasuredRun(
            id=f"{file}#1",
            source_file=file,
            source_format="trtllm-bench",
            model=model_of(got.get("model")),
            runtime="TensorRT-LLM",
            precision=prec,
            gpus=tp * pp,
            tensor_parallel=tp,
            input_tokens=checked(got.get("input_tokens"), "input_tokens", "PERFORMANCE OVERVIEW"),
            output_tokens=checked(got.get("output_tokens"), "output_tokens", "PERFORMANCE OVERVIEW"),
            **load,
            max_batch=int(number(got.get("max_batch")) or 0) or None,
            output_tokens_per_s=checked(got.get("output_tokens_per_s"), "output_tokens_per_s", "PERFORMANCE OVERVIEW"),
            ttft_ms=checked(got.get("ttft_ms"), "ttft_ms", "PERFORMANCE OVERVIEW"),
            tpot_ms=checked(got.get("tpot_ms"), "tpot_ms", "PERFORMANCE OVERVIEW"),
            notes=note,
        )
    ]


# --------------------------------------------------------------------------- plain CSV

PLAIN_COLUMNS = (
    "model",
    "accelerator",
    "gpus",
    "tensor_parallel",
    "runtime",
    "precision",
    "input_tokens",
    "output_tokens",
    "concurrency",
    "rate_rps",
    "offline",
    "ttft_ms",
    "tpot_ms",
    "output_tokens_per_s",
    "date",
    "notes",
)


def plain_csv(text: str, file: str, left_out: list[str] | None = None) -> list[MeasuredRun]:
    """Archwise's plain CSV: the PLAIN_COLUMNS (any order, any subset; `#` lines are comments).
    One of concurrency, rate_rps or offline (yes/true/1) gives the load.

    A cell present but unusable (text in a number column, a negative latency, a zero length, an
    unknown precision or date) does not refuse the file: a context cell is left empty with a note
    saying what it held and why (the row waits for the user to give it), a measured figure is left
    out; a row whose every figure is bad is left out. Each is said in `left_out` with the file's
    line and column. DomainError when no row is left (or for a header Archwise does not know)."""
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(ln for _, ln in numbered)))
    unknown = [c for c in (reader.fieldnames or []) if c and c.strip() not in PLAIN_COLUMNS]
    if unknown:
        raise DomainError(f"{file}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(PLAIN_COLUMNS)}")
    runs, said, dropped = [], [], []
    for i, raw in enumerate(reader, 1):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        where = f"line {numbered[reader.line_num - 1][0]}"  # the file's own line number
        cells = BadCells()
        nums = {f: cells.read(row.get(f), f, where) for f in RANGES if f != "max_batch"}
        notes = [row.get("notes", "")]
        prec, note = precision_of(row.get("precision"))
        notes.append(note)
        if row.get("precision") and prec is None and not note:
            why = f"{where}: precision '{row['precision']}' is not one Archwise knows"
            notes.append(unread_note("precision", why))
            said.append(f"{file}: {why} (left empty)")
        offline = row.get("offline", "").casefold() in ("yes", "true", "1")
        conc, rate = nums["concurrency"], nums["rate_rps"]
        load = "offline" if offline else "concurrency" if conc else "rate" if rate else None
        day = None
        if row.get("date"):
            try:
                day = dt.date.fromisoformat(row["date"])
            except ValueError:
                notes.append(f"{where}: date '{row['date']}' is not YYYY-MM-DD: left out")
                said.append(f"{file}: {where}: date '{row['date']}' is not YYYY-MM-DD (left out)")
        figures = [nums["ttft_ms"], nums["tpot_ms"], nums["output_tokens_per_s"]]
        if cells.lost_every_figure(figures):
            dropped.append(f"{where}: {', '.join(why.split(': ', 1)[1] for _, why in cells.bad)}")
            continue
        said.extend(cells.lines(file))
        gpus, tp = nums["gpus"], nums["tensor_parallel"]
        runs.append(
            MeasuredRun(
                id=f"{file}#{i}",
                source_file=file,
                source_format="plain-csv",
                measured_on=day,
                model=row.get("model") or None,
                accelerator=row.get("accelerator") or None,
                gpus=int(gpus) if gpus else None,
                tensor_parallel=int(tp) if tp else None,
                runtime=runtime_of(row.get("runtime")) or row.get("runtime") or None,
                precision=prec,
                input_tokens=nums["input_tokens"],
                output_tokens=nums["output_tokens"],
                load=load,
                concurrency=conc if load == "concurrency" else None,
                rate_rps=rate if load == "rate" else None,
                ttft_ms=nums["ttft_ms"],
                tpot_ms=nums["tpot_ms"],
                output_tokens_per_s=nums["output_tokens_per_s"],
                notes="; ".join(x for x in notes + cells.notes() if x),
            )
        )
    if not runs and dropped:
        raise DomainError(f"{file}: {'; '.join(dropped)} (no row has a usable figure)")
    if left_out is not None:
        left_out.extend(said + [f"{file}: {d} (row left out: no usable figure)" for d in dropped])
    return runs

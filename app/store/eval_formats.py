"""Evaluation result files in: EleutherAI lm-evaluation-harness results JSON and a plain CSV.

Both become `EvalResult` records (percent scores with their provenance). Nothing here writes:
`read_evaluations` reads and validates one whole file, raising DomainError with one line that
names the file on the first problem, so a bad file changes nothing.

lm-evaluation-harness (0.4.x) writes `results_<timestamp>.json` with:
    results:          {task: {"<metric>,<filter>": value, "<metric>_stderr,<filter>": value, "alias": ...}}
    group_subtasks:   {group: [subtask, ...]}   (subtasks are folded into their group's row)
    higher_is_better: {task: {metric: bool}}
    n-samples:        {task: {"original": n, "effective": n}}
    config:           {"model": backend, "model_args": "pretrained=org/name,dtype=..." or a dict}
    model_name, date (Unix seconds), lm_eval_version (later releases)
Fractions in [0, 1] (accuracy, exact match) are stored x 100; a metric where lower is better
(perplexity) or outside [0, 1] is left out and named in the import's notes.

CSV columns (header required, any order): model, task, metric, score [% 0..100], and optionally
n, date (YYYY-MM-DD), notes, stderr [percentage points], quantisation, filter.

A CSV row meets the harness's results in one matrix column when it names the metric the way an
import of the harness file does, '<metric>/<filter>' (exact_match/strict-match). Three spellings
give that name: metric 'exact_match/strict-match'; metric 'exact_match,strict-match' (the harness's
own key); or metric 'exact_match' with a filter column 'strict-match'. A filter 'none' or empty
adds nothing (the harness's unfiltered metrics such as acc,none import as 'acc').
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain import Catalog, DomainError, parse
from app.domain.evaluation import EvalResult

Resolver = Callable[[str], str | None]

CSV_REQUIRED = ("model", "task", "metric", "score")
CSV_OPTIONAL = ("n", "date", "notes", "stderr", "quantisation", "filter")
MAX_FILE_BYTES = 50_000_000  # a results file with samples logged elsewhere is well under this

# Weight formats recognised in a model name or its arguments, most specific first.
_QUANT_MARKERS = (
    (re.compile(r"w4a16|awq|gptq|int4|4bit|q4_|nf4", re.I), "int4"),
    (re.compile(r"fp8|w8a8-fp|float8", re.I), "fp8"),
    (re.compile(r"w8a8|int8|8bit", re.I), "int8"),
)
_DTYPES = {"bfloat16": "bf16", "bf16": "bf16", "float16": "fp16", "half": "fp16", "fp16": "fp16", "float32": "fp32"}


def model_resolver(catalog: Catalog) -> Resolver:
    """A function from a model as a file names it (catalog name, Hugging Face repo id, a path
    ending in one) to the catalog model's name, or None. Case is ignored, and so is a leading
    'Meta-' (Meta renamed its repositories: Meta-Llama-3.1-70B-Instruct is Llama-3.1-70B-Instruct)."""
    index: dict[str, str] = {}
    for m in catalog.models:
        for key in (m.name, m.hf_repo or "", (m.hf_repo or "").rsplit("/", 1)[-1]):
            if key:
                index.setdefault(_norm(key), m.name)

    def resolve(text: str) -> str | None:
        text = text.strip().rstrip("/")
        for key in (text, text.rsplit("/", 1)[-1], text.replace("__", "/").rsplit("/", 1)[-1]):
            hit = index.get(_norm(key))
            if hit:
                return hit
        return None

    return resolve


def _norm(name: str) -> str:
    n = name.strip().casefold()
    return n.removeprefix("meta-") if not n.startswith("meta-llama/") else n


def quantisation_of(name: str, args: dict[str, str]) -> str:
    """The weight format a run used, from its arguments (quantization=, dtype=, load_in_4bit=)
    or markers in the model name; "" when neither says."""
    q = args.get("quantization") or args.get("quantisation") or ""
    if q:
        for pattern, fmt in _QUANT_MARKERS:
            if pattern.search(q):
                return fmt
        return q.lower()
    if str(args.get("load_in_4bit", "")).lower() == "true":
        return "int4"
    if str(args.get("load_in_8bit", "")).lower() == "true":
        return "int8"
    for pattern, fmt in _QUANT_MARKERS:
        if pattern.search(name):
            return fmt
    return _DTYPES.get(str(args.get("dtype", "")).lower(), "")


def read_evaluations(
    path: str | os.PathLike[str], resolve: Resolver, model: str | None = None, quantisation: str | None = None
) -> tuple[list[EvalResult], list[str]]:
    """(results, notes) of one file; DomainError naming the file on any problem.

    `model`: the catalog model the run used, when the file names a local path or another name
    (it must resolve too). `quantisation`: the weight format, when the file does not say it."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise DomainError(f"{p.name}: {p.stat().st_size:,} bytes is too large for a results file")
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DomainError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise DomainError(f"{p}: is a folder; name the results files in it") from None
    except UnicodeDecodeError:
        raise DomainError(f"{p.name}: not a text file (not UTF-8)") from None
    except OSError as exc:
        raise DomainError(f"{p.name}: cannot be read ({exc.strerror or exc})") from None
    override = None
    if model:
        override = resolve(model)
        if override is None:
            raise DomainError(f"{p.name}: --model '{model}' is not a model in the catalog")
    if p.suffix.lower() == ".csv":
        return _read_csv(p.name, text, resolve, override, quantisation), []
    if p.suffix.lower() == ".json":
        return _read_lm_eval(p.name, text, resolve, override, quantisation)
    raise DomainError(f"{p.name}: unknown kind of file; give an lm-evaluation-harness results .json or a .csv")


# -- lm-evaluation-harness -----------------------------------------------------------------------


def _model_args(config: dict[str, Any]) -> dict[str, str]:
    raw = config.get("model_args")
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    out: dict[str, str] = {}
    for part in str(raw or "").split(","):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _read_lm_eval(
    name: str, text: str, resolve: Resolver, override: str | None, quantisation: str | None
) -> tuple[list[EvalResult], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DomainError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict) or not data["results"]:
        raise DomainError(f"{name}: not an lm-evaluation-harness results file (no 'results' object with tasks)")
    config: dict[str, Any] = data["config"] if isinstance(data.get("config"), dict) else {}
    args = _model_args(config)
    as_run = str(args.get("pretrained") or args.get("model") or data.get("model_name") or "").strip()
    if override is None:
        if not as_run:
            raise DomainError(f"{name}: the file does not name its model; pass --model NAME (a catalog model)")
        override = resolve(as_run)
        if override is None:
            raise DomainError(
                f"{name}: model '{as_run}' is not in the catalog; pass --model NAME to say which catalog model "
                "it was run on, or add the model first"
            )
    fmt = quantisation if quantisation is not None else quantisation_of(as_run, args)
    date = _date_of(data.get("date"))
    version = data.get("lm_eval_version")
    harness = "lm-evaluation-harness" + (f" {version}" if version else "")
    if not version and data.get("git_hash"):
        harness += f" @{data['git_hash']}"
    subtasks = {
        s for subs in (data.get("group_subtasks") or {}).values() if isinstance(subs, list) for s in subs
    } - set(data.get("group_subtasks") or {})
    hib: dict[str, Any] = data["higher_is_better"] if isinstance(data.get("higher_is_better"), dict) else {}
    counts: dict[str, Any] = data["n-samples"] if isinstance(data.get("n-samples"), dict) else {}
    results: list[EvalResult] = []
    skipped: list[str] = []
    for task, metrics in data["results"].items():
        if task in subtasks or not isinstance(metrics, dict):
            continue
        n = _samples(counts.get(task))
        for key, value in metrics.items():
            metric, _, filt = str(key).partition(",")
            if metric in ("alias", "name", "samples") or metric.endswith("_stderr") or isinstance(value, bool):
                continue
            if not isinstance(value, (int, float)):
                continue
            label = metric_label(metric, filt)
            better = (hib.get(task) or {}).get(metric) if isinstance(hib.get(task), dict) else None
            if better is False or not 0.0 <= float(value) <= 1.0:
                why = "lower is better" if better is False else "not a fraction"
                skipped.append(f"{task} {label} = {value:g} ({why})")
                continue
            err = metrics.get(f"{metric}_stderr,{filt}" if filt else f"{metric}_stderr")
            stderr = 100.0 * float(err) if isinstance(err, (int, float)) and 0 <= err <= 1 else None
            results.append(
                parse(
                    EvalResult,
                    dict(
                        model=override,
                        task=str(metrics.get("alias") or task).strip(" -") or task,
                        metric=label,
                        score=100.0 * float(value),
                        stderr_pts=stderr,
                        n=n,
                        date=date,
                        quantisation=fmt,
                        model_as_run=as_run,
                        source_file=name,
                        harness=harness,
                    ),
                    what=f"{name}: {task} {label}",
                )
            )
    if not results:
        raise DomainError(
            f"{name}: no score to import (every metric was left out: {'; '.join(skipped[:3]) or 'none found'})"
        )
    return results, skipped


def metric_label(metric: str, filt: str = "") -> str:
    """The metric's name in a benchmark column, '<metric>/<filter>' ('exact_match/strict-match'),
    or the bare metric when the filter is empty or 'none'. A metric written as the harness's key
    ('exact_match,strict-match') is split at the comma first, so every spelling meets."""
    metric, filt = metric.strip(), filt.strip()
    if "," in metric and not filt:
        metric, _, filt = metric.partition(",")
        metric, filt = metric.strip(), filt.strip()
    if filt in ("", "none"):
        return metric
    return metric if metric.endswith("/" + filt) else f"{metric}/{filt}"


def _samples(entry: Any) -> int | None:
    if isinstance(entry, dict):
        n = entry.get("effective", entry.get("original"))
        return int(n) if isinstance(n, int) and n > 0 else None
    return None


def _date_of(raw: Any) -> dt.date | None:
    if isinstance(raw, (int, float)) and raw > 0:
        try:
            return dt.datetime.fromtimestamp(float(raw), dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    return None


# -- CSV -------------------------------------------------------------------------------------------


def _read_csv(
    name: str, text: str, resolve: Resolver, override: str | None, quantisation: str | None
) -> list[EvalResult]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise DomainError(
            f"{name}: the CSV needs the columns {', '.join(CSV_REQUIRED)} (optional: {', '.join(CSV_OPTIONAL)}); "
            f"missing {', '.join(missing)}"
        )
    reader.fieldnames = header
    out: list[EvalResult] = []
    for line, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        where = f"{name} line {line}"
        model = override or resolve(cells["model"])
        if model is None:
            raise DomainError(f"{where}: model '{cells['model']}' is not in the catalog")
        score = _number(cells["score"], where, "score")
        if score is None:
            raise DomainError(f"{where}: score is empty")
        n = _number(cells.get("n", ""), where, "n")
        if n is not None and n != int(n):
            raise DomainError(f"{where}: n must be a whole number, got '{cells['n']}'")
        date = None
        if cells.get("date"):
            try:
                date = dt.date.fromisoformat(cells["date"])
            except ValueError:
                raise DomainError(f"{where}: date must be YYYY-MM-DD, got '{cells['date']}'") from None
        out.append(
            parse(
                EvalResult,
                dict(
                    model=model,
                    task=cells["task"],
                    metric=metric_label(cells["metric"], cells.get("filter", "")),
                    score=score,
                    stderr_pts=_number(cells.get("stderr", ""), where, "stderr"),
                    n=int(n) if n is not None else None,
                    date=date,
                    quantisation=(quantisation if quantisation is not None else cells.get("quantisation", "")).lower(),
                    model_as_run=cells["model"],
                    source_file=name,
                    harness="csv",
                    notes=cells.get("notes", ""),
                ),
                what=where,
            )
        )
    if not out:
        raise DomainError(f"{name}: no result rows under the header")
    return out


def _number(text: str, where: str, column: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        raise DomainError(f"{where}: {column} '{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DomainError(f"{where}: {column} '{text}' is not a finite number")
    return value

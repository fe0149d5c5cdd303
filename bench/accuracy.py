"""Engine accuracy against published serving measurements.

Loads the validation set (bench/validation/measurements.yaml) and the shipped catalog YAML
(catalog/*.yaml, through app.domain.parse; the store is not involved), asks
`app.engine.estimate` for every row's exact configuration, and prints one line per row
(predicted, measured, signed error) followed by the median and p90 absolute percentage
error per metric, for the training rows, the held-out rows and all rows, and the worst rows
with an explanation.

Target (issue 4, Fidelity): median absolute error < 15 % for throughput and TPOT.

Run:   .venv/bin/python bench/accuracy.py                 # every row
       .venv/bin/python bench/accuracy.py --split test    # held-out rows only
       .venv/bin/python bench/accuracy.py --rows ID,ID    # a few rows
       .venv/bin/python bench/accuracy.py --factors       # per-row implied efficiency ratios
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from app.domain import CATALOG_KINDS, Catalog, DomainModel, Precision, parse  # noqa: E402

MEASUREMENTS = ROOT / "bench" / "validation" / "measurements.yaml"
CATALOG_DIR = ROOT / "catalog"

Metric = Literal["output_tokens_per_s", "tpot_ms", "ttft_ms", "requests_per_s"]
Load = Literal["offline", "concurrency", "rate"]
METRICS: tuple[str, ...] = ("output_tokens_per_s", "tpot_ms", "ttft_ms", "requests_per_s")

# Offline (max-throughput) rows publish no batch size: the runtime keeps as many requests in
# flight as the KV cache holds, up to its scheduler limit. trtllm-bench builds engines with
# max_batch_size up to 4096 (its printed example, perf-overview.md) and vLLM's AMD runs set
# max_num_seqs to the prompt count; we cap at 2048, a row may say otherwise (max_batch).
OFFLINE_MAX_BATCH = 2048


class Measurement(DomainModel):
    """One published measurement of one exact serving configuration."""

    id: str = Field(min_length=3, max_length=120)
    source: str = Field(min_length=10)
    as_of: dt.date
    model: str
    accelerator: str
    gpus: int = Field(gt=0)
    tensor_parallel: int = Field(gt=0)
    pipeline_parallel: int = Field(default=1, gt=0)
    precision: Precision
    kv_precision: Precision | None = None
    runtime: str
    input_tokens: int = Field(gt=0)
    output_tokens: int = Field(gt=0)
    load: Load
    concurrency: int | None = Field(default=None, gt=0)
    rate_rps: float | None = Field(default=None, gt=0)
    max_batch: int | None = Field(default=None, gt=0)
    metric: Metric
    value: float = Field(gt=0, allow_inf_nan=False)
    split: Literal["train", "test"]
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> "Measurement":
        if self.load == "concurrency" and self.concurrency is None:
            raise ValueError("load 'concurrency' needs concurrency")
        if self.load == "rate" and self.rate_rps is None:
            raise ValueError("load 'rate' needs rate_rps")
        if self.load == "offline" and (self.concurrency is not None or self.rate_rps is not None):
            raise ValueError("load 'offline' takes neither concurrency nor rate_rps")
        if self.tensor_parallel * self.pipeline_parallel != self.gpus:
            raise ValueError(
                f"gpus ({self.gpus}) must equal tensor_parallel x pipeline_parallel "
                f"({self.tensor_parallel} x {self.pipeline_parallel})"
            )
        return self


def load_measurements(path: Path = MEASUREMENTS) -> list[Measurement]:
    """Every row of the validation file, validated; DomainError names the bad row."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("kind") != "measurements":
        raise ValueError(f"{path}: expected a mapping with kind: measurements")
    rows = [parse(Measurement, r, what=f"{path.name}: {r.get('id', '?')}") for r in data["records"]]
    ids = [r.id for r in rows]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ValueError(f"{path}: duplicate ids {dup}")
    return rows


def load_catalog(catalog_dir: Path = CATALOG_DIR) -> Catalog:
    """The shipped catalog from its YAML files (a kind whose file is missing stays empty)."""
    kinds: dict[str, list] = {}
    for kind, cls in CATALOG_KINDS.items():
        path = catalog_dir / f"{kind}.yaml"
        if not path.exists():
            kinds[kind] = []
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kinds[kind] = [parse(cls, r, what=f"{path.name}: {r.get('name', '?')}") for r in data.get("records", [])]
    return Catalog(**kinds)


# --------------------------------------------------------------------------- prediction


@dataclass
class Prediction:
    value: float | None  # None when the engine could not answer (reason says why)
    reason: str = ""  # why not, or how (regime, binding term)
    concurrency: float | None = None  # sequences in flight the prediction assumed
    extra: dict[str, float | str] = field(default_factory=dict)


def predict(row: Measurement, catalog: Catalog) -> Prediction:
    """The engine's answer for the row's configuration and metric."""
    from app import engine  # imported late so that --help and data checks work without it

    estimate = getattr(engine, "estimate", None)
    if estimate is None:
        return Prediction(None, "app.engine.estimate is not available yet")
    kwargs = dict(
        model=row.model,
        hardware=row.accelerator,
        gpus=row.gpus,
        tensor_parallel=row.tensor_parallel,
        pipeline_parallel=row.pipeline_parallel,
        precision=row.precision,
        kv_precision=row.kv_precision or row.precision,
        runtime=row.runtime,
        input_tokens=row.input_tokens,
        output_tokens=row.output_tokens,
    )
    try:
        if row.load == "offline":
            probe = estimate(catalog, **kwargs, concurrency=1)
            cap = row.max_batch or OFFLINE_MAX_BATCH
            conc = max(1, min(int(probe.memory.max_concurrent_sequences), cap))
            result = estimate(catalog, **kwargs, concurrency=conc)
        elif row.load == "concurrency":
            conc = row.concurrency
            result = estimate(catalog, **kwargs, concurrency=conc)
        else:
            result = estimate(catalog, **kwargs, rate=row.rate_rps)
            conc = getattr(result, "concurrency", None)
    except Exception as exc:  # a bad row or an engine gap: report it, keep scoring the rest
        return Prediction(None, f"{type(exc).__name__}: {exc}")
    value = _metric_of(result, row.metric)
    return Prediction(value, getattr(result, "regime", ""), conc)


def _metric_of(result, metric: str) -> float | None:
    value = getattr(result, metric, None)
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- scoring


@dataclass
class Scored:
    row: Measurement
    pred: Prediction

    @property
    def error(self) -> float | None:
        """Signed relative error (predicted - measured) / measured."""
        if self.pred.value is None:
            return None
        return (self.pred.value - self.row.value) / self.row.value


def score(rows: list[Measurement], catalog: Catalog) -> list[Scored]:
    return [Scored(r, predict(r, catalog)) for r in rows]


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default method), q in [0, 100]."""
    xs = sorted(values)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summarise(scored: list[Scored]) -> dict[str, dict[str, float]]:
    """Per metric: rows scored, rows unanswered, median and p90 absolute % error."""
    out: dict[str, dict[str, float]] = {}
    for metric in METRICS:
        mine = [s for s in scored if s.row.metric == metric]
        if not mine:
            continue
        errs = [abs(s.error) * 100 for s in mine if s.error is not None]
        out[metric] = {
            "rows": len(mine),
            "unanswered": len(mine) - len(errs),
            "median_ape": statistics.median(errs) if errs else math.nan,
            "p90_ape": percentile(errs, 90) if errs else math.nan,
            "bias": statistics.median(s.error * 100 for s in mine if s.error is not None) if errs else math.nan,
        }
    return out


def explain(s: Scored) -> str:
    """A plain reason a row may be off, from what the row and the prediction say."""
    r = s.row
    if s.pred.value is None:
        return s.pred.reason
    bits = []
    if s.pred.reason:
        bits.append(s.pred.reason)
    if r.load == "offline":
        bits.append(f"offline: batch set by KV capacity ({s.pred.concurrency} assumed)")
    if r.load == "rate" and r.metric == "output_tokens_per_s":
        bits.append("arrival-bound throughput")
    if r.metric == "ttft_ms" and r.input_tokens < 600:
        bits.append("short prompt: TTFT is mostly fixed serving overhead")
    if r.metric == "tpot_ms" and r.value < 12 and "rounded" in r.notes.casefold():
        bits.append("source rounds to whole ms")
    if r.runtime == "llama.cpp":
        bits.append("llama.cpp kernels (quantised GGUF)")
    if "assumed" in r.notes.casefold():
        bits.append("row has an assumption (see notes)")
    return "; ".join(bits)


# --------------------------------------------------------------------------- printing


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.1f}"
    return f"{x:.2f}"


def print_table(scored: list[Scored], out=sys.stdout) -> None:
    print(f"{'row':48} {'metric':20} {'predicted':>10} {'measured':>10} {'error':>8}  split", file=out)
    for s in scored:
        err = "n/a" if s.error is None else f"{s.error * 100:+.1f}%"
        print(
            f"{s.row.id[:48]:48} {s.row.metric:20} {_fmt(s.pred.value):>10} {_fmt(s.row.value):>10} {err:>8}  {s.row.split}",
            file=out,
        )


def print_summary(scored: list[Scored], out=sys.stdout) -> None:
    for label, subset in (
        ("train (calibration) rows", [s for s in scored if s.row.split == "train"]),
        ("held-out (test) rows", [s for s in scored if s.row.split == "test"]),
        ("all rows", scored),
    ):
        if not subset:
            continue
        print(f"\n{label}: {len(subset)}", file=out)
        print(f"  {'metric':20} {'rows':>5} {'n/a':>4} {'median |err|':>13} {'p90 |err|':>10} {'median err':>11}", file=out)
        for metric, st in summarise(subset).items():
            print(
                f"  {metric:20} {st['rows']:>5} {st['unanswered']:>4} {st['median_ape']:>12.1f}% "
                f"{st['p90_ape']:>9.1f}% {st['bias']:>+10.1f}%",
                file=out,
            )


def print_worst(scored: list[Scored], n: int, out=sys.stdout) -> None:
    ranked = sorted((s for s in scored if s.error is not None), key=lambda s: -abs(s.error))[:n]
    unanswered = [s for s in scored if s.error is None]
    print(f"\nworst {len(ranked)} rows", file=out)
    for s in ranked:
        print(f"  {s.error * 100:+7.1f}%  {s.row.id}: {explain(s)}", file=out)
    if unanswered:
        print(f"\nunanswered rows: {len(unanswered)}", file=out)
        for s in unanswered[:n]:
            print(f"  {s.row.id}: {s.pred.reason}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("all", "train", "test"), default="all")
    ap.add_argument("--rows", default="", help="comma-separated row ids")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--measurements", type=Path, default=MEASUREMENTS)
    ap.add_argument("--catalog", type=Path, default=CATALOG_DIR)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    rows = load_measurements(args.measurements)
    if args.split != "all":
        rows = [r for r in rows if r.split == args.split]
    if args.rows:
        wanted = {x.strip() for x in args.rows.split(",") if x.strip()}
        rows = [r for r in rows if r.id in wanted]
    catalog = load_catalog(args.catalog)
    scored = score(rows, catalog)
    print_table(scored)
    print_summary(scored)
    print_worst(scored, args.worst)
    print(f"\n{len(rows)} rows in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

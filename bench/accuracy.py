"""Engine accuracy against published serving measurements.

Loads the validation set (bench/validation/measurements.yaml) and the shipped catalog YAML
(catalog/*.yaml, through app.domain.parse; the store is not involved), asks
`app.engine.estimate` for every row's exact configuration, and prints one line per row
(predicted, measured, signed error) followed by the median and p90 absolute percentage
error per metric, for the training rows, the held-out rows and all rows, and the worst rows
with an explanation.

Target (issue 21): on the held-out rows, output tokens/s and TPOT median absolute error
<= 10 % and p90 <= 30 %; the summary prints the train and held-out figures apart, the held-out
rows per accelerator family (MoE rows apart), and whether the target is met.

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

from app.domain import Catalog, DomainModel, Precision, parse

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
    # offline rows: the requests of the run, where the source states it (a finite run ramps its
    # batch up and down; without it the row is scored at steady state)
    num_requests: int | None = Field(default=None, gt=0)
    # how the run's lengths vary about input_tokens / output_tokens (used with num_requests):
    # fixed, or uniform from 1 to 2 x mean - 1 (SGLang bench_serving random, range ratio 0)
    lengths: Literal["fixed", "uniform"] = "fixed"
    metric: Metric
    value: float = Field(gt=0, allow_inf_nan=False)
    split: Literal["train", "test"]
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Measurement:
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
    """The catalog files of `catalog_dir` (the shipped catalog by default), validated."""
    from app.store.io_formats import catalog_from_dir

    return catalog_from_dir(catalog_dir)


# --------------------------------------------------------------------------- prediction


@dataclass
class Prediction:
    value: float | None  # None when the engine could not answer (reason says why)
    reason: str = ""  # why not, or how (regime, binding term)
    concurrency: float | None = None  # sequences in flight the prediction assumed
    extra: dict[str, float | str] = field(default_factory=dict)


def predict(row: Measurement, catalog: Catalog) -> Prediction:
    """The engine's answer for the row's configuration and metric (app.engine.estimate.figures: the
    expected level of app.engine.estimate, the same numbers without the bands and cost)."""
    from app.engine.estimate import figures  # imported late so that --help and data checks work without it

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
            probe = figures(catalog, **kwargs, concurrency=1)
            cap = row.max_batch or OFFLINE_MAX_BATCH
            conc = max(1, min(int(probe.max_concurrent_sequences), cap, row.num_requests or cap))
            result = figures(catalog, **kwargs, concurrency=conc, total_requests=row.num_requests, lengths=row.lengths)
        elif row.load == "concurrency":
            conc = row.concurrency
            result = figures(catalog, **kwargs, concurrency=conc)
        else:
            result = figures(catalog, **kwargs, rate=row.rate_rps)
            conc = result.concurrency
    except Exception as exc:  # noqa: BLE001 - a bad row or an engine gap: report it, keep scoring the rest
        return Prediction(None, f"{type(exc).__name__}: {exc}")
    value = _metric_of(result, row.metric)
    return Prediction(value, getattr(result, "regime", ""), conc)


def find_profile(catalog: Catalog, efficiency_class: str, runtime: str):
    """The "<class>/<runtime>" profile when there is one, else the class profile (or None)."""
    by_name = {p.name.casefold(): p for p in catalog.efficiency}
    return by_name.get(f"{efficiency_class}/{runtime}".casefold()) or by_name.get(efficiency_class.casefold())


def predict_reference(row: Measurement, catalog: Catalog) -> Prediction:
    """The same row through bench/validation/roofline.py (the README's formulas, independent code)."""
    from bench.validation import roofline as rf

    try:
        model = catalog.find("models", row.model)
        accel = catalog.find("accelerators", row.accelerator)
    except Exception as exc:  # noqa: BLE001 - an unknown record is reported, not fatal
        return Prediction(None, f"{type(exc).__name__}: {exc}")
    eff = find_profile(catalog, accel.efficiency_class, row.runtime)
    if eff is None:
        return Prediction(None, f"no efficiency profile for {accel.efficiency_class}")
    setup = rf.Setup(model, accel, row.tensor_parallel, row.precision, row.kv_precision or row.precision, eff)
    if row.load == "offline":
        cap = row.max_batch or OFFLINE_MAX_BATCH
        batch = max(1, min(rf.max_sequences(setup, row.input_tokens + row.output_tokens), cap))
        est = rf.offline(setup, row.input_tokens, row.output_tokens, batch)
    elif row.load == "concurrency":
        est = rf.at_concurrency(setup, row.input_tokens, row.output_tokens, row.concurrency)
    else:
        est = rf.at_rate(setup, row.input_tokens, row.output_tokens, row.rate_rps)
    value = getattr(est, row.metric)
    return Prediction(value if math.isfinite(value) else None, f"reference ({eff.name})", est.concurrency)


PREDICTORS = {"engine": predict, "reference": predict_reference}


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


def score(rows: list[Measurement], catalog: Catalog, predictor=predict) -> list[Scored]:
    return [Scored(r, predictor(r, catalog)) for r in rows]


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


# --------------------------------------------------------------------------- calibration

# The factors a fit may move, each by a multiplier on its expected value, and the multipliers
# tried. The loop itself is the product's (app.engine.calibration.coordinate_descent); this script
# adds the literature bands as a constraint and a finer grid.
FIT_FACTORS = ("mfu_prefill", "mbu_decode", "mfu_decode", "step_overhead_ms")
FIT_GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(31))  # 0.50 .. 2.00


def profile_for(row: Measurement, catalog: Catalog):
    """The efficiency profile the row's configuration uses (None when a record is missing)."""
    try:
        accel = catalog.find("accelerators", row.accelerator)
    except Exception:  # noqa: BLE001 - an unknown record is reported, not fatal
        return None
    return find_profile(catalog, accel.efficiency_class, row.runtime)


def scaled_profile(profile, factor: str, k: float):
    """A copy of `profile` with `factor` multiplied by k (bands scaled, capped at 1 for ratios)."""
    from app.engine.calibration import scaled

    return scaled(profile, factor, k)


def with_profile(catalog: Catalog, profile) -> Catalog:
    return catalog.merged_with(efficiency=[profile])


def median_log_error(scored: list[Scored]) -> float:
    """Median |ln(predicted / measured)|: symmetric in over- and under-prediction."""
    errs = [abs(math.log(s.pred.value / s.row.value)) for s in scored if s.pred.value]
    return statistics.median(errs) if errs else math.inf


def _within_band(base, factor: str, k: float) -> bool:
    """A fit may move an expected value only inside the band the literature gave it."""
    if factor == "step_overhead_ms":
        return 0.25 <= k <= 4.0
    band = getattr(base, factor) or base.mfu_prefill
    return band.low - 1e-9 <= band.expected * k <= band.high + 1e-9


# Penalty per unit |ln multiplier|: a factor moves only when it buys a clearly better fit.
FIT_PENALTY = 0.02


def calibrate(rows: list[Measurement], catalog: Catalog, predictor=predict, sweeps: int = 3):
    """Fit each profile's expected factors to its training rows; report train and test error.

    Objective: median |ln(predicted / measured)| over the profile's 'train' rows plus
    FIT_PENALTY x sum |ln multiplier|, each expected value kept inside its published band,
    minimised by app.engine.calibration.coordinate_descent (the product's fit loop).
    'test' rows are scored before and after, never fitted.
    Returns {profile name: (fitted profile, multipliers, train before, train after,
    test before, test after, n train, n test)}.
    """
    from app.engine.calibration import coordinate_descent

    groups: dict[str, list[Measurement]] = {}
    for r in rows:
        prof = profile_for(r, catalog)
        if prof is not None:
            groups.setdefault(prof.name, []).append(r)
    report = {}
    for name, members in sorted(groups.items()):
        train = [r for r in members if r.split == "train"]
        test = [r for r in members if r.split == "test"]
        if not train:
            continue
        base = next(p for p in catalog.efficiency if p.name == name)

        def build(mult: dict[str, float], base=base):
            prof = base
            for f, m in mult.items():
                prof = scaled_profile(prof, f, m)
            return prof

        def objective(mult: dict[str, float], train=train, build=build) -> float:
            fit = median_log_error(score(train, with_profile(catalog, build(mult)), predictor))
            return fit + FIT_PENALTY * sum(abs(math.log(m)) for m in mult.values())

        mult, _ = coordinate_descent(
            objective, FIT_FACTORS, FIT_GRID, sweeps=sweeps, allowed=lambda f, k, base=base: _within_band(base, f, k)
        )
        best = build(mult)
        train_before = median_log_error(score(train, catalog, predictor))
        train_after = median_log_error(score(train, with_profile(catalog, best), predictor))
        test_before = median_log_error(score(test, catalog, predictor)) if test else math.nan
        test_after = median_log_error(score(test, with_profile(catalog, best), predictor)) if test else math.nan
        report[name] = (best, mult, train_before, train_after, test_before, test_after, len(train), len(test))
    return report


def fit_decode(rows: list[Measurement], catalog: Catalog, profile_name: str, predictor=predict):
    """Fit one profile's MBU and fixed cost per token to its train batch-1 TPOT rows.

    Each train row of the profile measured as TPOT at concurrency 1 is predicted with the step
    overhead set to 0 (its memory-bound time x_i at the current MBU), then
    app.engine.decode_line.fit_decode_line fits t_i = x_i / k + c (relative least squares).
    Returns (fitted profile, the line, train before, train after, test before, test after) as
    median |ln error| over that profile's rows; test rows are scored, never fitted.
    """
    from app.engine.decode_line import fit_decode_line

    base = next(p for p in catalog.efficiency if p.name == profile_name)
    members = [r for r in rows if (prof := profile_for(r, catalog)) is not None and prof.name == profile_name]
    train = [r for r in members if r.split == "train" and r.metric == "tpot_ms" and r.concurrency == 1]
    test = [r for r in members if r.split == "test"]
    no_overhead = with_profile(catalog, base.model_copy(update={"step_overhead_ms": 0.0}))
    memory = [s.pred.value for s in score(train, no_overhead, predictor)]
    line = fit_decode_line([m / 1e3 for m in memory], [r.value / 1e3 for r in train])
    fitted = scaled_profile(base, "mbu_decode", line.mbu_factor).model_copy(
        update={"step_overhead_ms": round(line.fixed_s * 1e3, 3)}
    )
    all_train = [r for r in members if r.split == "train"]
    after = with_profile(catalog, fitted)
    return (
        fitted,
        line,
        median_log_error(score(all_train, catalog, predictor)),
        median_log_error(score(all_train, after, predictor)),
        median_log_error(score(test, catalog, predictor)) if test else math.nan,
        median_log_error(score(test, after, predictor)) if test else math.nan,
    )


def print_calibration(report, out=sys.stdout) -> None:
    print("profile fits (median |ln error| on train -> after; test before -> after)", file=out)
    for name, (prof, mult, tb, ta, sb, sa, ntr, nte) in report.items():
        moved = ", ".join(f"{f} x{m:.2f}" for f, m in mult.items() if m != 1.0) or "unchanged"
        print(
            f"  {name}: train {ntr} rows {tb:.3f} -> {ta:.3f}; test {nte} rows {sb:.3f} -> {sa:.3f}; {moved}", file=out
        )
        print(
            f"      mfu_prefill {prof.mfu_prefill.expected:.3f}  mbu_decode {prof.mbu_decode.expected:.3f}  "
            f"mfu_decode {(prof.mfu_decode or prof.mfu_prefill).expected:.3f}  step_overhead_ms {prof.step_overhead_ms:.2f}",
            file=out,
        )


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
        print(
            f"  {'metric':20} {'rows':>5} {'n/a':>4} {'median |err|':>13} {'p90 |err|':>10} {'median err':>11}",
            file=out,
        )
        for metric, st in summarise(subset).items():
            print(
                f"  {metric:20} {st['rows']:>5} {st['unanswered']:>4} {st['median_ape']:>12.1f}% "
                f"{st['p90_ape']:>9.1f}% {st['bias']:>+10.1f}%",
                file=out,
            )


TARGET_METRICS = ("output_tokens_per_s", "tpot_ms")
TARGET_MEDIAN, TARGET_P90 = 10.0, 30.0


def family_of(row: Measurement, catalog: Catalog) -> str:
    """The row's accelerator efficiency class, with "MoE" added for mixture-of-experts models."""
    try:
        fam = catalog.find("accelerators", row.accelerator).efficiency_class
        moe = (catalog.find("models", row.model).experts or 0) > 0
    except Exception:  # noqa: BLE001 - an unknown name is reported by the row itself
        return "?"
    return f"{fam} MoE" if moe else fam


def print_families(scored: list[Scored], catalog: Catalog, out=sys.stdout) -> None:
    """Per accelerator family, train and held-out rows apart: rows, median and p90 |err| of each
    target metric; then whether the held-out target is met."""
    for split, label in (("train", "train (calibration) rows"), ("test", "held-out rows")):
        rows = [s for s in scored if s.row.split == split and s.row.metric in TARGET_METRICS]
        if not rows:
            continue
        groups: dict[str, list[Scored]] = {}
        for s in rows:
            groups.setdefault(family_of(s.row, catalog), []).append(s)
        print(f"\n{label} per accelerator family ({len(groups)} families)", file=out)
        print(
            f"  {'family':24} {'tok/s rows':>10} {'median':>7} {'p90':>7} {'TPOT rows':>10} {'median':>7} {'p90':>7}",
            file=out,
        )
        for fam in sorted(groups):
            cells = []
            for metric in TARGET_METRICS:
                errs = [abs(s.error) * 100 for s in groups[fam] if s.row.metric == metric and s.error is not None]
                if errs:
                    cells.append(f"{len(errs):>10} {statistics.median(errs):>6.1f}% {percentile(errs, 90):>6.1f}%")
                else:
                    cells.append(f"{0:>10} {'-':>7} {'-':>7}")
            print(f"  {fam:24} {cells[0]} {cells[1]}", file=out)
    held = [s for s in scored if s.row.split == "test" and s.row.metric in TARGET_METRICS]
    ttft = summarise([s for s in scored if s.row.split == "test" and s.row.metric == "ttft_ms"]).get("ttft_ms")
    if not held:
        _print_ttft(ttft, out)
        return
    summary = summarise(held)
    verdicts = []
    for metric in TARGET_METRICS:
        st = summary.get(metric)
        if st is None:
            continue
        ok = st["median_ape"] <= TARGET_MEDIAN and st["p90_ape"] <= TARGET_P90
        verdicts.append(
            f"{metric} median {st['median_ape']:.1f}% p90 {st['p90_ape']:.1f}% ({'met' if ok else 'NOT met'})"
        )
    print(
        f"  target (held-out median <= {TARGET_MEDIAN:.0f}%, p90 <= {TARGET_P90:.0f}%): " + "; ".join(verdicts),
        file=out,
    )
    _print_ttft(ttft, out)


def _print_ttft(st: dict[str, float] | None, out) -> None:
    """TTFT's held-out figures against the same bar: not part of the issue's target (output tok/s and
    TPOT), said apart so a TTFT miss is not hidden by the verdict above."""
    if st is None:
        return
    ok = st["median_ape"] <= TARGET_MEDIAN and st["p90_ape"] <= TARGET_P90
    print(
        f"  ttft_ms (not in the target, which is output tok/s and TPOT; same bar): held-out median "
        f"{st['median_ape']:.1f}% p90 {st['p90_ape']:.1f}% over {st['rows'] - st['unanswered']:.0f} rows ({'met' if ok else 'NOT met'})",
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


def print_comparison(engine: list[Scored], reference: list[Scored], out=sys.stdout) -> None:
    """Engine and reference per row: where they disagree, one of them has a term wrong."""
    print(
        f"{'row':48} {'measured':>10} {'engine':>10} {'err':>7} {'reference':>10} {'err':>7} {'eng/ref':>7}", file=out
    )
    for e, r in zip(engine, reference, strict=False):
        ratio = e.pred.value / r.pred.value if e.pred.value and r.pred.value else None
        print(
            f"{e.row.id[:48]:48} {_fmt(e.row.value):>10} {_fmt(e.pred.value):>10} "
            f"{'n/a' if e.error is None else f'{e.error * 100:+.0f}%':>7} {_fmt(r.pred.value):>10} "
            f"{'n/a' if r.error is None else f'{r.error * 100:+.0f}%':>7} {'-' if ratio is None else f'{ratio:.2f}':>7}",
            file=out,
        )
    print_summary(engine, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("all", "train", "test"), default="all")
    ap.add_argument("--rows", default="", help="comma-separated row ids")
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--calibrate", action="store_true", help="fit each profile to its train rows and print the factors")
    ap.add_argument(
        "--fit-decode",
        metavar="PROFILE",
        default="",
        help="fit PROFILE's MBU and fixed cost per token to its train batch-1 TPOT rows (a straight line)",
    )
    ap.add_argument("--compare", action="store_true", help="print the engine and the reference roofline side by side")
    ap.add_argument("--measurements", type=Path, default=MEASUREMENTS)
    ap.add_argument("--catalog", type=Path, default=CATALOG_DIR)
    ap.add_argument(
        "--predictor",
        choices=sorted(PREDICTORS),
        default="engine",
        help="engine (app.engine.estimate, the default) or reference (bench/validation/roofline.py)",
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    rows = load_measurements(args.measurements)
    if args.split != "all":
        rows = [r for r in rows if r.split == args.split]
    if args.rows:
        wanted = {x.strip() for x in args.rows.split(",") if x.strip()}
        rows = [r for r in rows if r.id in wanted]
    catalog = load_catalog(args.catalog)
    if args.compare:
        print_comparison(score(rows, catalog, predict), score(rows, catalog, predict_reference))
        return 0
    if args.fit_decode:
        prof, line, tb, ta, sb, sa = fit_decode(rows, catalog, args.fit_decode, PREDICTORS[args.predictor])
        print(
            f"{args.fit_decode}: {line.runs} train TPOT rows; MBU x{line.mbu_factor:.3f} -> "
            f"{prof.mbu_decode.expected:.3f} (band {prof.mbu_decode.low:.3f}-{prof.mbu_decode.high:.3f}); "
            f"fixed cost per token {line.fixed_s * 1e3:.2f} ms"
        )
        print(f"  median |ln error|: train {tb:.3f} -> {ta:.3f}; test {sb:.3f} -> {sa:.3f}")
        return 0
    if args.calibrate:
        print_calibration(calibrate(rows, catalog, PREDICTORS[args.predictor]))
        return 0
    scored = score(rows, catalog, PREDICTORS[args.predictor])
    print_table(scored)
    print_summary(scored)
    print_families(scored, catalog)
    print_worst(scored, args.worst)
    print(f"\n{len(rows)} rows in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

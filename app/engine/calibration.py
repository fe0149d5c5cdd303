"""Efficiency factors fitted to a user's own benchmark runs (issue 21).

The method is bench/accuracy.py's `--calibrate`, moved here so the product can run it: for one
efficiency profile (an accelerator class with one runtime), each fitted factor is a multiplier on
its expected value, chosen by coordinate descent over a grid to minimise

    median over measured figures of |ln(predicted / measured)|  +  FIT_PENALTY x sum |ln multiplier|

The log error treats over- and under-prediction alike; the median keeps one odd run from dragging
the fit; the penalty moves a factor only when it buys a clearly better fit. Unlike the developer
script (which keeps each factor inside the band the literature gives it), the user's own hardware
is the truth here, so a factor may move anywhere on the grid (x0.5 to x2), ratios capped at 1.

After the fit the band (low / high) of each factor is narrowed to the residuals: the factor's
expected value x exp(-/+ w), w = the 90th percentile of |ln error| after the fit (at least 5 %),
never wider than the scaled catalog band.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable
from typing import Any

from app.domain import Band, Catalog, Chart, DomainError, EfficiencyProfile, Precision, Series
from app.domain.measurement import METRIC_LABELS, METRICS, Calibration, MeasuredRun, Residual
from app.engine.estimate import estimate, figures
from app.engine.tables import profile_name

FIT_FACTORS: tuple[str, ...] = ("mfu_prefill", "mbu_decode", "mfu_decode", "step_overhead_ms")
FIT_GRID: tuple[float, ...] = tuple(round(0.5 + 0.1 * i, 2) for i in range(16))  # 0.5 .. 2.0
FIT_PENALTY = 0.02  # per unit |ln multiplier| (bench/accuracy.py's value)
MIN_BAND = 0.05  # narrowest half-width a fitted band keeps [fraction, as ln]
# Offline runs publish no batch: the runtime keeps what the KV cache holds up to its scheduler cap;
# bench/accuracy.py's OFFLINE_MAX_BATCH (trtllm-bench's max_batch_size reaches 4096, vLLM runs 2048).
OFFLINE_MAX_BATCH = 2048


def profile_key(run: MeasuredRun, catalog: Catalog) -> tuple[str, str, Precision | None]:
    """(efficiency class, runtime, weight precision) of the run: the key a fitted profile is stored
    under (issue 21: per accelerator family, runtime and precision); DomainError when unknown."""
    if not run.accelerator or not run.runtime:
        raise DomainError(f"{run.id}: needs its accelerator and runtime")
    return catalog.accelerator(run.accelerator).efficiency_class, catalog.runtime(run.runtime).name, run.precision


def base_profile(
    catalog: Catalog, efficiency_class: str, runtime: str, precision: Precision | None = None
) -> tuple[EfficiencyProfile, bool]:
    """The profile the engine uses for (class, runtime, precision) now, named
    "<class>/<runtime>/<precision>" ("<class>/<runtime>" without a precision), and whether a record
    of that name exists (False: a copy of the "<class>/<runtime>" record, or of the class profile x
    the runtime's multiplier, under the new name)."""
    name = profile_name(efficiency_class, runtime, precision)
    by_name = {p.name.casefold(): p for p in catalog.efficiency}
    if name.casefold() in by_name:
        return by_name[name.casefold()], True
    per_runtime = by_name.get(f"{efficiency_class}/{runtime}".casefold())
    if per_runtime is not None:  # precision given, no profile for it yet: start from the runtime's
        return per_runtime.model_copy(update={"name": name, "user_modified": False}), False
    cls = by_name.get(efficiency_class.casefold())
    if cls is None:
        raise DomainError(f"no efficiency profile for the accelerator class '{efficiency_class}' to calibrate")
    mult = catalog.runtime(runtime).efficiency_multiplier

    def scaled(b: Band | None) -> Band | None:
        if b is None:
            return None
        return Band(low=min(b.low * mult, 1.0), expected=min(b.expected * mult, 1.0), high=min(b.high * mult, 1.0))

    copy = cls.model_copy(
        update={
            "name": name,
            "runtime": runtime,
            "mfu_prefill": scaled(cls.mfu_prefill),
            "mbu_decode": scaled(cls.mbu_decode),
            "mfu_decode": scaled(cls.mfu_decode),
            "user_modified": False,
        }
    )
    return copy, False


def predict(run: MeasuredRun, catalog: Catalog) -> list[Residual]:
    """The engine's answer for each figure the run measured (predicted None with a reason when it
    cannot answer: an unknown record, a configuration that does not fit, missing context)."""
    measured = run.measured()
    missing = run.missing()
    if missing:
        return [
            Residual(run_id=run.id, metric=m, measured=v, predicted=None, reason=f"needs {', '.join(missing)}")
            for m, v in measured.items()
        ]
    kwargs = _run_kwargs(run)
    how = ""
    try:
        if run.load == "offline":
            probe = estimate(catalog, **kwargs, concurrency=1)
            cap = run.max_batch or OFFLINE_MAX_BATCH
            held = int(probe.memory.max_concurrent_sequences)
            conc = max(1, min(held, cap))
            how = offline_model(conc, held, cap, from_file=run.max_batch is not None)
            result = estimate(catalog, **kwargs, concurrency=conc)
        elif run.load == "concurrency":
            how = f"steady state, {run.concurrency:g} in flight"
            result = estimate(catalog, **kwargs, concurrency=run.concurrency)
        else:
            how = f"steady state, Poisson {run.rate_rps:g} req/s"
            result = estimate(catalog, **kwargs, rate=run.rate_rps)
    except DomainError as exc:
        return [
            Residual(run_id=run.id, metric=m, measured=v, predicted=None, reason=str(exc), predicted_as=how)
            for m, v in measured.items()
        ]
    out = []
    for metric, value in measured.items():
        pred = float(getattr(result, metric))
        band = result.bands.get(metric)
        ok = math.isfinite(pred) and pred > 0
        out.append(
            Residual(
                run_id=run.id,
                metric=metric,
                measured=value,
                predicted=pred if ok else None,
                low=band.low if band else None,
                high=band.high if band else None,
                reason=result.regime if ok else "the engine gave no finite figure",
                predicted_as=how,
            )
        )
    return out


def offline_model(batch: int, held: int, cap: int, *, from_file: bool) -> str:
    """How an offline (max-throughput) run is predicted, in words for the residual table: the way
    batch jobs are sized (app.engine.size: the replica's steady-state rate at the batch that fits,
    requests_per_s_per_replica), at `batch` [sequences] = min(what the KV cache holds, the
    runtime's batch cap). Neither models a finite run's ramp-up and tail (app.engine.finite_run,
    used by bench/accuracy.py where a published row gives its request count)."""
    limit = "KV cache" if held < cap else f"batch cap {cap:,}" + (" from the file" if from_file else "")
    return f"offline: steady state, batch {batch:,} ({limit}), as batch jobs are sized"


def _run_kwargs(run: MeasuredRun) -> dict[str, Any]:
    assert run.model and run.accelerator and run.gpus and run.runtime and run.precision
    assert run.input_tokens and run.output_tokens
    return dict(
        model=run.model,
        hardware=run.accelerator,
        gpus=run.gpus,
        tensor_parallel=run.tensor_parallel or run.gpus,
        precision=run.precision,
        runtime=run.runtime,
        input_tokens=max(int(round(run.input_tokens)), 1),
        output_tokens=max(int(round(run.output_tokens)), 1),
    )


def predicted_figures(run: MeasuredRun, catalog: Catalog) -> dict[str, float | None]:
    """The engine's expected figure for each metric the run measured, None where it cannot answer:
    predict()'s numbers without the bands and reasons, through estimate.figures() (what the fit's
    objective evaluates for every trial)."""
    measured = run.measured()
    if run.missing():
        return {m: None for m in measured}
    kwargs = _run_kwargs(run)
    try:
        if run.load == "offline":
            probe = figures(catalog, **kwargs, concurrency=1)
            cap = run.max_batch or OFFLINE_MAX_BATCH
            fig = figures(catalog, **kwargs, concurrency=max(1, min(probe.max_concurrent_sequences, cap)))
        elif run.load == "concurrency":
            fig = figures(catalog, **kwargs, concurrency=run.concurrency)
        else:
            fig = figures(catalog, **kwargs, rate=run.rate_rps)
    except DomainError:
        return {m: None for m in measured}
    out: dict[str, float | None] = {}
    for metric in measured:
        value = float(getattr(fig, metric))
        out[metric] = value if math.isfinite(value) and value > 0 else None
    return out


def coordinate_descent(
    objective: Callable[[dict[str, float]], float],
    factors: list[str] | tuple[str, ...],
    grid: tuple[float, ...],
    *,
    sweeps: int = 2,
    allowed: Callable[[str, float], bool] = lambda factor, k: True,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[dict[str, float], float]:
    """Multipliers (one per factor, starting at 1) minimising `objective`, by coordinate descent
    taking the steepest move first: each round tries every `grid` value of every factor (those
    `allowed`), one factor at a time, and keeps the single move that lowers the objective most;
    it stops when no move helps or after `sweeps` x len(factors) moves. Each distinct trial is
    evaluated once. Returns (multipliers, objective at them). The one fit loop of the product
    (fit()) and of the developer bench (bench/accuracy.py --calibrate).

    Why the steepest move and not the factors in a fixed order: under fit()'s rule that no
    figure may get worse, the first factor taken could spend a figure's whole allowance (on the
    L40S vLLM runs of the review, mfu_prefill x1.3 used up TTFT's, after which the MBU move that
    fixes TPOT's +30 % also shifts TTFT at concurrency and was refused: a local minimum)."""
    seen: dict[tuple[float, ...], float] = {}

    def value(mult: dict[str, float]) -> float:
        key = tuple(mult[f] for f in factors)
        if key not in seen:
            seen[key] = objective(mult)
        return seen[key]

    mult = {f: 1.0 for f in factors}
    best = value(mult)
    for _ in range(sweeps * len(factors)):
        move: dict[str, float] | None = None
        move_value = best
        for factor in factors:
            for k in grid:
                if cancelled():
                    raise DomainError("calibration cancelled")
                if k == mult[factor] or not allowed(factor, k):
                    continue
                trial = dict(mult, **{factor: k})
                obj = value(trial)
                if obj < move_value - 1e-9:
                    move, move_value = trial, obj
        if move is None:
            break
        mult, best = move, move_value
    return mult, best


def residuals(runs: list[MeasuredRun], catalog: Catalog) -> list[Residual]:
    return [r for run in runs for r in predict(run, catalog)]


def log_errors(rows: list[Residual]) -> list[float]:
    """|ln(predicted / measured)| of every answered figure."""
    return [abs(math.log(r.predicted / r.measured)) for r in rows if r.predicted]


def median_abs_error(rows: list[Residual]) -> float:
    """Median |relative error| of the answered figures [fraction]; inf when none was answered."""
    errs = [abs(r.error) for r in rows if r.error is not None]
    return statistics.median(errs) if errs else math.inf


def median_by_metric(rows: list[Residual]) -> dict[str, float]:
    """Median |relative error| of each metric's answered figures [fraction], metrics in METRICS order."""
    return {m: median_abs_error(sub) for m in METRICS if (sub := [r for r in rows if r.metric == m and r.predicted])}


def worsens(before: dict[str, float], after: dict[str, float]) -> bool:
    """Whether any figure's median |error| is worse after than before (a metric no longer answered
    counts as worse)."""
    return any(after.get(m, math.inf) > b + 1e-9 for m, b in before.items())


# Which factors a measured figure can inform: TTFT is prefill (MFU) plus a step; TPOT is decode
# (bandwidth, compute at large batch, the per-step overhead); throughput is all of them.
INFORMS: dict[str, tuple[str, ...]] = {
    "ttft_ms": ("mfu_prefill", "step_overhead_ms"),
    "tpot_ms": ("mbu_decode", "mfu_decode", "step_overhead_ms"),
    "output_tokens_per_s": FIT_FACTORS,
}


def informed_factors(runs: list[MeasuredRun]) -> list[str]:
    """The factors the runs' measured figures can move, in FIT_FACTORS order."""
    wanted = {f for run in runs for m in run.measured() for f in INFORMS[m]}
    return [f for f in FIT_FACTORS if f in wanted]


def scaled(profile: EfficiencyProfile, factor: str, k: float) -> EfficiencyProfile:
    """A copy of `profile` with `factor` x k: a ratio's band (low, expected, high) scaled and capped
    at 1, or the step overhead [ms] scaled."""
    if factor == "step_overhead_ms":
        return profile.model_copy(update={"step_overhead_ms": profile.step_overhead_ms * k})
    band = getattr(profile, factor) or profile.mfu_prefill
    new = Band(low=min(band.low * k, 1.0), expected=min(band.expected * k, 1.0), high=min(band.high * k, 1.0))
    return profile.model_copy(update={factor: new})


_scaled = scaled  # the name the tests knew


def _built(base: EfficiencyProfile, mult: dict[str, float]) -> EfficiencyProfile:
    prof = base
    for factor, k in mult.items():
        prof = scaled(prof, factor, k)
    return prof


def _narrowed(profile: EfficiencyProfile, half_width: float) -> EfficiencyProfile:
    """Each ratio band narrowed to expected x exp(-/+ half_width), never wider than it was."""
    w = max(half_width, MIN_BAND)
    update: dict[str, Band] = {}
    for factor in ("mfu_prefill", "mbu_decode", "mfu_decode"):
        band = getattr(profile, factor)
        if band is None:
            continue
        e = band.expected
        update[factor] = Band(low=max(band.low, e * math.exp(-w)), expected=e, high=min(band.high, e * math.exp(w)))
    return profile.model_copy(update=update)


def fit(
    runs: list[MeasuredRun],
    catalog: Catalog,
    efficiency_class: str,
    runtime: str,
    *,
    precision: Precision | None = None,
    now: dt.datetime | None = None,
    sweeps: int = 2,
    cancelled: Callable[[], bool] = lambda: False,
) -> Calibration:
    """Fit the (class, runtime, precision) profile to `runs` (all of that class, runtime and weight
    precision, context complete); without a precision, the (class, runtime) profile every precision
    on that runtime uses.

    Returns a Calibration holding the profile before and after, the multipliers, the residuals
    before and after and the provenance (files, runs, figures). DomainError when no run can be
    predicted (the fit would have nothing to fit)."""
    base, replaced = base_profile(catalog, efficiency_class, runtime, precision)
    with_base = catalog.merged_with(efficiency=[base])
    before_rows = residuals(runs, with_base)
    answered = [r for r in before_rows if r.predicted]
    if not answered:
        reasons = sorted({r.reason for r in before_rows if r.reason})
        raise DomainError(
            f"{efficiency_class}/{runtime}: the engine answered none of the {len(runs)} run(s)"
            + (f" ({reasons[0]})" if reasons else "")
        )

    per_before = median_by_metric(before_rows)

    figures_of = [(m, v) for run in runs for m, v in run.measured().items()]

    def objective(mult: dict[str, float]) -> float:
        trial = catalog.merged_with(efficiency=[_built(base, mult)])
        predicted = [p for run in runs for p in predicted_figures(run, trial).values()]
        by_metric: dict[str, list[float]] = {}
        errs: list[float] = []
        for (metric, measured), pred in zip(figures_of, predicted, strict=True):
            if pred:
                by_metric.setdefault(metric, []).append(abs(pred - measured) / measured)
                errs.append(abs(math.log(pred / measured)))
        after = {m: statistics.median(v) for m, v in by_metric.items()}
        if worsens(per_before, after):
            return math.inf  # a move that buys the headline by making one figure worse is refused
        fit_err = statistics.median(errs) if errs else math.inf
        return fit_err + FIT_PENALTY * sum(abs(math.log(k)) for k in mult.values())

    mult, _ = coordinate_descent(objective, informed_factors(runs), FIT_GRID, sweeps=sweeps, cancelled=cancelled)
    changed = any(k != 1.0 for k in mult.values())
    fitted = _built(base, mult)
    after_rows = residuals(runs, catalog.merged_with(efficiency=[fitted]))
    errs = log_errors(after_rows)
    p90 = sorted(errs)[min(len(errs) - 1, int(math.ceil(0.9 * len(errs))) - 1)] if errs else 0.0
    if changed:  # a fit that moved nothing leaves the profile as it is (bands too): no figure changes
        fitted = _narrowed(fitted, p90)
    when = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    files = sorted({r.source_file for r in runs if r.source_file})
    dates = [r.measured_on for r in runs if r.measured_on]
    cal = Calibration(
        profile=base.name,
        efficiency_class=efficiency_class,
        runtime=runtime,
        precision=precision,
        precisions=sorted({r.precision for r in runs if r.precision}, key=str),
        before=base,
        replaced=replaced,
        after=fitted,
        multipliers={f: k for f, k in mult.items() if k != 1.0},
        files=files,
        first_run_date=min(dates) if dates else None,
        last_run_date=max(dates) if dates else None,
        run_ids=[r.id for r in runs],
        rows=len([r for r in after_rows if r.predicted]),
        residual_before=median_abs_error(before_rows),
        residual_after=median_abs_error(after_rows),
        p90_after=math.exp(p90) - 1.0,
        by_metric={m: (b, median_by_metric(after_rows).get(m, math.inf)) for m, b in per_before.items()},
        fitted_at=when,
        changed=changed,
    )
    if not changed:
        return cal  # `after` is `before`: applying it records the check and marks nothing calibrated
    note = cal.summary()
    moved = ", ".join(f"{f} x{k:.2f}" for f, k in cal.multipliers.items()) or "no factor moved"
    cal.after = fitted.model_copy(
        update={
            "calibrated": True,
            "calibration_note": note,
            "calibrated_on": sorted({r.accelerator for r in runs if r.accelerator}),
            "source": f"your measurements: {', '.join(files) or 'entered runs'}",
            "as_of": when.date(),
            "notes": f"Fitted {when:%Y-%m-%d %H:%M} UTC on {len(runs)} runs ({cal.rows} figures): {moved}. "
            f"Median |error| {cal.residual_before * 100:.1f} % -> {cal.residual_after * 100:.1f} % "
            f"({cal.per_figure()}). "
            f"Before: {base.source}",
            "user_modified": True,
        }
    )
    return cal


__all__ = [
    "FIT_FACTORS",
    "coordinate_descent",
    "predicted_figures",
    "scaled",
    "FIT_GRID",
    "base_profile",
    "comparison_chart",
    "band_is_flat",
    "FLAT_BAND",
    "fit",
    "median_abs_error",
    "median_by_metric",
    "predict",
    "profile_key",
    "residuals",
    "worsens",
]


# [1] a prediction band narrower than this share of its high end has no spread worth drawing (the
# low and high levels give the same figure to four significant figures): it is shown as low = high
FLAT_BAND = 1e-3


def band_is_flat(low: float | None, high: float | None) -> bool:
    """Whether a band [low, high] has no spread: high - low <= FLAT_BAND x |high| (both known). Example:
    675 and 675.4: flat (0.06 %); 562 and 675: not."""
    if low is None or high is None:
        return False
    return abs(high - low) <= FLAT_BAND * abs(high)


def comparison_chart(metric: str, before: list[Residual], after: list[Residual] | None = None) -> Chart:
    """Predicted against measured for one metric: the prediction of the profiles in force, the one
    with a fit not yet applied, the band of the shown prediction (low and high levels), y = x.
    Series names: "y = x", "predicted now", "with the fit", "band low", "band high" (the runs whose
    band has a spread) and "band low = high" (the runs whose band is narrower than `FLAT_BAND` of its
    high end: a segment that short is invisible, so it is drawn as a mark and said to be flat)."""
    label = METRIC_LABELS[metric]
    name, unit = label.split(" [")[0], label.split("[")[1].rstrip("]")
    b = [r for r in before if r.metric == metric and r.predicted]
    a = [r for r in (after or []) if r.metric == metric and r.predicted]
    shown = a or b
    values = [r.measured for r in b] + [r.predicted or 0.0 for r in b + a]
    values += [v for r in shown for v in (r.low, r.high) if v]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if hi <= lo * 1.2:  # one run, or runs close together: a diagonal that still reads as one
        lo, hi = lo / 1.2, hi * 1.2
    series = [Series(name="y = x", x=[lo, hi], y=[lo, hi])]
    series.append(
        Series(
            name="predicted now",
            x=[r.measured for r in b],
            y=[r.predicted or 0.0 for r in b],
            labels=[r.run_id for r in b],
        )
    )
    if a:
        series.append(
            Series(
                name="with the fit",
                x=[r.measured for r in a],
                y=[r.predicted or 0.0 for r in a],
                labels=[r.run_id for r in a],
            )
        )
    flat = [r for r in shown if band_is_flat(r.low, r.high)]
    spread = [r for r in shown if not band_is_flat(r.low, r.high)]
    series.append(Series(name="band low", x=[r.measured for r in spread], y=[r.low or 0.0 for r in spread]))
    series.append(Series(name="band high", x=[r.measured for r in spread], y=[r.high or 0.0 for r in spread]))
    series.append(
        Series(
            name="band low = high",
            x=[r.measured for r in flat],
            y=[r.high or 0.0 for r in flat],
            labels=[r.run_id for r in flat],
        )
    )
    return Chart(
        key=f"measured_vs_predicted_{metric}",
        title=f"{name}: predicted against measured",
        x_label=f"Measured {name}",
        x_unit=unit,
        y_label=f"Predicted {name}",
        y_unit=unit,
        kind="scatter",
        series=series,
    )

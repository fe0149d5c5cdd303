"""Use cases of the user's own benchmark runs (issue 21): import result files, match them to the
catalog, compare them with the engine, fit the efficiency profiles, apply and revert the fits.
The CLI (`archwise calibrate`) and the Measurements page both come through here."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from app.advice import bench_plan as plans
from app.domain import Catalog, DomainError, Precision, Scenario
from app.domain.measurement import CONTEXT_FLAGS, Calibration, MeasuredRun, Residual, unread_reasons
from app.engine import calibration as fitting
from app.store import calibrations as kept
from app.store.measurements import read_runs
from app.store.project import Project


@dataclass
class Context:
    """What the user says about runs whose files do not (CLI flags, the page's fields). A value
    given here replaces the file's: the user knows their setup (a file may say "4x L40S" for four
    replicas of one GPU each)."""

    model: str | None = None
    accelerator: str | None = None
    gpus: int | None = None
    tensor_parallel: int | None = None
    runtime: str | None = None
    precision: Precision | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    concurrency: float | None = None
    rate_rps: float | None = None
    offline: bool = False

    def apply(self, run: MeasuredRun) -> MeasuredRun:
        update: dict[str, Any] = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("concurrency", "rate_rps", "offline") and getattr(self, f.name) is not None
        }
        if "gpus" in update and "tensor_parallel" not in update and run.tensor_parallel not in (None, update["gpus"]):
            update["tensor_parallel"] = update["gpus"]
        if self.offline:
            update.update(load="offline", concurrency=None, rate_rps=None)
        elif self.concurrency is not None:
            update.update(load="concurrency", concurrency=self.concurrency, rate_rps=None)
        elif self.rate_rps is not None:
            update.update(load="rate", rate_rps=self.rate_rps, concurrency=None)
        return MeasuredRun.model_validate({**run.model_dump(), **update})


def import_files(
    paths: Iterable[str | os.PathLike[str]], context: Context | None = None, left_out: list[str] | None = None
) -> list[MeasuredRun]:
    """Every run of every file, the context applied. All files are read before anything is
    returned: a file that cannot be read at all raises DomainError (one line naming it) and
    nothing is imported. Values a file holds that cannot be used (a bad cell of a CSV, a bad mean
    of an AIPerf export) are left out, one line each added to `left_out`, the good rows kept."""
    runs: list[MeasuredRun] = []
    for path in paths:
        runs.extend(read_runs(path, left_out))
    if context is not None:
        runs = [context.apply(r) for r in runs]
    return runs


_QUANT_SUFFIX = re.compile(r"[-_.](gguf|awq|gptq|fp8|int4|int8|bf16|fp16|f16|q\d[_0-9a-z]*|iq\d_[a-z]+)$", re.I)


def _match(catalog: Catalog, kind: str, name: str | None) -> str | None:
    """The catalog's spelling of `name` (case-insensitive; quantisation suffixes such as -Q4_K_M,
    -AWQ or -GGUF dropped one at a time), or None when no record has that name."""
    if not name:
        return None
    by_name = {r.name.casefold(): r.name for r in catalog.records(kind)}
    candidate = name.strip()
    while candidate:
        hit = by_name.get(candidate.casefold())
        if hit:
            return hit
        shorter = _QUANT_SUFFIX.sub("", candidate)
        if shorter == candidate:
            return None
        candidate = shorter
    return None


def match(runs: list[MeasuredRun], catalog: Catalog) -> list[MeasuredRun]:
    """Runs with model, accelerator and runtime written as the catalog writes them, where a record
    of that name exists; a name the catalog lacks is kept as read (unknown_names says so)."""
    out = []
    for run in runs:
        update = {}
        for attr, kind in (("model", "models"), ("accelerator", "accelerators"), ("runtime", "runtimes")):
            hit = _match(catalog, kind, getattr(run, attr))
            if hit and hit != getattr(run, attr):
                update[attr] = hit
        out.append(run.model_copy(update=update) if update else run)
    return out


def unknown_names(run: MeasuredRun, catalog: Catalog) -> list[str]:
    """ "model 'TinyLlama-1.1B-Chat-v1.0' is not in the catalog", one per unknown name."""
    out = []
    for attr, kind in (("model", "models"), ("accelerator", "accelerators"), ("runtime", "runtimes")):
        value = getattr(run, attr)
        if value and _match(catalog, kind, value) is None:
            # the closest catalog names, as `size` lists them (CLI review finding 8)
            names = [r.name for r in getattr(catalog, kind)]
            close = difflib.get_close_matches(value, names, n=3, cutoff=0.4) or difflib.get_close_matches(
                value, names, n=3, cutoff=0.0
            )
            out.append(f"{attr} '{value}' is not in the catalog" + (f"; closest: {', '.join(close)}" if close else ""))
    return out


def problems(run: MeasuredRun, catalog: Catalog) -> str:
    """Why the run cannot be fitted yet, as one phrase naming the fields and flags; "" when it can."""
    missing = run.missing()
    bits = []
    for unread, why in unread_reasons(run.notes or ""):  # present in the file, but not usable
        if all(f in missing for f in unread):
            bits.append(f"{why} (give {', '.join(dict.fromkeys(CONTEXT_FLAGS[f] for f in unread))})")
            missing = [m for m in missing if m not in unread]
    if missing:
        bits.append(f"lacks {', '.join(missing)} (give {', '.join(dict.fromkeys(CONTEXT_FLAGS[m] for m in missing))})")
    bits += unknown_names(run, catalog)
    if not run.measured() and not (run.requests_per_s and run.output_tokens is None):
        bits.append("measured no TTFT, TPOT or output throughput")
    return "; ".join(bits)


def compare(runs: list[MeasuredRun], catalog: Catalog) -> list[Residual]:
    """Predicted against measured for every figure of every run (unanswered ones say why)."""
    return fitting.residuals(match(runs, catalog), catalog)


def fittable(runs: list[MeasuredRun], catalog: Catalog) -> list[MeasuredRun]:
    return [r for r in match(runs, catalog) if r.included and not problems(r, catalog)]


def fit(
    runs: list[MeasuredRun],
    catalog: Catalog,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Calibration]:
    """One calibration per (accelerator class, runtime, weight precision) among the runs that can be
    fitted. DomainError when none can (the message names the first run's missing context)."""
    ready = fittable(runs, catalog)
    if not ready:
        first = next((r for r in match(runs, catalog) if r.included), None)
        why = f"{first.id} {problems(first, catalog)}" if first else "no run is included"
        raise DomainError(f"nothing to calibrate: {why}")
    groups: dict[tuple[str, str, Precision | None], list[MeasuredRun]] = {}
    for run in ready:
        groups.setdefault(fitting.profile_key(run, catalog), []).append(run)
    return [
        fitting.fit(members, catalog, cls, rt, precision=prec, cancelled=cancelled)
        for (cls, rt, prec), members in sorted(groups.items(), key=lambda kv: tuple(str(x) for x in kv[0]))
    ]


comparison_chart = fitting.comparison_chart  # predicted against measured, as chart data
band_is_flat = fitting.band_is_flat  # a prediction band without spread (low = high), as the chart marks it


def merged(old: list[MeasuredRun], new: list[MeasuredRun], catalog: Catalog) -> list[MeasuredRun]:
    """`old` with `new` added (matched to the catalog); a new run with an old run's id replaces it."""
    by_id = {r.id: r for r in old}
    for run in match(new, catalog):
        by_id[run.id] = run
    return list(by_id.values())


def add_runs(project: Project, runs: list[MeasuredRun]) -> list[MeasuredRun]:
    """Keep `runs` in the project (a run with the id of a kept one replaces it); one transaction."""
    all_runs = merged(kept.measured_runs(project), runs, project.catalog())
    kept.save_runs(project, all_runs)
    return all_runs


@dataclass
class FitResult:
    """Fitted profiles (not yet applied) and the figures predicted now and with the fit."""

    calibrations: list[Calibration]
    now: list[Residual]
    fitted: list[Residual]


def fit_and_compare(
    runs: list[MeasuredRun], catalog: Catalog, cancelled: Callable[[], bool] = lambda: False
) -> FitResult:
    cals = fit(runs, catalog, cancelled)
    after = catalog.merged_with(efficiency=[c.after for c in cals])
    return FitResult(cals, compare(runs, catalog), compare(runs, after))


def runs(project: Project) -> list[MeasuredRun]:
    return kept.measured_runs(project)


def save_runs(project: Project, runs: list[MeasuredRun]) -> None:
    kept.save_runs(project, runs)


def calibrations(project: Project) -> list[Calibration]:
    return kept.calibrations(project)


def apply(project: Project, cal: Calibration) -> Calibration:
    """Make the fitted profile the one the engine uses in this project (one transaction)."""
    return kept.apply_calibration(project, cal)


def revert(project: Project, profile: str) -> Calibration:
    """Undo the latest applied calibration of `profile` (one transaction)."""
    return kept.revert_calibration(project, profile)


def revert_to_catalog(project: Project, profile: str) -> int:
    """Undo every applied calibration of `profile`, back to the catalog's record; how many. A
    "<class>/<runtime>" name stands for every precision fitted under it ("<class>/<runtime>/bf16",
    ".../fp8", ...) as well as for itself."""
    n = 0
    for name in covered_profiles(project, profile):
        while any(c.applied and c.profile.casefold() == name.casefold() for c in kept.calibrations(project)):
            kept.revert_calibration(project, name)
            n += 1
    return n


def covered_profiles(project: Project, profile: str) -> list[str]:
    """The applied profiles `profile` names: itself, and under a "<class>/<runtime>" every
    "<class>/<runtime>/<precision>" (a fit is stored per precision, issue 21)."""
    key = profile.casefold().rstrip("/")
    return [
        c.profile for c in applied(project) if c.profile.casefold() == key or c.profile.casefold().startswith(key + "/")
    ]


def applied_under(project: Project, profile: str) -> list[Calibration]:
    """Every applied calibration (oldest first) that reverting `profile` to the catalog undoes:
    those of `profile` itself and, under a "<class>/<runtime>", those of each of its precisions."""
    names = {n.casefold() for n in covered_profiles(project, profile)}
    return [c for c in kept.calibrations(project) if c.applied and c.profile.casefold() in names]


def precision_groups(cals: list[Calibration]) -> list[str]:
    """The "<class>/<runtime>" names under which two or more of `cals` are fitted per precision
    (one revert puts all of them back), in first-seen order."""
    count: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for cal in cals:
        if cal.precision is not None and cal.profile.count("/") >= 2:
            group = cal.profile.rsplit("/", 1)[0]
            count[group.casefold()] = count.get(group.casefold(), 0) + 1
            spelled.setdefault(group.casefold(), group)
    return [spelled[k] for k, n in count.items() if n >= 2]


def applied(project: Project) -> list[Calibration]:
    """The calibrations in force: the latest applied one of each profile."""
    latest: dict[str, Calibration] = {}
    for cal in kept.calibrations(project):
        if cal.applied:
            latest[cal.profile.casefold()] = cal
    return list(latest.values())


def benchmark_plan(
    project: Project | Catalog, scenario: Scenario, target: plans.Target | None = None
) -> plans.BenchPlan:
    """The benchmark commands that would confirm `target`, or the scenario's recommended option
    (sized here) when no target is given. DomainError when nothing is recommended."""
    if target is None:
        from app.services.sizing import size_scenario

        sizing = size_scenario(project, scenario, detailed=False)
        opt = sizing.recommended
        if opt is None:
            raise DomainError(
                f"{scenario.name}: no option is recommended ({sizing.error or 'nothing fits'}); "
                "name the configuration to benchmark (--model, --accelerator, --gpus, --precision)"
            )
        target = plans.Target(
            model=opt.model,
            accelerator=opt.accelerator,
            gpus=opt.gpus,
            precision=opt.precision,
            runtime=opt.runtime,
            tensor_parallel=opt.tensor_parallel,
            pipeline_parallel=opt.pipeline_parallel,
            replicas=max(opt.replicas - opt.spare_replicas, 1),
        )
    return plans.plan(scenario, target)


__all__ = [
    "benchmark_plan",
    "Context",
    "FitResult",
    "add_runs",
    "comparison_chart",
    "band_is_flat",
    "fit_and_compare",
    "merged",
    "applied",
    "applied_under",
    "apply",
    "precision_groups",
    "calibrations",
    "compare",
    "fit",
    "fittable",
    "import_files",
    "match",
    "problems",
    "revert",
    "revert_to_catalog",
    "covered_profiles",
    "runs",
    "save_runs",
    "unknown_names",
]

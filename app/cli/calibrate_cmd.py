"""`archwise calibrate FILE... [context flags] [--apply] [--revert PROFILE] [--json] [--project FILE]`.

Reads benchmark result files (vLLM, SGLang, AIPerf/GenAI-Perf, trtllm-bench, llama-bench, LLMPerf,
plain CSV), compares them with the engine, fits the efficiency profile of each (accelerator class,
runtime) and prints the fit. --apply keeps the runs and the fitted profiles in the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli import CliError, close_project, number_flag
from app.domain import Precision, Within


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit the efficiency factors to your own benchmark result files",
        description="Import benchmark result files (vllm bench serve --save-result JSON, vllm bench throughput "
        "--output-json, SGLang bench_serving "
        "JSONL, AIPerf/GenAI-Perf profile_export JSON or CSV, trtllm-bench report, llama-bench -o json|csv, "
        "LLMPerf summary JSON, or the plain CSV), compare each run with the engine and fit the efficiency "
        "profile of each accelerator class and runtime. A file that does not say the model, device, "
        "lengths or load needs the flags below.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="result files")
    p.add_argument("--model", help="catalog model the runs served")
    p.add_argument("--accelerator", help="catalog accelerator the runs used")
    p.add_argument("--gpus", type=number_flag(Within(1, 1024), whole=True), help="GPUs per replica")
    p.add_argument("--tp", type=number_flag(Within(1, 1024), whole=True), help="tensor parallel (default: --gpus)")
    p.add_argument("--runtime", help="runtime (vLLM, SGLang, TensorRT-LLM, TGI, llama.cpp)")
    p.add_argument("--precision", choices=[x.value for x in Precision], help="weight precision")
    p.add_argument("--input-tokens", type=number_flag(Within(1, 10_000_000)), help="mean prompt length [tokens]")
    p.add_argument("--output-tokens", type=number_flag(Within(1, 10_000_000)), help="mean output length [tokens]")
    load = p.add_mutually_exclusive_group()
    load.add_argument("--concurrency", type=number_flag(Within(1, 1_000_000)), help="requests in flight")
    load.add_argument("--rate", type=number_flag(Within(1e-6, 1e9)), help="offered Poisson rate [req/s]")
    load.add_argument("--offline", action="store_true", help="all requests at once (max throughput)")
    p.add_argument("--apply", action="store_true", help="keep the runs and the fitted profiles in the project")
    p.add_argument(
        "--allow-partial",
        action="store_true",
        help="with --apply: apply even when a figure of a file was left out (negative, NaN, out of range)",
    )
    p.add_argument(
        "--revert",
        metavar="PROFILE",
        help="put back the catalog's profile: <class>/<runtime>/<precision>, or <class>/<runtime> for all "
        "its precisions (e.g. nvidia-ada/vLLM)",
    )
    p.add_argument("--json", action="store_true", help="the result as JSON")
    p.add_argument("--project", default=None, help="project file (default: the one in the user data folder)")
    p.set_defaults(handler=run)

    b = sub.add_parser(
        "bench-plan",
        help="write the benchmark commands that would confirm a scenario's sizing",
        description="Write vllm bench serve and genai-perf commands with the scenario's prompt and output "
        "lengths, a concurrency sweep and its peak rate, for the recommended option (or the configuration "
        "named by the flags); their result files import back with `archwise calibrate`.",
    )
    b.add_argument("scenario", help="scenario YAML file")
    b.add_argument("--model", help="model to benchmark (default: the recommended option's)")
    b.add_argument("--accelerator", help="accelerator (default: the recommended option's)")
    b.add_argument("--gpus", type=number_flag(Within(1, 1024), whole=True), help="GPUs per replica")
    b.add_argument("--tp", type=number_flag(Within(1, 1024), whole=True), help="tensor parallel (default: --gpus)")
    b.add_argument("--precision", choices=[x.value for x in Precision], help="weight precision")
    b.add_argument("--runtime", default="vLLM", help="runtime (default vLLM)")
    b.add_argument("-o", "--output", help="write the plan to this file (default: print it)")
    b.add_argument("--project", default=None, help="project file (default: the one in the user data folder)")
    b.set_defaults(handler=run_plan)


def _context(args: argparse.Namespace) -> Any:
    from app.services.measurements import Context

    return Context(
        model=args.model,
        accelerator=args.accelerator,
        gpus=args.gpus,
        tensor_parallel=args.tp,
        runtime=args.runtime,
        precision=Precision(args.precision) if args.precision else None,
        input_tokens=args.input_tokens,
        output_tokens=args.output_tokens,
        concurrency=args.concurrency,
        rate_rps=args.rate,
        offline=args.offline,
    )


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:+.0f}%"


def run(args: argparse.Namespace) -> int:
    from app.services import measurements as ms
    from app.services.catalog import open_project

    if not args.files and not args.revert:
        raise CliError("calibrate needs result FILEs (or --revert PROFILE)")
    if args.revert:
        project = open_project(args.project)
        try:
            names = ms.covered_profiles(project, args.revert)
            n = ms.revert_to_catalog(project, args.revert)
            others = [c.profile for c in ms.applied(project)]
        finally:
            close_project(project)
        if not n:
            hint = (
                f"; applied: {', '.join(others)} (name one, or its <class>/<runtime> for all its precisions)"
                if others
                else "; none is applied"
            )
            raise CliError(f"'{args.revert}' has no applied calibration in {project.path.name}{hint}")
        print(f"{', '.join(names)}: {n} calibration(s) reverted; the catalog's profile is back")
        return 0
    left_out: list[str] = []
    runs = ms.import_files(args.files, _context(args), left_out)  # a bad file: one line, nothing changed
    if left_out and args.apply and not args.allow_partial:
        # A run reporting a negative or NaN latency is suspect as a whole: its other figures are not applied
        # to the project unless asked for; nothing is written.
        more = f" (and {len(left_out) - 1} more)" if len(left_out) > 1 else ""
        raise CliError(
            f"not applied: {left_out[0]}{more}; fix the file, or add --allow-partial to apply the rest of it"
        )
    project = open_project(args.project, read_only=not args.apply)
    try:
        catalog = project.catalog()
        runs = ms.match(runs, catalog)
        blocked = [(r, ms.problems(r, catalog)) for r in runs]
        blocked = [(r, why) for r, why in blocked if why]
        for line in left_out if not args.json else []:  # said first: a refusal below may name its cause
            print(f"not used: {line}", file=sys.stderr)  # a warning: stdout keeps the table only
        if blocked and len(blocked) == len(runs):
            r, why = blocked[0]
            more = f" ({len(blocked) - 1} more run(s) likewise)" if len(blocked) > 1 else ""
            raise CliError(f"{r.id} {why}{more}")
        before = {(x.run_id, x.metric): x for x in ms.compare(runs, catalog)}
        cals = ms.fit(runs, catalog)
        after_catalog = catalog.merged_with(efficiency=[c.after for c in cals])
        after = {(x.run_id, x.metric): x for x in ms.compare(runs, after_catalog)}
        if args.apply:
            ms.add_runs(project, runs)
            cals = [ms.apply(project, c) for c in cals]
    finally:
        close_project(project)
    if args.json:
        out = {
            "runs": [r.model_dump(mode="json") for r in runs],
            "skipped": [{"run": r.id, "why": why} for r, why in blocked],
            "left_out": left_out,
            "residuals": [{**before[k].model_dump(mode="json"), "predicted_after": after[k].predicted} for k in before],
            "calibrations": [c.model_dump(mode="json") for c in cals],
            "applied": bool(args.apply),
        }
        json.dump(out, sys.stdout, indent=2)
        print()
        return 0
    for r, why in blocked:
        print(f"skipped {r.id}: {why}")
    print(f"{'run':40} {'metric':20} {'measured':>10} {'before':>10} {'err':>6} {'after':>10} {'err':>6}")
    for key, b in before.items():
        a = after[key]
        print(
            f"{b.run_id[:40]:40} {b.metric:20} {b.measured:>10.4g} "
            f"{'-' if b.predicted is None else f'{b.predicted:.4g}':>10} {_pct(b.error):>6} "
            f"{'-' if a.predicted is None else f'{a.predicted:.4g}':>10} {_pct(a.error):>6}"
        )
    for how in dict.fromkeys(
        f"{b.run_id}: predicted as {b.predicted_as}" for b in before.values() if b.predicted_as.startswith("offline")
    ):
        print(how)
    for c in cals:
        moved = ", ".join(f"{f} x{k:.2f}" for f, k in c.multipliers.items()) or "no factor moved"
        print(f"\n{c.profile}: {c.summary()}; {moved}")
        dated = f"runs dated {c.first_run_date} to {c.last_run_date}; " if c.first_run_date else ""
        print(f"  files: {', '.join(c.files)}; {dated}fitted {c.fitted_at:%Y-%m-%d %H:%M} UTC")
    if args.apply and not any(c.changed for c in cals):
        print("\nkept in the project: the runs and the check; no profile changed (the fits moved no factor)")
    else:
        print(
            "\napplied to the project: the engine now uses these profiles"
            if args.apply
            else "\nnot applied (add --apply to keep the runs and the fitted profiles in the project)"
        )
    return 0


def run_plan(args: argparse.Namespace) -> int:
    from app.advice.bench_plan import Target
    from app.services import measurements as ms
    from app.services.catalog import open_project
    from app.services.sizing import load_scenario
    from app.store.io_formats import write_atomic

    scenario = load_scenario(args.scenario)
    named = [args.model, args.accelerator, args.gpus, args.precision]
    if any(v is not None for v in named) and not all(v is not None for v in named):
        missing = [
            f for f, v in zip(("--model", "--accelerator", "--gpus", "--precision"), named, strict=True) if v is None
        ]
        raise CliError(
            f"a named configuration needs {', '.join(missing)} too (or none of them: the recommended option)"
        )
    target = (
        Target(
            args.model,
            args.accelerator,
            args.gpus,
            Precision(args.precision),
            args.runtime,
            args.tp,
            pipeline_parallel=max(args.gpus // args.tp, 1) if args.tp else 1,  # the GPUs --tp leaves: stages
        )
        if args.model
        else None
    )
    project = open_project(args.project, read_only=True)
    try:
        plan = ms.benchmark_plan(project, scenario, target)
    finally:
        close_project(project)
    if args.output:
        path = write_atomic(args.output, plan.script())
        print(f"wrote {path}: {len(plan.vllm)} vllm bench serve runs, {len(plan.genai_perf)} genai-perf runs")
    else:
        sys.stdout.write(plan.script())
    return 0

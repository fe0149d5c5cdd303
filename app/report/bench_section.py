"""The benchmark plan (issue 21, "close the loop"): the commands that would confirm the package's
recommended option, from app.advice.bench_plan, as a section the reader can copy from."""

from __future__ import annotations

from typing import Any

from app.advice.bench_plan import BenchPlan, Target, plan
from app.domain import Option, Scenario
from app.report.numbering import heading
from app.report.styles import para

TITLE = "Benchmark plan"


def target_of(option: Option) -> Target:
    """The configuration `option` runs, as the benchmark's metadata and `archwise calibrate` name it."""
    return Target(
        model=option.model,
        accelerator=option.accelerator,
        gpus=option.gpus,
        precision=option.precision,
        runtime=option.runtime,
        tensor_parallel=option.tensor_parallel,
        pipeline_parallel=option.pipeline_parallel,
        replicas=max(option.replicas - option.spare_replicas, 1),
    )


def bench_plan_for(scenario: Scenario, option: Option | None) -> BenchPlan | None:
    """The plan that would confirm `option` under `scenario`'s load; None without an option."""
    return None if option is None else plan(scenario, target_of(option))


def _commands(lines: list[str]) -> list[Any]:
    return [para(line, "code") for line in lines]


def bench_plan_section(scenario: Scenario, option: Option | None) -> list[Any]:
    """The section's flowables; empty when nothing self-hosted is recommended (nothing to run)."""
    bp = bench_plan_for(scenario, option)
    if bp is None or option is None:
        return []
    tok = scenario.workload.tokens
    rates = " and ".join(f"{r:g}" for r in bp.rates_rps)
    out: list[Any] = [
        heading(TITLE, 0),
        para(
            f"Before buying, confirm the recommendation, {option.label}, on that configuration: "
            f"{option.model} on {option.gpus} × {option.accelerator} (tensor parallel "
            f"{option.tensor_parallel or option.gpus}, {option.precision.value}, {option.runtime}). "
            f"Each command sends the workload's {tok.input_tokens:,} prompt and {tok.output_tokens:,} output tokens "
            f"per request; the sweep runs concurrency {', '.join(str(c) for c in bp.concurrencies)}"
            + (f", then Poisson arrivals at {rates} req/s (half and all of the peak rate)" if rates else "")
            + ". Each run saves a result file that the command archwise calibrate or the Measurements page's Import "
            "reads back; the fitted profile then narrows the bands and is named on every figure it touches."
        ),
        para("--model is the catalog's name: put the name your server serves the model under.", "small"),
        *(para(note, "small") for note in bp.notes),  # e.g. how the runs repeat a cached shared prefix
        para(bp.client_title, "h2"),  # the recommended runtime's own benchmark client
        *_commands(bp.client),
        para(f"Or NVIDIA GenAI-Perf / AIPerf against {bp.server} (the same sweep, closed loop)", "h2"),
        *_commands(bp.genai_perf),
        para("Import the results", "h2"),
        *_commands([ln for ln in bp.calibrate.splitlines() if ln.strip()]),
    ]
    return out


__all__ = ["TITLE", "bench_plan_for", "bench_plan_section", "target_of"]

"""Use cases over the engine: load a scenario file, size it against a project's catalog,
estimate one configuration, sweep the candidate table. Shared by the CLI and the GUI."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from app.domain import Catalog, DomainError, Estimate, Scenario, Sizing, Tokens, Traffic, Within, parse, range_of

if TYPE_CHECKING:
    from app.store import Project


def load_scenario(path: str | os.PathLike) -> Scenario:
    """A Scenario from a YAML file; DomainError naming the file and the bad field."""
    from app.store.io_formats import YAML_LOADER, read_text, yaml_error

    p = Path(path)
    text = read_text(p, "scenario file")
    try:
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise yaml_error(p, exc) from None
    if not isinstance(data, dict):
        raise DomainError(f"{p}: expected a mapping with name, workload, candidates, ...")
    if "workload" not in data and ("workloads" in data or "fleet" in data):
        raise DomainError(
            f"{p}: this is a portfolio file (workloads and a fleet), not a scenario; "
            "a portfolio's file: entries name scenario files, and `archwise fleet` plans a portfolio"
        )
    return parse(Scenario, data, what=p.name)


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as YAML (for saving what the user built in the GUI)."""
    return yaml.safe_dump(scenario.model_dump(mode="json", exclude_defaults=True), sort_keys=False, allow_unicode=True)


def catalog_of(source: Project | Catalog) -> Catalog:
    """The catalog to size against: a project's (the app, the CLI), or a catalog given as it is
    (scripts and tests that have no project). The one place that tells the two apart."""
    return source if isinstance(source, Catalog) else source.catalog()


def catalog_for(source: Project | Catalog, scenario: Scenario | None = None) -> Catalog:
    """`catalog_of(source)`, with the scenario's inline records in place of same-named ones."""
    catalog = catalog_of(source)
    if scenario is None:
        return catalog
    return catalog.merged_with(accelerators=scenario.accelerators, instances=scenario.instances, models=scenario.models)


def evaluation_cache():
    """A cache the caller owns for what-if steps: pass it as `reuse` to size_scenario (see
    engine.LastEvaluation: a rate or SLA change reuses the last evaluation)."""
    from app.engine import LastEvaluation

    return LastEvaluation()


def size_scenario(
    project: Project | Catalog,
    scenario: Scenario,
    progress=None,
    cancelled=None,
    simulate: bool = False,
    detailed: bool = True,
    reuse=None,
    deployments: bool = True,
    charts_wanted=None,
    lead: str | None = None,
) -> Sizing:
    """Size `scenario` against the project's catalog (or a Catalog given as it is).
    `detailed=False`: a what-if preview without bands and explanations (see `engine.size`);
    `reuse`: an `evaluation_cache()` the caller keeps between what-if steps;
    `deployments=False`: no deployment comparison yet (`with_deployments` adds it when needed);
    `charts_wanted`: the chart keys to build (None: all), for a preview whose other plots are hidden;
    `lead`: the label of the option the charts and the strategy lead with (None: the engine's pick)."""
    from app.engine import size

    return size(
        scenario,
        catalog_for(project),
        progress=progress,
        cancelled=cancelled,
        simulate=simulate,
        detailed=detailed,
        reuse=reuse,
        deployments=deployments,
        charts_wanted=charts_wanted,
        lead=lead,
    )


def with_deployments(project: Project | Catalog, scenario: Scenario, sizing: Sizing) -> Sizing:
    """`sizing` with its deployment comparison and horizon costs (a copy when they are added:
    the given one is left as it is), for what reads them: the Deployment page, the report."""
    if sizing.deployments is not None:
        return sizing
    from app.engine.deployment import completed

    return completed(sizing, scenario, catalog_for(project, scenario))


def sizing_json(sizing: Sizing) -> str:
    """The whole result as JSON; `feasible`, `error`, `binding_constraints`, `recommended` and
    `options` at the top level, as scripts expect."""
    return sizing.model_dump_json(indent=2)


SWEEP_COLUMNS = [
    "rank",
    "model",
    "hardware",
    "accelerator",
    "runtime",
    "gpus",
    "tensor_parallel",
    "pipeline_parallel",
    "precision",
    "kv_precision",
    "feasible",
    "violations",
    "batch_size",
    "weights_gib_per_gpu",
    "kv_cache_gib_per_gpu",
    "max_concurrent_sequences",
    "ttft_ms",
    "ttft_p95_ms",
    "tpot_ms",
    "e2e_p95_ms",
    "tokens_per_s",
    "requests_per_s_per_replica",
    "replicas",
    "total_gpus",
    "cost_per_month_usd",
    "cost_per_million_tokens_usd",
    "cost_per_request_usd",
    "cost_per_run_usd",  # batch and training jobs; empty when serving
]


def sweep_csv(project: Project | Catalog, scenario: Scenario) -> str:
    """Every candidate configuration of the scenario, one CSV row each (the engine's full table)."""
    from app.engine.sweep import sweep_rows

    rows = sweep_rows(scenario, catalog_for(project))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SWEEP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


ESTIMATE_INPUT_COLUMNS = [
    "model",
    "hardware",
    "gpus",
    "tp",
    "pp",
    "precision",
    "kv_precision",
    "runtime",
    "input_tokens",
    "output_tokens",
    "concurrency",
    "rate",
    "images",
]
ESTIMATE_OUTPUT_COLUMNS = [
    "fits",
    "weights_gib_per_gpu",
    "kv_cache_gib_per_gpu",
    "max_concurrent_sequences",
    "sequences_in_flight",  # the load estimated: the input concurrency, or the one a rate settles at
    "ttft_ms",
    "tpot_ms",
    # at an offered rate below capacity: the p95s `size` judges the SLA on (empty otherwise)
    "ttft_p95_ms",
    "tpot_p95_ms",
    "e2e_ms",
    "output_tokens_per_s",
    "requests_per_s",
    "regime",
    # energy at this load (engine.estimate_energy: the options' power model); empty without a power figure
    "power_w",
    "energy_kwh_per_month",
    "energy_wh_per_million_tokens",
    "on_prem_usd_per_month",
    "error",
]


def estimate_one(project: Project | Catalog, **kwargs):
    from app.engine import estimate

    catalog = catalog_for(project)
    check_context_window(catalog, kwargs)
    return estimate(catalog, **kwargs)


def check_context_window(catalog: Catalog, kwargs: dict) -> None:
    """DomainError when one sequence (input + output tokens) is longer than the model's context
    window: `size` rules such a model out ('context: required .., available ..'); an estimate
    of it would price sequences the model cannot hold."""
    model = catalog.model(kwargs["model"])
    images = float(kwargs.get("images_per_request") or 0.0)  # each adds the model's tokens per image
    need = int(kwargs["input_tokens"]) + int(kwargs["output_tokens"]) + int(images * (model.tokens_per_image or 0))
    if need > model.max_context_tokens:
        raise DomainError(
            f"context: sequences of {need:,} tokens do not fit {model.name}'s window "
            f"(required {need:,}, available {model.max_context_tokens:,}); "
            "cap the prompt or choose a long-context model"
        )


def estimate_rows(project: Project | Catalog, rows: list[dict[str, str]]) -> str:
    """CSV out for many configurations in: the input columns, then the results; a bad row gets
    its error in the `error` column and the others still run."""
    from app.engine import estimate

    catalog = catalog_for(project)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=ESTIMATE_INPUT_COLUMNS + ESTIMATE_OUTPUT_COLUMNS, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    for n, row in enumerate(rows, 2):
        record = {k: (row.get(k) or "").strip() for k in ESTIMATE_INPUT_COLUMNS}
        try:
            kwargs = estimate_kwargs(record)
            check_context_window(catalog, kwargs)
            e = estimate(catalog, **kwargs)
            record.update(
                fits=e.fits,
                weights_gib_per_gpu=f"{e.memory.weights_gib:.3f}",
                kv_cache_gib_per_gpu=f"{e.memory.kv_cache_gib:.3f}",
                max_concurrent_sequences=e.memory.max_concurrent_sequences,
                sequences_in_flight=f"{e.concurrency:g}",
                ttft_ms=f"{e.ttft_ms:.3f}",
                tpot_ms=f"{e.tpot_ms:.3f}",
                ttft_p95_ms="" if e.ttft_p95_ms is None else f"{e.ttft_p95_ms:.3f}",
                tpot_p95_ms="" if e.tpot_p95_ms is None else f"{e.tpot_p95_ms:.3f}",
                e2e_ms=f"{e.e2e_ms:.3f}",
                output_tokens_per_s=f"{e.output_tokens_per_s:.3f}",
                requests_per_s=f"{e.requests_per_s:.5f}",
                regime=e.regime,
                **_energy_columns(e),
                error="",
            )
        except DomainError as exc:
            record["error"] = f"row {n}: {exc}"
        writer.writerow(record)
    return out.getvalue()


def _energy_columns(e: Estimate) -> dict[str, str]:
    """The estimate's energy figures as CSV cells (empty where unknown)."""
    en = e.energy
    cell = lambda v, digits: "" if v is None else f"{v:.{digits}f}"  # noqa: E731
    return {
        "power_w": cell(en.power_w if en else None, 1),
        "energy_kwh_per_month": cell(en.energy_kwh_per_month if en else None, 1),
        "energy_wh_per_million_tokens": cell(en.energy_wh_per_million_tokens if en else None, 1),
        "on_prem_usd_per_month": cell(en.on_prem_usd_per_month if en else None, 2),
    }


def _tokens_range() -> Within:
    found = range_of(Tokens, "input_tokens")
    assert found is not None
    return found


def _rate_range() -> Within:
    found = range_of(Traffic, "requests_per_s")
    assert found is not None
    return found


# The range of each numeric input of `estimate` (CSV columns and CLI flags share them).
ESTIMATE_RANGES: dict[str, Within] = {
    "gpus": Within(1, 100_000),
    "tp": Within(1, 100_000),
    "pp": Within(1, 100_000),
    "input_tokens": _tokens_range(),
    "output_tokens": _tokens_range(),
    # sequences in flight: a million is far beyond any one serving deployment's KV cache (the
    # largest hold thousands); above it the figures are queueing arithmetic, not an estimate
    "concurrency": Within(1, 1e6),
    "rate": _rate_range(),  # [req/s]
    # images sent with each request; 10,000 images of even 64 tokens fill a 640k-token context,
    # beyond any model's window (the context check refuses far fewer)
    "images": Within(0, 10_000),
}


def estimate_kwargs(record: dict[str, str]) -> dict:
    """Typed keyword arguments for engine.estimate from string fields (CSV cells or flags);
    every number finite and within ESTIMATE_RANGES, else DomainError naming the field."""

    def num(key, cast=int, required=True):
        value = record.get(key)
        if value in (None, ""):
            if required:
                raise DomainError(f"{key} is required")
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise DomainError(f"{key} must be a number, got '{value}'") from None
        number = ESTIMATE_RANGES[key].check(number, key)
        if cast is int:
            if number != int(number):
                raise DomainError(f"{key} must be a whole number, got '{value}'")
            return int(number)
        return number

    for key in ("model", "hardware"):
        if not record.get(key):
            raise DomainError(f"{key} is required")
    conc, rate = num("concurrency", float, False), num("rate", float, False)
    if (conc is None) == (rate is None):
        raise DomainError("give exactly one of concurrency or rate")
    return dict(
        model=record["model"],
        hardware=record["hardware"],
        gpus=num("gpus"),
        tensor_parallel=num("tp", int, False),
        pipeline_parallel=num("pp", int, False) or 1,
        precision=record.get("precision") or "bf16",
        kv_precision=record.get("kv_precision") or None,
        runtime=record.get("runtime") or "vLLM",
        input_tokens=num("input_tokens"),
        output_tokens=num("output_tokens"),
        concurrency=conc,
        rate=rate,
        images_per_request=num("images", float, False) or 0.0,
    )

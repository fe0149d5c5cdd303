"""Use cases: the selection matrix for a scenario, and the PDF decision package.

Both faces call these: the GUI (Selection page, File -> Export decision package) from a worker,
the CLI (`archwise report`). One catalog read per call; the engine runs only when no sizing is
passed in (the GUI passes the one it already shows).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain import Catalog, DomainError, Scenario, Sizing
from app.domain.fleet_results import FleetPlan

if TYPE_CHECKING:
    from app.store import Project


def scenario_catalog(project: Project, scenario: Scenario) -> Catalog:
    """The project's catalog with the scenario's inline records in place of same-named ones,
    and the team's own evaluation results among the models' quality scores."""
    from app.services.quality import with_evaluations

    catalog = project.catalog().merged_with(
        accelerators=scenario.accelerators, instances=scenario.instances, models=scenario.models
    )
    return with_evaluations(catalog, project.evaluations())


def build_selection(
    project: Project,
    scenario: Scenario,
    sizing: Sizing,
    weights: dict[str, float] | None = None,
    catalog: Catalog | None = None,
    quality: str | None = None,
):
    """(SelectionMatrix, Sensitivity) for `sizing`; DomainError for bad weights or a benchmark no
    candidate has. `weights` None: the ones last set for this scenario (services.selection_weights),
    else the defaults. `quality`: the benchmark that stands for quality; None: the one chosen for this
    scenario before (Selection page), else the one most candidate models report."""
    from app.selection import build_matrix, sensitivity
    from app.services.quality import chosen_benchmark
    from app.services.selection_weights import saved_weights

    catalog = catalog or scenario_catalog(project, scenario)
    if weights is None:  # the weights last set for this scenario (kept in the project), else the defaults
        weights = saved_weights(project, scenario.name)
    if quality is None:
        quality = chosen_benchmark(project, scenario.name)
        try:
            matrix = build_matrix(sizing, catalog, scenario.workload, weights, quality=quality)
        except DomainError:
            if quality is None:
                raise
            # a remembered choice no candidate has any more (candidates changed): the default
            matrix = build_matrix(sizing, catalog, scenario.workload, weights)
    else:
        matrix = build_matrix(sizing, catalog, scenario.workload, weights, quality=quality)
    return matrix, sensitivity(matrix)


def rescore(matrix, weights: dict[str, float]):
    """(SelectionMatrix, Sensitivity) for other weights, without recomputing any figure (live sliders)."""
    from app.selection import sensitivity

    rescored = matrix.reweighted(weights)
    return rescored, sensitivity(rescored)


def package_recommendation(
    project: Project,
    scenario: Scenario,
    sizing: Sizing,
    weights: dict[str, float] | None = None,
    catalog: Catalog | None = None,
    quality: str | None = None,
):
    """The package's one recommendation (app.report.Recommendation) for `sizing` with the matrix
    `weights`: what the PDF's summary will carry, so a screen can show the same choice and why.
    Returns (recommendation, matrix, sensitivity)."""
    from app.report.recommend import reconcile

    matrix, sens = build_selection(project, scenario, sizing, weights, catalog=catalog, quality=quality)
    return reconcile(sizing, matrix, sens), matrix, sens


def matrix_recommendation(project, scenario: Scenario, sizing: Sizing, weights: dict[str, float] | None = None):
    """The selection matrix's recommendation for `sizing` with `weights` (None: the defaults), as
    the verdict and the package name it: what a pinned card or the Analysis banner shows. None when
    nothing is feasible, the project is only a catalog, or no matrix can be built (bad weights, no
    benchmark): then the engine's pick stands."""
    if not sizing.feasible or isinstance(project, Catalog):
        return None
    try:
        rec, _matrix, _sens = package_recommendation(project, scenario, sizing, weights or None)
    except DomainError:
        return None
    return rec if rec.label else None


def kind_figures_for(project, scenario: Scenario, option):
    """The workload kind's own figures (a batch run's hours, a RAG index, an agent's task time) for
    `option`, the recommendation when it is not the engine's pick; None for a kind without them."""
    from app.engine.kinds import figures_for

    return figures_for(scenario, scenario_catalog(project, scenario), option)


def recommendation_for(sizing: Sizing, matrix, sens):
    """The recommendation (app.report.Recommendation) for a matrix already built or rescored: the
    same reconciliation of engine pick and matrix first the report prints."""
    from app.report.recommend import reconcile

    return reconcile(sizing, matrix, sens)


def sizing_for_recommendation(scenario: Scenario, catalog: Catalog, sizing: Sizing, recommendation) -> Sizing:
    """`sizing` with its workload-kind figures (batch hours, RAG index, agent task time, ...), its
    charts and its strategy worked out for the recommended option, when that is not the engine's
    pick; the input is not changed."""
    from app.engine.kinds import figures_for

    option = recommendation.option
    if option is None or (sizing.recommended is not None and option == sizing.recommended):
        return sizing
    update: dict = {"workload_kind": figures_for(scenario, catalog, option)}
    if sizing.deployments is not None and (sizing.recommended is None or option.model != sizing.recommended.model):
        update["deployments"] = deployments_for_model(scenario, catalog, sizing, option.model)
    update.update(led_by(scenario, catalog, sizing, option.label))
    return sizing.model_copy(update=update)


def led_by(scenario: Scenario, catalog: Catalog, sizing: Sizing, label: str) -> dict:
    """The charts, strategy and what to avoid of `sizing` led by the option called `label` (the
    engine sizes the scenario again, leading with it: its figures are the same, its charts show
    that option first and its strategy is that option's), as fields to update; {} when `sizing`
    already leads with it or the option is not among its feasible options."""
    from app.engine import size

    labels = [o.label for o in sizing.options]
    if label not in labels or not sizing.options[labels.index(label)].feasible:
        return {}
    if sizing.options[sizing.chart_lead].label == label:
        return {}
    wanted = {c.key for c in sizing.charts}
    led = size(scenario, catalog, detailed=False, deployments=False, charts_wanted=wanted, lead=label)
    if [o.label for o in led.options] != labels:  # another catalog than the sizing's: leave it as it is
        return {}
    charts = {c.key: c for c in led.charts}
    return {
        "charts": [charts.get(c.key, c) for c in sizing.charts],
        "strategy": led.strategy,
        "avoid": led.avoid,
        "chart_lead": led.chart_lead,
    }


def deployments_for_model(scenario: Scenario, catalog: Catalog, sizing: Sizing, model: str):
    """The deployment comparison among the options of `model` only (the recommended option's
    model, when the matrix recommends another model than the engine's cheapest design): the
    package's deployment pages then price the model it recommends. Option indices stay those of
    `sizing` (the other models' options are only set aside as infeasible in a copy)."""
    from app.services.deployment import compare_deployments

    return compare_deployments(catalog, scenario, sizing, None, model)


def benchmark_plan_script(scenario: Scenario, recommendation) -> str:
    """The shell script of benchmark commands that would confirm the recommendation's self-hosted
    option (the decision package's Benchmark plan section); "" when it recommends none."""
    from app.report.bench_section import bench_plan_for

    bp = bench_plan_for(scenario, None if recommendation is None else recommendation.option)
    return "" if bp is None else bp.script()


def package_contents() -> list[str]:
    """The decision package's parts in words, in the order the PDF is built (app.report.sections)."""
    from app.report.sections import contents_list

    return contents_list()


def report_date(date: dt.date | str | None = None) -> dt.date:
    """The title-page date: the one given, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if isinstance(date, dt.date):
        return date
    if date:
        try:
            return dt.date.fromisoformat(str(date))
        except ValueError:
            raise DomainError(f"date must be YYYY-MM-DD, got '{date}'") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def project_name(project: Project) -> str:
    return Path(project.path).stem if project.path else ""


def export_decision_package(
    project: Project,
    scenario: Scenario,
    path: str | os.PathLike,
    author: str = "",
    sizing: Sizing | None = None,
    weights: dict[str, float] | None = None,
    date: dt.date | str | None = None,
    progress=None,
    cancelled=None,
    quality: str | None = None,
    fleet: FleetPlan | None = None,
) -> Path:
    """Size `scenario` (unless `sizing` is given), score it, write the PDF to `path`; returns the path.
    `fleet`: a portfolio's plan (app.services.fleet) for the package's Fleet section.

    Raises DomainError (bad weights or date, unwritable file: app.report.ReportError) with one
    clear message; a failed export leaves no partial file.
    """
    from app.report import ReportMeta, write_decision_package

    catalog = scenario_catalog(project, scenario)
    if sizing is None:
        from app.services.sizing import size_scenario

        sizing = size_scenario(project, scenario, progress=progress, cancelled=cancelled)
    else:  # the Analysis page's sizing leaves the deployment comparison for what needs it: this does
        from app.services.sizing import with_deployments

        sizing = with_deployments(project, scenario, sizing)
    rec, matrix, sens = package_recommendation(project, scenario, sizing, weights, catalog=catalog, quality=quality)
    sizing = sizing_for_recommendation(scenario, catalog, sizing, rec)
    meta = ReportMeta(project=project_name(project), author=author or scenario.author, date=report_date(date))
    return write_decision_package(path, scenario, sizing, matrix, catalog, meta, sens, fleet=fleet)

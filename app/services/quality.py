"""Use cases for quality evidence: import the team's own evaluation results, list them, and lay
them over the catalog so the selection matrix can compare models on them.

Both faces call these: the GUI (Selection page → Import evaluations…) and the CLI
(`archwise quality import FILE...`). An import reads and validates every file first and writes
them all in one transaction: a bad or mismatched file changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain import Catalog, DomainError, QualityScore
from app.domain.evaluation import EvalResult

if TYPE_CHECKING:
    from app.store import Project

# Project setting that remembers, per scenario, which benchmark stands for quality.
QUALITY_SETTING = "quality_benchmark:"


@dataclass
class ImportSummary:
    results: list[EvalResult] = field(default_factory=list)
    added: int = 0
    replaced: int = 0
    notes: list[str] = field(default_factory=list)  # metrics left out, per file

    def __str__(self) -> str:
        files = len({r.source_file for r in self.results})
        models = sorted({r.model for r in self.results})
        return (
            f"{len(self.results)} result(s) from {files} file(s) for {', '.join(models)}: "
            f"{self.added} added, {self.replaced} replaced"
        )


def import_evaluations(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    model: str | None = None,
    quantisation: str | None = None,
) -> ImportSummary:
    """Read every file (lm-evaluation-harness results .json, or .csv), then store all results in
    one transaction. DomainError with one line naming the file on the first bad one; then
    nothing is written. `model` names the catalog model when the files name a local path;
    `quantisation` the weight format when they do not say it."""
    from app.store.eval_formats import model_resolver, read_evaluations

    if not paths:
        raise DomainError("name at least one results file")
    resolve = model_resolver(project.catalog())
    summary = ImportSummary()
    for path in paths:
        results, notes = read_evaluations(path, resolve, model=model, quantisation=quantisation)
        summary.results.extend(results)
        summary.notes.extend(f"{os.path.basename(os.fspath(path))}: left out {n}" for n in notes)
    summary.added, summary.replaced = project.add_evaluations(summary.results)
    return summary


def list_evaluations(project: Project) -> list[EvalResult]:
    return project.evaluations()


def with_evaluations(catalog: Catalog, results: Sequence[EvalResult]) -> Catalog:
    """`catalog` with each own result added to its model's quality scores, as the benchmark
    'Own: <task>, <metric>' at the result's quantisation (models without results unchanged)."""
    if not results:
        return catalog
    by_model: dict[str, list[EvalResult]] = {}
    for r in results:
        by_model.setdefault(r.model.casefold(), []).append(r)
    models = []
    for m in catalog.models:
        own = by_model.get(m.name.casefold())
        if not own:
            models.append(m)
            continue
        scores = [
            QualityScore(
                benchmark=r.benchmark,
                score=r.score,
                source=r.provenance(),
                precision=r.quantisation.lower(),
                as_of=r.date,
                stderr_pts=r.stderr_pts,
                n=r.n,
            )
            for r in own
        ]
        models.append(m.model_copy(update={"quality": [*m.quality, *scores]}))
    return catalog.model_copy(update={"models": models})


def chosen_benchmark(project: Project, scenario_name: str) -> str | None:
    """The benchmark the user chose to stand for quality in this scenario's matrix, or None
    (the matrix then takes the one most candidate models report)."""
    return project.setting(QUALITY_SETTING + scenario_name) or None


def choose_benchmark(project: Project, scenario_name: str, benchmark: str | None) -> None:
    """Remember (one transaction) which benchmark stands for quality in this scenario."""
    project.set_setting(QUALITY_SETTING + scenario_name, benchmark or None)

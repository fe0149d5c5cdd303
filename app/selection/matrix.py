"""Build the selection matrix: rows from the engine's options, criteria, hard constraints, scores.

Normalisation (stated in the report as NORMALISATION):
    min-max per criterion over the rows that are not excluded, direction-aware, so that on
    every criterion the best row gets 1 and the worst 0:
        benefit  n = (v - min) / (max - min)
        cost     n = (max - v) / (max - min)
    A criterion on which all rows are equal (max == min) gives every row 1: it cannot tell
    them apart, so it moves no ranking. A missing figure gets the criterion's missing_score
    (quality: 0.5, the middle of the field, with the rank's range over 0..1 in selection.missing).
    score = sum_i w_i n_i / sum_i w_i  (0..1, shown x 100); rank 1 = highest score, ties keep
    the engine's order.
"""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from pydantic import Field

from app.domain import (
    BindingConstraint,
    Catalog,
    Chart,
    DomainError,
    HostedApi,
    Instance,
    Model,
    QualityScore,
    Runtime,
    Sizing,
    Sourced,
    Within,
    Workload,
)
from app.domain.common import DomainModel
from app.domain.evaluation import OWN_PREFIX
from app.selection.criteria import (
    CRITERIA,
    CRITERIA_BY_KEY,
    EMBEDDING_TTFT_DESCRIPTION,
    EMBEDDING_TTFT_NAME,
    ENERGY_ACCELERATORS_NOTE,
    Candidate,
    Context,
    Criterion,
    default_weights,
    host_power_unknown,
    latency_weights_note,
    max_context_tokens,
    max_sensitivity,
    needed_context_tokens,
    quality_note,
    quality_score,
)

NORMALISATION = (
    "Min-max per criterion over the rows that are not excluded, direction-aware: benefit "
    "n = (v - min) / (max - min), cost n = (max - v) / (max - min), so on every criterion the "
    "best row scores 1 and the worst 0. A criterion on which all rows are equal scores 1 for "
    "every row. A missing quality score is unknown, not zero: it scores 0.5 (the middle of the field) and "
    "the row's rank is shown over the whole plausible range (lowest to highest score of the field). Other "
    "missing figures score 0 (no evidence, no credit), or 0.5 where the figure does not apply to that kind "
    "of row. Score = sum(w_i x n_i) / sum(w_i), shown x 100; "
    "rank 1 is the highest score; ties keep the engine's order."
)


class CriterionColumn(DomainModel):
    key: str
    name: str
    unit: str
    direction: str  # "benefit" or "cost"
    weight: float  # as given
    weight_share: float  # weight / sum of weights
    description: str
    missing_score: float
    digits: int = 1
    unknown_when_missing: bool = False


class MatrixRow(DomainModel):
    label: str
    kind: str  # "self_hosted" or "hosted"
    model: str | None = None
    hardware: str | None = None
    option_index: int | None = None  # into Sizing.options
    hosted_index: int | None = None  # into Sizing.hosted
    values: dict[str, float | None] = Field(default_factory=dict)  # raw, in the criterion's unit
    normalised: dict[str, float] = Field(default_factory=dict)  # 0..1, 1 = best
    score: float | None = None  # 0..1; None when excluded
    rank: int | None = None
    excluded: bool = False
    reasons: list[str] = Field(default_factory=list)  # why excluded
    notes: dict[str, str] = Field(default_factory=dict)  # criterion key -> what the cell stands on
    # where the quality figure comes from (the score's source, with its date) and the weight format
    # it was measured at ("" = the released BF16 weights); empty when unknown
    quality_source: str = ""
    quality_precision: str = ""


class QualityChoice(DomainModel):
    """A benchmark the quality column can stand for: how many candidate models it scores."""

    benchmark: str
    models_scored: int
    models: int  # distinct candidate models in the matrix
    own: bool = False  # the team's own evaluation (imported), not a published figure
    unit: str = "%"  # "%" or "Elo" (an arena rating)


class SelectionMatrix(DomainModel):
    scenario: str
    criteria: list[CriterionColumn]
    rows: list[MatrixRow]  # ranked rows first (by rank), then the excluded ones
    quality_benchmark: str | None = None
    quality_chosen: bool = False  # the user chose the benchmark (else: the one most models report)
    quality_choices: list[QualityChoice] = Field(default_factory=list)
    # quality vs cost per 1M tokens and vs p95 TTFT with the Pareto front (selection.quality_chart);
    # weight-independent, so a reweighted matrix keeps them
    quality_charts: list[Chart] = Field(default_factory=list)
    needed_context_tokens: int
    workload_sensitivity: str
    normalisation: str = NORMALISATION
    weights_note: str = ""  # why some default weights differ for this workload kind ("" when none)
    # ranked rows scored at a criterion's `unknown_score` (a figure that applies but is unknown), in
    # words for the first-choice sentence ("" when none)
    unknown_note: str = ""

    @property
    def ranked(self) -> list[MatrixRow]:
        return [r for r in self.rows if not r.excluded]

    @property
    def excluded(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.excluded]

    @property
    def top(self) -> MatrixRow | None:
        ranked = self.ranked
        return ranked[0] if ranked else None

    def weights(self) -> dict[str, float]:
        return {c.key: c.weight for c in self.criteria}

    def reweighted(self, weights: dict[str, float]) -> SelectionMatrix:
        """The same rows and normalised values scored with other weights (for live sliders)."""
        merged = validate_weights({**self.weights(), **weights})
        total = sum(merged.values())
        criteria = [
            c.model_copy(update={"weight": merged[c.key], "weight_share": merged[c.key] / total}) for c in self.criteria
        ]
        rows = _score_and_rank([r.model_copy(deep=True) for r in self.rows], criteria)
        return self.model_copy(update={"criteria": criteria, "rows": rows})


# A weight is relative; a ceiling keeps their sum (and every weighted score) finite.
WEIGHT_RANGE = Within(0, 1e6)


def validate_weights(weights: dict[str, float] | None, workload: Workload | None = None) -> dict[str, float]:
    """Defaults (for `workload`'s kind: `default_weights`) overlaid with `weights`; DomainError for
    unknown names, negative or all-zero."""
    merged = default_weights(workload)
    for key, w in (weights or {}).items():
        if key not in CRITERIA_BY_KEY:
            raise DomainError(f"no selection criterion named '{key}'; known: {', '.join(CRITERIA_BY_KEY)}")
        merged[key] = WEIGHT_RANGE.check(w, f"weight of '{key}'")
    if sum(merged.values()) <= 0:
        raise DomainError("at least one selection weight must be above 0")
    return merged


T = TypeVar("T", bound=Sourced)


def _lookup(catalog: Catalog, cls: type[T], name: str | None) -> T | None:
    if not name:
        return None
    try:
        return catalog.get(cls, name)
    except DomainError:
        return None


def candidates(sizing: Sizing, catalog: Catalog, workload: Workload) -> list[Candidate]:
    """One row per (model, hardware) pair, its best-ranked option; then one per hosted API."""
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for i, opt in enumerate(sizing.options):
        pair = (opt.model.casefold(), opt.hardware.casefold())
        if pair in seen:
            continue
        seen.add(pair)
        out.append(
            Candidate(
                label=opt.label,
                kind="self_hosted",
                workload=workload,
                option=opt,
                option_index=i,
                model=_lookup(catalog, Model, opt.model),
                instance=_lookup(catalog, Instance, opt.hardware),
                runtime=_lookup(catalog, Runtime, opt.runtime),
            )
        )
    for i, h in enumerate(sizing.hosted):
        api = _lookup(catalog, HostedApi, h.name)
        model = _lookup(catalog, Model, api.quality_model) if api is not None and api.quality_model else None
        out.append(
            Candidate(
                label=f"{h.name} (hosted API)",
                kind="hosted",
                workload=workload,
                hosted=h,
                hosted_index=i,
                api=api,
                model=model,
            )
        )
    return out


def exclusion_reasons(c: Candidate) -> list[str]:
    """Hard constraints: a row that breaks one is excluded, not merely scored low."""
    reasons: list[str] = []
    if c.option is not None and not c.option.feasible:

        def said(v: BindingConstraint) -> str:
            return v.detail or f"{v.constraint}: needs {v.required:g} {v.unit}, has {v.available:g} {v.unit}"

        # a budget miss is not an SLA miss (CLI review finding 18): say which it is
        details = [said(v) for v in c.option.violations if v.constraint != "budget"]
        budget = [said(v) for v in c.option.violations if v.constraint == "budget"]
        if details or not budget:
            reasons.append(
                "infeasible SLA: " + ("; ".join(details) if details else "the engine found no feasible operating point")
            )
        if budget:
            reasons.append("over budget: " + "; ".join(budget))
    have, need = max_context_tokens(c), needed_context_tokens(c.workload)
    if have is not None and have < need:
        reasons.append(f"context too short: holds {have:,} tokens, the workload needs {need:,} (p95 input + output)")
    sens = c.workload.sensitivity
    if c.hosted is not None and not c.hosted.allowed:
        why = c.hosted.reason or f"{sens.value} data may not go to this API"
        # an API whose images cannot be priced is out for that, not for the data's sensitivity
        unpriced = c.hosted.image_cost_unknown and why.startswith("image cost unknown")
        reasons.append(why if unpriced else "non-compliant sensitivity: " + why)
    elif max_sensitivity(c).level < sens.level:
        reasons.append(
            f"non-compliant sensitivity: {sens.value} data, the deployment may receive up to {max_sensitivity(c).value}"
        )
    return reasons


def quality_choices(cands: list[Candidate]) -> list[QualityChoice]:
    """Every benchmark some candidate model has a score on, most models scored first (ties
    alphabetical): the choices the quality column may stand for."""
    counts: Counter[str] = Counter()
    units: dict[str, str] = {}
    models = {c.model.name: c.model for c in cands if c.model is not None}
    for model in models.values():
        counts.update({q.benchmark for q in model.quality})
        for q in model.quality:
            units.setdefault(q.benchmark, q.unit)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        QualityChoice(
            benchmark=b, models_scored=n, models=len(models), own=b.startswith(OWN_PREFIX), unit=units.get(b, "%")
        )
        for b, n in ordered
    ]


def quality_benchmark(cands: list[Candidate]) -> str | None:
    """The benchmark most candidate models report; ties broken alphabetically."""
    choices = quality_choices(cands)
    return choices[0].benchmark if choices else None


def normalise(values: list[float | None], direction: str, missing_score: float) -> list[float]:
    """Min-max to 0..1, 1 = best, per the module docstring."""
    present = [v for v in values if v is not None]
    if not present:
        return [missing_score] * len(values)
    lo, hi = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append(missing_score)
        elif hi == lo:
            out.append(1.0)
        elif direction == "benefit":
            out.append((v - lo) / (hi - lo))
        else:
            out.append((hi - v) / (hi - lo))
    return out


def _score_and_rank(rows: list[MatrixRow], criteria: list[CriterionColumn]) -> list[MatrixRow]:
    total = sum(c.weight for c in criteria)
    order = []
    for pos, row in enumerate(rows):
        if row.excluded:
            row.score, row.rank = None, None
            continue
        row.score = sum(c.weight * row.normalised[c.key] for c in criteria) / total
        order.append(
            (-row.score, row.option_index if row.option_index is not None else 10**6, row.hosted_index or 0, pos, row)
        )
    order.sort(key=lambda t: t[:4])
    for rank, item in enumerate(order, start=1):
        item[4].rank = rank
    ranked = [t[4] for t in order]
    return ranked + [r for r in rows if r.excluded]


def build_matrix(
    sizing: Sizing,
    catalog: Catalog,
    workload: Workload,
    weights: dict[str, float] | None = None,
    quality: str | None = None,
) -> SelectionMatrix:
    """Score every candidate deployment of `sizing` on the declared criteria.

    Parameters: sizing [engine result], catalog [records the options name], workload [whose
    context and sensitivity decide the hard constraints], weights [criterion key -> weight >= 0;
    missing keys keep their defaults], quality [the benchmark that stands for quality; None:
    the one most candidate models report]. Raises DomainError for bad weights or a benchmark
    no candidate model has a score on.
    """
    merged = validate_weights(weights, workload)
    total = sum(merged.values())
    cands = candidates(sizing, catalog, workload)
    choices = quality_choices(cands)
    if quality is not None and quality not in {c.benchmark for c in choices}:
        known = "; ".join(c.benchmark for c in choices[:6]) or "none"
        raise DomainError(f"no candidate model has a score on '{quality}'; benchmarks here: {known}")
    ctx = Context(
        quality_benchmark=quality or (choices[0].benchmark if choices else None),
        energy_accelerators_only=any(host_power_unknown(c) for c in cands if not exclusion_reasons(c)),
        embedding_job=workload.is_embedding_job,
    )
    unit = next((c.unit for c in choices if c.benchmark == ctx.quality_benchmark), "%")
    criteria = [_column(c, merged[c.key], total, ctx, unit) for c in CRITERIA]
    rows = []
    for cand in cands:
        reasons = exclusion_reasons(cand)
        rows.append(
            MatrixRow(
                label=cand.label,
                kind=cand.kind,
                model=cand.option.model if cand.option else (cand.hosted.model if cand.hosted else None),
                hardware=cand.option.hardware if cand.option else (cand.hosted.provider if cand.hosted else None),
                option_index=cand.option_index,
                hosted_index=cand.hosted_index,
                values={c.key: c.value(cand, ctx) for c in CRITERIA},
                excluded=bool(reasons),
                reasons=reasons,
                notes={k: v for k, v in {"quality": quality_note(cand, ctx), **_energy_note(cand, ctx)}.items() if v},
                **_provenance(quality_score(cand, ctx)),
            )
        )
    included = [r for r in rows if not r.excluded]
    unknown: list[str] = []
    for crit in CRITERIA:
        normed = normalise([r.values[crit.key] for r in included], crit.direction, crit.missing_score)
        for r, n in zip(included, normed, strict=False):
            r.normalised[crit.key] = n
            if crit.unknown_score is not None and r.kind == "self_hosted" and r.values[crit.key] is None:
                r.normalised[crit.key] = crit.unknown_score
                why = _unknown_why(sizing, r, crit.key)
                r.notes[crit.key] = (
                    f"{crit.name} unknown{why}: scored at the field's worst ({crit.unknown_score:g}), not the middle"
                )
                unknown.append(f"{crit.name} unknown for {r.label}{why}")
    from app.selection.quality_chart import quality_charts

    matrix = SelectionMatrix(
        scenario=sizing.scenario,
        criteria=criteria,
        rows=_score_and_rank(rows, criteria),
        quality_benchmark=ctx.quality_benchmark,
        quality_chosen=quality is not None,
        quality_choices=choices,
        needed_context_tokens=needed_context_tokens(workload),
        workload_sensitivity=workload.sensitivity.value,
        weights_note=latency_weights_note(workload, weights),
        unknown_note=(
            "; ".join(unknown)
            + ": scored at the field's worst on "
            + ("that criterion" if len(unknown) == 1 else "those criteria")
            + " (no evidence, no credit)"
            if unknown
            else ""
        ),
    )
    matrix.quality_charts = quality_charts(matrix, latency=not workload.is_batch_job or bool(workload.sla.ttft_p95_ms))
    return matrix


def _unknown_why(sizing: Sizing, r: MatrixRow, key: str) -> str:
    """Why a self-hosted row's figure is unknown, in brackets: its option's missing energy inputs,
    or for its cost why it is not priced."""
    if r.option_index is None:
        return ""
    if key == "cost_per_mtok":
        why = sizing.options[r.option_index].why_unpriced.removeprefix("no price: ")
        return f" (not priced: {why})"
    if key != "energy_per_mtok":
        return ""
    missing = sizing.options[r.option_index].energy_missing
    return f" (missing: {'; '.join(missing)})" if missing else ""


def _provenance(q: QualityScore | None) -> dict[str, str]:
    if q is None:
        return {}
    extra = [q.as_of.isoformat()] if q.as_of else []
    if q.ci_pts is not None:
        extra.append(f"±{q.ci_pts:g} {q.unit} 95 % CI")
    if q.n and q.unit != "%":
        extra.append(f"{q.n:,} votes")
    return {
        "quality_source": q.source + (f" ({'; '.join(extra)})" if extra else ""),
        "quality_precision": q.precision,
    }


def _energy_note(cand: Candidate, ctx: Context) -> dict[str, str]:
    """The energy cell's note when the column ranks accelerators only (`Context.energy_accelerators_only`)."""
    if not ctx.energy_accelerators_only or cand.option is None or cand.option.energy_wh_per_million_tokens is None:
        return {}
    whole = cand.option.energy_wh_per_million_tokens
    own = "host power unknown" if host_power_unknown(cand) else f"with host {whole:,.0f} Wh"
    return {"energy_per_mtok": f"{ENERGY_ACCELERATORS_NOTE} ({own})"}


def _column(c: Criterion, weight: float, total: float, ctx: Context, quality_unit: str = "%") -> CriterionColumn:
    name = c.name if c.key != "quality" or not ctx.quality_benchmark else f"Quality ({ctx.quality_benchmark})"
    if c.key == "energy_per_mtok" and ctx.energy_accelerators_only:
        name = f"{c.name}, accelerators only"
        return CriterionColumn(
            key=c.key,
            name=name,
            unit=c.unit,
            direction=c.direction,
            weight=weight,
            weight_share=weight / total,
            description=f"{c.description} Ranked on the accelerators' energy only (x PUE): {ENERGY_ACCELERATORS_NOTE}.",
            missing_score=c.missing_score,
            digits=c.digits,
            unknown_when_missing=c.unknown_when_missing,
        )
    embedding_ttft = c.key == "ttft_p95" and ctx.embedding_job  # one vector a request: no first token
    return CriterionColumn(
        key=c.key,
        name=EMBEDDING_TTFT_NAME if embedding_ttft else name,
        unit=quality_unit if c.key == "quality" else c.unit,
        direction=c.direction,
        weight=weight,
        weight_share=weight / total,
        description=EMBEDDING_TTFT_DESCRIPTION if embedding_ttft else c.description,
        missing_score=c.missing_score,
        digits=0 if c.key == "quality" and quality_unit == "Elo" else c.digits,
        unknown_when_missing=c.unknown_when_missing,
    )

"""Workshop session export: the verdict in words, the catalog sources behind the figures, and
the follow-up slide deck (charts + pinned comparison) written by `app.report.deck`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.domain import INSUFFICIENT_HARDWARE, Catalog, Chart, HostedOption, Option, Scenario, Sizing
from app.report.deck import ChartSlide, ComparisonTable, Deck, MatrixTable, write_deck
from app.report.recommend import Recommendation
from app.services.comparison import Pin

if TYPE_CHECKING:
    from app.selection.matrix import SelectionMatrix
    from app.store import Project


def chosen_option(sizing: Sizing, recommendation: Recommendation | None = None) -> Option | None:
    """The option the verdict speaks for: the recommendation's self-hosted option (the selection
    matrix's first choice, app.report.Recommendation) when given, else the engine's pick."""
    if recommendation is not None and recommendation.option is not None:
        return recommendation.option
    return sizing.recommended


def hosted_recommended(recommendation: Recommendation | None) -> HostedOption | None:
    """The hosted API the recommendation names (None: a self-hosted option, or no recommendation)."""
    if recommendation is None or recommendation.option is not None:
        return None
    return recommendation.hosted


def verdict_lines(sizing: Sizing, recommendation: Recommendation | None = None) -> list[str]:
    """The verdict as a room reads it: a headline, then one line per figure (units and periods
    in the text); an infeasible verdict names each binding constraint and its fix.
    `recommendation` (app.report.Recommendation, the decision package's): the verdict speaks for
    its option and names the engine's cheapest design when that differs."""
    o = chosen_option(sizing, recommendation)
    hosted = hosted_recommended(recommendation)
    if sizing.feasible and hosted is not None:  # the matrix recommends a hosted API: it leads
        feasible = sum(x.feasible for x in sizing.options)
        lines = [
            f"Feasible: {hosted.label}",
            f"${hosted.cost_per_month_usd:,.0f}/month · ${hosted.cost_per_million_tokens_usd:,.3f} per 1M tokens "
            f"(the provider's token prices; no GPUs to run)",
            f"{feasible} of {len(sizing.options)} self-hosted options feasible",
        ]
        if o is not None:
            lines.append(
                f"The selection matrix's first choice; the engine's cheapest self-hosted design is {o.label} "
                f"at ${o.cost_per_month_usd:,.0f} a month"
            )
        return lines
    if sizing.feasible and o is not None:
        feasible = sum(x.feasible for x in sizing.options)
        engine = sizing.recommended
        lines = [
            f"Feasible: {o.label}",
            f"{o.replicas} replica(s), {o.total_gpus} GPU(s)",
            f"TTFT p95 {o.ttft_p95_ms:,.0f} ms · TPOT {o.tpot_ms:,.1f} ms",
            f"{o.cost_summary}" + (f" · ${o.cost_per_million_tokens_usd:,.3f} per 1M tokens" if o.priced else ""),
            f"{feasible} of {len(sizing.options)} options feasible",
        ]
        if engine is not None and o.label != engine.label:
            lines.append(
                f"The selection matrix's first choice; the engine's cheapest design is {engine.label} "
                f"at ${engine.cost_per_month_usd:,.0f} a month"
            )
        return lines
    lines = [sizing.error or INSUFFICIENT_HARDWARE]
    if sizing.error_kind == "budget":
        lines.append("Options meet the SLA; only the budget rules them out.")
    for c in sizing.binding_constraints:
        lines.append(c.line + (f" Fix: {c.fix}" if c.fix else ""))
    return lines


def runner_up_lines(sizing: Sizing, count: int = 3, recommendation: Recommendation | None = None) -> list[str]:
    """The next feasible options after the recommended one, one line each: rank, label, monthly
    cost and p95 TTFT (what the room asks next: "and the alternatives?")."""
    # a hosted API recommended: every feasible self-hosted design is an alternative, the engine's pick first
    rec = None if hosted_recommended(recommendation) is not None else chosen_option(sizing, recommendation)
    others = [o for o in sizing.options if o.feasible and o is not rec and (rec is None or o.label != rec.label)]
    return [
        f"#{n} {o.label}: {o.cost_summary}, TTFT p95 {o.ttft_p95_ms:,.0f} ms"
        for n, o in enumerate(others[:count], start=2)
    ]


def sources_of(catalog: Catalog, sizing: Sizing, limit: int = 4, option: Option | None = None) -> list[str]:
    """'Source: <kind> <record>: <source> (as of <date>)' for the records behind `option` (default
    the engine's pick; at most `limit` lines), after a line naming the engine run."""
    from app.report.sources import source_rows

    head = f"Archwise {__version__} sizing (roofline with catalog efficiency factors)"
    chosen = option or sizing.recommended
    options = [chosen] if chosen is not None else []
    own = sizing.model_copy(update={"hosted": []})  # the hosted APIs compared are not behind these figures
    rows = source_rows(catalog, own, options)[1:] if options else []
    return [head] + [f"{kind} {name}: {source} (as of {as_of})" for kind, name, source, as_of in rows[:limit]]


def comparison_table(pins: Sequence[Pin]) -> ComparisonTable | None:
    """The pinned comparison as the deck's table, in the workshop grid's rows (design, $ per month
    and per 1M tokens, latency or run time, energy, what binds), the differences from A marked;
    None without pins."""
    if not pins:
        return None
    from app.services.comparison_grid import grid

    cmp = grid(pins)
    heads = [f"{letter}: {name}" for letter, name in zip(cmp.letters, cmp.names, strict=True)]
    rows = [(name, [c.shown for c in cells]) for name, cells in cmp.rows]
    differs = [[c.differs for c in cells] for _name, cells in cmp.rows]
    return ComparisonTable(heads=heads, rows=rows, differs=differs)


def matrix_table(
    matrix: SelectionMatrix | None, recommendation: Recommendation | None = None, most: int = 8
) -> MatrixTable | None:
    """The selection matrix's ranking (its first `most` rows) as the deck's table; None without one."""
    if matrix is None or not matrix.ranked:
        return None
    rows = matrix.ranked[:most]
    # the recommendation is the matrix's first choice whenever the matrix ranks any (app.report.recommend)
    chosen = 0 if recommendation is not None and recommendation.label else None
    weights = "Weights: " + ", ".join(
        f"{c.name} {100 * c.weight_share:.0f} %" for c in matrix.criteria if c.weight_share > 0
    )
    return MatrixTable(
        heads=["Rank", "Option", "Score / 100"],
        rows=[[str(r.rank), r.label, f"{100 * (r.score or 0.0):.0f}"] for r in rows],
        chosen=chosen,
        weights=weights,
    )


def export_session_deck(
    path: str | os.PathLike[str],
    scenario: Scenario,
    sizing: Sizing,
    charts: Sequence[tuple[Chart, Path]],
    pins: Sequence[Pin],
    catalog: Catalog | None = None,
    project: Project | None = None,
    date: dt.date | None = None,
    weights: dict[str, float] | None = None,
) -> Path:
    """Write the session's deck to `path`: title, verdict, the selection matrix, one slide per
    (chart, its PNG) with its title and sources, and the pinned comparison. `catalog` (else the
    project's) names the sources. With a `project`, the verdict and the matrix slide speak for the
    decision package's recommendation (the matrix's first choice with `weights`, None: the
    defaults), as the PDF does."""
    if catalog is None and project is not None:
        from app.services.reporting import scenario_catalog

        catalog = scenario_catalog(project, scenario)
    rec, matrix = None, None
    if project is not None and sizing.feasible:
        from app.domain import DomainError
        from app.services.reporting import package_recommendation

        try:
            rec, matrix, _sens = package_recommendation(project, scenario, sizing, weights, catalog=catalog)
        except DomainError:  # no matrix (bad weights, no benchmark): the engine's pick, as before
            rec, matrix = None, None
    option = chosen_option(sizing, rec)
    sources = sources_of(catalog, sizing, option=option) if catalog is not None else [f"Archwise {__version__} sizing"]
    when = (date or dt.date.today()).isoformat()
    deck = Deck(
        title=f"Workshop: {scenario.name}",
        subtitle=f"{scenario.workload.name} · {when} · Archwise {__version__}",
        verdict=verdict_lines(sizing, rec)
        + (["", "Next options:", *others] if (others := runner_up_lines(sizing, recommendation=rec)) else []),
        matrix=matrix_table(matrix, rec),
        charts=[ChartSlide(title=c.title, image=Path(png), sources=sources) for c, png in charts],
        comparison=comparison_table(pins),
        sources=sources,
    )
    return write_deck(deck, path)

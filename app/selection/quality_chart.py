"""Quality per dollar: quality against cost per 1M tokens (and against p95 TTFT) for the
matrix's feasible options, with the Pareto front. Returns domain `Chart` records, so the
Selection page and the PDF draw the same data.

An option is on the front when no other option has at least its quality at no more cost (or
latency) and is strictly better on one of the two. Options without a quality score on the
matrix's benchmark cannot be placed on the quality axis: their labels are the chart's
`categories` (not drawn) rather than points at 0.
"""

from __future__ import annotations

from app.domain import Chart, Series
from app.selection.matrix import MatrixRow, SelectionMatrix


def pareto_front(points: list[tuple[float, float]]) -> list[int]:
    """Indices of the points (cost, quality) that no other point dominates (lower-or-equal
    cost and higher-or-equal quality, better on one), sorted by cost."""
    front = []
    for i, (c, q) in enumerate(points):
        dominated = any((c2 <= c and q2 >= q) and (c2 < c or q2 > q) for j, (c2, q2) in enumerate(points) if j != i)
        if not dominated:
            front.append(i)
    return sorted(front, key=lambda i: (points[i][0], -points[i][1]))


def _chart(
    matrix: SelectionMatrix, key: str, x_key: str, title: str, x_label: str, x_unit: str, x_digits: int
) -> Chart:
    bench = matrix.quality_benchmark or "no benchmark"
    unit = next((c.unit for c in matrix.criteria if c.key == "quality"), "%")
    placed: list[MatrixRow] = []
    unplaced: list[str] = []
    for r in matrix.ranked:
        x, q = r.values.get(x_key), r.values.get("quality")
        if x is None or q is None:
            unplaced.append(r.label)
        else:
            placed.append(r)
    series = []
    for r in placed:
        x, q = float(r.values[x_key] or 0.0), float(r.values["quality"] or 0.0)
        note = r.notes.get("quality", "")
        series.append(
            Series(
                name=r.label,
                x=[x],
                y=[q],
                option_index=r.option_index,
                role="option",
                labels=[
                    f"{r.label}: quality {q:,.1f} {unit}, {x_label} {x:,.{x_digits}f} {x_unit}"
                    + (f" ({note})" if note else "")
                ],
            )
        )
    pts = [(float(r.values[x_key] or 0.0), float(r.values["quality"] or 0.0)) for r in placed]
    front = pareto_front(pts)
    if front:
        series.append(
            Series(
                name="Pareto front",
                x=[pts[i][0] for i in front],
                y=[pts[i][1] for i in front],
                labels=[placed[i].label for i in front],
                role="pareto",
            )
        )
    return Chart(
        key=key,
        title=f"{title} ({bench})",
        x_label=x_label,
        x_unit=x_unit,
        y_label="Quality",
        y_unit=unit,
        kind="scatter",
        series=series,
        categories=unplaced,
        y_from_zero=False,  # quality differences are the point: the axis spans the scores
    )


def quality_charts(matrix: SelectionMatrix, latency: bool = True) -> list[Chart]:
    """[quality vs cost per 1M tokens, quality vs p95 TTFT] for the ranked (feasible) rows; without
    the TTFT one when `latency` is False (a batch job: no user waits for a first token)."""
    cost = _chart(
        matrix, "quality_vs_cost", "cost_per_mtok", "Quality vs cost per 1M tokens", "Cost per 1M tokens", "USD", 3
    )
    if not latency:
        return [cost]
    return [
        cost,
        _chart(matrix, "quality_vs_ttft", "ttft_p95", "Quality vs p95 time to first token", "p95 TTFT", "ms", 0),
    ]


def front_labels(chart: Chart) -> list[str]:
    """The options on the chart's Pareto front, cheapest (or fastest) first."""
    for s in chart.series:
        if s.role == "pareto":
            return list(s.labels)
    return []

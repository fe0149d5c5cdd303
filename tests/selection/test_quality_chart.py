"""Quality per dollar: the chart's points are the matrix's figures; the Pareto front by hand."""

from __future__ import annotations

import selection_factories as f

from app.selection import build_matrix, front_labels, pareto_front, quality_charts


def test_pareto_front_by_hand():
    # (cost, quality): (1, 60) cheapest; (2, 80) better; (3, 70) dominated by (2, 80); (4, 90) best
    assert pareto_front([(1.0, 60.0), (2.0, 80.0), (3.0, 70.0), (4.0, 90.0)]) == [0, 1, 3]
    assert pareto_front([(1.0, 60.0), (1.0, 60.0)]) == [0, 1]  # equal points dominate neither
    assert pareto_front([]) == []


def test_charts_carry_the_matrix_figures_and_leave_out_unscored_rows():
    opts = [f.option("A", cost=1.0, ttft=300.0), f.option("B", cost=2.0, ttft=200.0), f.option("C", cost=3.0)]
    cat = f.catalog([f.model("A", quality={"Q": 60.0}), f.model("B", quality={"Q": 80.0}), f.model("C")])
    m = build_matrix(f.feasible_sizing(opts), cat, f.workload())
    cost, ttft = quality_charts(m)
    assert cost.key == "quality_vs_cost" and "(Q)" in cost.title and cost.y_unit == "%"
    points = {s.name: (s.x[0], s.y[0]) for s in cost.series if s.role == "option"}
    a, b = (next(r.label for r in m.rows if r.model == name) for name in "AB")
    assert points == {a: (1.0, 60.0), b: (2.0, 80.0)}
    assert front_labels(cost) == [a, b]
    assert cost.categories == [next(r.label for r in m.rows if r.model == "C")]  # no score: not drawn at 0
    assert {s.name: s.x[0] for s in ttft.series if s.role == "option"} == {a: 300.0, b: 200.0}
    assert front_labels(ttft) == [b]  # faster and better

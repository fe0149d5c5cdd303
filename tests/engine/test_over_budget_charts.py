"""D4: a sizing ruled out by the budget alone drew three empty charts ("No option reaches a servable
operating point") while the verdict said options meet the SLA: the charts now draw those options,
named "(over budget)". D2: the cost chart's Pareto front is the front of its own two axes (cost per
1M tokens, p95 TTFT): joined left to right, the cost only falls."""

from __future__ import annotations

from app.domain import Scenario, parse
from app.domain.results import OVER_BUDGET_MARK
from app.engine import size
from app.engine.charts import front_2d
from tests.engine.test_budget_tie_replicas import ESSAYS
from tests.report.test_prototype_same_precision import TUTORING


def test_over_budget_options_are_drawn_and_marked(catalog):
    sz = size(parse(Scenario, ESSAYS), catalog)
    assert not sz.feasible and sz.error_kind == "budget"
    charts = {c.key: c for c in sz.charts}
    for key in ("latency_vs_concurrency", "cost_vs_latency", "replicas_vs_traffic"):
        options = [s for s in charts[key].series if s.role == "option"]
        assert options, key
        assert all(s.name.endswith(OVER_BUDGET_MARK) for s in options), key
    # the run-time chart's first curve is option #1's, and it meets the 12 h deadline (the SLA is met)
    run = next(s for s in charts["latency_vs_concurrency"].series if s.option_index == 0)
    assert 0 < min(run.y) <= 12.0
    # the budget line sits above the cost curve's start: $4,426 a month against $4,000
    traffic = charts["replicas_vs_traffic"]
    assert any(r.label == "Budget $4,000" for r in traffic.reference_lines)


def test_feasible_sizing_draws_no_over_budget_mark(catalog):
    sz = size(parse(Scenario, {**ESSAYS, "workload": {**ESSAYS["workload"], "budget_usd_per_month": 5000}}), catalog)
    assert sz.feasible
    assert not any(s.name.endswith(OVER_BUDGET_MARK) for c in sz.charts for s in c.series)


def test_front_2d_by_hand():
    # (TTFT ms, $/1M tok): the tester's zig-zag (12, .52) (14.4, .24) (16.3, .52) (18.8, .24) (19.8, .52)
    pts = [(12.0, 0.52), (14.4, 0.24), (16.3, 0.52), (18.8, 0.24), (19.8, 0.52), (25.0, 0.20)]
    assert front_2d(pts) == [(12.0, 0.52), (14.4, 0.24), (25.0, 0.20)]


def test_cost_chart_front_never_rises(catalog):
    data = {**TUTORING, "candidates": {**TUTORING["candidates"], "models": ["gpt-oss-20b", "Llama-3.1-8B-Instruct"]}}
    data["candidates"].pop("hardware")
    sz = size(parse(Scenario, data), catalog)
    cost = next(c for c in sz.charts if c.key == "cost_vs_latency")
    front = next(s for s in cost.series if s.role == "pareto")
    assert len(front.x) >= 2
    assert front.x == sorted(front.x)
    assert all(b < a for a, b in zip(front.y, front.y[1:], strict=False))
    # no drawn point beats a front point on both axes
    drawn = [(x, y) for s in cost.series if s.role != "pareto" for x, y in zip(s.x, s.y, strict=True)]
    for fx, fy in zip(front.x, front.y, strict=True):
        assert not any(x < fx and y < fy for x, y in drawn)

"""Missing quality scores are unknown, not zero (issue 20): rank ranges over the plausible range,
checked by hand and against brute force; which choice changes if an unknown score is low."""

from __future__ import annotations

import itertools

import numpy as np
import selection_factories as f
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import Precision
from app.selection import CRITERIA, build_matrix, missing_data, missing_statement, sensitivity
from app.selection.missing import rank_of

ZERO = {c.key: 0.0 for c in CRITERIA}


def matrix(costs, scores, weights=None, precisions=None):
    names = [chr(ord("A") + i) for i in range(len(costs))]
    opts = [
        f.option(n, cost=c, ttft=300.0, precision=(precisions or {}).get(n, Precision.BF16))
        for n, c in zip(names, costs, strict=True)
    ]
    models = [f.model(n, quality=None if s is None else {"Bench": s}) for n, s in zip(names, scores, strict=True)]
    return build_matrix(
        f.feasible_sizing(opts), f.catalog(models), f.workload(), weights or {**ZERO, "quality": 1, "cost_per_mtok": 1}
    )


def test_rank_range_by_hand():
    # quality and cost weighted 1:1. A cost 1 (n 1), quality 80 (n 1) -> 1.0; B cost 2 (n 0.5), quality
    # unknown (0.5 in the matrix) -> 0.5; C cost 3 (n 0), quality 60 (n 0) -> 0.
    m = matrix([1.0, 2.0, 3.0], [80.0, None, 60.0])
    assert [r.model for r in m.ranked] == ["A", "B", "C"]
    md = missing_data(m)
    by = {r.label.split(" on ")[0]: r for r in md.ranges}
    b = next(r for r in md.ranges if r.unknown)
    # B best: quality at the top of the field (1) -> (1 + 0.5)/2 = 0.75 < A's 1.0: rank 2 at best;
    # B worst: quality at the bottom (0) -> 0.25 > C's 0: rank 2 at worst
    assert (b.best_rank, b.worst_rank) == (2, 2) and b.unknown == [m.criteria[0].name]
    assert all(r.best_rank == r.worst_rank == r.rank for r in md.ranges if not r.unknown)
    assert md.unknown_rows == 1 and md.decisive
    assert "would still come first" in missing_statement(md)
    assert by  # labels present


def test_an_unknown_top_choice_is_said_to_depend_on_its_score():
    # A is cheapest and unknown: 0.5 x (1 + 0.5) = 0.75 beats B (cost n 0, quality n 1: 0.5)
    m = matrix([1.0, 2.0, 3.0], [None, 90.0, 60.0])
    assert m.top.model == "A"
    md = missing_data(m)
    a = md.ranges[0]
    assert (a.best_rank, a.worst_rank) == (1, 2)  # at the bottom of the field: 0.5 x (1 + 0) = 0.5 ties B, B first
    assert md.changes_if_low == [(m.ranked[0].label, m.ranked[1].label)]
    text = missing_statement(md)
    assert "first choice depends on them" in text and m.ranked[1].label in text
    assert sensitivity(m).missing == md  # the sensitivity carries it for the page and the report


def test_not_applicable_figures_are_not_unknown():
    m = matrix([1.0, 2.0], [80.0, 70.0])
    md = missing_data(m)
    assert md.unknown_rows == 0 and all(r.best_rank == r.worst_rank for r in md.ranges)
    assert "no choice rests on a missing score" in missing_statement(md)


def test_served_quantised_without_its_own_score_is_flagged():
    m = matrix([1.0, 2.0], [80.0, 70.0], precisions={"A": Precision.FP8})
    a = next(r for r in m.rows if r.model == "A")
    assert a.notes["quality"] == "quality measured at BF16; served FP8"
    assert "quality" not in next(r for r in m.rows if r.model == "B").notes


def _scores(m, fill_of_unknown):
    keys = [c.key for c in m.criteria]
    w = np.array([c.weight for c in m.criteria]) / sum(c.weight for c in m.criteria)
    rows = []
    for i, r in enumerate(m.ranked):
        rows.append([fill_of_unknown[i] if (k == "quality" and r.values[k] is None) else r.normalised[k] for k in keys])
    return np.array(rows) @ w


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.5, 20.0), st.one_of(st.none(), st.floats(10.0, 95.0))), min_size=2, max_size=6),
    st.floats(0.2, 5.0),
)
def test_rank_ranges_are_the_extremes_over_every_corner(rows, quality_weight):
    """Property: over every corner of the unknown scores (each at the bottom or the top of the
    field; a linear score is extreme at a corner), each row's best and worst rank are exactly the
    minimum and maximum it takes; the matrix's own rank lies between."""
    m = matrix(
        [c for c, _ in rows], [q for _, q in rows], weights={**ZERO, "quality": quality_weight, "cost_per_mtok": 1}
    )
    md = missing_data(m)
    unknown = [i for i, r in enumerate(m.ranked) if r.values["quality"] is None]
    if len(unknown) == len(m.ranked):
        unknown = []  # no known score anywhere: the column cannot tell rows apart, no range
    for i, rng in enumerate(md.ranges):
        ranks = []
        for corner in itertools.product([0.0, 1.0], repeat=len(unknown)):
            fill = dict(zip(unknown, corner, strict=True))
            ranks.append(rank_of(_scores(m, [fill.get(j, 0.0) for j in range(len(m.ranked))]), i))
        assert (rng.best_rank, rng.worst_rank) == (min(ranks), max(ranks))
        assert rng.best_rank <= rng.rank <= rng.worst_rank


def test_a_quantised_checkpoints_own_score_is_used_with_its_delta():
    from app.domain import QualityScore

    opts = [f.option("A", cost=1.0, precision=Precision.FP8), f.option("B", cost=2.0)]
    a = f.model("A", quality={"Bench": 80.0})
    a = a.model_copy(update={"quality": [*a.quality, QualityScore(benchmark="Bench", score=79.4, precision="fp8")]})
    m = build_matrix(f.feasible_sizing(opts), f.catalog([a, f.model("B", quality={"Bench": 70.0})]), f.workload())
    row = next(r for r in m.rows if r.model == "A")
    assert row.values["quality"] == 79.4
    assert row.notes["quality"] == "FP8 checkpoint's own score (-0.6 pts vs BF16)"


def test_every_scored_row_carries_its_scores_source_a_hosted_api_its_models():
    from app.domain import HostedOption

    a = f.model("A", quality={"Bench": 80.0})
    api = f.hosted_api("Trusted API", max_sensitivity="regulated", quality_model="A")
    hosted = [
        HostedOption(
            name="Trusted API",
            provider="Example",
            model="a-hosted",
            cost_per_month_usd=900,
            cost_per_million_tokens_usd=0.5,
            cost_per_request_usd=0.001,
            allowed=True,
        )
    ]
    m = build_matrix(
        f.feasible_sizing([f.option("A", cost=1.0), f.option("B", cost=2.0)], hosted),
        f.catalog([a, f.model("B")], hosted=[api]),
        f.workload(),
    )
    by = {r.label.split(" ")[0]: r for r in m.rows}
    assert by["Trusted"].values["quality"] == 80.0 and by["Trusted"].quality_source == a.quality[0].source
    assert by["A"].quality_source == a.quality[0].source and by["A"].quality_precision == ""
    assert by["B"].quality_source == "" and by["B"].values["quality"] is None

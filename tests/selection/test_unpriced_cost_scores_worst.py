"""An option with no price (a bare accelerator the catalog prices nowhere: priced False, its cost
fields 0 as placeholders) has an unknown cost, not a cost of 0: it scores the field's worst on Cost
per 1M tokens and says so, and no recommendation rests on it (tgui6 D12: an unpriced Apple M3 Ultra
scored 0.00 $/1M tok, the best of the field, and the verdict recommended it at '$0.000 per 1M
tokens'). Hand figures: costs 1.12 and 2.24 $/1M tok known, the Apple unknown."""

import selection_factories as f

from app.report.recommend import reconcile
from app.selection import CRITERIA, build_matrix, sensitivity

ZERO = {c.key: 0.0 for c in CRITERIA}


def _sizing():
    # the engine's order: the priced ones first (it ranks by cost), the unpriced Apple last
    g6 = f.option("G6", "AWS g6.xlarge", cost=1.12, ttft=237.0)
    g6pp = f.option("G6 PP2", "AWS g6.xlarge", cost=2.24, ttft=214.0)
    apple = f.option("Apple", "Apple M3 Ultra", cost=0.0, ttft=120.0).model_copy(
        update={"priced": False, "flags": ["no price: a bare accelerator; nothing is planned"]}
    )
    cat = f.catalog([f.model(n) for n in ("G6", "G6 PP2", "Apple")])
    return f.feasible_sizing([g6, g6pp, apple]), cat


def test_unpriced_cost_scores_the_fields_worst_and_says_so():
    sizing, cat = _sizing()
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "cost_per_mtok": 1})
    by = {r.model: r for r in m.rows}
    assert by["Apple"].values["cost_per_mtok"] is None  # was 0.0: "0.00", the field's best
    assert by["Apple"].normalised["cost_per_mtok"] == 0.0  # was 1.0
    # min-max over the known cells: G6 (2.24 - 1.12) / (2.24 - 1.12) = 1, G6 PP2 0
    assert by["G6"].normalised["cost_per_mtok"] == 1.0
    assert by["G6 PP2"].normalised["cost_per_mtok"] == 0.0
    assert m.ranked[0].model == "G6"  # was the Apple
    note = by["Apple"].notes["cost_per_mtok"]
    assert note.startswith("Cost per 1M tokens unknown (not priced: a bare accelerator)")
    assert "scored at the field's worst (0), not the middle" in note
    assert "Cost per 1M tokens unknown for Apple" in m.unknown_note


def test_no_recommendation_rests_on_an_unknown_price():
    sizing, cat = _sizing()
    # latency only: the Apple's 120 ms p95 TTFT ranks it first even at the worst cost score
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "ttft_p95": 1})
    assert m.ranked[0].model == "Apple"
    rec = reconcile(sizing, m, sensitivity(m))
    # the first priced row leads: G6 PP2 (214 ms) ranks above G6 (237 ms)
    assert rec.option is not None and rec.option.model == "G6 PP2"
    assert rec.cost_per_month_usd == 2.24 * 50000
    said = " ".join(rec.reasons)
    assert "ranks Apple" in said and "not priced" in said and "the first priced option" in said


def test_an_unpriced_option_has_no_cost_even_when_nothing_else_ranks():
    sizing, cat = _sizing()
    apple = sizing.options[2]
    alone = f.feasible_sizing([apple])
    m = build_matrix(alone, cat, f.workload())
    rec = reconcile(alone, m, sensitivity(m))
    assert rec.option is apple and rec.cost_per_month_usd is None  # was 0.0 ("$0/month")
    assert any("this recommendation rests on no price" in r for r in rec.reasons)

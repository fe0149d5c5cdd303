"""Selection maths against hand calculations (tolerance 1e-12 unless stated)."""

import pytest
import selection_factories as f
from numpy.testing import assert_allclose

from app.domain import BindingConstraint, DomainError, HostedOption
from app.selection import CRITERIA, build_matrix, normalise, sensitivity

ZERO = {c.key: 0.0 for c in CRITERIA}


def test_min_max_normalisation_benefit_cost_equal_and_missing():
    assert_allclose(normalise([10.0, 20.0, 40.0], "benefit", 0.0), [0.0, 1 / 3, 1.0], atol=1e-12)
    assert_allclose(normalise([10.0, 20.0, 40.0], "cost", 0.0), [1.0, 2 / 3, 0.0], atol=1e-12)
    assert normalise([5.0, 5.0], "cost", 0.0) == [1.0, 1.0]  # cannot tell rows apart: all best
    assert normalise([None, 2.0, 4.0], "benefit", 0.5) == [0.5, 0.0, 1.0]
    assert normalise([None, None], "benefit", 0.0) == [0.0, 0.0]


def three_options():
    opts = [
        f.option("A", cost=1.0, ttft=300.0),
        f.option("B", cost=2.0, ttft=200.0),
        f.option("C", cost=4.0, ttft=400.0),
    ]
    cat = f.catalog([f.model("A"), f.model("B"), f.model("C")])
    return f.feasible_sizing(opts), cat


def test_weighted_score_and_rank_by_hand():
    sizing, cat = three_options()
    m = build_matrix(sizing, cat, f.workload(), weights={**ZERO, "cost_per_mtok": 3, "ttft_p95": 1})
    by = {r.model: r for r in m.rows}
    # cost (cost direction, min 1, max 4): A (4-1)/3 = 1, B (4-2)/3 = 2/3, C 0
    assert_allclose([by[k].normalised["cost_per_mtok"] for k in "ABC"], [1.0, 2 / 3, 0.0], atol=1e-12)
    # ttft (min 200, max 400): A (400-300)/200 = 0.5, B 1, C 0
    assert_allclose([by[k].normalised["ttft_p95"] for k in "ABC"], [0.5, 1.0, 0.0], atol=1e-12)
    # score = (3 n_cost + 1 n_ttft) / 4
    assert_allclose([by[k].score for k in "ABC"], [0.875, 0.75, 0.0], atol=1e-12)
    assert [r.model for r in m.ranked] == ["A", "B", "C"]
    assert [r.rank for r in m.ranked] == [1, 2, 3]
    assert m.top.model == "A"
    shares = {c.key: c.weight_share for c in m.criteria}
    assert_allclose([shares["cost_per_mtok"], shares["ttft_p95"]], [0.75, 0.25], atol=1e-12)


def test_reweighted_matches_a_fresh_build():
    sizing, cat = three_options()
    w = {**ZERO, "cost_per_mtok": 1, "ttft_p95": 3}
    fresh = build_matrix(sizing, cat, f.workload(), weights=w)
    live = build_matrix(sizing, cat, f.workload()).reweighted(w)
    assert [(r.model, r.rank) for r in live.rows] == [(r.model, r.rank) for r in fresh.rows]
    assert_allclose([r.score for r in live.ranked], [r.score for r in fresh.ranked], atol=1e-12)
    assert fresh.top.model == "B"  # (1 x 2/3 + 3 x 1) / 4 = 0.917 beats A's (1 + 1.5) / 4 = 0.625


def test_raw_values_are_the_engine_and_catalog_figures():
    sizing, cat = three_options()
    cat.models[0] = f.model("A", quality={"MMLU": 82.0, "GPQA": 40.0})
    cat.models[1] = f.model("B", quality={"MMLU": 79.5})
    m = build_matrix(sizing, cat, f.workload())
    row = next(r for r in m.rows if r.model == "A")
    assert m.quality_benchmark == "MMLU"  # reported by two models, GPQA by one
    assert row.values["quality"] == 82.0
    assert row.values["ttft_p95"] == 300.0
    assert row.values["throughput_per_gpu"] == 2000.0 / 4
    assert row.values["memory_headroom"] == 100.0 * 20.0 / 80.0
    assert_allclose(row.values["context_fit"], 8192 / 2300, rtol=1e-12)
    assert row.values["compliance"] == 3 - 2  # self-hosted takes regulated (3), data is confidential (2)
    assert row.values["license"] == 2.0  # open weights, custom licence
    # burden: log2(4 GPUs) = 2, one node, TP only, 0.5 x log2(2 replicas) = 0.5, vLLM has every feature
    assert_allclose(row.values["burden"], 2.5, atol=1e-12)
    c_row = next(r for r in m.rows if r.model == "C")
    # no score is unknown, not zero: the middle of the field (issue 20); its rank range is in selection.missing
    assert c_row.values["quality"] is None and c_row.normalised["quality"] == 0.5


def test_burden_multi_node_and_missing_runtime_features():
    opt = f.option("A", gpus=16, replicas=2)
    cat = f.catalog([f.model("A")], runtimes=[f.runtime("vLLM", paged_kv=False)])
    m = build_matrix(f.feasible_sizing([opt]), cat, f.workload())
    # log2(16) = 4, + 2 multi-node (16 GPUs > 8 per node), + 0.5 x log2(2) = 0.5, + 1 (no paged KV)
    assert_allclose(m.rows[0].values["burden"], 7.5, atol=1e-12)


def test_license_openness_levels():
    cat = f.catalog(
        [
            f.model("A", license="Apache-2.0"),
            f.model("B", license="CC-BY-NC-4.0"),
            f.model("C", open_weights=False, license="proprietary"),
        ]
    )
    opts = [f.option("A"), f.option("B"), f.option("C")]
    m = build_matrix(f.feasible_sizing(opts), cat, f.workload())
    assert {r.model: r.values["license"] for r in m.rows} == {"A": 3.0, "B": 1.0, "C": 0.0}


def test_hard_constraints_exclude_with_reasons():
    infeasible = f.option(
        "Slow",
        feasible=False,
        violations=[
            BindingConstraint(
                constraint="ttft", required=500, available=900, unit="ms", detail="p95 TTFT 900 ms > SLA 500 ms"
            )
        ],
    )
    opts = [f.option("Good"), infeasible, f.option("Short")]
    apis = [
        f.hosted_api("Public API", max_sensitivity="internal"),
        f.hosted_api("Trusted API", max_sensitivity="regulated"),
    ]
    hosted = [
        HostedOption(
            name="Public API",
            provider="Example",
            model="m",
            cost_per_month_usd=1000,
            cost_per_million_tokens_usd=0.7,
            cost_per_request_usd=0.001,
            allowed=True,
        ),
        HostedOption(
            name="Trusted API",
            provider="Example",
            model="m",
            cost_per_month_usd=2000,
            cost_per_million_tokens_usd=1.4,
            cost_per_request_usd=0.002,
            allowed=False,
            reason="no EU data residency",
        ),
    ]
    cat = f.catalog([f.model("Good"), f.model("Slow"), f.model("Short", context=2048)], hosted=apis)
    m = build_matrix(f.feasible_sizing(opts, hosted), cat, f.workload())
    reasons = {r.label.split(" ")[0]: r.reasons for r in m.excluded}
    assert reasons["Slow"] == ["infeasible SLA: p95 TTFT 900 ms > SLA 500 ms"]
    assert reasons["Short"] == ["context too short: holds 2,048 tokens, the workload needs 2,300 (p95 input + output)"]
    assert reasons["Public"] == [
        "non-compliant sensitivity: confidential data, the deployment may receive up to internal"
    ]
    assert reasons["Trusted"] == ["non-compliant sensitivity: no EU data residency"]
    assert [r.model for r in m.ranked] == ["Good"]
    assert all(r.score is None and r.rank is None for r in m.excluded)


def test_one_row_per_model_and_hardware_keeps_the_best_ranked_option():
    opts = [f.option("A", gpus=4), f.option("A", gpus=8), f.option("A", hardware="AWS p4de.24xlarge")]
    m = build_matrix(f.feasible_sizing(opts), f.catalog([f.model("A")]), f.workload())
    assert [(r.option_index, r.hardware) for r in m.rows] == [
        (0, "On-prem 8x A100 80GB (DGX A100)"),
        (2, "AWS p4de.24xlarge"),
    ]


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"speed": 1}, "no selection criterion named 'speed'"),
        ({"quality": -1}, "must be between 0 and"),
        (ZERO, "at least one selection weight"),
    ],
)
def test_bad_weights_are_refused_with_a_clear_message(weights, message):
    sizing, cat = three_options()
    with pytest.raises(DomainError, match=message):
        build_matrix(sizing, cat, f.workload(), weights=weights)


def two_option_matrix():
    """A is cheaper, B faster and leaner; weights cost 3, ttft 1, tpot 1, everything else 0."""
    a = f.option("A", cost=1.0, ttft=300.0, tpot=30.0, free_gib=10.0)
    b = f.option("B", cost=2.0, ttft=200.0, tpot=20.0, free_gib=30.0)
    cat = f.catalog([f.model("A", quality={"MMLU": 80}), f.model("B", quality={"MMLU": 70})])
    w = {**ZERO, "cost_per_mtok": 3, "ttft_p95": 1, "tpot": 1}
    return build_matrix(f.feasible_sizing([a, b]), cat, f.workload(), weights=w)


def test_sensitivity_thresholds_two_options_by_hand():
    m = two_option_matrix()
    # normalised: cost A 1 B 0; ttft A 0 B 1; tpot A 0 B 1. Shares 0.6 / 0.2 / 0.2: A 0.6, B 0.4.
    assert_allclose([r.score for r in m.ranked], [0.6, 0.4], atol=1e-12)
    s = {w.key: w for w in sensitivity(m).weights}
    # cost share t: S_A = t, S_B = 1 - t -> t = 0.5; raw = 0.5 / 0.5 x (1 + 1) = 2
    assert_allclose([s["cost_per_mtok"].down_to_share, s["cost_per_mtok"].down_to_weight], [0.5, 2.0], atol=1e-12)
    assert s["cost_per_mtok"].up_to_share is None and s["cost_per_mtok"].down_winner.startswith("B")
    # ttft share t: S_A = 0.75 (1 - t), S_B = t + 0.25 (1 - t) -> t = 1/3; raw = (1/3)/(2/3) x 4 = 2
    assert_allclose([s["ttft_p95"].up_to_share, s["ttft_p95"].up_to_weight], [1 / 3, 2.0], atol=1e-12)
    assert s["ttft_p95"].down_to_share is None
    assert_allclose(s["tpot"].up_to_share, 1 / 3, atol=1e-12)
    # memory headroom (A 0, B 1) from 0: S_A = 0.6 (1 - t), S_B = t + 0.4 (1 - t) -> t = 1/6; raw 1/5 x 5 = 1
    assert_allclose([s["memory_headroom"].up_to_share, s["memory_headroom"].up_to_weight], [1 / 6, 1.0], atol=1e-12)
    # quality favours A: no weight on it can dethrone A
    assert s["quality"].up_to_share is None and s["quality"].down_to_share is None
    # criteria on which both rows are equal (both 1) only meet at 100 %: a tie, not a change
    assert s["context_fit"].up_to_share is None


def test_rank_stability_is_seeded_and_consistent():
    m = two_option_matrix()
    one, two = sensitivity(m), sensitivity(m)
    assert one.stability == two.stability
    tops = [r.top_share for r in one.stability]
    assert_allclose(sum(tops), 1.0, atol=1e-12)
    assert 0.5 < tops[0] < 1.0  # A leads 0.6 to 0.4 but cost's share varies around 0.6
    assert one.stability[0].rank_share == tops[0]  # with two rows, staying first is keeping rank 1
    assert one.top == m.top.label and one.top_stability == tops[0]


def test_a_dominant_row_is_always_top():
    opts = [
        f.option("A", cost=1.0, ttft=200.0, tpot=20.0, tokens_per_s=3000, free_gib=30),
        f.option("B", cost=2.0, ttft=300.0, tpot=30.0, tokens_per_s=2000, free_gib=10),
    ]
    m = build_matrix(f.feasible_sizing(opts), f.catalog([f.model("A"), f.model("B")]), f.workload())
    s = sensitivity(m)
    assert s.stability[0].top_share == 1.0 and s.stability[1].top_share == 0.0
    assert all(w.up_to_share is None and w.down_to_share is None for w in s.weights)


def test_no_rankable_rows_gives_an_empty_sensitivity():
    m = build_matrix(f.infeasible_sizing(), f.catalog([f.model("A")]), f.workload())
    assert m.rows == [] and m.top is None
    assert sensitivity(m).top is None

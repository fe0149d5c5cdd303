"""The what-if preview is a fast path, never a different answer: for every workload kind, written
from a blank workload as a user writes one, each slider step sized as the Analysis page sizes it
(`detailed=False`, no deployment comparison, the page's LastEvaluation kept between steps, only the
charts its plots show) gives the same options, verdict and charts as a full `size` of that step
computed afresh; only bands, explanations and horizon costs (the detailed extras) are left out."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import Category, Scenario, Sla
from app.engine import LastEvaluation, size
from app.engine.charts import TRAFFIC_KEY
from app.engine.cost import plan_for
from app.engine.deployment.compare import fleet_of, modes, own_plan, scenario_profile
from app.engine.evaluate import evaluate
from app.engine.options import headline, headlines
from app.engine.size import traffic
from app.engine.space import build_space, enumerate_points
from app.services.scenarios import blank_workload

CHEAP = {"latency_vs_concurrency", "cost_vs_latency", "memory"}
# the Analysis page (the cost tab shown), workshop mode (one chart), and a page never shown (all)
VIEWS = [CHEAP | {TRAFFIC_KEY}, CHEAP, None]
MODELS = ["Llama-3.1-8B-Instruct", "Qwen2.5-VL-7B-Instruct"]
# cloud with reserved and spot prices, a one-GPU cloud node, bare metal, on-prem
HARDWARE = [
    "AWS p5.48xlarge",
    "Lambda 1x H100 SXM",
    "Qubrid 8x H100 80GB bare metal",
    "On-prem 8x A100 80GB (DGX A100)",
]
DETAILED_ONLY = {"bands", "explanations", "horizon_cost_usd"}


def user_scenario(kind: Category, pricing: str = "on_demand") -> Scenario:
    """A blank workload of `kind` with an SLA typed in and a few candidates ticked."""
    w = blank_workload(kind, f"my {kind.value}")
    if kind is not Category.FINE_TUNING:
        w = w.model_copy(update={"sla": Sla(ttft_p95_ms=2000, tpot_p95_ms=80)})
    return Scenario(
        name=f"my {kind.value}",
        workload=w,
        candidates={"models": MODELS, "hardware": HARDWARE},
        assumptions={"pricing": pricing},
    )


def step(s: Scenario, knob: str, factor: float) -> Scenario:
    """`s` with one what-if value scaled, as the what-if panel changes it."""
    w = s.workload
    if knob == "traffic" and w.is_batch_job and w.batch is not None:
        w = w.model_copy(update={"batch": w.batch.at_rate(w.batch.requests_per_s * factor)})
    elif knob == "traffic" and w.traffic is not None:
        w = w.model_copy(
            update={"traffic": w.traffic.model_copy(update={"requests_per_s": w.traffic.requests_per_s * factor})}
        )
    elif knob == "input":
        w = w.model_copy(
            update={"tokens": w.tokens.model_copy(update={"input_tokens": int(w.tokens.input_tokens * factor)})}
        )
    elif knob == "ttft" and w.sla.ttft_p95_ms is not None:
        w = w.model_copy(update={"sla": w.sla.model_copy(update={"ttft_p95_ms": w.sla.ttft_p95_ms * factor})})
    return s.model_copy(update={"workload": w})


def figures(o) -> dict:
    """An option's figures but the detailed extras: bands, explanations, the horizon cost, the
    flag the bands raise ("no cost band: ...") and the one the deployment comparison raises
    ("dominated: ..." on a reserved option, `deployment.dominance.mark_reserved_options`)."""
    out = o.model_dump(exclude=DETAILED_ONLY)
    out["flags"] = [f for f in out["flags"] if not f.startswith(("no cost band", "dominated:"))]
    return out


# traffic and SLA steps reuse the last evaluation; a token step evaluates anew
STEPS = [("traffic", 3.0), ("ttft", 0.25), ("input", 4.0), ("traffic", 0.5)]
WITH_DEPLOYMENTS = {(Category.BATCH, "spot"), (Category.INFERENCE_API, "reserved"), (Category.AGENT, "on_demand")}
# spot for serving (an on-demand floor, spot above it) and for a batch job (all on spot): the
# preview prices the options' own plans in one pass (deployment.month_one), the full sizing each alone
CASES = [(kind, "on_demand") for kind in Category] + [
    (Category.BATCH, "spot"),
    (Category.INFERENCE_API, "reserved"),
    (Category.INFERENCE_API, "spot"),
]


@pytest.mark.parametrize("kind, pricing", CASES, ids=[f"{k.value}-{p}" for k, p in CASES])
def test_each_preview_step_gives_what_a_full_sizing_gives(catalog, kind, pricing):
    cache = LastEvaluation()
    s = user_scenario(kind, pricing)
    size(s, catalog, reuse=cache, deployments=False)  # the scenario opened: the cache filled
    for n, (knob, factor) in enumerate(STEPS):
        s = step(s, knob, factor)
        wanted = VIEWS[n % len(VIEWS)]
        preview = size(s, catalog, detailed=False, reuse=cache, deployments=False, charts_wanted=wanted)
        # the deployment comparison (seconds) on the last step of a few cases: the options' energy
        # figures come from it there, from their own plan's month 1 in a preview
        last = n == len(STEPS) - 1
        full = size(s, catalog, deployments=last and (kind, pricing) in WITH_DEPLOYMENTS)
        where = f"{kind.value}, step {n} ({knob} x{factor})"
        assert [figures(o) for o in preview.options] == [figures(o) for o in full.options], where
        for part in ("feasible", "error", "error_kind", "binding_constraints", "strategy", "avoid", "hosted"):
            assert getattr(preview, part) == getattr(full, part), f"{where}: {part}"
        assert preview.workload_kind == full.workload_kind, where
        by_key = {c.key: c for c in full.charts}
        expected = set(by_key) if wanted is None else set(by_key) & set(wanted)
        assert {c.key for c in preview.charts} == expected, where
        for chart in preview.charts:
            assert chart == by_key[chart.key], f"{where}: {chart.key}"


def test_headlines_of_many_points_are_each_points_own(catalog):
    """The options' headlines are worked out for all chosen points at once: each is exactly the
    one point's (serving and non-serving points alike)."""
    s = user_scenario(Category.INFERENCE_API)
    # a TPOT target some points cannot meet at any batch: they serve nothing (max rate 0)
    s = s.model_copy(update={"workload": s.workload.model_copy(update={"sla": Sla(ttft_p95_ms=2000, tpot_p95_ms=8)})})
    space = build_space(s, catalog)
    pts = enumerate_points(space)
    ev = evaluate(space, pts, s.workload, s.assumptions)
    pl = plan_for(space, pts.hardware, pts.gpus, ev.max_rate, s.workload, s.assumptions, traffic(s))
    idx = np.arange(len(pts))
    assert (ev.max_rate[idx] > 0).any() and (ev.max_rate[idx] <= 0).any()  # both kinds are covered
    together = headlines(ev, pl, idx, s)
    for i in idx.tolist():
        assert together[i] == headline(ev, pl, i, s)
        one = headlines(ev, pl, np.array([i]), s)[0]
        assert together[i] == one


def test_pricing_only_the_plans_asked_for_gives_the_same_plans(catalog):
    """`modes(..., only=...)` prices just the plans asked for (the preview reads an option's own
    plan), each exactly as when every plan is priced."""
    s = user_scenario(Category.INFERENCE_API, "spot")
    sz = size(s, catalog, detailed=False, deployments=False)
    growth = np.ones(3)
    profile = scenario_profile(s)
    seen: set = set()
    powers: dict = {}  # the power models the options' node types share, filled as they are priced
    for o in sz.options:
        f = fleet_of(o, catalog, s)
        if f is None:
            continue
        every = modes(f, profile, growth, s, catalog)
        own = own_plan(f, s.assumptions)
        some = modes(f, profile, growth, s, catalog, only={own}, powers=powers)
        assert f.instance.name in powers
        assert set(some) == {own} & set(every)
        for key, p in some.items():
            q = every[key]
            for field in ("monthly", "upfront", "nodes", "kwh", "tokens"):
                np.testing.assert_array_equal(getattr(p, field), getattr(q, field))
            assert p.notes == q.notes
        seen |= set(every)
    # the candidates cover cloud on-demand, reserved and spot, bare metal and on-prem
    assert {("cloud", "on_demand"), ("cloud", "spot"), ("bare_metal", "lease"), ("on_prem", "capex")} <= seen


def test_engine_figures_set_on_an_option_as_assigned_and_typos_refused(catalog):
    """`set_fields` (the engine filling in an Option it built, without validating each field again)
    leaves the record as a validated assignment would, and refuses a name the record lacks."""
    from app.engine.records import set_fields

    o = size(user_scenario(Category.INFERENCE_API), catalog, detailed=False, deployments=False).options[0]
    a, b = o.model_copy(deep=True), o.model_copy(deep=True)
    a.power_kw, a.deployment, a.rank = 1.5, "on_prem", 7
    set_fields(b, power_kw=1.5, deployment="on_prem", rank=7)
    assert a == b and a.model_fields_set == b.model_fields_set
    assert a.model_dump_json() == b.model_dump_json()
    with pytest.raises(AttributeError, match="power_watts"):
        set_fields(b, power_watts=3.0)

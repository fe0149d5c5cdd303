"""Hand-checkable portfolios (issue 17's "Done means"): shared peaks, deadlines, failures, cascades.

Per-replica rates come from the engine (`replica_specs`), so each expected count is the hand
formula ceil(demand / rate) over those rates, not a number copied from a run."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fleet_helpers import EIGHT_GPU, ONE_GPU, batch, hours, plan, portfolio, rate, serving

from app.engine.fleet.units import hosted_usd_per_request

METHODS = ["greedy", "milp"]


@pytest.mark.parametrize("method", METHODS)
def test_two_peaks_that_do_not_overlap_share_n_nodes_not_2n(catalog, method):
    """A peaks 08-12, B 20-24; each alone needs N = ceil(peak / rate) one-GPU nodes; shared, N."""
    pf = portfolio(
        [serving("A", 40.0, hours(8, 12)), serving("B", 40.0, hours(20, 24))],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}],
    )
    fp = plan(pf, catalog, method)
    n = math.ceil(40.0 / rate(fp, "A", "gpu"))
    assert n >= 2  # the case only tests something when a peak needs more than one node
    assert fp.feasible
    assert fp.pools[0].nodes == n
    assert fp.sharing is not None
    assert (fp.sharing.shared_gpus, fp.sharing.separate_gpus) == (n, 2 * n)
    assert fp.sharing.saving_usd_per_month == pytest.approx(n * 3.99 * 168 * 730 / 168)
    a = next(u for u in fp.units if u.name == "A")
    assert a.replicas_by_hour["gpu"][9] == n and a.replicas_by_hour["gpu"][21] == 0


@pytest.mark.parametrize("method", METHODS)
def test_overlapping_peaks_need_both(catalog, method):
    """The control: the same two workloads peaking together need 2N."""
    pf = portfolio(
        [serving("A", 40.0, hours(8, 12)), serving("B", 40.0, hours(8, 12))],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}],
    )
    fp = plan(pf, catalog, method)
    n = math.ceil(40.0 / rate(fp, "A", "gpu"))
    assert fp.pools[0].nodes == 2 * n


def _job_hours(fp, unit="Nightly"):
    return next(s.unit_hours_per_run for s in fp.replica_specs if s.unit == unit)


def test_a_deadline_the_troughs_cannot_meet_is_named(catalog):
    """One node, a 4-hour window, a run that needs more replica-hours than 4: not feasible, and
    the deadline is what binds."""
    pf = portfolio([batch("Nightly", 400_000, "01:00-05:00")], [{"name": "gpu", "instance": ONE_GPU, "nodes": 1}])
    fp = plan(pf, catalog)
    work = _job_hours(fp)
    assert work > 4  # the run needs more replica-hours than one node has in the window
    assert not fp.feasible
    assert [b.constraint for b in fp.binding_constraints] == ["deadline"]
    assert fp.units[0].run_done_share[0] == pytest.approx(4 / work)
    assert fp.kpis[0].sla_attainment == 0.0


@pytest.mark.parametrize("method", METHODS)
def test_a_deadline_forces_more_nodes(catalog, method):
    """Sized: ceil(work / 4 h) nodes finish each run inside its 4-hour window."""
    pf = portfolio([batch("Nightly", 400_000, "01:00-05:00")], [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}])
    fp = plan(pf, catalog, method)
    assert fp.feasible
    assert fp.pools[0].nodes == math.ceil(_job_hours(fp) / 4 - 1e-9)


@pytest.mark.parametrize("method", METHODS)
def test_a_deadline_forces_burst_when_the_base_is_fixed(catalog, method):
    """One owned node and a burst pool: the rest of the run is rented, in its window only."""
    pf = portfolio(
        [batch("Nightly", 400_000, "01:00-05:00")],
        [
            {"name": "gpu", "instance": ONE_GPU, "nodes": 1},
            {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0},
        ],
    )
    fp = plan(pf, catalog, method)
    assert fp.feasible
    work = _job_hours(fp)
    burst = next(p for p in fp.pools if p.burst)
    rented = sum(burst.nodes_rented_by_hour)
    assert rented == 7 * math.ceil(work - 4 - 1e-9)  # daily: what the owned node cannot do in its 4 hours
    assert all(h % 24 in (1, 2, 3, 4) for h, n in enumerate(burst.nodes_rented_by_hour) if n)
    # both paths bill per second of use (issue 18): the replica-hours the run still needs, 7 runs x (work - 4)
    assert burst.cost_usd_per_week == pytest.approx(7 * (work - 4) * 6.0, rel=1e-9)
    assert burst.cost_usd_per_week < rented * 6.0


def test_a_node_failure_at_peak_preempts_the_lowest_priority_first(catalog):
    """Three one-replica workloads on three one-GPU nodes; one node fails: the best-effort one
    gives way, interactive and batch keep their replicas."""
    pf = portfolio(
        [
            serving("Best effort", 1.0, priority="best_effort"),
            serving("Chat", 1.0, priority="interactive"),
            serving("Reports", 1.0, priority="batch"),
        ],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 3}],
    )
    fp = plan(pf, catalog)
    assert fp.feasible
    case = fp.failures[0]
    status = {i.unit: i.status for i in case.impacts}
    assert status == {"Chat": "keeps SLA", "Reports": "keeps SLA", "Best effort": "preempted"}
    lost = {i.unit: (i.replicas_planned, i.replicas_after) for i in case.impacts}
    assert lost["Best effort"] == (1, 0) and lost["Chat"] == (1, 1)


def test_a_failure_sends_the_overflow_to_the_fallback(catalog):
    """With a hosted fallback the preempted workload degrades to it instead of missing its SLA."""
    pf = portfolio(
        [
            serving("Chat", 1.0),
            serving("Helper", 1.0, priority="best_effort", routing={"fallback": "OpenAI GPT-4o mini"}),
        ],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}],
    )
    fp = plan(pf, catalog)
    impact = {i.unit: i for i in fp.failures[0].impacts}
    assert impact["Chat"].status == "keeps SLA"
    assert impact["Helper"].status == "preempted"
    assert "OpenAI GPT-4o mini" in impact["Helper"].detail
    assert impact["Helper"].served_share == 1.0  # the fallback serves it


def test_a_cascade_costs_the_sum_of_its_parts(catalog):
    """8B answers 70%, 70B 25%, a hosted API 5%: each stage receives what the stages before it did
    not answer (100%, 30%, 5%), and the plan equals three workloads sized at those rates."""
    stages = [
        {"model": "Llama-3.1-8B-Instruct", "answers": 0.70},
        {"model": "Llama-3.3-70B-Instruct", "answers": 0.25},
        {"hosted": "OpenAI GPT-4o", "answers": 0.05},
    ]
    pool = [{"name": "h100", "instance": EIGHT_GPU, "nodes": 2}]
    cascade = plan(portfolio([serving("Chat", 20.0, routing={"cascade": stages})], pool), catalog)
    parts = plan(
        portfolio(
            [
                serving("Small", 20.0 * 1.00, model="Llama-3.1-8B-Instruct"),
                serving("Large", 20.0 * 0.30, model="Llama-3.3-70B-Instruct"),
                serving("API", 20.0 * 0.05, routing={"cascade": [{"hosted": "OpenAI GPT-4o", "answers": 1.0}]}),
            ],
            pool,
        ),
        catalog,
    )
    c = {k.name: k for k in cascade.kpis}
    p = {k.name.split(" / ")[0]: k for k in parts.kpis}
    assert c["Chat / Llama-3.1-8B-Instruct"].gpu_hours_per_week == p["Small"].gpu_hours_per_week
    assert c["Chat / Llama-3.3-70B-Instruct"].gpu_hours_per_week == p["Large"].gpu_hours_per_week
    requests = 20.0 * 0.05 * 3600 * 168
    price = (1000 * 2.50 + 200 * 10.00) / 1e6  # GPT-4o: $2.50 in, $10 out per 1M tokens
    api = c["Chat / OpenAI GPT-4o"]
    assert api.hosted_cost_usd_per_week == pytest.approx(requests * price)
    assert api.hosted_cost_usd_per_week == pytest.approx(p["API"].hosted_cost_usd_per_week)
    assert cascade.cost_usd_per_week == pytest.approx(parts.cost_usd_per_week)
    assert sum(k.cost_usd_per_week for k in cascade.kpis) == pytest.approx(cascade.cost_usd_per_week)
    gpt4o = catalog.hosted_api("OpenAI GPT-4o")
    assert hosted_usd_per_request(gpt4o, 1000, 200) == pytest.approx(price)


def test_chargeback_own_gpu_hours_and_the_idle_of_ones_own_node(catalog):
    """Two teams on one fixed pool of two 1-GPU nodes ($3.99/h): each pays its GPU-hours at $3.99,
    and the 112 idle GPU-hours are B's (its node idles outside 9-17 h; A's node never idles), so
    B pays (56 + 112) x 3.99 = $670.32 a week, as A does (168 x 3.99), not GPU-hour shares of the
    pool's $1,340.64 (A $1,005.48, B $335.16: the old rule had A pay for B's idle node)."""
    pf = portfolio(
        [serving("A", 1.0, team="Red"), serving("B", 1.0, hours(9, 17), team="Blue")],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}],
    )
    fp = plan(pf, catalog)
    teams = {t.team: t for t in fp.teams}
    assert teams["Red"].gpu_hours_per_week == 168 and teams["Blue"].gpu_hours_per_week == 8 * 7
    assert teams["Red"].cost_usd_per_week == pytest.approx(168 * 3.99)
    assert teams["Blue"].cost_usd_per_week == pytest.approx((56 + 112) * 3.99)
    assert sum(t.share for t in fp.teams) == pytest.approx(1.0)
    assert fp.idle_gpu_hours_per_week == pytest.approx(2 * 168 - 168 - 56)


def test_demand_follows_the_profile_and_keeps_the_declared_mean(catalog):
    """Business hours (1.0 for 8 h, 0.1 for 16 h) five days a week, the weekend at half an active
    day: the week's levels add to 5 x 9.6 + 2 x 4.8 = 57.6 over 168 hours, so a declared 10 req/s
    mean puts 10 x 168 / 57.6 = 29.17 req/s in a weekday's business hour."""
    pf = portfolio(
        [serving("A", 10.0, profile={"pattern": "business_hours", "days_per_week": 5, "off_day_level": 0.5})],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 4}],
    )
    demand = np.array(plan(pf, catalog, compare=False, failures=False).units[0].demand_rps_by_hour)
    peak = 10.0 * 168 / 57.6
    assert demand[9] == pytest.approx(peak) and demand[3] == pytest.approx(0.1 * peak)
    assert demand[5 * 24 + 9] == pytest.approx(0.5 * peak)  # Saturday: half an active day
    assert demand.mean() == pytest.approx(10.0)


def test_demand_chart_stacks_gpus_and_marks_burst_and_preemption(catalog):
    """The worst day's GPUs per workload on the base pools, burst stacked on top, and what the
    fleet did not carry as GPUs; the base pools' GPUs as a reference line."""
    pf = portfolio(
        [
            serving("Chat", 1.0, hours(9, 17)),
            serving(
                "Helper",
                1.0,
                hours(9, 17),
                priority="best_effort",
                routing={"fallback": "OpenAI GPT-4o mini"},
                pools=["gpu"],
            ),  # fmt: skip
            batch("Nightly", 400_000, "01:00-05:00"),
        ],
        [
            {"name": "gpu", "instance": ONE_GPU, "nodes": 1},
            {"name": "burst", "instance": ONE_GPU, "burst": True},
        ],
    )
    fp = plan(pf, catalog, compare=False, failures=False)
    chart = next(c for c in fp.charts if c.key == "fleet_demand")
    by = {s.name: s.y for s in chart.series}
    assert chart.categories[9] == "09" and len(chart.categories) == 24
    assert by["Chat"][9] == 1.0 and by["Helper"][9] == 0.0  # one node: the interactive one has it
    # Helper may not burst: its 1 req/s goes to the fallback, drawn as 1 / rate GPUs
    assert by["Preempted or to fallback (GPU equivalent)"][9] == pytest.approx(1.0 / rate(fp, "Helper", "gpu"))
    work = next(s.unit_hours_per_run for s in fp.replica_specs if s.unit == "Nightly" and s.pool == "gpu")
    nightly = sum(by["Nightly"][1:5]) + sum(by["Burst (rented)"][1:5])
    assert nightly == math.ceil(work - 1e-9) or nightly == math.ceil(work - 4 - 1e-9) + 4  # whole replica-hours
    assert chart.reference_lines[0].value == 1.0
    team = next(c for c in fp.charts if c.key == "fleet_chargeback")
    assert sum(sum(s.y) for s in team.series) == pytest.approx(fp.cost_usd_per_month)


def test_greedy_and_milp_agree_on_who_gives_way(catalog):
    """Fixed nodes too few for all: both paths serve the interactive and batch workloads and leave
    the best-effort one short by the same requests."""
    pf = portfolio(
        [
            serving("Chat", 30.0, hours(9, 17)),
            serving("Reports", 10.0, hours(9, 17), priority="batch"),
            serving("Spare", 30.0, hours(9, 17), priority="best_effort"),
        ],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 3}],
    )
    g = plan(pf, catalog, "greedy", compare=False, failures=False)
    m = plan(pf, catalog, "milp", compare=False, failures=False)
    for fp in (g, m):
        att = {k.name: k.sla_attainment for k in fp.kpis}
        assert att["Chat"] == 1.0 and att["Reports"] == 1.0 and att["Spare"] < 1.0
    unmet = lambda fp: sum(next(u for u in fp.units if u.name == "Spare").unmet_rps_by_hour)  # noqa: E731
    assert unmet(g) == pytest.approx(unmet(m))


def test_a_workload_no_pool_can_run_is_not_feasible(catalog):
    """405B on one-GPU nodes: the engine finds no option there, and the verdict says hardware."""
    pf = portfolio(
        [serving("Huge", 1.0, model="Llama-3.1-405B-Instruct"), serving("Small", 1.0)],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": 2}],
    )
    fp = plan(pf, catalog, compare=False, failures=False)
    assert not fp.feasible
    assert [b.constraint for b in fp.binding_constraints] == ["hardware"]
    assert "Huge" in fp.binding_constraints[0].detail and fp.unfit[0].unit == "Huge"
    assert {k.name: k.sla_attainment for k in fp.kpis}["Small"] == 1.0


@pytest.mark.parametrize(("nodes", "domains", "expected"), [(1, 2, []), (2, 4, [(2, 1)]), (4, 2, [(2, 2)])])
def test_failure_domains_count_only_domains_that_hold_nodes(catalog, nodes, domains, expected):
    """A pool of n nodes over D domains has min(D, n) real domains, each losing ceil(n / min(D, n))
    nodes: 1 node over 2 domains has no domain case (it was 'failure domain 1 of 2 (1 node)')."""
    pf = portfolio(
        [serving("Chat", 0.01, priority="interactive")],
        [{"name": "gpu", "instance": ONE_GPU, "nodes": nodes, "failure_domains": domains}],
    )
    fp = plan(pf, catalog)
    cases = [c.lost for c in fp.failures if "failure domain" in c.lost]
    assert cases == [f"failure domain 1 of {d} of pool gpu ({lost} node(s))" for d, lost in expected]


def test_a_weekly_jobs_silo_rents_by_the_hour_not_a_node_all_month(catalog):
    """A flat chat (1 req/s: one one-GPU node every hour) and a weekly 1-hour job (100 requests,
    Mon 01:00-02:00), on an owned pool sized for them and a burst pool of the same $3.99/h node.
    By hand (730 h a month, 730/168 weeks): the chat's silo owns 1 node, 3.99 x 730 = $2,912.70;
    the job's silo rents 1 node for w = 100 / (req/s per replica x 3600) h a week, billed per second
    (issue 18: not the whole hour), 3.99 x w x 730/168 (owning a node all month would charge it
    $2,912.70); shared: owning 2 nodes ($5,825.40) or renting 168 + w node-hours: the latter. The
    saving is 0, not the cost of a node."""
    from fleet_helpers import batch

    pf = portfolio(
        [serving("Chat", 1.0), batch("Reindex", 100, "01:00-02:00", recurrence="weekly")],
        [{"name": "own", "instance": ONE_GPU, "nodes": "auto"}, {"name": "burst", "instance": ONE_GPU, "burst": True}],
    )
    fp = plan(pf, catalog)
    s = fp.sharing
    assert s is not None
    chat, job = s.separate
    assert (chat.pool, chat.nodes, chat.burst) == ("own", 1, False)
    assert chat.cost_usd_per_month == pytest.approx(3.99 * 730, rel=1e-9)
    assert (job.pool, job.nodes, job.burst) == ("burst", 1, True)
    w = _job_hours(fp, "Reindex")
    assert 0 < w < 1
    assert job.cost_usd_per_month == pytest.approx(3.99 * w * 730 / 168, rel=1e-9)
    assert s.shared_pools == "burst"
    assert s.shared_cost_usd_per_month == pytest.approx((168 + w) * 3.99 * 730 / 168, rel=1e-9)
    assert s.shared_cost_usd_per_month == pytest.approx(fp.cost_usd_per_month, rel=1e-9)  # the plan's own cost
    assert s.saving_usd_per_month == pytest.approx(0.0, abs=1e-6)
    assert "rent" in s.basis


def test_on_prem_pools_are_priced_at_the_portfolios_assumptions_and_a_differing_scenario_is_named(catalog):
    """A scenario assuming $0.18/kWh does not price the fleet: its on-prem pool pays the
    portfolio's own electricity (FleetSpec.assumptions), and the plan's notes say so."""
    from fleet_helpers import scenarios

    from app.domain import Assumptions
    from app.engine.fleet import plan_fleet

    pool = {"name": "dgx", "instance": "On-prem 8x A100 80GB (DGX A100)", "nodes": 1}
    pf = portfolio([serving("Chat", 1.0)], [pool])
    own = {k: s.model_copy(update={"assumptions": Assumptions(electricity_usd_per_kwh=0.18)})
           for k, s in scenarios(pf).items()}  # fmt: skip
    fp = plan_fleet(pf, own, catalog, compare=False, failures=False)
    assert any(
        n.startswith("Chat: its scenario assumes $0.18/kWh at PUE 1.4; the fleet prices its on-prem pools at the "
                     "portfolio's own $0.12/kWh at PUE 1.4") for n in fp.notes
    )  # fmt: skip
    same = portfolio([serving("Chat", 1.0)], [pool], assumptions={"electricity_usd_per_kwh": 0.18})
    again = plan_fleet(same, own, catalog, compare=False, failures=False)
    assert not any("its scenario assumes" in n for n in again.notes)
    assert again.cost_usd_per_month > fp.cost_usd_per_month  # the portfolio's own price is the one that counts

"""When the utilisation cap leaves a whole replica's GPUs unused, the verdict's fix names the cap
and what it left (tcli5 N11: max_utilisation 0.9 on 3 TPU hosts held 21.6 of 24 chips, two 8-chip
replicas, not three, and the plan missed its deadline with 'more nodes' as the only fix)."""

from __future__ import annotations

from fleet_helpers import ONE_GPU, plan, portfolio, rate, serving


def test_the_fix_names_the_cap_that_strands_a_replica(catalog):
    pools = [{"name": "gpu", "instance": ONE_GPU, "nodes": 3}]
    probe = plan(portfolio([serving("Chat", 1.0)], pools), catalog, failures=False, compare=False)
    per_replica = rate(probe, "Chat", "gpu")
    # 2.5 replicas' load: 3 one-GPU replicas at max_utilisation 1.0
    load = [serving("Chat", 2.5 * per_replica)]
    assert plan(portfolio(load, pools), catalog, failures=False, compare=False).feasible
    fp = plan(portfolio(load, pools, max_utilisation=0.9), catalog, failures=False, compare=False)
    assert not fp.feasible
    # 3 nodes x 1 GPU x 0.9 = 2.7 GPUs: 2 whole replicas, not 3; 3 x 1 / 3 = 1 lifts it
    fix = next(b.fix for b in fp.binding_constraints if b.constraint == "capacity")
    assert fix.startswith(
        "max_utilisation 0.9 leaves 2.7 of 3 GPUs on pool gpu: 2 1-GPU replica(s) fit, not 3; "
        "raise max_utilisation to 1 to use them; or more nodes"
    ), fix

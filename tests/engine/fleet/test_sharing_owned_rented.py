"""Shared vs separate says owned GPUs apart from burst GPUs rented by the hour (GUI tester N2:
"saves 72 GPUs" counted a batch silo's 9 rented nodes at its busiest hour as fleet GPUs).

Here the cheapest separate fleets are Chat on one owned 8-GPU node and the short nightly Job on
one burst node rented at its busiest hour (8 GPUs); the cheapest shared fleet rents two burst
nodes (16 GPUs) and owns none. Sharing saves 8 owned GPUs; counting rented GPUs said 0.
The availability target is 0.99 so that one owned node needs no spare (z x a >= 0.99)."""

from __future__ import annotations

from app.domain import Catalog
from tests.engine.fleet.fleet_helpers import EIGHT_GPU, batch, plan, portfolio, serving


def test_sharing_names_owned_and_rented_gpus(catalog: Catalog):
    pools = [
        {"name": "own", "instance": EIGHT_GPU, "nodes": "auto"},
        {"name": "burst", "instance": EIGHT_GPU, "burst": True},
    ]
    work = [serving("Chat", 2.0), batch("Job", 400_000, "01:00-03:00", recurrence="business_days")]
    pf = portfolio(work, pools, availability_target=0.99)
    s = plan(pf, catalog).sharing
    assert s is not None
    silos = {x.unit: x for x in s.separate}
    assert (silos["Chat"].gpus, silos["Chat"].rented_gpus) == (8, 0)
    assert (silos["Job"].gpus, silos["Job"].rented_gpus) == (8, 8)
    assert (s.separate_gpus, s.separate_rented_gpus) == (16, 8)
    assert (s.shared_gpus, s.shared_rented_gpus) == (16, 16)
    assert s.saving_owned_gpus == 8  # (16 - 8) - (16 - 16)
    assert s.gpus_line == (
        "shared 0 GPUs owned + 16 rented by the hour at the busiest hour against separate fleets' "
        "8 GPUs owned + 8 rented by the hour at the busiest hour"
    )

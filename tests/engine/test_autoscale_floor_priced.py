"""The autoscaling floor the strategy advises is the floor the month is priced with: the quietest
hour's replicas, not the mean at the utilisation target (tcli5 N3: "autoscale between 3 and 7"
while the month paid 1 Lambda node in the 19 quiet hours; a user who set the advised floor of 3
would pay more than the figure shown).

Hand figures (the reviewer's npc.yaml on Lambda 8x H100, Llama-3.3-70B fp8 TP4 at 13.30 req/s a
replica since the step-level p95s (15.93 before), 2 replicas a node): 30 req/s mean, 5 peak hours at
90 req/s, the 19 others at 30 x (24 - 15) / 19 = 14.21 req/s -> ceil(14.21 / 13.30) = 2 replicas
(1 node); the peak ceil(90 / 13.30) = 7 replicas (4 nodes); the ceiling ceil(90 x 1.2 / 13.30) = 9.
Month: (19 x 1 + 5 x 4) node-h a day x 30.4167 x $31.92 = $37,865.10. The old floor was
ceil(30 / (13.30 x 0.7)) = 4."""

from __future__ import annotations

import copy

import pytest

from app.domain import Scenario, parse
from app.engine import size
from tests.engine.deployment.test_on_prem_colo_option_month import SCENARIO as NPC


def test_advised_floor_is_the_priced_floor(catalog):
    data = copy.deepcopy(NPC)
    data["candidates"]["hardware"] = ["Lambda 8x H100 SXM"]
    result = size(parse(Scenario, data), catalog)
    o = result.recommended
    assert o.gpus == 4 and o.spare_replicas == 0
    assert o.requests_per_s_per_replica == pytest.approx(13.30, rel=1e-3)
    assert o.replicas_min == 2  # the quiet hours' 14.21 req/s
    assert o.replicas_max == 9
    assert o.cost_per_month_usd == pytest.approx((19 * 1 + 5 * 4) * 730 / 24 * 31.92, rel=1e-6)
    assert "autoscale between 2 and 9" in str(result.strategy)

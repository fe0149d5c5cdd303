"""An autoscaled quiet hour holds the spares its own N needs, not the peak's (issue 18, tcli6 N28).

The reviewer's city_zero_night.yaml: city311 with peak_to_mean 24/9 (8 req/s for 9 h, 0 req/s for
15 h), Qwen2.5-32B FP8 on AWS g6e.12xlarge (4 x L40S a node), the TP2 option at 1.0577 req/s a
replica, 2 replicas a node. Peak: ceil(8 / 1.0577) = 8 serving replicas = 4 nodes + 1 spare node
(2 spare replicas) = 5 nodes. A quiet hour serves 1 replica on 1 node: by the availability rule one
4-GPU node is up 0.999684 x zone 0.9995 = 0.99918 >= 0.999, so N = 1 needs k = 0: 1 node, not 2.

    on-demand  (9 x 5 + 15 x 1) node-h x 730/24 x $10.49264           = $19,149.07 (was $23,936.34)
    reserved 1 y  1 node x 730 h x $6.61036 + 4 x 9 h x 730/24 x $10.49264 = $16,315.00 (was $18,268.21)
"""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = {
    "name": "City 311 zero night",
    "workload": {
        "name": "311 chatbot",
        "category": "inference_api",
        "traffic": {
            "requests_per_s": 3.0,
            "peak_to_mean": 24 / 9,
            "pattern": "diurnal",
            "peak_hours_per_day": 9,
        },
        "tokens": {
            "input_tokens": 2500,
            "output_tokens": 350,
            "input_tokens_p95": 4000,
            "output_tokens_p95": 700,
            "shared_prefix_tokens": 1200,
            "prefix_cache_hit_ratio": 0.9,
        },
        "sla": {"ttft_p95_ms": 1500, "tpot_p95_ms": 60, "availability": 0.999},
        "sensitivity": "internal",
    },
    "candidates": {
        "models": ["Qwen2.5-32B-Instruct"],
        "hardware": ["AWS g6e.12xlarge"],
        "precisions": ["fp8"],
        "runtimes": ["vLLM"],
    },
    "assumptions": {
        "horizon_years": 3,
        "growth_per_quarter": 0.05,
        "electricity_usd_per_kwh": 0.15,
        "pue": 1.3,
        "hybrid_base_percentile": 50,
    },
}

DAY = 730 / 24  # [days/month]
ON_DEMAND = 10.49264  # [$/node-h] g6e.12xlarge
RESERVED_1Y = 6.61036  # [$/node-h]


def test_quiet_hours_hold_their_own_spares(catalog):
    s = parse(Scenario, yaml.safe_load(yaml.safe_dump(SCENARIO)))
    result = size(s, catalog)
    tp2 = [o for o in result.options if o.gpus == 2 and o.spare_replicas == 2]
    assert tp2, [(o.gpus, o.spare_replicas) for o in result.options]
    o = tp2[0]
    assert o.requests_per_s_per_replica == pytest.approx(1.0577, rel=1e-3)
    assert o.replicas == 10  # 8 serving + 2 spares at the peak
    assert o.cost_per_month_usd == pytest.approx((9 * 5 + 15 * 1) * DAY * ON_DEMAND, rel=1e-5)
    assert o.replicas_min == 1  # the quiet hour: 1 serving replica, no spare

    dep = result.deployments
    assert dep.row("cloud", "on_demand").cost_per_month_usd == pytest.approx(
        (9 * 5 + 15 * 1) * DAY * ON_DEMAND, rel=1e-5
    )
    assert dep.row("cloud", "reserved_1y").cost_per_month_usd == pytest.approx(
        1 * 730 * RESERVED_1Y + 4 * 9 * DAY * ON_DEMAND, rel=1e-5
    )

"""A spare node idles in `size` energy (issue 18, checked after the CLI review): steady 0.02 req/s of
contract Q&A (2,000 tokens in, 300 out) on Mac Studio M3 Ultra nodes (an inline on-prem node stated
at 270 W, one M3 Ultra each), Qwen2.5-7B q4_k_m on llama.cpp, `redundancy_replicas: 1`: one serving
replica of one Mac and one spare Mac.

By hand: the M3 Ultra has no TDP, so a Mac draws its stated 270 W busy and the catalogued 9.2 W idle
(whole machine at the wall: host 0 W); PUE 1.4 (default), 730 h.
    both Macs idle: 2 x 9.2 W = 18.4 W
    the serving Mac: (270 - 9.2) W x a x s, a = 1 - exp(-0.02 x T) (the option's request_s T = 6.60 s:
    0.1237; 0.02 / lambda_max 0.344 = 0.058 is below it), s the option's kernel_share (0.532): 17.16 W
    kWh = (18.4 + 17.16) x 1.4 x 730 / 1000 = 36.34 kWh/month
The spare adds only its idle: 9.2 x 1.4 x 730 / 1000 = 9.40 kWh/month over the same plan without it
(26.94 kWh/month). Counted busy it would add 17.16 W more (53.88 kWh/month)."""

from __future__ import annotations

import math

import pytest
from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

MAC = {
    "name": "Mac Studio M3 Ultra",
    "provider": "on-prem",
    "deployment": "on_prem",
    "accelerator": "Apple M3 Ultra",
    "accelerator_count": 1,
    "capex_usd": 5600,
    "power_w": 270,
    "source": "test quote (hand-made)",
    "as_of": "2026-11-30",
}


def scenario(redundancy: int) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Steady desk assistant on Macs",
            "workload": {
                "name": "Contract Q&A steady",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.02, "peak_to_mean": 1},
                "tokens": {"input_tokens": 2000, "output_tokens": 300},
                "sla": {"ttft_p95_ms": 8000, "tpot_p95_ms": 120},
                "sensitivity": "regulated",
            },
            "candidates": {
                "models": ["Qwen2.5-7B-Instruct"],
                "hardware": ["Mac Studio M3 Ultra"],
                "precisions": ["q4_k_m"],
                "runtimes": ["llama.cpp"],
            },
            "instances": [MAC],
            "assumptions": {"redundancy_replicas": redundancy, "electricity_usd_per_kwh": 0.30},
        },
    )


@pytest.mark.parametrize("spares", [0, 1])
def test_the_spare_mac_idles(catalog, spares):
    sized = size(scenario(spares), catalog)
    o = sized.recommended
    assert o is not None and o.gpus == 1 and o.replicas == 1 + spares and o.spare_replicas == spares
    assert o.nodes == 1 + spares and o.request_s is not None
    a = 1 - math.exp(-0.02 * o.request_s)
    assert_allclose(a, 0.1237, atol=5e-4)
    assert 0.02 / o.peak_requests_per_s_per_replica < a  # the exponential binds at this load
    watts = (1 + spares) * 9.2 + (270 - 9.2) * a * o.kernel_share
    hand = watts * 1.4 * 730 / 1000
    assert_allclose(hand, [26.94, 36.34][spares], atol=0.01)
    assert_allclose(o.energy_kwh_per_month, hand, rtol=1e-9)
    row = sized.deployments.row("on_prem")
    assert row is not None and row.nodes == 1 + spares
    assert_allclose(row.energy_kwh_per_month, hand, rtol=1e-9)

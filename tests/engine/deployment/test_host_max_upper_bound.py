"""N24 (CLI reviewer, issue 18): the DGX H100's host power in the catalog, 4,600 W, is the 10.2 kW
system maximum minus 8 x 700 W of GPU TDP, an upper bound; the engine draws it every hour, and rented
8x H100 nodes inherit it. Every figure resting on it is now marked an upper bound (option and row:
`energy_bound` "upper" with the reason), and `host_power_fraction` lets the user count their metered
share of that maximum instead (the mark then goes).

Hand calculation, one DGX H100 on-prem serving 0.2 req/s (PUE 1.4, 730 h): the host term is
4,600 W x 1.4 x 730 h = 4,701.2 kWh a month. With host_power_fraction 0.35 the host draws 1,610 W:
the month is (1 - 0.35) x 4,701.2 = 3,055.78 kWh lower, whatever the GPUs draw."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment.energy import ENERGY_QUANTITY

DGX = "On-prem 8x H100 SXM (DGX H100)"
LAMBDA = "Lambda 8x H100 SXM"


def _scenario(**assumptions) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Quiet chat on our DGX",
            "workload": {
                "name": "Quiet chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.2, "peak_to_mean": 1.0},
                "tokens": {"input_tokens": 1000, "output_tokens": 200},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {"models": ["Test Llama-3-8B"], "hardware": [DGX, LAMBDA], "precisions": ["bf16"]},
            "assumptions": {"redundancy_replicas": 0, "pue": 1.4, "hours_per_month": 730, **assumptions},
        },
    )


@pytest.fixture(scope="module")
def at_max(catalog):
    return size(_scenario(), catalog)


@pytest.fixture(scope="module")
def metered(catalog):
    return size(_scenario(host_power_fraction=0.35), catalog)


def _on_prem(sizing):
    return next(o for o in sizing.options if o.hardware == DGX and o.gpus == 1)


def test_figures_on_the_host_maximum_are_marked_upper_bounds(at_max):
    o = _on_prem(at_max)
    assert o.energy_bound == "upper"
    assert "host at its catalogued maximum" in o.energy_bound_reason and "4,600 W a node" in o.energy_bound_reason
    assert o.energy_host_max == [f"{DGX}: 4,600 W a node"]
    rows = {r.label: r for r in at_max.deployments.rows}
    on_prem = rows["On-prem (capex)"]
    assert on_prem.energy_bound == "upper" and on_prem.energy_host_max == [f"{DGX}: 4,600 W a node"]
    # a rented 8x H100 node borrows the DGX host figure: the same maximum, marked too
    lambda_rows = [r for r in at_max.deployments.rows if r.hardware == LAMBDA]
    assert lambda_rows and all(r.energy_bound == "upper" for r in lambda_rows)
    assert all(f"{LAMBDA}: 4,600 W a node" in r.energy_bound_reason for r in lambda_rows)
    # the explanation says what P_host is
    e = next(x for x in o.explanations if x.quantity == ENERGY_QUANTITY)
    assert e.inputs["P_host per node [W]"] == 4600
    assert "upper bound" in str(e.inputs["P_host is"])


def test_host_power_fraction_counts_the_metered_share_and_drops_the_mark(at_max, metered):
    o, m = _on_prem(at_max), _on_prem(metered)
    assert o.energy_kwh_per_month - m.energy_kwh_per_month == pytest.approx(0.65 * 4600 * 1.4 * 730 / 1000, rel=1e-9)
    assert m.energy_bound is None and m.energy_bound_reason == "" and m.energy_host_max == []
    row = next(r for r in metered.deployments.rows if r.label == "On-prem (capex)")
    assert row.energy_bound is None
    assert row.energy_kwh_per_month == pytest.approx(m.energy_kwh_per_month, rel=1e-9)
    e = next(x for x in m.explanations if x.quantity == ENERGY_QUANTITY)
    assert e.inputs["P_host per node [W]"] == pytest.approx(1610)
    assert "0.35 x the catalog's host figure" in str(e.inputs["P_host is"])


def test_an_unknown_host_stays_a_lower_bound(catalog):
    s = _scenario().model_copy(deep=True)
    s.candidates.hardware = ["AWS g6e.4xlarge"]
    o = size(s, catalog).recommended
    assert o is not None and o.energy_bound == "lower"
    assert o.energy_bound_reason == "lower bound: host power not included"

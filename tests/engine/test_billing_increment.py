"""A rented node's hours are billed in its provider's steps (issue 18): a 10-minute batch run on a
provider that bills by the hour costs one hour; per second with a 60 s minimum, 10 minutes."""

from __future__ import annotations

import math

from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size
from app.engine.billing import billed_hours, billing_words

H100 = "RunPod 1x H100 SXM"  # 1 GPU a node, on-demand
MODEL = "Test Llama-3-8B"


def test_ten_minutes_billed_by_the_hour_is_one_hour():
    assert_allclose(billed_hours(10 / 60, 3600), 1.0, rtol=1e-12)
    assert_allclose(billed_hours(61 / 60, 3600), 2.0, rtol=1e-12)  # 61 min: two hours


def test_per_second_with_a_minute_minimum():
    assert_allclose(billed_hours(10 / 60, 1, 60), 10 / 60, rtol=1e-12)  # exact, no float creep to 601 s
    assert_allclose(billed_hours(30 / 3600, 1, 60), 60 / 3600, rtol=1e-12)  # 30 s billed as 60 s
    assert_allclose(billed_hours(90.5 / 3600, 60), 120 / 3600, rtol=1e-12)  # per minute: 90.5 s -> 2 min


def test_no_increment_bills_the_hours_run_and_nothing_for_no_run():
    assert_allclose(billed_hours(0.123, None), 0.123, rtol=1e-12)
    assert billed_hours(0.0, 3600) == 0.0  # a node that never ran costs nothing
    assert math.isnan(float(billed_hours(float("nan"), 3600)))


def test_billing_words():
    from app.domain import Instance

    inst = Instance(
        name="X",
        provider="X",
        accelerator="NVIDIA H100 SXM",
        accelerator_count=1,
        price_on_demand_usd_per_hour=1.0,
        billing_increment_s=1,
        billing_minimum_s=60,
        source="test",
        as_of="2026-11-30",
    )
    assert billing_words(inst) == "billed per second after a 60 s minimum"
    assert billing_words(inst.model_copy(update={"billing_increment_s": 3600, "billing_minimum_s": None})) == (
        "billed per hour"
    )


def _short_batch(hardware: str) -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Short re-coding",
            "workload": {
                "name": "Short re-coding",
                "category": "batch",
                "tokens": {"input_tokens": 2000, "output_tokens": 250},
                "batch": {"total_requests": 2_000, "deadline_hours": 10, "recurrence": "monthly"},
            },
            "candidates": {"models": [MODEL], "hardware": [hardware], "precisions": ["fp8"]},
        },
    )


def test_short_batch_on_an_hourly_billed_node_pays_the_whole_hour(catalog):
    base = catalog.instance(H100)
    hourly = base.model_copy(update={"name": "Test hourly H100", "billing_increment_s": 3600})
    per_second = base.model_copy(update={"name": "Test per-second H100", "billing_increment_s": 1})
    cat = catalog.merged_with(instances=[hourly, per_second])
    price = base.price_on_demand_usd_per_hour
    o = size(_short_batch(per_second.name), cat).recommended
    work = 2_000 / (o.replicas * o.requests_per_s_per_replica) / 3600  # the run's work hours per node
    assert work < 1.0  # minutes of work: the hour rounding must show
    # per second: the work's seconds rounded up x price; by the hour: each node pays one whole hour
    assert_allclose(o.cost_per_run_usd, o.total_gpus * math.ceil(work * 3600) / 3600 * price, rtol=1e-9)
    h = size(_short_batch(hourly.name), cat).recommended
    assert h.total_gpus == o.total_gpus
    assert_allclose(h.cost_per_run_usd, h.total_gpus * 1.0 * price, rtol=1e-9)
    assert_allclose(h.cost_per_month_usd, h.cost_per_run_usd, rtol=1e-12)  # one run a month

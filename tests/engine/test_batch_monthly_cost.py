"""A `recurrence: monthly` batch job (issue 18) costs one run a month: the rented node's work hours x
its price, per run and per month alike."""

from __future__ import annotations

import math

from numpy.testing import assert_allclose

from app.domain import Scenario, parse
from app.engine import size

H100 = "RunPod 1x H100 SXM"  # 1 GPU a node, on-demand
MODEL = "Test Llama-3-8B"


def monthly() -> Scenario:
    return parse(
        Scenario,
        {
            "name": "Monthly re-coding",
            "workload": {
                "name": "Monthly re-coding",
                "category": "batch",
                "tokens": {"input_tokens": 2000, "output_tokens": 250},
                "batch": {"total_requests": 100_000, "deadline_hours": 10, "recurrence": "monthly"},
            },
            "candidates": {"models": [MODEL], "hardware": [H100], "precisions": ["fp8"]},
        },
    )


def test_monthly_job_costs_one_run_a_month(catalog):
    o = size(monthly(), catalog).recommended
    price = catalog.find("instances", H100).price_on_demand_usd_per_hour
    work = 100_000 / (o.replicas * o.requests_per_s_per_replica) / 3600  # the run's work hours
    assert o.runs_per_month == 1.0
    billed = math.ceil(work * 3600) / 3600  # RunPod bills per second (catalog billing_increment_s: 1)
    assert_allclose(o.cost_per_run_usd, o.total_gpus * billed * price, rtol=1e-9)
    assert_allclose(o.cost_per_month_usd, o.cost_per_run_usd, rtol=1e-12)

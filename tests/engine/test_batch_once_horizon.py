"""A one-off batch job (`recurrence: once`, issue 18) costs one run over the horizon, not one run
every month: its rented row's horizon cost is that run, its month 1 is that run; owned nodes still
cost every month of the horizon. The headline says "one run", not "1 runs/month"."""

from __future__ import annotations

import math

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

ONCE = """
name: batch once
workload:
  name: Contract extraction once
  category: batch
  tokens: {input_tokens: 3000, output_tokens: 400}
  batch: {total_requests: 120000, recurrence: once, deadline_hours: 6}
candidates:
  models: [Llama-3.1-8B-Instruct]
  hardware: [Lambda 1x H100 SXM]
  precisions: [fp8]
  runtimes: [vLLM]
"""


def test_one_off_job_costs_one_run_over_the_horizon(catalog):
    sz = size(parse(Scenario, yaml.safe_load(ONCE)), catalog)
    o = sz.recommended
    price = catalog.instance("Lambda 1x H100 SXM").price_on_demand_usd_per_hour
    # Hand: 120,000 / (replicas x req/s each) / 3600 = 3.28 h of work x $4.29 = $14.06, once
    work = 120_000 / (o.replicas * o.requests_per_s_per_replica) / 3600
    assert work == pytest.approx(3.28, abs=0.01)
    run = o.total_gpus * math.ceil(work * 60 - 1e-9) / 60 * price  # Lambda bills whole minutes
    assert o.cost_per_run_usd == pytest.approx(run, rel=1e-9)
    row = sz.deployments.row("cloud", "on_demand")
    assert sz.deployments.horizon_months == 36
    assert row.cost_per_month_usd == pytest.approx(run, rel=1e-6)  # month 1 is the run
    assert row.horizon_cost_usd == pytest.approx(run, rel=1e-6)  # was 36 x the run
    assert "(one run a month)" in o.cost_summary and "1 runs/month" not in o.cost_summary

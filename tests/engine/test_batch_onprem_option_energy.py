"""A batch job on an on-prem node: the option's electricity is its own kWh x price (issue 18).

The option priced all 8 GPUs of a DGX H100 busy while its run held the node, while its kWh column
(and the deployment comparison's "On-prem (capex)" row) counted only the replica's GPU busy and the
other 7 idle: $9,703.71 against the row's $9,644.26 for the same node and the same 5,368.8 kWh."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

DAILY = """
name: batch daily on-prem
workload:
  name: Contract extraction daily
  category: batch
  tokens: {input_tokens: 3000, output_tokens: 400}
  batch: {total_requests: 120000, recurrence: daily, start_window: "21:00-05:00", deadline_hours: 6}
candidates:
  models: [Llama-3.1-8B-Instruct]
  hardware: [On-prem 8x H100 SXM (DGX H100)]
  precisions: [fp8]
  runtimes: [vLLM]
"""


def test_one_gpu_batch_replica_on_a_dgx_pays_for_its_own_kwh(catalog):
    sz = size(parse(Scenario, yaml.safe_load(DAILY)), catalog)
    one = [o for o in sz.options if o.gpus == 1 and o.nodes == 1]
    assert one, "a 1-GPU replica of Llama-3.1-8B fits an H100"
    o = one[0]
    # By hand: fixed 270,000 / (4 y x 12) + 15 % x 270,000 / 12 = 5,625 + 3,375 = $9,000 a month.
    # Energy: the run's work hours (issue 18: not its 6 h deadline), 120,000 / (1 replica x 10.17 req/s)
    # / 3600 = 3.28 h, with one H100 drawing a share k of (TDP 700 W - 73 W idle) that follows
    # its decode step (the option's own kernel_share, the step model's s), 73 W idle otherwise:
    # 8 x 73 W idle + 4,600 W host + (700 - 73) x k W; the rest of the day idle
    # (5,184 W), x PUE 1.4 x 730 / 24 = 30.417 days.
    work = 120_000 / (o.replicas * o.requests_per_s_per_replica) / 3600
    assert work == pytest.approx(3.28, abs=0.01)
    k = o.kernel_share
    assert 0.5 < k <= 1.0
    kwh = (work * (5184 + 627 * k) + (24 - work) * 5184) * 1.4 * (730 / 24) / 1000
    assert o.energy_kwh_per_month == pytest.approx(kwh, rel=1e-4)
    assert o.cost_per_month_usd == pytest.approx(9000 + kwh * 0.12, rel=1e-5)
    # the comparison's on-prem row prices its own option (another 1-GPU option, whose GPU runs kernels its
    # own share of a step) with the same month as the options table
    row = next(r for r in sz.deployments.rows if r.label == "On-prem (capex)")
    assert sz.options[row.option_index].cost_per_month_usd == pytest.approx(row.cost_per_month_usd, rel=1e-6)
    # the one rule for every option: option electricity = its own kWh x price
    for p in sz.options:
        if p.nodes and p.energy_kwh_per_month is not None:
            assert p.cost_per_month_usd == pytest.approx(p.nodes * 9000 + p.energy_kwh_per_month * 0.12, rel=1e-6)

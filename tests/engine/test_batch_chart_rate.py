"""A batch job's cost and energy traffic charts mark the same rate (issue 18: the PDF marked 11.6
req/s on one and 0.761 req/s on the other for the same workload), labelled for what it is: the rate
while a run works to its deadline, with the month's mean named apart."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size

DAILY = """
name: batch daily
workload:
  name: Contract extraction daily
  category: batch
  tokens: {input_tokens: 3000, output_tokens: 400}
  batch: {total_requests: 120000, recurrence: daily, deadline_hours: 6}
candidates:
  models: [Llama-3.1-8B-Instruct]
  hardware: [Lambda 1x H100 SXM]
  precisions: [fp8]
  runtimes: [vLLM]
"""


def test_cost_and_energy_charts_mark_one_labelled_rate(catalog):
    sz = size(parse(Scenario, yaml.safe_load(DAILY)), catalog)
    charts = {c.key: c for c in sz.charts}
    cost, energy = charts["replicas_vs_traffic"], charts["energy_vs_traffic"]
    # Hand: 120,000 requests / (6 h x 3600 s) = 5.56 req/s while running; over the month
    # 120,000 x 30.417 runs / (730 h x 3600 s) = 1.39 req/s
    run, month = 120_000 / (6 * 3600), 120_000 * (730 / 24) / (730 * 3600)
    assert month == pytest.approx(1.389, abs=1e-3)
    for chart in (cost, energy):
        (ref,) = [r for r in chart.reference_lines if r.orientation == "vertical"]
        assert ref.value == pytest.approx(run, rel=1e-9)
        assert ref.label == f"Run rate {run:,.3g} req/s (month mean {month:,.3g})"
        assert chart.x_label == "Rate while running (requests / deadline)"

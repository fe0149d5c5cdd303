"""Two contradictory inputs once accepted without a word (CLI review finding 15):
(a) two inline instances of one name, capex $40,000 and $10: the first was used, the second ignored;
(b) host_power_w 5,000 W on a node whose power_w (the whole node at load) is 1,300 W."""

from __future__ import annotations

import pytest
import yaml

from app.domain import DomainError, Instance, Scenario, parse

NODE = """
  - name: HM colo 1x H100
    source: quote
    as_of: 2026-10-01
    provider: on-prem
    deployment: on_prem
    accelerator: NVIDIA H100 SXM
    accelerator_count: 1
    capex_usd: {capex}
    power_w: 1300
    host_power_w: {host}
"""
SCENARIO = """
name: s
workload:
  name: chat
  category: inference_api
  traffic: {{requests_per_s: 1.0}}
  tokens: {{input_tokens: 1000, output_tokens: 100}}
candidates:
  hardware: [HM colo 1x H100]
instances:
{nodes}
"""


def _scenario(*nodes: str) -> dict:
    return yaml.safe_load(SCENARIO.format(nodes="".join(nodes)))


def test_two_inline_instances_of_one_name_are_refused():
    with pytest.raises(DomainError, match="two inline instances are named HM colo 1x H100"):
        parse(Scenario, _scenario(NODE.format(capex=40000, host=600), NODE.format(capex=10, host=600)))
    assert parse(Scenario, _scenario(NODE.format(capex=40000, host=600))).instances[0].capex_usd == 40000


def test_host_power_at_or_above_the_node_power_is_refused():
    with pytest.raises(DomainError, match="host_power_w 5000 W is not below the node's power_w 1300 W"):
        parse(Scenario, _scenario(NODE.format(capex=40000, host=5000)))
    rec = yaml.safe_load(NODE.format(capex=40000, host=1300))[0]
    with pytest.raises(DomainError, match="not below"):
        parse(Instance, rec)
    assert parse(Instance, yaml.safe_load(NODE.format(capex=40000, host=600))[0]).host_power_w == 600

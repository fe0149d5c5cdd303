"""An option that spans nodes whose instance publishes no network between them says that the
100 Gb/s it runs on is assumed (CLI review finding 5: PP2 across two RunPod 1x H100 SXM pods, on a
silent 100 Gb/s). Options within one node, and nodes with a stated network_gbps, carry no flag."""

from __future__ import annotations

import yaml

from app.domain import Scenario, parse
from app.engine import size

SCENARIO = """
name: weekly claim-file summaries
workload:
  name: Claim file summaries
  category: batch
  tokens: {input_tokens: 6000, output_tokens: 400}
  batch: {total_requests: 120000, recurrence: weekly, start_window: "21:00-05:00"}
candidates:
  models: [Qwen2.5-14B-Instruct]
  hardware: [RunPod 1x H100 SXM, AWS g6e.12xlarge]
  precisions: [bf16]
  runtimes: [vLLM]
"""


def test_multi_node_option_on_an_unstated_network_is_flagged(catalog):
    assert catalog.instance("RunPod 1x H100 SXM").network_gbps is None
    sz = size(parse(Scenario, yaml.safe_load(SCENARIO)), catalog)
    spanning = [o for o in sz.options if o.hardware == "RunPod 1x H100 SXM" and o.gpus > 1]
    assert spanning
    for o in spanning:
        (flag,) = [f for f in o.flags if f.startswith("spans ")]
        assert f"spans {o.gpus} nodes of RunPod 1x H100 SXM" in flag and "100 Gb/s assumed" in flag
    single = [o for o in sz.options if o.gpus <= o.node_gpus]
    assert single and not any(f.startswith("spans ") for o in single for f in o.flags)

"""A reserved price whose contract term the provider does not publish is not presented as a 1-year
commitment (CLI review finding 16): Hyperstack's reserved "from" prices sit in the 1 y slot with
`reserved_term_published: false` (issue 18 leftover: the engine read a phrase in their notes), so
the row's binds say the term is not published and 1 y assumed. Before: "commits the quietest
hour's nodes for 1 y"."""

from __future__ import annotations

import yaml

from app.domain import Scenario, parse
from app.engine import size
from app.engine.deployment import attach
from app.engine.deployment.compare import reserved_term_unstated

SCENARIO = """
name: claims chat on Hyperstack
workload:
  name: Adjuster claims chat
  category: inference_api
  traffic: {requests_per_s: 3.0, peak_to_mean: 2.5, pattern: diurnal, peak_hours_per_day: 8}
  tokens: {input_tokens: 3000, output_tokens: 350}
  sla: {ttft_p95_ms: 1500, tpot_p95_ms: 60}
candidates:
  models: [Qwen2.5-14B-Instruct]
  hardware: [Hyperstack 1x H100 SXM]
  precisions: [bf16]
  runtimes: [vLLM]
"""


def test_hyperstack_reserved_row_says_its_term_is_not_published(catalog):
    assert reserved_term_unstated(catalog.instance("Hyperstack 1x H100 SXM"))
    assert not reserved_term_unstated(catalog.instance("RunPod 1x H100 SXM"))
    s = parse(Scenario, yaml.safe_load(SCENARIO))
    sz = size(s, catalog)
    if sz.deployments is None:
        attach(sz, s, catalog)
    (row,) = [r for r in sz.deployments.rows if r.pricing == "reserved_1y"]
    assert row.binds.startswith("commits the quietest hour's nodes for a term the provider does not publish")
    assert "(1 y assumed)" in row.binds and "for 1 y;" not in row.binds


def test_the_engine_reads_the_field_not_the_notes(catalog):
    hyperstack = catalog.instance("Hyperstack 1x H100 SXM")
    assert not reserved_term_unstated(hyperstack.model_copy(update={"reserved_term_published": True}))
    runpod = catalog.instance("RunPod 1x H100 SXM")
    worded = runpod.model_copy(
        update={"notes": "reserved contract term not stated", "price_reserved_usd_per_hour": 2.0}
    )
    assert not reserved_term_unstated(worded)  # a phrase in the notes no longer decides
    assert reserved_term_unstated(worded.model_copy(update={"reserved_term_published": False}))
    # no reserved price: nothing to say about its term
    assert not reserved_term_unstated(runpod.model_copy(update={"reserved_term_published": False}))

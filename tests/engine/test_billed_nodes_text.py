"""The summary says the nodes billed when they hold more GPUs than the replicas use: spare replicas
on nodes of their own, or replicas that leave part of a node free (rag-assistant-cloud's
Qwen2.5-32B at TP2 on Lambda's 8x H100: 4 replicas, 8 GPUs, but 2 whole nodes, 16 GPUs, billed)."""

from __future__ import annotations

import pytest
import yaml

from app.domain import Scenario, parse
from app.engine import size
from app.paths import EXAMPLES_DIR


@pytest.fixture(scope="module")
def rag(catalog):
    data = yaml.safe_load((EXAMPLES_DIR / "rag-assistant-cloud.yaml").read_text(encoding="utf-8"))
    return size(parse(Scenario, data), catalog)


def test_spare_node_billing_is_said(rag):
    o = next(x for x in rag.options if x.model == "Qwen2.5-32B-Instruct" and x.hardware == "Lambda 8x H100 SXM")
    # 2 serving + 2 spare replicas of 2 GPUs: 8 GPUs; the serving ones share a node, the spares sit on
    # a node of their own: 2 nodes of 8 GPUs billed ($31.92/h x 2 x 730 h = $46,603.20 a month)
    assert (o.replicas, o.gpus, o.total_gpus, o.nodes, o.node_gpus) == (4, 2, 8, 2, 8)
    assert o.cost_per_month_usd == pytest.approx(31.92 * 2 * 730)
    assert o.gpus_in_all_text == "8 GPUs in all, billed as 16 GPUs on 2 nodes"


def test_nodes_filled_by_the_replicas_say_only_the_gpus(rag):
    o = next(x for x in rag.options if x.nodes is not None and x.node_gpus and x.nodes * x.node_gpus == x.total_gpus)
    assert o.gpus_in_all_text == f"{o.total_gpus} {'GPU' if o.total_gpus == 1 else 'GPUs'} in all"

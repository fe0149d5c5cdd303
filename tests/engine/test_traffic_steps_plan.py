"""The cost-vs-traffic chart prices its eight traffic steps in one plan (each point at its own rates):
every step's figures are, bit for bit, those of a plan at that step's load alone, on cloud,
reserved, bare-metal and on-prem points (on-prem electricity follows each step's own day)."""

from __future__ import annotations

import numpy as np
import pytest

from app.domain import Category, Scenario, Sla
from app.engine.charts import TRAFFIC_STEPS
from app.engine.cost import plan, plan_for
from app.engine.evaluate import evaluate
from app.engine.size import traffic
from app.engine.space import build_space, enumerate_points
from app.services.scenarios import blank_workload

HARDWARE = [
    "AWS p5.48xlarge",
    "Lambda 1x H100 SXM",
    "Qubrid 8x H100 80GB bare metal",
    "On-prem 8x A100 80GB (DGX A100)",
]
FIELDS = ("cost_per_month", "replicas", "nodes", "node_hours", "floor_nodes", "cost_per_mtok", "operating_rate")


@pytest.mark.parametrize("pricing", ["on_demand", "reserved"])
@pytest.mark.parametrize("kind", [Category.INFERENCE_API, Category.RAG])
def test_all_steps_in_one_plan_equal_each_steps_plan(catalog, kind, pricing):
    w = blank_workload(kind, "mine").model_copy(update={"sla": Sla(ttft_p95_ms=2000, tpot_p95_ms=80)})
    s = Scenario(
        name="mine",
        workload=w,
        candidates={"models": ["Llama-3.1-8B-Instruct"], "hardware": HARDWARE},
        assumptions={"pricing": pricing},
    )
    space = build_space(s, catalog)
    pts = enumerate_points(space)
    ev = evaluate(space, pts, s.workload, s.assumptions)
    idx = np.flatnonzero(ev.max_rate > 0)[::7]  # a spread of serving points, every node type
    assert {space.hardware[h].instance.deployment.value for h in pts.hardware[idx]} == {
        "cloud",
        "bare_metal",
        "on_prem",
    }
    load = traffic(s)
    tiled, k = np.tile(idx, TRAFFIC_STEPS.size), np.repeat(TRAFFIC_STEPS, idx.size)
    together = plan(
        space,
        pts.hardware[tiled],
        pts.gpus[tiled],
        ev.max_rate[tiled],
        s.workload,
        s.assumptions,
        load.mean_rate * k,
        load.peak_rate * k,
        load.active_hours,
        load.redundancy,
        request_s=ev.request_s[tiled],
    )
    for step, factor in enumerate(TRAFFIC_STEPS):
        alone = plan_for(
            space,
            pts.hardware[idx],
            pts.gpus[idx],
            ev.max_rate[idx],
            s.workload,
            s.assumptions,
            load.scaled(factor),
            request_s=ev.request_s[idx],
        )
        rows = slice(step * idx.size, (step + 1) * idx.size)
        for field in FIELDS:
            np.testing.assert_array_equal(getattr(together, field)[rows], getattr(alone, field), f"{field} x{factor}")

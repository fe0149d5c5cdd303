"""The hybrid row's Nodes tooltip words the burst from the job's profile: a batch job runs per
month, so its burst hours are hours of the month, not "h a day" (issue 18)."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.engine import size
from app.store.io_formats import catalog_from_dir
from app.ui.deployment.table_model import DEPLOYMENT_COLUMNS, DeploymentTableModel
from app.ui.roles import TOOLTIP

JOB = {
    "name": "monthly batch",
    "workload": {
        "name": "Discharge letter re-coding",
        "category": "batch",
        "tokens": {"input_tokens": 2500, "output_tokens": 150},
        "batch": {"total_requests": 2000000, "deadline_hours": 48, "recurrence": "once"},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["Hyperstack 1x H100 SXM", "On-prem 8x H100 SXM (DGX H100)"],
    },
}


def test_batch_hybrid_tooltip_counts_hours_a_month(qapp):
    sizing = size(parse(Scenario, JOB), catalog_from_dir())
    c = sizing.deployments
    hybrid = c.row("hybrid", "mixed")
    assert hybrid is not None and hybrid.burst_nodes_max
    # P60 of a once-a-month job's month is 0 req/s: nothing owned, every run hour bursts. The job's
    # work hours on the cloud option's replicas: 2,000,000 requests / (replicas x req/s) / 3600
    works = [
        2_000_000 / (o.replicas * o.requests_per_s_per_replica) / 3600
        for o in sizing.options
        if o.feasible and o.hardware == "Hyperstack 1x H100 SXM"
    ]
    assert hybrid.burst_hours_per_day is None
    assert any(hybrid.burst_hours_per_month == pytest.approx(h, rel=1e-9) for h in works)
    model = DeploymentTableModel()
    model.set_comparison(c)
    row = next(i for i in range(model.rowCount()) if model.row(i).deployment == "hybrid")
    col = next(k for k, col in enumerate(DEPLOYMENT_COLUMNS) if col.key == "nodes")
    tip = model.data(model.index(row, col), TOOLTIP)
    assert f"over {hybrid.burst_hours_per_month:,.0f} h a month (the job's runs)" in tip
    assert "a day" not in tip

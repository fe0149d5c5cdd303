"""A committed row that costs more over the horizon than a row committing for no longer is marked
dominated, with the row that beats it and by how much (issue 18: GCP a3 reserved at $89,620/month
beside a $2,913/month RunPod H100 on demand)."""

from __future__ import annotations

import pytest

from app.domain import DeploymentRow, Scenario, parse
from app.engine import size
from app.engine.deployment.dominance import commitment_months, mark_dominated


def _row(label: str, pricing: str, horizon: float, commit: float, deployment: str = "cloud") -> DeploymentRow:
    return DeploymentRow(
        deployment=deployment,
        pricing=pricing,
        label=label,
        hardware=f"hw of {label}",
        model="m",
        nodes=1,
        upfront_usd=0.0,
        cost_per_month_usd=horizon / 36,
        horizon_cost_usd=horizon,
        cost_per_million_tokens_usd=1.0,
        commitment_months=commit,
    )


def test_commitment_months_by_plan():
    assert commitment_months("cloud", "on_demand", None, False, 4.0) == 0.0
    assert commitment_months("cloud", "spot", None, False, 4.0) == 0.0
    assert commitment_months("cloud", "reserved_1y", None, False, 4.0) == 12.0
    assert commitment_months("cloud", "reserved_3y", None, False, 4.0) == 36.0
    assert commitment_months("bare_metal", "lease", 12, True, 4.0) == 12.0
    assert commitment_months("bare_metal", "lease", None, True, 4.0) == 1.0  # "1-month minimum term"
    assert commitment_months("bare_metal", "lease", None, False, 4.0) == 0.0  # billed by the hour (Vultr)
    assert commitment_months("on_prem", "capex", None, False, 4.0) == 48.0  # 4-year write-off
    assert commitment_months("hybrid", "mixed", None, False, 3.0) == 36.0


def test_hand_built_rows_dominance_and_ratios():
    od = _row("On-demand", "on_demand", 100_000.0, 0)
    spot = _row("Spot", "spot", 50_000.0, 0)
    r1 = _row("Reserved 1 y", "reserved_1y", 150_000.0, 12)
    r3 = _row("Reserved 3 y", "reserved_3y", 80_000.0, 36)
    lease = _row("Lease", "lease", 120_000.0, 1, "bare_metal")
    prem = _row("On-prem", "capex", 90_000.0, 48, "on_prem")
    rows = [od, spot, r1, r3, lease, prem]
    mark_dominated(rows, 36, spot_ok=False)  # serving: spot does not count
    assert od.dominated == "" and spot.dominated == "" and r3.dominated == ""  # r3 is the cheapest non-spot
    # reserved 1 y: on-demand commits 0 <= 12 and costs 100k < 150k: 150/100 = 1.5x
    assert r1.dominated_by == "On-demand" and r1.dominated_ratio == pytest.approx(1.5)
    assert "1.50x its cost over 36 months ($150,000 against $100,000) and commits 12 months against none" in (
        r1.dominated
    )
    # lease (1 month): only on-demand commits no longer; 120/100 = 1.2x
    assert lease.dominated_by == "On-demand" and lease.dominated_ratio == pytest.approx(1.2)
    # on-prem (48 months): the cheapest row committing <= 48 is reserved 3 y: 90/80 = 1.125x
    assert prem.dominated_by == "Reserved 3 y" and prem.dominated_ratio == pytest.approx(1.125)
    assert "commits 48 months against 36 months" in prem.dominated
    assert lease.dominated.endswith("commits 1 month against none")
    # interruptible work: spot (0 months, 50k) beats every committed row
    mark_dominated(rows, 36, spot_ok=True)
    assert r3.dominated_by == "Spot" and r3.dominated_ratio == pytest.approx(80 / 50)
    assert prem.dominated_by == "Spot" and r1.dominated_ratio == pytest.approx(3.0)


def test_equal_cost_is_not_dominance():
    od = _row("On-demand", "on_demand", 100_000.0, 0)
    r1 = _row("Reserved 1 y", "reserved_1y", 100_000.0, 12)
    mark_dominated([od, r1], 36, spot_ok=False)
    assert r1.dominated == "" and r1.dominated_ratio is None


SCENARIO = {
    "name": "Steady chat, RunPod or GCP reserved",
    "workload": {
        "name": "chat",
        "category": "inference_api",
        "traffic": {"requests_per_s": 1, "peak_to_mean": 1.0, "pattern": "steady"},
        "tokens": {"input_tokens": 1500, "output_tokens": 300},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["RunPod 1x H100 SXM", "GCP a3-highgpu-8g"],
        "precisions": ["bf16"],
    },
}


def test_gcp_a3_reserved_rows_are_dominated_by_runpod_on_demand(catalog):
    gcp = catalog.instance("GCP a3-highgpu-8g")
    runpod = catalog.instance("RunPod 1x H100 SXM")
    c = size(parse(Scenario, SCENARIO), catalog).deployments
    od, r1, r3 = c.row("cloud", "on_demand"), c.row("cloud", "reserved_1y"), c.row("cloud", "reserved_3y")
    assert od.hardware == runpod.name and r1.hardware == gcp.name and r3.hardware == gcp.name
    assert (od.nodes, r1.nodes, r3.nodes) == (1, 2, 2)  # one H100; two a3 nodes (a spare on its own node)
    # hand numbers, 730 h a month, steady traffic, no growth: RunPod 1 x $3.99 = $2,912.70/month;
    # GCP 1 y 2 x $61.3837 = $89,620.20/month, 3 y 2 x $38.864381 = $56,742.00/month
    assert od.cost_per_month_usd == pytest.approx(2912.70, rel=1e-4)
    assert r1.cost_per_month_usd == pytest.approx(89620.20, rel=1e-4)
    assert r3.cost_per_month_usd == pytest.approx(56742.00, rel=1e-4)
    assert od.dominated == ""
    assert r1.dominated_by == od.label and r1.dominated_ratio == pytest.approx(89620.20 / 2912.70, rel=1e-4)
    assert r3.dominated_by == od.label and r3.dominated_ratio == pytest.approx(56742.00 / 2912.70, rel=1e-4)
    assert r1.dominated.startswith("dominated by Cloud on-demand on RunPod 1x H100 SXM: 30.8x its cost over 36 months")
    assert r3.commitment_months == 36.0 and "19.5x" in r3.dominated

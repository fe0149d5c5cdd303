"""The Fleet page draws a workload's spare replicas (N + k) apart from its serving ones: a hatched,
lighter "Spare (N+k)" bar segment in the demand chart, and hatched cells with a "spare (N+k)" key in
the placement view (issue 18). Real page, real project."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import Qt

from app.ui.chart_view import load_palette

WAIT = 120_000
ONE_GPU = "RunPod 1x H100 SXM"


def _chat(availability: float) -> dict:
    return {
        "name": "Chat",
        "workload": {
            "name": "Chat",
            "category": "inference_api",
            "traffic": {"requests_per_s": 20.0, "peak_to_mean": 1.0},
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "sla": {"ttft_p95_ms": 1000, "tpot_p95_ms": 50, "availability": availability},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": "interactive",
        "team": "team",
        "profile": {"pattern": "flat"},
    }


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 768)


def test_spares_are_hatched_with_their_own_key(page, qtbot, tmp_path):
    path = tmp_path / "spares.yaml"
    pools = [{"name": "gpu", "instance": ONE_GPU, "nodes": "auto"}]
    data = {"name": "spares", "workloads": [_chat(0.9994)], "fleet": {"pools": pools, "max_utilisation": 1.0}}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(path)
    held = page.plan.units[0].spare_replicas_by_hour["gpu"]
    assert min(held) >= 1
    view = page.demand  # the demand chart
    names = [s.name for s in view._series]
    slot = names.index("Spare (N+k)")
    brush = view.items[slot].opts["brush"]
    assert brush.style() == Qt.BrushStyle.BDiagPattern
    assert brush.color().name() == load_palette()["spare"]
    chat = view.items[names.index("Chat")].opts["brush"]
    assert chat.style() == Qt.BrushStyle.SolidPattern
    spare_reps = [r for n in page.placement.nodes for r in n.replicas if r.spare]
    assert sum(r.count for r in spare_reps) == held[page.plan.placement_hour]
    assert page.placement.has_spares()
    cell = next(rect for rect, _n, rep in page.placement._cells() if rep is not None and rep.spare)
    assert "spare (N+k)" in page.placement.tip_at(cell.center())
    page.placement.grab().save(str(tmp_path / "placement.png"))
    page.demand.grab().save(str(tmp_path / "demand.png"))

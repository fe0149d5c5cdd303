"""The Fleet page says what its weekly figures mean: an average week of the month, a monthly job's
run once a month (issue 18), in the KPI and team headers' tooltips and the verdict line, and the
team share it shows is the month's (real page, real project)."""

from __future__ import annotations

import pytest
import yaml

WAIT = 120_000
ONE_GPU = "RunPod 1x H100 SXM"


def _job() -> dict:
    return {
        "name": "Report",
        "workload": {
            "name": "Report",
            "category": "batch",
            "tokens": {"input_tokens": 1000, "output_tokens": 200},
            "batch": {"total_requests": 60_000, "recurrence": "monthly", "start_window": "01:00-09:00"},
        },
        "candidates": {"models": ["Llama-3.1-8B-Instruct"], "precisions": ["bf16"]},
        "priority": "batch",
        "team": "data",
    }


@pytest.fixture
def page(fleet_page):
    return fleet_page(1366, 768)


def _tip(table, name: str) -> str:
    for c in range(table.columnCount()):
        item = table.horizontalHeaderItem(c)
        if item.text() == name or item.toolTip().startswith(f"{name}:"):  # a compact header: its name in the tip
            return item.toolTip()
    raise AssertionError(name)


def test_weekly_figures_say_they_are_an_average_week(page, qtbot, tmp_path):
    pools = [
        {"name": "own", "instance": ONE_GPU, "nodes": 0},
        {"name": "burst", "instance": ONE_GPU, "burst": True, "price_usd_per_hour": 6.0},
    ]
    path = tmp_path / "monthly.yaml"
    data = {"name": "monthly", "workloads": [_job()], "fleet": {"pools": pools, "max_utilisation": 1.0}}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with qtbot.waitSignal(page.plan_shown, timeout=WAIT):
        assert page.open_portfolio(path)
    for name in ("kWh/month", "$/request"):
        assert "a monthly or one-off job's run counts once a month" in _tip(page.kpis, name)
    assert "Of the fleet's monthly cost" in _tip(page.teams, "Share")
    assert "an average week: a monthly job's run once a month" in page.verdict.text()
    w = next(s.unit_hours_per_run for s in page.plan.replica_specs if s.unit == "Report")
    assert page.plan.kpis[0].cost_per_request_usd == pytest.approx(6.0 * w / 60_000, rel=1e-9)

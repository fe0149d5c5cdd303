"""The Analysis banner states what a region constraint left out (fix-catalog2 item 1, GUI tester
D8): "N instances excluded: region unknown". Real widgets and engine; waits on signals."""

from __future__ import annotations

import pytest

from app.domain import Scenario, parse
from app.store.io_formats import catalog_from_dir

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def eu_chat() -> Scenario:
    eu = {
        "name": "EU cloud 1x L40S",
        "provider": "EUCloud",
        "region": "eu-west-1",
        "accelerator": "NVIDIA L40S",
        "accelerator_count": 1,
        "price_on_demand_usd_per_hour": 1.45,
        "source": "hand-made test record",
        "as_of": "2026-11-30",
    }
    return parse(
        Scenario,
        {
            "name": "EU chat",
            "workload": {
                "name": "EU chat",
                "category": "inference_api",
                "traffic": {"requests_per_s": 0.5},
                "tokens": {"input_tokens": 300, "output_tokens": 100},
                "sla": {"ttft_p95_ms": 2000},
            },
            "candidates": {
                "models": ["Llama-3.1-8B-Instruct"],
                "hardware": ["RunPod 1x L40S", "EU cloud 1x L40S"],
                "hosted_apis": [],
            },
            "constraints": {"regions": ["eu-west-1"]},
            "instances": [eu],
        },
    )


def test_the_banner_says_instances_of_unknown_region_were_excluded(qtbot):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    try:
        with qtbot.waitSignal(page.sizing_changed, timeout=30000) as blocker:
            page.set_scenario(eu_chat())
        sizing = blocker.args[0]
        assert sizing.feasible and sizing.recommended.hardware == "EU cloud 1x L40S"
        text = page.banner.text()
        assert "1 instance excluded: region unknown" in text and "RunPod 1x L40S" in text
    finally:
        page.runner.cancel()

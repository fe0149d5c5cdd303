"""D7: the Analysis page's verdict and options table said "Feasible" / "yes" for a RAG option on a
node whose record gives no RAM figure (the Gaudi 3 UBB kit), while the index needs 414.4 GiB of host
RAM (hand figure: tests/engine/test_host_ram_unverified.py). Real widgets on the real engine."""

from __future__ import annotations

import pytest

from app.domain import Scenario
from app.store.io_formats import catalog_from_dir
from app.ui.option_columns import OPTION_COLUMNS
from tests.engine.test_user_rag import HR_ASSISTANT, scenario

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen platform, shown windows


def test_banner_and_table_say_host_ram_not_verified(qtbot):
    from app.ui.analysis_page import AnalysisPage

    catalog = catalog_from_dir()
    page = AnalysisPage(lambda: catalog)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    s: Scenario = scenario(
        HR_ASSISTANT,
        workload__rag__corpus_documents=5_000_000,
        workload__rag__chunks_per_document=20,
        candidates__hardware=["On-prem 8x Intel Gaudi 3 (UBB kit)"],
    )
    with qtbot.waitSignal(page.sizing_changed, timeout=30000):
        page.set_scenario(s)
    text = page.banner.text()
    assert "Feasible if the host RAM holds the index." in text
    assert "Host RAM not verified" in text and "414.4 GiB" in text
    column = next(c for c in OPTION_COLUMNS if c.key == "feasible")
    assert column.fmt(column.getter(page.current_sizing().options[0])) == "yes, host RAM not verified"
    page.runner.cancel()

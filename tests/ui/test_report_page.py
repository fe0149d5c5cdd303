"""The Report page: the export runs in a worker and writes a PDF that reads back (pypdf);
a failure shows the message and leaves no file. Real project file, real engine, real report."""

from __future__ import annotations

import pytest

from app.paths import EXAMPLES_DIR

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
EXAMPLE = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"


def project_with_example_models(path):
    """A real project file whose catalog can size the A100 example."""
    from app import store

    return store.Project.open(path, create=True)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from app.services.sizing import load_scenario, size_scenario

    project = project_with_example_models(tmp_path_factory.mktemp("report") / "report.archwise")
    scenario = load_scenario(EXAMPLE)
    yield project, scenario, size_scenario(project, scenario)
    project.close()


@pytest.fixture
def page(qtbot, analysed):
    from app.ui.report_page import ReportPage

    page = ReportPage()
    qtbot.addWidget(page)
    page.set_context(*analysed)
    page.show()
    yield page
    page.runner.cancel()


def test_summary_says_what_the_package_will(page, analysed):
    _, scenario, sizing = analysed
    text = page.summary.toPlainText()
    assert scenario.name in text and "TTFT ≤ 500 ms" in text
    assert ("feasible" in text) == sizing.feasible
    assert page.author.text() == scenario.author and page.export_button.isEnabled()


def test_export_writes_a_pdf_that_reads_back(qtbot, page, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    target = tmp_path / "package.pdf"
    page.author.setText("Ada <Lovelace> & Co")
    page.set_weights({"cost_per_mtok": 5.0, "ttft_p95": 1.0})
    with qtbot.waitSignal(page.exported, timeout=60000) as blocker:
        page.export_to(str(target))
        assert not page.export_button.isEnabled()  # one export at a time; the GUI stays live
    assert blocker.args[0] == str(target) and target.exists()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages)
    assert "Llama-3 70B on 8x A100" in text and "Ada <Lovelace> & Co" in text
    assert "Wrote" in page.result.text()
    assert page.result.textFormat().name == "RichText"  # the link shows as a link, not as '<a href=...>'
    qtbot.waitUntil(page.export_button.isEnabled, timeout=5000)  # the worker's `finished` comes after


def test_export_failure_shows_the_message_and_leaves_no_file(qtbot, page, tmp_path):
    target = tmp_path / "no-such-folder" / "package.pdf"
    with qtbot.waitSignal(page.export_failed, timeout=60000) as blocker:
        page.export_to(str(target))
    assert "not written" in blocker.args[0] and "Traceback" not in blocker.args[0]
    assert not target.exists() and "not written" in page.result.text()


def test_without_an_analysis_the_page_says_so(qtbot):
    from app.ui.report_page import ReportPage

    page = ReportPage()
    qtbot.addWidget(page)
    assert not page.export_button.isEnabled()
    assert "Run an analysis first" in page.summary.toPlainText()
    failed = []
    page.export_failed.connect(failed.append)
    page.export_to("/tmp/never.pdf")
    assert failed and "Analyse a scenario first" in failed[0]


def test_the_benchmark_plan_is_shown_and_copied(qtbot, page, analysed):
    """The package's Benchmark plan is on the page, copyable (issue 21: it was CLI-only)."""
    from PySide6.QtWidgets import QApplication

    _, scenario, sizing = analysed
    plan = page.bench_plan.toPlainText()
    assert sizing.recommended is not None
    assert plan.startswith("#!/bin/sh")
    # the recommended runtime's own client (the A100 example: TensorRT-LLM), not always vLLM's
    assert sizing.recommended.runtime == "TensorRT-LLM" and "vllm bench serve" not in plan
    assert "trtllm-bench --model" in plan and f"--input-mean {scenario.workload.tokens.input_tokens} " in plan
    assert "archwise calibrate" in plan
    with qtbot.waitSignal(page.message_posted):
        page.copy_plan_button.click()
    assert QApplication.clipboard().text() == plan


def test_without_a_recommendation_there_is_no_plan_to_copy(qtbot):
    from app.ui.report_page import ReportPage

    page = ReportPage()
    qtbot.addWidget(page)
    assert page.bench_plan.toPlainText() == "" and not page.copy_plan_button.isEnabled()

"""D10: the Report page follows the scenario opened on the Scenarios page, not the previously
analysed one; it says plainly that the open scenario has not been analysed yet, and the export
sizes it and writes that scenario's package (real window, real SQLite project, PDF read back)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def _small(data: dict) -> dict:
    data["name"] = "Coding assistant"
    data["candidates"]["models"] = ["Llama-3.1-8B-Instruct"]
    data["candidates"]["precisions"] = ["fp8"]
    return data


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_report_page_exports_the_scenario_opened_after_the_analysis(qtbot, window_on, analysed, tmp_path):
    window = window_on("uni.archwise", Category.INFERENCE_API, _small)
    first = window.document.scenario
    analysed(window)
    page = window.report_page
    # Scenarios page: a copy is opened (another name, the same candidates); nothing analysed it.
    # The Report page was not visited since the analysis (the tester's steps).
    window.show_page("Scenarios")
    window.scenarios_page.duplicate_current()
    copy = window.document.scenario
    assert copy.name != first.name
    window.show_page("Report")
    summary = page.summary.toPlainText()
    assert summary.startswith(copy.name)  # the page's title is the open scenario, not the analysed one
    assert f"{copy.name} has not been analysed yet" in summary
    assert "(inference API," in summary and "inference api" not in summary  # the kind as a person writes it
    assert page.sizing is None and page.export_button.isEnabled()
    pdf = tmp_path / "copy.pdf"
    with qtbot.waitSignal(page.exported, timeout=180000):
        page.export_to(str(pdf))
    first_page = _words(PdfReader(str(pdf)).pages[0].extract_text())
    assert copy.name in first_page  # the package is about the scenario the user opened
    assert window.errors == []
    # back to the analysed scenario: the page is about it again
    window.document.open(first.name)
    window.show_page("Analysis")
    window.show_page("Report")
    qtbot.waitUntil(lambda: page.scenario.name == first.name and page.sizing is not None, timeout=60000)


def test_report_page_follows_another_project_opened(qtbot, window_on, analysed, tmp_path):
    """Another project opened after an analysis: the Report page is about its open scenario, never
    the previous project's analysed one."""
    from app.services import scenarios
    from app.store import Project

    window = window_on("first.archwise", Category.INFERENCE_API, _small)
    first = window.document.scenario
    analysed(window)
    other = tmp_path / "other.archwise"
    with Project.open(other, create=True) as project:
        name = scenarios.new_blank(project, Category.RAG).name  # saved in the project
    assert window.open_project(str(other))
    assert window.document.scenario is not None and window.document.scenario.name == name
    page = window.report_page
    assert page.scenario.name == name != first.name and page.sizing is None
    assert page.summary.toPlainText().startswith(name)

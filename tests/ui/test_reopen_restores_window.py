"""Reopen (item 3 of the window's defects): a project analysed, its candidates chosen on the
Analysis page, left on a page, saved and the window closed, then a new window (as the next
start: the same settings) opens it again: the last page is shown, the chosen candidates are
checked and the analysis is there again (the page left sizes the open scenario, as the Analysis
page does when shown). Real windows, a real SQLite project file in tmp_path."""

from __future__ import annotations

import pytest

from app.domain import Category
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _small(data: dict) -> dict:
    data["name"] = "Chat"
    data["candidates"]["models"] = ["Llama-3.1-8B-Instruct"]
    data["candidates"]["precisions"] = ["fp8"]
    return data


def _leave(qtbot, window_on, analysed, page: str) -> tuple[object, list[str]]:
    """Analyse, check one more model on the Analysis page, show `page`, save, close."""
    window = window_on("reopen.archwise", Category.INFERENCE_API, _small)
    analysis = analysed(window)
    panel = analysis.candidates
    model = panel.models["models"]
    other = next(e.name for e in model.entries() if e.name != "Llama-3.1-8B-Instruct" and not e.unfit)
    model.set_checked_names([*model.checked_names(), other])  # as a click on its box does
    chosen = sorted(window.document.scenario.candidates.models)
    assert other in chosen and "Llama-3.1-8B-Instruct" in chosen  # a saved edit of the scenario
    qtbot.waitUntil(lambda: analysis.sizing.detailed and not analysis.runner.busy, timeout=60000)
    window.show_page(page)
    window.save()
    window.close()
    return window.document.scenario, chosen


def _reopen(qtbot, settings) -> MainWindow:
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    qtbot.waitExposed(again)
    assert again.open_project(None)  # the last project, as a start does
    return again


def _close(window: MainWindow) -> None:
    for page in (window.analysis_page, window.report_page):
        if page is not None:
            page.runner.cancel()
    window.close()


@pytest.mark.parametrize("page", ["Analysis", "Report", "Selection matrix"])
def test_reopen_restores_page_candidates_and_analysis(qtbot, window_on, analysed, settings, page):
    left, chosen = _leave(qtbot, window_on, analysed, page)
    again = _reopen(qtbot, settings)
    try:
        assert again.rail.currentItem().text() == page and again.stack.currentWidget().isVisible()
        assert again.document.scenario == left  # the open scenario, its candidates included
        assert sorted(again.document.scenario.candidates.models) == chosen
        qtbot.waitUntil(
            lambda: (
                again.analysis_page is not None
                and again.analysis_page.sizing is not None
                and again.analysis_page.sizing.detailed
                and not again.analysis_page.runner.busy
            ),
            timeout=120000,
        )
        analysis = again.analysis_page
        assert sorted(analysis.candidates.checked("models")) == chosen  # checked on the Analysis page
        assert {o.model for o in analysis.sizing.options} <= set(chosen)
        assert again.followers.analysed()[1] is analysis.sizing  # the open scenario's own analysis
        if page == "Report":
            report = again.report_page
            qtbot.waitUntil(lambda: report.sizing is not None, timeout=60000)
            text = report.summary.toPlainText()
            assert "feasible" in text.lower() and "has not been analysed yet" not in text
        if page == "Selection matrix":
            qtbot.waitUntil(lambda: bool(again.selection_page.sliders), timeout=60000)
        assert again.rail.currentItem().text() == page  # the user stays on the page they reopened
    finally:
        _close(again)


def test_two_windows_the_later_close_keeps_the_other_windows_candidates(qtbot, window_on, analysed, settings):
    """Two windows on one project file (two starts): the first checks a model on its Analysis page
    and closes; the second, which never edited, closes later: its stale copy of the scenario is not
    written back, so the reopened project has the candidates the first window chose."""
    first = window_on("reopen.archwise", Category.INFERENCE_API, _small)
    second = _reopen(qtbot, settings)  # the same file, its own Project, document and undo stack
    try:
        assert second.project_path == first.project_path
        analysis = analysed(first)
        model = analysis.candidates.models["models"]
        other = next(e.name for e in model.entries() if e.name != "Llama-3.1-8B-Instruct" and not e.unfit)
        model.set_checked_names([*model.checked_names(), other])
        chosen = sorted(first.document.scenario.candidates.models)
        qtbot.waitUntil(lambda: not analysis.runner.busy, timeout=60000)
        first.close()
        second.show_page("Report")
        second.save()
        _close(second)
        third = _reopen(qtbot, settings)
        try:
            assert sorted(third.document.scenario.candidates.models) == chosen
        finally:
            _close(third)
    finally:
        _close(second)

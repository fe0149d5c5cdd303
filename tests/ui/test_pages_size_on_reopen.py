"""D31: a project reopened on the Selection matrix or Deployment page showed an empty page ("Run
an analysis first") until the user visited Analysis. Shown before any analysis, these pages now
size the open scenario themselves and fill in, the page staying in view (real window, real
project file, the engine run in its worker)."""

from __future__ import annotations

import pytest

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _small(data: dict) -> dict:
    data["candidates"]["models"] = ["Llama-3.1-8B-Instruct"]
    data["candidates"]["precisions"] = ["fp8"]
    return data


@pytest.mark.parametrize("title", ["Selection matrix", "Deployment"])
def test_page_shown_first_sizes_the_open_scenario(qtbot, window_on, title):
    window = window_on("reopen.archwise", Category.INFERENCE_API, _small)
    assert window.analysis_page is None or window.analysis_page.sizing is None  # nothing analysed yet
    window.show_page(title)
    page = window.stack.currentWidget()
    qtbot.waitUntil(
        lambda: (
            window.analysis_page is not None
            and window.analysis_page.sizing is not None
            and window.analysis_page.sizing.detailed
            and not window.analysis_page.runner.busy
        ),
        timeout=120000,
    )
    empty = ("Run an analysis first", "Analyse a scenario", "Analysing", "Comparing")
    qtbot.waitUntil(lambda: not page.summary.text().startswith(empty), timeout=60000)
    assert window.stack.currentWidget() is page  # the user stays on the page they reopened
    runner = getattr(page, "runner", None)  # the Deployment page compares in a worker of its own
    if runner is not None:
        qtbot.waitUntil(lambda: not runner.busy, timeout=60000)

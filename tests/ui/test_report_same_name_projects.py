"""Two projects that each hold a scenario named "Chat" with other inputs: once project A's "Chat"
is analysed and project B opened, the Report page shows B's "Chat" (not sized yet), never A's
figures, and the analysis shown is keyed by project file, scenario and inputs, not by name
(real window, two real SQLite project files in tmp_path)."""

from __future__ import annotations

import pytest

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform


def _chat(rate: float, output_tokens: int):
    def build(data: dict) -> dict:
        data["name"] = "Chat"
        data["workload"]["traffic"]["requests_per_s"] = rate
        data["workload"]["tokens"]["output_tokens"] = output_tokens
        data["candidates"]["models"] = ["Llama-3.1-8B-Instruct"]
        data["candidates"]["precisions"] = ["fp8"]
        return data

    return build


def _b_project(tmp_path, window_on):
    """Project B on disk: its own "Chat" with 5x the traffic and other tokens (made by a second
    window, closed again, as a user would have saved it earlier)."""
    other = window_on("b.archwise", Category.INFERENCE_API, _chat(10.0, 900))
    assert other.document.scenario.name == "Chat"
    other.close()
    return tmp_path / "b.archwise"


def test_report_shows_the_open_projects_chat_not_the_previous_ones(qtbot, window_on, analysed, tmp_path):
    b_path = _b_project(tmp_path, window_on)
    window = window_on("a.archwise", Category.INFERENCE_API, _chat(2.0, 200))
    a_chat = window.document.scenario
    analysed(window)
    window.show_page("Report")
    page = window.report_page
    qtbot.waitUntil(lambda: page.sizing is not None, timeout=60000)
    assert page.scenario == a_chat
    a_summary = page.summary.toPlainText()
    assert "2 req/s" in a_summary or "2.0 req/s" in a_summary or "Verdict" in a_summary

    assert window.open_project(str(b_path))
    b_chat = window.document.scenario
    assert b_chat.name == "Chat" and b_chat.workload != a_chat.workload
    window.show_page("Report")
    # B's Chat, not sized yet (opened on the Report page, it is being sized): none of A's inputs
    # or figures stand in for it
    assert page.scenario == b_chat
    assert page.sizing is None
    assert "200 out per request" not in page.summary.toPlainText()
    qtbot.waitUntil(lambda: page.sizing is not None, timeout=60000)  # B's own analysis
    assert page.scenario == b_chat and window.analysis_page.sized_scenario.workload == b_chat.workload
    text = page.summary.toPlainText()
    assert "900 out per request" in text and "200 out per request" not in text


def test_report_after_reopening_a_analysis_shows_its_own(qtbot, window_on, analysed, tmp_path):
    """B opened then analysed: the Report page carries B's sizing (its inputs), and A's result,
    cached under A's file, is not offered for B even though both are named "Chat"."""
    b_path = _b_project(tmp_path, window_on)
    window = window_on("a.archwise", Category.INFERENCE_API, _chat(2.0, 200))
    a_analysis = analysed(window)
    a_sizing = a_analysis.sizing
    window.show_page("Report")
    assert window.open_project(str(b_path))
    b_chat = window.document.scenario
    # the Analysis page must not show A's sizing as B's before B is sized
    assert window.followers.analysed()[1] is None or window.followers.analysed()[0] == b_chat
    analysed(window)
    window.show_page("Report")
    page = window.report_page
    qtbot.waitUntil(lambda: page.sizing is not None, timeout=60000)
    assert page.scenario == b_chat and page.sizing is not a_sizing
    assert "900 out per request" in page.summary.toPlainText()


def test_report_keeps_the_analysis_for_a_text_edit_not_for_an_input_edit(qtbot, window_on, analysed):
    """One project: an author typed keeps the analysis on the Report page (text the engine never
    reads); a rate edited since the analysis drops it (the page says it is not analysed yet)."""
    window = window_on("a.archwise", Category.INFERENCE_API, _chat(2.0, 200))
    analysed(window)
    window.show_page("Report")
    page = window.report_page
    qtbot.waitUntil(lambda: page.sizing is not None, timeout=60000)
    opened = window.document.scenario
    window.document.edit(opened.model_copy(update={"author": "R. Analyst"}), "Set report author")
    assert page.sizing is not None and page.scenario.author == "R. Analyst"
    opened = window.document.scenario
    w = opened.workload
    faster = w.model_copy(update={"traffic": w.traffic.model_copy(update={"requests_per_s": 7.0})})
    window.document.edit(opened.model_copy(update={"workload": faster}), "Set rate")
    assert page.sizing is None
    assert "has not been analysed yet" in page.summary.toPlainText()


def test_analysis_key_is_file_name_and_inputs(tmp_path):
    from app.domain import Scenario
    from app.services import scenarios
    from app.store import Project
    from app.ui.analysis_key import analysis_key

    with (
        Project.open(tmp_path / "a.archwise", create=True) as a,
        Project.open(tmp_path / "b.archwise", create=True) as b,
    ):
        chat = scenarios.blank_scenario(a, Category.RAG).model_copy(update={"name": "Chat"})
        chat = Scenario.model_validate(chat.model_dump())
        assert analysis_key(a, chat) == analysis_key(a, chat.model_copy(update={"author": "X", "description": "d"}))
        assert analysis_key(a, chat) != analysis_key(b, chat)  # another file, the same name and inputs
        other = chat.model_copy(update={"assumptions": chat.assumptions.model_copy(update={"pue": 1.5})})
        assert analysis_key(a, chat) != analysis_key(a, other)
        assert analysis_key(a, None) is None

"""Defects a tester found driving the real window (issue 13): each test fails on the code they
drove. Real widgets, a real project file in tmp_path; waits on signals, never sleeps."""

from __future__ import annotations

import pytest

from app.domain import Category

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(window_on):
    return window_on("main.archwise")


def edit(row, text: str) -> None:
    """Type `text` in a field and leave it, as a user does."""
    row.editor.setText(text) if hasattr(row.editor, "setText") else row.editor.setPlainText(text)
    (row.editor.editingFinished if hasattr(row.editor, "editingFinished") else row.editor.editing_finished).emit()


def _model_rows(panel) -> dict[str, tuple[bool, str]]:
    """Each model row of a candidates panel: (can be checked, label)."""
    from PySide6.QtCore import Qt

    model = panel.models["models"]
    out = {}
    for n in range(model.rowCount()):
        index = model.index(n, 0)
        if model.entry(index) is not None:
            flags = model.flags(index)
            out[model.entry(index).name] = (
                bool(flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsUserCheckable),
                index.data(),
            )
    return out


def test_a_workload_with_images_offers_only_models_that_read_them(qtbot, window, tmp_path):
    """Images per request 3: text-only models are greyed out with the reason, in the editor and
    in the Analysis side panel; checking a whole list checks none of them."""
    from app.domain import unfit_reason

    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.MULTIMODAL)
    edit(page.editor.form.rows["workload.tokens.images_per_request"], "3")
    scenario = window.document.scenario
    assert scenario.workload.tokens.images_per_request == 3
    catalog = window.project.catalog()
    readers = {m.name for m in catalog.models if not unfit_reason(m, scenario.workload)}
    text_only = {m.name for m in catalog.models if m.reads_images is False and m.modality.value == "text"}
    assert readers and text_only
    rows = _model_rows(page.editor.candidates)
    assert {n for n, (on, _) in rows.items() if on} == readers
    assert all(rows[n][1].endswith("reads text only") for n in text_only)
    page.editor.candidates.check_shown("models")
    assert set(page.editor.candidates.checked("models")) == readers
    page.editor.candidates.set_checked("models", [])
    page.editor.tabs.setCurrentIndex(1)
    page.editor.candidates.setCurrentIndex(0)
    assert window.grab().save(str(tmp_path / "multimodal_candidates.png"))  # looked at by hand

    analysis = window.ensure_analysis_page()
    analysis.candidates.set_scenario(window.document.scenario, catalog)
    rows = _model_rows(analysis.candidates)
    assert {n for n, (on, _) in rows.items() if on} == readers

    page.new_blank(Category.INFERENCE_API)  # text in: every model offered
    assert all(on for on, _ in _model_rows(page.editor.candidates).values())


def test_a_trillion_parameter_model_reads_in_plain_figures():
    """Kimi-K2 was listed as '1.03e+03B'."""
    from app.store.io_formats import catalog_from_dir
    from app.ui.candidate_entries import candidate_entries

    labels = [c.label for c in candidate_entries(catalog_from_dir(), None)["models"]]
    kimi = next(label for label in labels if label.startswith("Kimi-K2"))
    assert "e+" not in kimi and "— 1,026 B (32.9 B active)" in kimi


def test_refused_values_say_why_in_plain_words_beside_the_field(qtbot, window):
    """An empty name, an empty rename, GPU counts 'two, -1, 0': the reason in words, the typed
    text kept; nothing of pydantic's own phrasing reaches the user."""
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    name = window.document.scenario.name
    rows = page.editor.form.rows
    edit(rows["name"], "")
    assert rows["name"].message.text() == "A name is required" and window.document.scenario.name == name
    assert page.rename_current("  ") == "A name is required"
    assert window.statusBar().currentMessage() == "A name is required"
    edit(rows["candidates.gpu_counts"], "two, -1, 0")
    assert rows["candidates.gpu_counts"].message.text() == "'two' is not a number"
    assert rows["candidates.gpu_counts"].text() == "two, -1, 0"
    edit(rows["candidates.gpu_counts"], "-1")
    assert rows["candidates.gpu_counts"].message.text().startswith("item 1 (-1): must be")
    assert rows["candidates.gpu_counts"].text() == "-1"


def test_the_rename_dialog_keeps_asking_with_the_reason(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    answers, asked = [("", True), ("Search desk", True)], []

    def get_text(parent, title, label, text=""):
        asked.append((label, text))
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    page.rename_button.click()
    assert asked[1] == ("A name is required\n\nName:", "")
    assert window.document.scenario.name == "Search desk"


def test_an_unknown_hosted_api_is_refused_at_the_field_with_the_closest_names(window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    row = page.editor.form.rows["candidates.hosted_apis"]
    edit(row, "Nonexistent API")
    message = row.message.text()
    assert message.startswith("No hosted api named 'Nonexistent API'; closest: ")
    assert row.text() == "Nonexistent API" and window.document.scenario.candidates.hosted_apis == []
    known = window.project.catalog().hosted_apis[0].name
    edit(row, known)
    assert row.message.text() == "" and window.document.scenario.candidates.hosted_apis == [known]


def test_a_failed_run_clears_the_previous_results(qtbot, window, tmp_path):
    from app.paths import EXAMPLES_DIR

    page = window.ensure_analysis_page()
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        window.open_example(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml")
    assert page.table_model.rowCount() > 0
    from app.ui.options_table_model import COST_RUN_COLUMN

    assert page.table.isColumnHidden(COST_RUN_COLUMN)  # a serving workload has no cost per run
    broken = window.document.scenario.model_copy(
        update={"candidates": window.document.scenario.candidates.model_copy(update={"hosted_apis": ["Nope"]})}
    )
    with qtbot.waitSignal(page.runner.failed, timeout=60000):
        page.set_scenario(broken)
        page.run()
    assert "could not run. No hosted api named" in page.banner.text()
    assert page.table_model.rowCount() == 0 and page.progress.value() == 0
    assert all(not panel.view.chart.series for panel in page.panels.values() if panel.view.chart is not None)
    assert page.explain.option is None and not page.pin_button.isEnabled()
    window.show_page("Analysis")
    assert window.grab().save(str(tmp_path / "failed_run.png"))  # looked at by hand


def test_file_save_takes_the_field_being_typed_and_says_so(qtbot, window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    name = window.document.scenario.name
    assert window.actions.save.shortcut().toString() == "Ctrl+S"
    assert window.actions.save in window.menuBar().actions()[0].menu().actions()
    row = page.editor.form.rows["assumptions.pue"]
    row.editor.setFocus()
    qtbot.waitUntil(row.editor.hasFocus)
    row.editor.setText("1.3")  # typed, not yet left
    window.actions.save.trigger()
    assert window.project.scenario(name).assumptions.pue == 1.3
    assert window.statusBar().currentMessage() == f"Scenario '{name}' saved in main.archwise."


def test_file_dialogs_open_in_the_projects_folder_not_the_programs(window, tmp_path, monkeypatch):
    """The Export PDF dialog suggested 'name.pdf' in the working directory (the program's)."""
    from app.ui import file_dialogs

    monkeypatch.chdir(tmp_path / "settings")
    dialog = file_dialogs._dialog(window, "Export decision package", "plan.pdf", [file_dialogs.PDF])
    assert dialog.directory().absolutePath() == str(tmp_path)  # main.archwise lives there
    file_dialogs.start_in(None)
    assert file_dialogs._start_path("plan.pdf") != str(tmp_path / "settings" / "plan.pdf")


def test_a_new_scenarios_workload_name_follows_its_name(window):
    """The PDF printed 'Workload: New multimodal scenario' for a scenario named since."""
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.MULTIMODAL)
    rows = page.editor.form.rows
    edit(rows["name"], "Claims photos")
    assert window.document.scenario.workload.name == "Claims photos"
    edit(rows["workload.name"], "Photo triage")  # named on its own: it stays
    edit(rows["name"], "Claims photos v2")
    assert window.document.scenario.workload.name == "Photo triage"


def test_a_new_scenario_opens_with_empty_filters_and_lists_at_the_top(qtbot, window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    panel = page.editor.candidates
    page.editor.tabs.setCurrentIndex(1)
    panel.setCurrentIndex(1)  # Instances: the long list
    panel.filters["hardware"].setText("aws")
    view = panel.views["hardware"]
    view.expandAll()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert view.verticalScrollBar().value() > 0
    page.new_blank(Category.RAG)
    assert panel.filters["hardware"].text() == "" and view.verticalScrollBar().value() == 0
    panel.filters["hardware"].setText("gcp")
    edit(page.editor.form.rows["assumptions.pue"], "1.3")  # an edit of the same scenario keeps it
    assert panel.filters["hardware"].text() == "gcp"


def test_a_what_if_box_says_why_it_refuses_a_value(qtbot):
    """'-4' and 'lots' in a what-if box were put back (or never shown) without a word."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.paths import EXAMPLES_DIR
    from app.services.sizing import load_scenario
    from app.ui.whatif_panel import WhatIfPanel

    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_scenario(load_scenario(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"))
    panel.show()
    qtbot.waitExposed(panel)
    box = panel.boxes["input"]
    before = box.value()
    for typed, reason in (("-4", "'-4' must be at least 1 tokens"), ("lots", "'lots' is not a number")):
        box.setFocus()
        box.lineEdit().selectAll()
        QTest.keyClicks(box, typed)
        assert typed in box.text()  # what was typed is shown while typing
        QTest.keyClick(box, Qt.Key.Key_Return)
        assert panel.message.text().startswith(f"Input tokens: {reason}")
        assert box.value() == before
    QTest.keyClicks(box, "")
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "300")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == 300 and panel.message.text() == ""


def test_a_long_field_message_reads_from_its_start(window, tmp_path):
    """A reason wider than its column showed the middle of two half-cut lines; it reads from its
    start, cut with '…', and in full in the tooltip."""
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.BATCH)
    row = page.editor.form.rows["workload.users"]
    edit(row, "-5")
    message = row.message
    assert message.text().startswith("must be") and message.toolTip() == message.text()
    lines = message.shown_lines()
    assert all(message.fontMetrics().horizontalAdvance(line) <= message.contentsRect().width() for line in lines)
    shown = " ".join(lines)
    assert shown == message.text() or (shown.endswith("…") and message.text().startswith(shown[:-1]))
    assert window.grab().save(str(tmp_path / "field_message.png"))  # looked at by hand

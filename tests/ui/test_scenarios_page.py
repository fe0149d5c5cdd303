"""Scenarios as records in the window: the editor, undo, YAML in and out, Run analysis keeping
the user's choices, new catalog records offered at once, and reopening where the user left off.
Real widgets, a real project file in tmp_path; waits on signals, never sleeps."""

from __future__ import annotations

import pytest
import yaml
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from app import store
from app.domain import Category
from app.paths import EXAMPLES_DIR
from app.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
A100 = EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = tmp_path / "main.archwise"
    store.Project.open(path, create=True).close()
    w = make_window(qtbot, settings, path)
    yield w
    close(w)


def make_window(qtbot, settings, path):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(path))
    return w


def close(w) -> None:
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def edit(row, text: str) -> None:
    """Type `text` in a field and leave it, as a user does."""
    row.editor.setText(text) if hasattr(row.editor, "setText") else row.editor.setPlainText(text)
    (row.editor.editingFinished if hasattr(row.editor, "editingFinished") else row.editor.editing_finished).emit()


def test_run_analysis_keeps_the_candidates_the_user_checked(qtbot, window):
    with qtbot.waitSignal(window.ensure_analysis_page().sizing_changed, timeout=60000):
        window.open_example(A100)
    page = window.analysis_page
    extra = next(e.name for e in page.candidates.models["models"].entries() if e.name != "Llama-3-70B-Instruct")
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.candidates.set_checked("models", ["Llama-3-70B-Instruct", extra])
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.run_button.click()
    chosen = sorted(["Llama-3-70B-Instruct", extra])
    assert sorted(page.candidates.checked("models")) == chosen
    assert sorted(page.sized_scenario.candidates.models) == chosen
    saved = window.project.scenario(window.document.scenario.name)
    assert sorted(saved.candidates.models) == chosen  # saved, not only in the widget
    window.actions.undo.trigger()  # the choice was one undo step
    assert window.project.scenario(saved.name).candidates.models == ["Llama-3-70B-Instruct"]
    assert page.candidates.checked("models") == ["Llama-3-70B-Instruct"]


def test_a_new_catalog_record_is_offered_at_once_and_choices_stay(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.ensure_analysis_page().sizing_changed, timeout=60000):
        window.open_example(A100)
    window.show_page("Scenarios")  # the editor's lists too
    src = tmp_path / "box.yaml"
    src.write_text(
        "kind: instances\nrecords:\n  - name: Test Box 8x A100\n    provider: on-prem\n    deployment: on_prem\n"
        "    accelerator: NVIDIA A100 80GB SXM\n    accelerator_count: 8\n    source: test fixture\n"
        "    as_of: 2026-01-01\n    capex_usd: 200000\n",
        encoding="utf-8",
    )
    window.files.import_catalog_records(str(src))
    assert window.errors == []
    for panel in (window.analysis_page.candidates, window.scenarios_page.editor.candidates):
        assert "Test Box 8x A100" in [e.name for e in panel.models["hardware"].entries()]
        assert panel.checked("models") == ["Llama-3-70B-Instruct"]


def test_save_as_quit_and_reopen_come_back_to_the_scenario_and_page(qtbot, settings, window, tmp_path):
    with qtbot.waitSignal(window.ensure_analysis_page().sizing_changed, timeout=60000):
        window.open_example(A100)
    with qtbot.waitSignal(window.analysis_page.sizing_changed, timeout=60000):
        window.analysis_page.candidates.set_checked("precisions", ["fp16", "fp8"])
    example = window.document.scenario.name
    window.scenarios_page.new_blank(Category.BATCH)
    window.document.open(example)
    window.show_page("Analysis")
    copy = tmp_path / "copy.archwise"

    def answer() -> None:  # Qt's own file dialog, answered as a user would
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.selectFile(str(copy))
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.actions.save_as.trigger()  # File → Save As, then quit
    assert window.project_path == str(copy)
    close(window)
    again = make_window(qtbot, settings, copy)
    try:
        assert again.stack.currentWidget() is again.analysis_page
        assert again.document.names == [example, "New batch scenario"]
        assert again.analysis_page.scenario_box.currentText() == example
        assert [p.value for p in again.document.scenario.candidates.precisions] == ["fp16", "fp8"]
    finally:
        close(again)


def test_the_editor_shows_only_the_fields_of_the_kind(window):
    page = window.scenarios_page
    window.show_page("Scenarios")
    page.new_blank(Category.INFERENCE_API)
    boxes, rows = page.editor.form.boxes, page.editor.form.rows
    assert boxes["workload.traffic"].isVisible() and not boxes["workload.batch"].isVisible()
    assert not rows["workload.tokens.images_per_request"].editor.isVisible()
    combo = rows["workload.category"].editor
    combo.setCurrentIndex(combo.findData("batch"))
    combo.activated.emit(combo.currentIndex())
    assert window.document.scenario.workload.batch is not None
    assert boxes["workload.batch"].isVisible() and not boxes["workload.traffic"].isVisible()
    combo.setCurrentIndex(combo.findData("multimodal"))
    combo.activated.emit(combo.currentIndex())
    assert rows["workload.tokens.images_per_request"].editor.isVisible()
    assert window.document.scenario.workload.tokens.images_per_request == 1.0
    # back to an inference API that still sends its image: the field stays in sight, since the
    # engine still reads it (only image-reading models are offered)
    combo.setCurrentIndex(combo.findData("inference_api"))
    combo.activated.emit(combo.currentIndex())
    assert window.document.scenario.workload.tokens.images_per_request == 1.0
    assert rows["workload.tokens.images_per_request"].editor.isVisible()


def test_edits_are_saved_undoable_and_say_what_is_wrong_beside_the_field(window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    rows = page.editor.form.rows
    edit(rows["assumptions.pue"], "1.2")
    name = window.document.scenario.name
    assert window.project.scenario(name).assumptions.pue == 1.2
    assert rows["assumptions.pue"].unit.text() == "×"  # no longer the default
    assert "Set PUE" in window.actions.undo.text() or "Set pue" in window.actions.undo.text()
    edit(rows["assumptions.pue"], "0.5")
    assert "1" in rows["assumptions.pue"].message.text()  # the domain says the range
    assert window.project.scenario(name).assumptions.pue == 1.2
    edit(rows["assumptions.pue"], "")  # empty: back to the default
    assert window.project.scenario(name).assumptions.pue == 1.4 and rows["assumptions.pue"].message.text() == ""
    assert rows["assumptions.pue"].unit.text() == "× · default"
    window.actions.undo.trigger()
    assert window.project.scenario(name).assumptions.pue == 1.2 and rows["assumptions.pue"].editor.text() == "1.2"
    edit(rows["constraints.providers"], "AWS, GCP")
    assert window.project.scenario(name).constraints.providers == ["AWS", "GCP"]
    edit(rows["workload.traffic.requests_per_s"], "abc")
    assert rows["workload.traffic.requests_per_s"].message.text() == "'abc' is not a number"


def test_rename_delete_duplicate_with_undo(window, monkeypatch):
    page = window.scenarios_page
    page.new_blank(Category.AGENT)
    page.rename_current("Coding agent")
    assert window.document.names == ["Coding agent"] and window.project.scenario("Coding agent").workload.name
    page.duplicate_current()
    assert window.document.names == ["Coding agent", "Coding agent (copy)"]
    assert page.list.currentItem().text() == "Coding agent (copy)"
    page.delete_button.click()
    assert window.document.names == ["Coding agent"] and window.project.scenario_names() == ["Coding agent"]
    window.actions.undo.trigger()
    assert window.project.scenario_names() == ["Coding agent", "Coding agent (copy)"]
    page.rename_current("Coding agent")  # a clash is refused with a message, nothing changes
    assert window.project.scenario_names() == ["Coding agent", "Coding agent (copy)"]


def test_scenario_yaml_export_then_import(window, tmp_path):
    window.files.import_scenario(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    original = window.document.scenario
    out = tmp_path / "mine.yaml"
    window.files.export_scenario(out)
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["name"] == original.name
    window.files.import_scenario(out)
    assert window.document.scenario.name == f"{original.name} (2)"
    assert window.document.scenario.model_copy(update={"name": original.name}) == original
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    assert not window.files.import_scenario(bad) and "bad.yaml" in window.errors[-1]
    assert PAGES[1] == "Scenarios"


def test_an_example_opened_twice_is_one_scenario_until_it_is_changed(window):
    window.open_example(A100)
    first = window.document.scenario.name
    window.open_example(A100)
    assert window.document.names == [first]
    window.document.edit(window.document.scenario.model_copy(update={"description": "mine"}), "Set description")
    window.open_example(A100)
    assert window.document.names == [first, f"{first} (2)"]


def test_an_edit_made_on_a_copy_the_document_moved_past_is_dropped(window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    first = window.document.scenario
    window.show_page("Catalog")
    page.new_blank(Category.AGENT)  # the hidden editor still holds the RAG scenario
    edit(page.editor.form.rows["assumptions.pue"], "1.2")
    assert window.project.scenario(first.name) == first
    assert window.project.scenario("New agent scenario").assumptions.pue == 1.4
    assert window.document.names == [first.name, "New agent scenario"]


def test_what_if_values_stay_when_a_candidate_is_checked(qtbot, window):
    with qtbot.waitSignal(window.ensure_analysis_page().sizing_changed, timeout=60000):
        window.open_example(A100)
    page = window.analysis_page
    baseline = window.document.scenario.workload.traffic.requests_per_s
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.whatif.apply_values({"traffic": baseline * 2})
    with qtbot.waitSignal(page.sizing_changed, timeout=60000):
        page.candidates.set_checked("precisions", ["fp16", "fp8"])
    assert page.whatif.values["traffic"] == baseline * 2
    shown = page.current_scenario()
    assert shown.workload.traffic.requests_per_s == baseline * 2  # sized as shown: the what-if value
    assert [p.value for p in shown.candidates.precisions] == ["fp16", "fp8"]
    saved = window.project.scenario(window.document.scenario.name)
    assert saved.workload.traffic.requests_per_s == baseline  # the saved baseline is untouched


def test_a_name_taken_by_another_scenario_is_refused_beside_the_field(window):
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    page.new_blank(Category.AGENT)
    row = page.editor.form.rows["name"]
    edit(row, "new rag scenario")
    assert "already exists" in row.message.text()
    assert window.document.names == ["New RAG scenario", "New agent scenario"]
    edit(row, "Coding agent")
    assert row.message.text() == "" and window.document.names == ["New RAG scenario", "Coding agent"]


def test_text_still_being_typed_is_saved_when_the_window_closes(qtbot, settings, window, tmp_path):
    from PySide6.QtWidgets import QApplication

    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.RAG)
    box = page.editor.form.rows["description"].editor
    window.activateWindow()
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    box.insertPlainText("Typed, never left.")  # no focus change yet: only in the widget
    assert window.project.scenario("New RAG scenario").description == ""
    path = window.project.path
    close(window)
    again = make_window(qtbot, settings, path)
    try:
        assert again.document.scenario.description == "Typed, never left."
    finally:
        close(again)


def test_an_unknown_region_is_refused_at_its_field(window):
    # tcli5 N5: a misspelt region drops every cloud candidate; the field says so with the closest names
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(Category.INFERENCE_API)
    row = page.editor.form.rows["constraints.regions"]
    edit(row, "eu-central1")
    assert row.message.text().startswith("Unknown region 'eu-central1': no catalog instance, grid record or hosted API")
    assert "closest: eu-central-1" in row.message.text()
    assert window.document.scenario.constraints.regions == []  # not stored
    edit(row, "eu-central-1, EU")
    assert row.message.text() == ""
    assert window.document.scenario.constraints.regions == ["eu-central-1", "EU"]

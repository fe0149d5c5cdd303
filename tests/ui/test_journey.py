"""The journey of issue 13, for every workload kind, as a user makes it in the window: an empty
project, a blank workload of that kind, every part typed through the scenario editor, the window
closed and opened again, every field back, the analysis run, the decision package exported and
read back with pypdf. Real widgets, a real project file, a real PDF; waits on signals."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.domain import Category
from app.services.scenarios import KIND_SECTIONS
from app.ui.main_window import MainWindow
from app.ui.scenario_fields import INTEGER, LONGTEXT, NUMBER, TEXT, format_value, value_at

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.gui]
MODEL = {Category.MULTIMODAL: "Qwen3-VL-8B-Instruct"}  # a model that reads images; others: a small text one
HARDWARE = "RunPod 1x H100 SXM"


def open_window(qtbot, settings, path=None):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1366, 768)
    w.show()
    assert w.open_project(str(path) if path else None)
    return w


def close(w) -> None:
    for page in (w.analysis_page, w.report_page):
        if page is not None:
            page.runner.cancel()
    w.close()


def type_into(window, key: str, text: str) -> None:
    """Type `text` in the editor's field `key` and leave it; the edit must be accepted."""
    row = window.scenarios_page.editor.form.rows[key]
    if isinstance(row.editor, QPlainTextEdit):
        row.editor.setPlainText(text)
        row.editor.editing_finished.emit()
    else:
        row.editor.setText(text)
        row.editor.editingFinished.emit()
    assert row.message.text() == "", f"{key}: {row.message.text()}"


def choose(window, key: str, value: str) -> None:
    combo = window.scenarios_page.editor.form.rows[key].editor
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("category", list(Category), ids=lambda c: c.value)
def test_a_scenario_of_every_kind_from_a_blank_window_to_the_decision_package(qtbot, settings, tmp_path, category):
    project = tmp_path / "mine.archwise"
    window = open_window(qtbot, settings, project)
    assert window.document.names == []  # an empty project
    window.show_page("Scenarios")
    page = window.scenarios_page
    page.new_blank(category)
    label = category.value.replace("_", " ")
    name = f"Document pipeline ({label})"

    # The scenario's own words, as an architect writes them.
    type_into(window, "name", name)
    type_into(window, "description", f"Fifty thousand confidential pages a day, {label} sizing.")
    type_into(window, "workload.name", f"{label} workload")
    type_into(window, "workload.description", f"Pages in, structured answers out ({label}).")
    choose(window, "workload.sensitivity", "confidential")
    type_into(window, "workload.budget_usd_per_month", "15,000")
    type_into(window, "workload.tokens.input_tokens", "3000")
    type_into(window, "workload.tokens.output_tokens", "500")
    type_into(window, "workload.tokens.input_tokens_p95", "6000")
    type_into(window, "workload.sla.ttft_p95_ms", "4000")
    if window.scenarios_page.editor.form.boxes["workload.traffic"].isVisibleTo(page):
        type_into(window, "workload.traffic.requests_per_s", "0.6")
        choose(window, "workload.traffic.pattern", "steady")
    if category is Category.MULTIMODAL:
        type_into(window, "workload.tokens.images_per_request", "2")
    # Every number of the kind's own section: twice its blank value (fields added later included).
    section = KIND_SECTIONS.get(category)
    for key, row in page.editor.form.rows.items():
        if section and key.startswith(f"workload.{section}.") and row.spec.kind in (NUMBER, INTEGER):
            value = value_at(window.document.scenario, row.spec.path)
            if value:
                type_into(window, key, format_value(row.spec, value * 2))
    page.editor.candidates.set_checked("models", [MODEL.get(category, "Llama-3.1-8B-Instruct")])
    page.editor.candidates.set_checked("hardware", [HARDWARE])
    type_into(window, "candidates.gpu_counts", "1")
    type_into(window, "constraints.max_total_gpus", "64")
    type_into(window, "assumptions.utilisation_target", "0.6")
    type_into(window, "assumptions.pue", "1.3")
    choose(window, "assumptions.pricing", "spot")
    system_map = {
        key: f"{key.split('.')[-1].replace('_', ' ')} of the {label} pipeline"
        for key, row in page.editor.form.rows.items()
        if key.startswith("system_map.") and row.spec.kind in (TEXT, LONGTEXT)
    }
    for key, text in system_map.items():
        type_into(window, key, text)
    type_into(window, "author", "A. Architect")
    built = window.document.scenario
    assert built.name == name and window.project.scenario(name) == built  # saved as typed, no Save needed
    assert window.errors == []

    # Quit and start again: the same project, scenario and values come back.
    close(window)
    window = open_window(qtbot, settings)
    try:
        assert window.project_path == str(project)
        assert window.document.scenario == built
        window.show_page("Scenarios")
        for key, row in window.scenarios_page.editor.form.rows.items():
            value = value_at(built, row.spec.path)
            if isinstance(row.editor, QLineEdit):
                assert row.editor.text() == format_value(row.spec, value), key
            elif isinstance(row.editor, QPlainTextEdit) and isinstance(value, str):
                assert row.editor.toPlainText() == value, key
        assert window.scenarios_page.editor.candidates.checked("hardware") == [HARDWARE]

        # Analyse it as it is, then export the decision package and read it back.
        analysis = window.ensure_analysis_page()
        with qtbot.waitSignal(analysis.sizing_changed, timeout=120000):
            window.scenarios_page.analyse_button.click()
        assert analysis.sized_scenario == built
        pdf = tmp_path / "package.pdf"
        window.show_page("Report")
        with qtbot.waitSignal(window.report_page.exported, timeout=120000):
            window.report_page.export_to(str(pdf))
        text = words(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
        for expected in (built.workload.name, built.description, *system_map.values()):
            assert words(expected) in text, expected
        assert window.errors == []
    finally:
        close(window)

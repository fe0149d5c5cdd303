"""The Workloads page on a real project file: create from a template, edit through the form (a
bad value shows the domain's message and keeps the stored value), undo/redo, duplicate, delete,
and Analyse hands a scenario on. Real widgets; no sleeps."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from app.domain import Category, Scenario

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def project(tmp_path):
    from app import store

    p = store.Project.open(tmp_path / "workloads.archwise", create=True)
    yield p
    p.close()


@pytest.fixture
def page(qtbot, project):
    from app.ui.workloads_page import WorkloadsPage

    stack = QUndoStack()
    page = WorkloadsPage(stack)
    page.undo_stack_ref = stack  # keep the stack alive as long as the page
    qtbot.addWidget(page)
    page.set_project(project)
    page.resize(1200, 800)
    page.show()
    return page


def _template(page, category: Category):
    return next(t for t in page.templates if t.category is category)


def _edit(page, key: str, shown_value: float) -> None:
    """Type a value into the form field `key` as the user would (Enter commits it)."""
    editor = page.form.editors[key]
    editor.setValue(shown_value)


def test_table_model_passes_the_model_tester(qtmodeltester, page):
    page.new_from_template(_template(page, Category.RAG))
    qtmodeltester.check(page.model)


def test_template_menu_offers_one_per_category(page):
    actions = page.template_menu.actions()
    assert len(actions) == len(page.templates) >= 4
    assert {t.category for t in page.templates} >= {Category.RAG, Category.AGENT, Category.BATCH, Category.FINE_TUNING}


def test_create_from_template_is_saved_and_undoable(page, project):
    rag = _template(page, Category.RAG)
    next(a for a in page.template_menu.actions() if rag.name in a.text()).trigger()
    assert [w.name for w in project.workloads()] == [rag.name]
    assert page.model.rowCount() == 1 and page.form.workload.name == rag.name
    assert not page.form.groups["rag"].isHidden() and page.form.groups["batch"].isHidden()
    assert page.form.editors["sla.ttft_p95_ms"].suffix() == " ms"
    page.undo_stack.undo()
    assert project.workloads() == [] and page.model.rowCount() == 0
    page.undo_stack.redo()
    assert [w.name for w in project.workloads()] == [rag.name]


def test_edit_a_field_then_undo_redo(page, project):
    page.new_from_template(_template(page, Category.RAG))
    _edit(page, "sla.ttft_p95_ms", 650)
    assert project.workloads()[0].sla.ttft_p95_ms == 650
    assert page.model.data(page.model.index(0, 6)) == "650"
    assert page.undo_stack.undoText().startswith("Set Time to first token")
    page.undo_stack.undo()
    assert project.workloads()[0].sla.ttft_p95_ms == 800
    assert page.form.editors["sla.ttft_p95_ms"].value() == 800
    page.undo_stack.redo()
    assert project.workloads()[0].sla.ttft_p95_ms == 650


def test_percent_fields_store_fractions(page, project):
    page.new_from_template(_template(page, Category.RAG))
    _edit(page, "sla.availability", 99.95)
    assert project.workloads()[0].sla.availability == pytest.approx(0.9995)


def test_bad_value_shows_the_domain_message_and_keeps_the_old_value(page, project):
    page.new_from_template(_template(page, Category.RAG))
    before = project.workloads()[0]
    depth = page.undo_stack.count()
    _edit(page, "tokens.input_tokens_p95", 100)  # below the mean (8,000): the domain refuses it
    assert page.form.message.isVisible()
    assert "input_tokens_p95 cannot be below the mean" in page.form.message.text()
    assert project.workloads()[0] == before
    assert page.form.editors["tokens.input_tokens_p95"].value() == before.tokens.input_tokens_p95
    assert page.undo_stack.count() == depth
    _edit(page, "traffic.requests_per_s", 0)  # must be > 0
    assert "requests_per_s" in page.form.message.text()
    assert project.workloads()[0].traffic.requests_per_s == before.traffic.requests_per_s
    _edit(page, "tokens.input_tokens_p95", 9000)  # a good value clears the message
    assert page.form.message.isHidden()


def test_optional_field_to_not_set(page, project):
    page.new_from_template(_template(page, Category.RAG))
    _edit(page, "budget_usd_per_month", 0)
    assert project.workloads()[0].budget_usd_per_month is None
    assert page.form.editors["budget_usd_per_month"].text() == "not set"


def test_rename_refuses_a_clash(page, project):
    rag = _template(page, Category.RAG)
    page.new_from_template(rag)
    page.new_from_template(_template(page, Category.AGENT))
    page.form.name_edit.setText(rag.name)
    page.form.name_edit.editingFinished.emit()
    assert "already exists" in page.form.message.text()
    assert sorted(w.name for w in project.workloads()) == sorted([rag.name, _template(page, Category.AGENT).name])
    page.form.name_edit.setText("Agents, renamed")
    page.form.name_edit.editingFinished.emit()
    assert "Agents, renamed" in {w.name for w in project.workloads()}
    page.undo_stack.undo()
    assert "Agents, renamed" not in {w.name for w in project.workloads()}


def test_duplicate_and_delete_with_undo(page, project):
    page.new_from_template(_template(page, Category.BATCH))
    page.duplicate_button.click()
    names = [w.name for w in project.workloads()]
    assert len(names) == 2 and names[1].endswith("(copy)")
    assert page.form.workload.name == names[1] and not page.form.groups["batch"].isHidden()
    page.select_row(0)
    page.delete_button.click()
    assert [w.name for w in project.workloads()] == [names[1]]
    page.undo_stack.undo()
    assert sorted(w.name for w in project.workloads()) == sorted(names)
    assert page.model.workload(0).name == names[0]  # back in its place


def test_category_specific_fields(page, project):
    page.new_from_template(_template(page, Category.FINE_TUNING))
    assert not page.form.groups["fine_tuning"].isHidden()
    _edit(page, "fine_tuning.epochs", 3)
    assert project.workloads()[0].fine_tuning.epochs == 3
    box = page.form.editors["fine_tuning.method"]
    box.setCurrentIndex(box.findData("qlora"))
    box.activated.emit(box.currentIndex())
    assert project.workloads()[0].fine_tuning.method.value == "qlora"


def test_analyse_hands_on_a_scenario(qtbot, page):
    page.new_from_template(_template(page, Category.AGENT))
    with qtbot.waitSignal(page.analyse_requested, timeout=1000) as blocker:
        page.analyse_button.click()
    scenario = blocker.args[0]
    assert isinstance(scenario, Scenario) and scenario.workload == page.form.workload


def test_without_a_project_nothing_is_editable(qtbot):
    from app.ui.workloads_page import WorkloadsPage

    stack = QUndoStack()
    page = WorkloadsPage(stack)
    qtbot.addWidget(page)
    assert not page.new_button.isEnabled() and not page.analyse_button.isEnabled()
    assert "Open a project" in page.notice.text()
